import { DendriteError } from '../core/errors.js';

/**
 * A model file (or model JSON) that cannot be loaded: not a ZIP archive, truncated, corrupted, from a newer
 * Dendrite, or describing something this version does not know. The message names the file and the entry
 * (`weights.json`, `config.json`, …) and, where it helps, the place inside it and what was expected.
 *
 * @example
 * ```ts
 * try { await loadModel('model.dendrite') } catch (e) { if (e instanceof ModelFileError) console.log(e.entry) }
 * ```
 */
/**
 * A model or its weights could not be written to a path: a directory, a missing parent folder, a path through a
 * file, a name too long, no permission, a full disk. The previous file at the path, if any, is left intact.
 * @example `await model.save('/tmp')` // ModelSaveError: Cannot save to "/tmp": it is a directory
 */
export class ModelSaveError extends DendriteError {
  static override readonly errorName: string = 'ModelSaveError';

  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`Cannot save to "${file}": ${detail}`);
  }
}

export class ModelFileError extends DendriteError {
  static override readonly errorName: string = 'ModelFileError';

  /**
   * @param file the path loaded, or null for a JSON string given to `modelFromJSON`.
   * @param entry the archive entry at fault (`'config.json'`, …), or the archive structure (`'ZIP archive'`).
   * @param detail what is wrong, what was expected, what was found.
   */
  constructor(
    readonly file: string | null,
    readonly entry: string,
    detail: string,
  ) {
    super(`${file === null ? 'Invalid model JSON' : `Invalid model file "${file}"`}, ${entry}: ${detail}`);
  }
}
