import { describe, ValueError } from '../core/errors.js';
import { checkOptions } from '../core/validate.js';
import type { Dataset } from './dataset.js';

/** Options of {@link loadCsv} and {@link parseCsv}. */
export interface CsvOptions {
  /** The header name of the label column; every other column is a numeric feature. */
  target: string;
  /** One character between cells (default `','`; `'\t'` for TSV, `';'` for European spreadsheets). */
  delimiter?: string;
}

/** One record of the file: its cells, unquoted, and the (1-based) line it starts on. */
interface CsvRecord {
  cells: string[];
  line: number;
}

const isSpace = (ch: string | undefined, delimiter: string): boolean => (ch === ' ' || ch === '\t') && ch !== delimiter;

/**
 * Splits RFC 4180 text into records: cells in double quotes may hold the delimiter, line breaks and `""` for
 * a quote; records end at LF, CRLF or CR. Blank lines are skipped (a trailing newline is not an empty record).
 */
function* records(text: string, delimiter: string, source: string): Generator<CsvRecord> {
  let line = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // the byte-order mark spreadsheets write
  while (i < text.length) {
    const start = line;
    const cells: string[] = [];
    let blank = true;
    for (;;) {
      let cell = '';
      // Spaces around a quoted cell, as in `1, "a, b"`, are layout, not content (Python's skipinitialspace).
      let q = i;
      while (isSpace(text[q], delimiter)) q++;
      if (text[q] === '"') i = q;
      if (text[i] === '"') {
        blank = false;
        const opened = line;
        i++;
        for (;;) {
          if (i >= text.length) {
            throw new ValueError(`${source}, line ${opened}: a quoted cell is never closed. Expected a closing '"'.`);
          }
          const ch = text[i] as string;
          if (ch === '"') {
            if (text[i + 1] === '"') {
              cell += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
          cell += ch;
          i++;
        }
        while (isSpace(text[i], delimiter)) i++;
        const next = text[i];
        if (next !== undefined && next !== delimiter && next !== '\n' && next !== '\r') {
          throw new ValueError(
            `${source}, line ${line}: unexpected ${describe(next)} after a quoted cell. ` +
              `Expected the delimiter ${describe(delimiter)} or the end of the line ` +
              '(a quote inside a quoted cell is written "").',
          );
        }
      } else {
        let end = i;
        while (end < text.length && text[end] !== delimiter && text[end] !== '\n' && text[end] !== '\r') end++;
        cell = text.slice(i, end);
        if (cell.trim() !== '') blank = false;
        i = end;
      }
      cells.push(cell);
      if (text[i] === delimiter) {
        blank = false;
        i++;
        continue;
      }
      // End of record: CRLF, LF, CR or the end of the text.
      if (text[i] === '\r' && text[i + 1] === '\n') i++;
      if (i < text.length) {
        i++;
        line++;
      }
      break;
    }
    if (!blank) yield { cells, line: start };
  }
}

// A decimal number, as a person types it: no hex, no Infinity, no empty string (which Number() reads as 0).
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const CLASS_ID = /^\d+$/;

/**
 * Parses CSV text into a {@link Dataset} (the rules are {@link loadCsv}'s, data/csv-file.ts); `source` names the text in errors.
 * Works anywhere, including the browser.
 *
 * @example
 * ```ts
 * const data = datasets.parseCsv('x,y,label\n1,2,cat\n3,4,dog\n', { target: 'label' });
 * data.classNames; // ['cat', 'dog']
 * ```
 */
export function parseCsv(text: string, options: CsvOptions, source = 'the CSV text'): Dataset {
  return parse(text, options, source, 'parseCsv');
}

/** {@link parseCsv}, with `owner` (`'loadCsv'`) naming the function in errors. */
export function parse(text: string, options: CsvOptions, source: string, owner: string): Dataset {
  checkOptions(owner, options, ['target', 'delimiter']);
  const target = options?.target;
  const delimiter = options?.delimiter ?? ',';
  if (typeof target !== 'string' || target === '') {
    throw new ValueError(
      `Invalid value received for argument \`target\` of ${owner}. Expected the name of the label column. ` +
        `Received: target=${describe(target)}`,
    );
  }
  if (typeof delimiter !== 'string' || delimiter.length !== 1 || delimiter === '"' || /[\r\n]/.test(delimiter)) {
    throw new ValueError(
      `Invalid value received for argument \`delimiter\` of ${owner}. Expected one character other than '"' and line breaks. ` +
        `Received: delimiter=${describe(delimiter)}`,
    );
  }
  const rows = records(text, delimiter, source);
  const header = rows.next();
  if (header.done) throw new ValueError(`${source} is empty. Expected a header row naming the columns.`);
  const columns = header.value.cells.map((c) => c.trim());
  const duplicate = columns.find((c, i) => columns.indexOf(c) !== i);
  if (duplicate !== undefined) {
    throw new ValueError(
      `${source}, line 1: the column name ${describe(duplicate)} appears twice. Expected unique names.`,
    );
  }
  const targetIndex = columns.indexOf(target.trim());
  if (targetIndex < 0) {
    throw new ValueError(
      `${source} has no column ${describe(target)}. Expected \`target\` to be one of: ${columns.map((c) => describe(c)).join(', ')}`,
    );
  }
  if (columns.length < 2) throw new ValueError(`${source} has only the target column. Expected at least one feature.`);

  const numFeatures = columns.length - 1;
  const values: number[] = [];
  const targets: string[] = [];
  for (const { cells, line } of rows) {
    if (cells.length !== columns.length) {
      throw new ValueError(
        `${source}, line ${line}: expected ${columns.length} cells (one per column of the header). Received: ${cells.length}`,
      );
    }
    cells.forEach((raw, j) => {
      const cell = raw.trim();
      if (j === targetIndex) {
        if (cell === '')
          throw new ValueError(`${source}, line ${line}, column ${describe(target)}: the label is empty.`);
        targets.push(cell);
      } else if (NUMBER.test(cell)) {
        values.push(Number(cell));
      } else {
        throw new ValueError(
          `${source}, line ${line}, column ${describe(columns[j])}: expected a number (every column but the target ` +
            `${describe(target)} must be numeric). Received: ${cell === '' ? 'an empty cell' : describe(raw)}`,
        );
      }
    });
  }
  if (targets.length === 0) throw new ValueError(`${source} has a header but no data rows.`);

  // Non-negative integers are class ids as they stand; anything else is a class name, numbered by first appearance.
  const labels = new Int32Array(targets.length);
  let classNames: string[] | undefined;
  let numClasses: number;
  if (targets.every((t) => CLASS_ID.test(t) && Number(t) <= 2 ** 31 - 1)) {
    targets.forEach((t, i) => {
      labels[i] = Number(t);
    });
    // Not Math.max(...labels): spreading a long table overflows the stack.
    numClasses = labels.reduce((m, y) => Math.max(m, y + 1), 0);
  } else {
    const ids = new Map<string, number>();
    targets.forEach((t, i) => {
      let id = ids.get(t);
      if (id === undefined) {
        id = ids.size;
        ids.set(t, id);
      }
      labels[i] = id;
    });
    classNames = [...ids.keys()];
    numClasses = classNames.length;
  }
  const base = source.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '') || source;
  return {
    name: base,
    description:
      `${source}: ${targets.length} rows, ${numFeatures} numeric features, ` +
      `target ${describe(target)} (${numClasses} classes)`,
    features: Float32Array.from(values),
    labels,
    numSamples: targets.length,
    numFeatures,
    numClasses,
    ...(classNames ? { classNames } : {}),
  };
}
