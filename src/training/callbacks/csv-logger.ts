import { describe, ValueError } from '../../core/errors.js';
import { checkOptions } from '../../core/validate.js';
import { Callback, type Logs } from '../callbacks.js';
import { checkFlag } from './monitor.js';
import { pythonRepr } from './python-format.js';

export interface CSVLoggerOptions {
  /** Between the fields of a row (default `','`). */
  separator?: string;
  /** Continue an existing file (its header is not repeated) instead of overwriting it (default false). */
  append?: boolean;
}

const OWNER = 'CSVLogger';
// Python's csv module (the excel dialect Keras uses) ends every row with CRLF, as RFC 4180 does.
const NEWLINE = '\r\n';

/**
 * Streams each epoch's logs to a CSV file (Keras's `CSVLogger`): a header `epoch,<keys>` with the first
 * epoch's log keys sorted, then one row per epoch: the 0-based epoch index, then each value as Python
 * prints a float (`0.5`, `1.0`, `nan`, `inf`; `NA` for a key an epoch lacks).
 *
 * Each row is appended to the file as soon as its epoch ends, so a run killed mid-training keeps every
 * finished epoch; with `append: true`, a resumed run (`fit(..., { initialEpoch })`) continues the same
 * file and writes the header only if the file is missing or empty. Rows end with CRLF and fields holding
 * the separator, a quote or a line break are quoted, as Python's `csv` writer does.
 *
 * Node only: the file is written with `node:fs/promises`, loaded when training begins, so the package
 * still loads in a browser.
 *
 * @throws {ValueError} for an empty filename, or a separator that is not a single character.
 * @example
 * ```ts
 * await model.fit(x, y, { epochs: 10, callbacks: [new callbacks.CSVLogger('training.csv', { append: true })] });
 * ```
 */
export class CSVLogger extends Callback {
  readonly filename: string;
  readonly separator: string;
  readonly append: boolean;
  private keys: string[] | null = null;
  private writeHeader = true;

  constructor(filename: string, options: CSVLoggerOptions = {}) {
    super();
    if (typeof filename !== 'string' || filename === '') {
      throw new ValueError(`${OWNER}: \`filename\` must be a non-empty path. Received: ${describe(filename)}`);
    }
    checkOptions(OWNER, options, ['separator', 'append']);
    const separator = options.separator ?? ',';
    if (typeof separator !== 'string' || separator.length !== 1) {
      // Python's csv module takes a one-character delimiter only.
      throw new ValueError(`${OWNER}: \`separator\` must be a single character. Received: ${describe(separator)}`);
    }
    this.filename = filename;
    this.separator = separator;
    this.append = checkFlag(OWNER, 'append', options.append ?? false);
  }

  override async onTrainBegin(_logs?: Logs): Promise<void> {
    const fs = await import('node:fs/promises');
    this.keys = null;
    if (this.append) {
      const size = await fs.stat(this.filename).then(
        (s) => s.size,
        () => 0,
      );
      this.writeHeader = size === 0;
      await fs.appendFile(this.filename, '');
    } else {
      this.writeHeader = true;
      await fs.writeFile(this.filename, '');
    }
  }

  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    const fs = await import('node:fs/promises');
    let text = '';
    if (this.keys === null) {
      this.keys = Object.keys(logs).sort();
      if (this.writeHeader) text += this.row(['epoch', ...this.keys]);
    }
    const values = this.keys.map((k) => (typeof logs[k] === 'number' ? pythonRepr(logs[k]) : 'NA'));
    text += this.row([String(epoch), ...values]);
    // One append per epoch: the row reaches the file before the next epoch starts.
    await fs.appendFile(this.filename, text);
  }

  private row(fields: readonly string[]): string {
    const quote = (f: string) => (f.includes(this.separator) || /["\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f);
    return fields.map(quote).join(this.separator) + NEWLINE;
  }
}
