/** The constants of the model file format (docs/file-format.md). */

/** `metadata.json`'s `format`. */
export const FORMAT = 'dendrite-model';
/** The newest format version this Dendrite writes and reads; a file with a larger one is refused. */
export const FORMAT_VERSION = 1;
/** Recorded in `metadata.json`; a test keeps it equal to package.json's version. */
export const DENDRITE_VERSION = '0.1.0';
/** The largest number of elements one weight may have. */
export const MAX_ELEMENTS = 2 ** 31;

/** The archive's entries. */
export const ENTRIES = {
  metadata: 'metadata.json',
  config: 'config.json',
  manifest: 'weights.json',
  weights: 'weights.bin',
} as const;

/** The content of `metadata.json`. */
export interface Metadata {
  readonly format: typeof FORMAT;
  readonly formatVersion: number;
  readonly dendriteVersion: string;
  /** ISO 8601, UTC. */
  readonly savedAt: string;
}
