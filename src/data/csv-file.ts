/** Reading a CSV table from a file (Node only): the Node entry point's part of `datasets`. */

import { describe, ValueError } from '../core/errors.js';
import { type CsvOptions, parse } from './csv.js';
import type { Dataset } from './dataset.js';

/**
 * Loads a table from a CSV file (Node only): a header row names the columns; `target` names the label column;
 * every other column is a feature and must hold numbers in every row. Cells may be quoted as RFC 4180 says
 * (`"1,5"`, `"say ""hi"""`, line breaks inside quotes); spaces around a cell are ignored. The target holds
 * either non-negative integers, used as class ids, or names, numbered in order of first appearance and kept
 * as `classNames`. Features are not rescaled: see {@link standardize}.
 *
 * @throws {ValueError} if the file cannot be read (naming the path), `target` is not a column (listing them),
 * or a feature cell is not a number: ``data.csv, line 7, column "age": expected a number … Received: "n/a"``
 * (lines counted from 1, the header included; a record with a quoted line break is named by its first line).
 * @example
 * ```ts
 * const iris = await datasets.loadCsv('iris.csv', { target: 'species' });
 * iris.classNames; // ['setosa', 'versicolor', 'virginica']
 * ```
 */
export async function loadCsv(path: string, options: CsvOptions): Promise<Dataset> {
  if (typeof path !== 'string' || path === '') {
    throw new ValueError(
      `Invalid value received for argument \`path\` of loadCsv. Expected a file path. Received: path=${describe(path)}`,
    );
  }
  const { readFile } = await import('node:fs/promises');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const { resolve } = await import('node:path');
    const code = (error as { code?: string }).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : String((error as Error).message);
    throw Object.assign(
      new ValueError(`loadCsv: cannot read the CSV file ${describe(path)}: ${why} (${resolve(path)}).`),
      {
        cause: error,
      },
    );
  }
  return parse(text, options, path, 'loadCsv');
}
