import type { Layer } from './layer.js';
import type { SymbolicTensor } from './symbolic-tensor.js';

/**
 * One call of a layer on symbolic tensors (Keras's `Node`): the edge of a model's graph from the tensors it was
 * called on to the tensors it returned. A layer shared between two places has two nodes.
 */
export class Node {
  constructor(
    readonly layer: Layer,
    /** The input tensors, in call order (empty for an InputLayer). */
    readonly inputs: readonly SymbolicTensor[],
    /** Whether the layer was called on a list (`add.apply([a, b])`) rather than one tensor. */
    readonly calledOnList: boolean,
    readonly outputs: readonly SymbolicTensor[],
    /** Whether the outputs are a list (a model with several outputs used as a layer). */
    readonly returnsList: boolean,
    /** A `training` flag fixed at this call (`dropout.apply(x, { training: true })`); else the model's mode. */
    readonly training: boolean | undefined,
  ) {}

  /** The tensors this call feeds, read as the layer's call expects them: one tensor or a list. */
  structure<T>(values: readonly T[]): T | T[] {
    return this.calledOnList ? values.slice() : (values[0] as T);
  }
}
