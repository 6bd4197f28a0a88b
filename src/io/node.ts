/**
 * Model files on disk, for the Node entry point: file paths (and `file://` URLs) go to the file system, written
 * atomically and read with the checks of io/files.ts. Importing this module installs the store.
 * @packageDocumentation
 */

import { fileURLToPath } from 'node:url';
import { ModelSaveError } from './errors.js';
import { readModelFile, writeFileAtomic } from './files.js';
import { type ModelStore, PATHS, registerModelStore } from './store.js';
// The page's stores first (io/index.ts installs them, a relative URL among them): this module's body then puts the
// file system in place of that one, whatever order the entry point imports the two in.
import './index.js';

const files: ModelStore = {
  write: (path, chunks, options) => writeFileAtomic(path, chunks, options),
  read: (path, fail) => readModelFile(path, fail),
};

/** `file:///tmp/model.dendrite` is the file `/tmp/model.dendrite`. */
const fileUrls: ModelStore = {
  write: (url, chunks, options) => {
    let path: string;
    try {
      path = fileURLToPath(url);
    } catch (e) {
      throw new ModelSaveError(url, `not a file URL the system can open (${(e as Error).message})`);
    }
    return writeFileAtomic(path, chunks, options);
  },
  read: (url, fail) => {
    let path: string;
    try {
      path = fileURLToPath(url);
    } catch (e) {
      return fail(`not a file URL the system can open (${(e as Error).message})`);
    }
    return readModelFile(path, fail);
  },
};

registerModelStore(PATHS, files);
registerModelStore('file', fileUrls);
