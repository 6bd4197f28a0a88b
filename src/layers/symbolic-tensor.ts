import type { DType } from '../core/dtype.js';
import type { Layer, LayerShape } from './layer.js';

/**
 * Where a symbolic tensor came from: the layer, which of its calls (its node index), and which of that call's
 * outputs. Keras calls this a tensor's `_keras_history`; Keras's `inbound_nodes` config refers to tensors by it.
 */
export interface SymbolicHistory {
  readonly layer: Layer;
  readonly nodeIndex: number;
  readonly tensorIndex: number;
}

/**
 * A placeholder for a tensor in a model under construction (Keras's `KerasTensor`): it has a shape (batch axis
 * null) and a dtype but no values. `Input()` makes one; calling a layer on symbolic tensors records the call and
 * returns new symbolic tensors; `new Model({ inputs, outputs })` turns the recorded calls into a model.
 * @example
 * ```ts
 * const x = Input({ shape: [4] });
 * const y = new layers.Dense(2).apply(x); // a SymbolicTensor of shape [null, 2]
 * ```
 */
export class SymbolicTensor {
  constructor(
    readonly shape: LayerShape,
    readonly dtype: DType,
    /** A readable name for messages: `dense/0/0` (layer / node / output). */
    readonly name: string,
    readonly history: SymbolicHistory,
  ) {}

  get rank(): number {
    return this.shape.length;
  }

  toString(): string {
    return `<SymbolicTensor shape=(${this.shape.map((d) => (d === null ? 'None' : d)).join(', ')}) dtype=${this.dtype} name=${this.name}>`;
  }
}

/** True for a symbolic tensor, or a non-empty list of them. */
export function isSymbolicInput(x: unknown): x is SymbolicTensor | readonly SymbolicTensor[] {
  if (x instanceof SymbolicTensor) return true;
  return Array.isArray(x) && x.length > 0 && x.some((t) => t instanceof SymbolicTensor);
}
