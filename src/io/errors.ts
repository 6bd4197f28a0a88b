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
export class ModelFileError extends DendriteError {
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
