/**
 * The stores a page has (TensorFlow.js's URL schemes, for Dendrite's single-file format):
 * - `indexeddb://name`: the file kept in the page origin's IndexedDB (database `dendrite`, object store `models`,
 *   key `name`), written in one transaction, so a save is all or nothing;
 * - `downloads://name`: the browser downloads the file as `name` (`model.dendrite` when empty); save only;
 * - `https://…`, `http://…`, and in a page a relative URL: loaded with `fetch`; load only.
 *
 * Only web APIs are used (`indexedDB`, `fetch`, `Blob`, `document`), each looked up when a model is saved or
 * loaded, never at import: the module loads anywhere, and where an API is missing the error says what is needed.
 */

import { DendriteError, ValueError } from '../core/errors.js';
import { ModelSaveError } from './errors.js';
import { MAX_MODEL_FILE_SIZE, type ModelStore, PATHS, registerModelStore } from './store.js';

/** The IndexedDB database and object store that `indexeddb://` uses. */
export const INDEXED_DB = { database: 'dendrite', store: 'models', version: 1 } as const;

/** A stored model: its file's bytes, and when it was saved (ISO 8601, UTC). */
interface StoredModel {
  readonly bytes: ArrayBuffer;
  readonly savedAt: string;
}

function concat(chunks: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** What follows `scheme://`, the model's name there. */
function nameIn(url: string): string {
  return url.slice(url.indexOf('://') + 3);
}

// ---------------------------------------------------------------------------------------------------------------
// indexeddb://

function indexedDb(): IDBFactory | undefined {
  return (globalThis as { indexedDB?: IDBFactory }).indexedDB;
}

/** A request's result, or its error. */
function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function openDatabase(factory: IDBFactory): Promise<IDBDatabase> {
  const request = factory.open(INDEXED_DB.database, INDEXED_DB.version);
  request.onupgradeneeded = () => {
    if (!request.result.objectStoreNames.contains(INDEXED_DB.store)) request.result.createObjectStore(INDEXED_DB.store);
  };
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
    // Another tab holds an older version open; ours cannot upgrade until it closes.
    request.onblocked = () => reject(new Error('the database is open in another tab at an older version'));
  });
}

/** Resolves when the transaction commits; rejects with its error (a full quota) when it aborts. */
function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new Error('the transaction was aborted'));
    tx.onerror = () => reject(tx.error);
  });
}

const indexedDbStore: ModelStore = {
  async write(url, chunks, { overwrite }) {
    const name = nameIn(url);
    if (name === '') throw new ValueError(`Model.save: ${JSON.stringify(url)} names no model; write indexeddb://NAME`);
    const factory = indexedDb();
    if (!factory)
      throw new ModelSaveError(url, 'IndexedDB is not available here (a page has it; under Node save to a file path)');
    const value: StoredModel = { bytes: concat(chunks).buffer, savedAt: new Date().toISOString() };
    let db: IDBDatabase;
    try {
      db = await openDatabase(factory);
    } catch (e) {
      throw new ModelSaveError(url, `IndexedDB could not be opened (${messageOf(e)})`);
    }
    try {
      const tx = db.transaction(INDEXED_DB.store, 'readwrite');
      const store = tx.objectStore(INDEXED_DB.store);
      const commit = committed(tx);
      // In the same transaction as the write: nothing can appear between the check and the put.
      if (!overwrite && (await done(store.count(name))) > 0) {
        tx.abort();
        await commit.catch(() => undefined);
        throw new ValueError(`Cannot save to "${url}": a model is stored under that name and \`overwrite\` is false`);
      }
      store.put(value, name);
      try {
        await commit;
      } catch (e) {
        const full = e instanceof Error && e.name === 'QuotaExceededError';
        throw new ModelSaveError(
          url,
          full ? 'the origin’s storage quota is full' : `IndexedDB refused it (${messageOf(e)})`,
        );
      }
    } finally {
      db.close();
    }
  },

  async read(url, fail) {
    const name = nameIn(url);
    if (name === '') fail('the URL names no model; write indexeddb://NAME');
    const factory = indexedDb();
    if (!factory) fail('IndexedDB is not available here (a page has it; under Node load a file path)');
    let value: unknown;
    try {
      const db = await openDatabase(factory as IDBFactory);
      try {
        value = await done(db.transaction(INDEXED_DB.store, 'readonly').objectStore(INDEXED_DB.store).get(name));
      } finally {
        db.close();
      }
    } catch (e) {
      fail(`IndexedDB could not be read (${messageOf(e)})`);
    }
    if (value === undefined) fail(`no model is stored under the name ${JSON.stringify(name)} in IndexedDB`);
    const bytes = (value as Partial<StoredModel> | null)?.bytes;
    if (!(bytes instanceof ArrayBuffer)) fail('the stored value is not a model file saved by Dendrite');
    const buffer = bytes as ArrayBuffer;
    if (buffer.byteLength > MAX_MODEL_FILE_SIZE)
      fail(`the file is ${buffer.byteLength} bytes; a model file is under 4 GiB`);
    return new Uint8Array(buffer);
  },
};

// ---------------------------------------------------------------------------------------------------------------
// downloads://

/** How long the downloaded file's object URL stays valid: revoking it at once can cancel the download. */
const OBJECT_URL_LIFETIME_MS = 60_000;

const downloadsStore: ModelStore = {
  async write(url, chunks) {
    const doc = (globalThis as { document?: Document }).document;
    if (!doc?.body) {
      throw new ModelSaveError(
        url,
        'downloads:// needs a page to start the download from; under Node save to a file path',
      );
    }
    const name = nameIn(url) || 'model.dendrite';
    const href = URL.createObjectURL(new Blob(chunks as Uint8Array<ArrayBuffer>[], { type: 'application/zip' }));
    const link = doc.createElement('a');
    link.href = href;
    link.download = name;
    link.style.display = 'none';
    doc.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(href), OBJECT_URL_LIFETIME_MS);
  },

  async read(_url, fail) {
    return fail(
      'downloads:// only saves. Load the downloaded file from its bytes, e.g. from an <input type="file">: ' +
        'loadModel(new Uint8Array(await file.arrayBuffer())), or from a URL',
    );
  },
};

// ---------------------------------------------------------------------------------------------------------------
// https://, http://, relative URLs

/**
 * Reads a response's body, stopping as soon as it passes {@link MAX_MODEL_FILE_SIZE} (a server that sends no
 * `Content-Length`, or lies in it, cannot make the page buffer more than that).
 */
async function readBody(response: Response, fail: (detail: string) => never): Promise<Uint8Array> {
  const tooLarge = (n: number) => `the response is ${n} bytes or more; a model file is under 4 GiB`;
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  // Content-Length counts compressed bytes when the server compresses; the streamed count below is exact.
  if (declared > MAX_MODEL_FILE_SIZE && !response.headers.get('content-encoding')) fail(tooLarge(declared));
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done: end, value } = await reader.read();
    if (end) break;
    total += value.length;
    if (total > MAX_MODEL_FILE_SIZE) {
      await reader.cancel().catch(() => undefined);
      fail(tooLarge(total));
    }
    chunks.push(value);
  }
  return chunks.length === 1 ? (chunks[0] as Uint8Array) : concat(chunks);
}

const fetchStore: ModelStore = {
  async write(url) {
    throw new ModelSaveError(
      url,
      /^[a-z][a-z0-9+.-]*:\/\//i.test(url)
        ? 'saving to a URL is not supported (a server would need to accept the upload); save to indexeddb://NAME or downloads://NAME'
        : 'a page cannot write files: save to indexeddb://NAME or downloads://NAME',
    );
  },

  async read(url, fail) {
    const fetchFn = (globalThis as { fetch?: typeof fetch }).fetch;
    if (typeof fetchFn !== 'function') fail('fetch is not available here');
    let response: Response;
    try {
      response = await (fetchFn as typeof fetch)(url);
    } catch (e) {
      return fail(`the request failed (${messageOf(e)})`);
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      fail(`the server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
    }
    try {
      return await readBody(response, fail);
    } catch (e) {
      if (e instanceof DendriteError) throw e;
      return fail(`the response broke off (${messageOf(e)})`);
    }
  },
};

registerModelStore('indexeddb', indexedDbStore);
registerModelStore('downloads', downloadsStore);
registerModelStore('https', fetchStore);
registerModelStore('http', fetchStore);
// In a page a path is a URL relative to the page; the Node entry replaces this with the file system.
registerModelStore(PATHS, fetchStore);
