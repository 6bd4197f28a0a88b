/**
 * Model files: `model.save()` / `loadModel()`, `model.saveWeights()` / `model.loadWeights()`, and the
 * architecture alone as JSON (`modelToJSON()` / `modelFromJSON()`). The format is documented in
 * docs/file-format.md. Importing this module installs the implementation behind `Model.save` and friends, and the
 * stores a page has (`indexeddb://`, `downloads://`, `fetch`); the Node entry adds file paths (io/node.ts).
 * @packageDocumentation
 */

import { registerModelIO } from '../models/model.js';
import { loadWeights, modelToJSON, saveModel, saveWeights } from './model-file.js';
import './browser.js';

registerModelIO({ save: saveModel, saveWeights, loadWeights, toJSON: modelToJSON });

export { ModelFileError, ModelSaveError } from './errors.js';
export { FORMAT, FORMAT_VERSION } from './format.js';
export { type LoadOptions, loadModel, type ModelSource, modelFromJSON, modelToJSON } from './model-file.js';
export { MAX_MODEL_FILE_SIZE, type ModelStore, registerModelStore } from './store.js';
