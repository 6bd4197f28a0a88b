// A backend with the primitive kernels alone, as a new backend (WebAssembly, WebGPU) starts: the TypeScript backend's
// storage and its primitive kernels, and none of its fused ones, so every fused op runs its composite body. A second
// one, 'primitive-async', also lacks readSync, as a GPU backend may.
import '../../src/index.js';
import { getKernel, type KernelFunc, registerKernel } from '../../src/backends/backend.js';
import { PRIMITIVE_KERNELS } from '../../src/backends/kernel-names.js';
import { TsBackend } from '../../src/backends/ts/register.js';
import { ENGINE } from '../../src/core/engine.js';

export const PRIMITIVE = 'primitive';
export const PRIMITIVE_ASYNC = 'primitive-async';

/** The TypeScript backend's storage under another name, so that kernels registered for it are all it has. */
export class PrimitiveBackend extends TsBackend {
  override readonly name: string;

  constructor(name: string, { readSync = true }: { readSync?: boolean } = {}) {
    super();
    this.name = name;
    // An own property that hides the prototype's method: the backend reads asynchronously only.
    if (!readSync) Object.defineProperty(this, 'readSync', { value: undefined });
  }
}

for (const name of [PRIMITIVE, PRIMITIVE_ASYNC]) {
  for (const kernel of PRIMITIVE_KERNELS) registerKernel(kernel, name, getKernel(kernel, 'ts') as KernelFunc);
}
// Priority 0: below ts (1) and native (2), so that registering it changes no suite's default backend.
ENGINE.registerBackend(PRIMITIVE, () => new PrimitiveBackend(PRIMITIVE), 0);
ENGINE.registerBackend(PRIMITIVE_ASYNC, () => new PrimitiveBackend(PRIMITIVE_ASYNC, { readSync: false }), 0);
