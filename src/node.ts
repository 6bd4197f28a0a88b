/**
 * Dendrite under Node: everything of the platform-neutral root (index.ts), and what needs Node: the native
 * backend (registered when its addon loads, above the TypeScript one), model files on disk, the MNIST loader and
 * CSV files (`datasets`), the callbacks that write files (`callbacks.ModelCheckpoint`, `callbacks.CSVLogger`),
 * and `setNumThreads`. package.json's `exports` sends `import 'dendrite'` here under Node (the `node` condition).
 *
 * @example
 * ```ts
 * import { loadModel } from 'dendrite';
 * const model = await loadModel('model.dendrite');
 * ```
 * @packageDocumentation
 */

import { loadNative } from './backends/native/load.js';
import { NativeBackend } from './backends/native/native-backend.js';
import { TsBackend } from './backends/ts/register.js';
import { ENGINE } from './core/engine.js';
import { ValueError } from './core/errors.js';
import './io/node.js';

export * from './index.js';

const native = loadNative();
if (native.ok) ENGINE.registerBackend('native', () => new NativeBackend(native.addon), 2);
ENGINE.registerBackend(
  'ts',
  () => {
    // Said once per process, when the TypeScript backend is first used (not at import, so that importing the
    // package for its types or config helpers stays silent), and only when the native addon did not load.
    if (!native.ok) process.stderr.write(`dendrite: native backend unavailable, using TypeScript: ${native.reason}\n`);
    return new TsBackend();
  },
  1,
);

/**
 * Sets the number of threads the native backend's kernels use (default: every CPU this process may run on, or
 * `DENDRITE_NUM_THREADS`). The TypeScript backend is single-threaded and ignores it.
 *
 * @throws ValueError when `n` is not a positive integer.
 * @example `setNumThreads(1)`
 */
export function setNumThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new ValueError(
      `Invalid value received for argument \`n\`. Expected a positive integer. Received: n=${String(n)}`,
    );
  }
  if (native.ok) native.addon.setNumThreads(n);
}

// These two shadow the root's namespaces of the same name (a module's own exports take precedence over `export *`).
export * as datasets from './data/node.js';
export * as callbacks from './training/callbacks/node.js';
