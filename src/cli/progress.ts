/**
 * Progress while models train: one line per model. On a terminal the line is rewritten after every epoch
 * (a running epoch count); in a log, where rewriting would leave a line per epoch, only the finished line
 * is written.
 */
import type { Logs } from '../node.js';

/** Where progress goes: `update` rewrites the current line, `done` finishes it. */
export interface Progress {
  update(text: string): void;
  done(text: string): void;
}

/** Progress that prints nothing (`--quiet`, tests). */
export const silentProgress: Progress = { update() {}, done() {} };

/** Progress on a stream; rewrites in place only when the stream is a terminal. */
export function streamProgress(stream: { write(text: string): unknown; isTTY?: boolean }): Progress {
  const tty = stream.isTTY === true;
  return {
    update(text) {
      // \r and "erase line": the new text replaces the old even when shorter.
      if (tty) stream.write(`\r\x1b[2K${text}`);
    },
    done(text) {
      stream.write(tty ? `\r\x1b[2K${text}\n` : `${text}\n`);
    },
  };
}

/** Data loss (`loss` minus its penalty) from Keras's logs, with the given prefix ('' or 'val_'). */
export function dataLoss(logs: Logs, prefix: '' | 'val_'): number {
  return (logs[`${prefix}loss`] ?? Number.NaN) - (logs[`${prefix}regularization_loss`] ?? 0);
}

/** `[2/6] L2          ` — the label of a model's line, padded so the numbers line up. */
export function label(index: number, total: number, name: string, width: number): string {
  return `[${index + 1}/${total}] ${name.padEnd(width)}`;
}

/** `epoch 17/40  train 0.0312  val 0.3310  val acc 90.5%  4.1 s`. */
export function epochLine(epoch: number, epochs: number, logs: Logs, seconds: number): string {
  const acc = logs.val_accuracy;
  return [
    `epoch ${String(epoch + 1).padStart(String(epochs).length)}/${epochs}`,
    `train ${dataLoss(logs, '').toFixed(4)}`,
    `val ${dataLoss(logs, 'val_').toFixed(4)}`,
    acc === undefined ? '' : `val acc ${(acc * 100).toFixed(1)}%`,
    `${seconds.toFixed(1)} s`,
  ]
    .filter((s) => s !== '')
    .join('  ');
}
