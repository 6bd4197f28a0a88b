/**
 * Where model files are written and read, chosen by the destination's scheme (TensorFlow.js's URL schemes): a
 * file path under Node, `indexeddb://name` and `downloads://name` in a page, `https://…` (or a relative URL in a
 * page) through `fetch`. The bytes are the same single file everywhere (docs/file-format.md); a store only moves
 * them. The platform-neutral root registers the page's stores (io/browser.ts); the Node entry adds file paths
 * (io/node.ts), so nothing here touches a platform API.
 */

import { describe, ValueError } from '../core/errors.js';

/** Moves a model file's bytes to and from one kind of place. */
export interface ModelStore {
  /**
   * Writes the whole file, so that the destination only ever holds a complete one.
   * @throws {ValueError} when `overwrite` is false and something is already there.
   * @throws {ModelSaveError} when the place refuses the bytes.
   */
  write(destination: string, chunks: readonly Uint8Array[], options: { overwrite: boolean }): Promise<void>;
  /**
   * Reads the whole file, refusing one over {@link MAX_MODEL_FILE_SIZE} before reading it where the place tells
   * the size first. `fail` reports a problem with the file as a whole (missing, too large, unreachable), in words.
   */
  read(source: string, fail: (detail: string) => never): Promise<Uint8Array>;
}

/** What a model file may weigh: the ZIP container has no ZIP64, so 4 GiB. */
export const MAX_MODEL_FILE_SIZE = 0xffffffff;

/** The store for a destination without a scheme (a path, or a relative URL in a page). */
export const PATHS = '';

const stores = new Map<string, ModelStore>();

/**
 * Installs the store for `scheme` (`'indexeddb'`, `'https'`, …, lower case, without `://`), or for
 * {@link PATHS}, replacing the one there. Node's entry point installs file paths this way.
 * @example `registerModelStore('memory', { write: async () => {}, read: async () => new Uint8Array() })`
 */
export function registerModelStore(scheme: string, store: ModelStore): void {
  stores.set(scheme.toLowerCase(), store);
}

/** `'indexeddb'` for `'indexeddb://name'`; {@link PATHS} for a path or a relative URL. */
export function schemeOf(destination: string): string {
  // Two slashes required: a Windows path `C:\model.dendrite` has a one-letter "scheme" but no `//`.
  return /^([a-z][a-z0-9+.-]*):\/\//i.exec(destination)?.[1]?.toLowerCase() ?? PATHS;
}

/** The schemes installed, as `'indexeddb://'`, for a message. */
function known(): string {
  return [...stores.keys()]
    .map((s) => (s === PATHS ? 'a file path' : `${s}://`))
    .sort()
    .join(', ');
}

/**
 * The store for `destination`.
 * @param owner who asks (`'Model.save'`, `'loadModel'`), for the message.
 * @throws {ValueError} for an empty destination or a scheme no store handles.
 */
export function storeFor(destination: unknown, owner: string): ModelStore {
  if (typeof destination !== 'string' || destination.length === 0) {
    throw new ValueError(
      `${owner}: expected a file path or a URL (a non-empty string). Received: ${describe(destination)}`,
    );
  }
  const scheme = schemeOf(destination);
  const store = stores.get(scheme);
  if (!store) {
    throw new ValueError(
      `${owner}: ${scheme === PATHS ? 'file paths are not supported here' : `no store handles the scheme ${scheme}://`} ` +
        `(${describe(destination)}). Expected one of: ${known()}`,
    );
  }
  return store;
}
