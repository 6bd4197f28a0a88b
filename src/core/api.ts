import { ENGINE, type MemoryInfo, type TensorContainer } from './engine.js';
import { Tensor } from './tensor.js';

/**
 * Runs `fn` and disposes every tensor it created except the ones it returns.
 * The way to keep a loop's memory flat.
 * @example
 * ```ts
 * const loss = tidy(() => mean(square(sub(predict(x), y)))); // intermediates freed
 * ```
 */
export function tidy<T extends TensorContainer>(fn: () => T): T;
export function tidy<T extends TensorContainer>(name: string, fn: () => T): T;
export function tidy<T extends TensorContainer>(nameOrFn: string | (() => T), fn?: () => T): T {
  return typeof nameOrFn === 'string' ? ENGINE.tidy(fn as () => T, nameOrFn) : ENGINE.tidy(nameOrFn);
}

/** Keeps a tensor made inside `tidy()` alive after it ends; dispose it yourself. */
export function keep<T extends Tensor>(t: T): T {
  return ENGINE.keep(t);
}

/** Disposes every tensor in a tensor, array or plain object. */
export function dispose(container: TensorContainer): void {
  if (container instanceof Tensor) container.dispose();
  else if (Array.isArray(container)) for (const c of container) dispose(c);
  else if (container !== null && typeof container === 'object') for (const v of Object.values(container)) dispose(v);
}

/**
 * Live tensors and storage buffers: a training loop whose counts grow each step leaks.
 * @example `memory().numBuffers`
 */
export function memory(): MemoryInfo {
  return ENGINE.memory();
}

/** Makes `name` ('ts', later 'native' or 'wasm') the backend that runs every op from now on. */
export function setBackend(name: string): void {
  ENGINE.setBackend(name);
}

/** The name of the active backend. */
export function getBackend(): string {
  return ENGINE.backend.name;
}
