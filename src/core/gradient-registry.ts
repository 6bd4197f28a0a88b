import type { KernelAttrs, KernelName } from '../backends/kernel-names.js';
import type { DType } from './dtype.js';
import { StateError } from './errors.js';
import type { Shape } from './shape.js';
import type { Tensor } from './tensor.js';

/** What a gradient function may use from the forward call it differentiates. */
export interface GradientContext<K extends KernelName> {
  readonly attrs: KernelAttrs[K];
  readonly inputShapes: readonly Shape[];
  readonly inputDtypes: readonly DType[];
  /** The forward input `i`; only inputs listed in `inputsToSave` are available. */
  input(i: number): Tensor;
  /** The forward output `i`; only outputs listed in `outputsToSave` are available. */
  output(i: number): Tensor;
  /**
   * Whether input `i` leads back to a tensor being differentiated. A gradient may return `null`
   * for an input that does not, and skip computing it (MatMul skips dX for the data batch).
   */
  needsGradient(i: number): boolean;
}

/**
 * The gradient of one kernel, written with ops so that every backend shares it.
 * `gradFunc` returns one gradient per input, shaped like that input, or `null`
 * for an input that has none (integer indices, boolean masks).
 */
export interface GradientConfig<K extends KernelName> {
  readonly kernelName: K;
  readonly inputsToSave?: readonly number[];
  readonly outputsToSave?: readonly number[];
  readonly gradFunc: (dy: Tensor, ctx: GradientContext<K>) => readonly (Tensor | null)[];
}

const gradients = new Map<string, GradientConfig<KernelName>>();

export function registerGradient<K extends KernelName>(config: GradientConfig<K>): void {
  gradients.set(config.kernelName, config as unknown as GradientConfig<KernelName>);
}

export function getGradient(kernelName: string): GradientConfig<KernelName> | undefined {
  return gradients.get(kernelName);
}

/** @internal */
export function savedAccessor(saved: readonly (Tensor | undefined)[], what: string, kernel: string) {
  return (i: number): Tensor => {
    const t = saved[i];
    if (!t) throw new StateError(`gradient of ${kernel}: ${what} ${i} was not saved (add it to ${what}sToSave)`);
    return t;
  };
}
