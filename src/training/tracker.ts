import { ENGINE } from '../core/engine.js';
import type { Tensor } from '../core/tensor.js';
import { readScalars, type StatefulMetric } from '../metrics/metric.js';

/**
 * The running, batch-size-weighted mean of a scalar loss (Keras's `loss` tracker, a `Mean` metric), built so
 * that a training step never reads a value back: each batch's value stays a tensor on the backend until `result()`
 * is asked for (by the progress bar, a callback, or the epoch's logs), which reads them all at once. A step costs
 * no kernel and no read; the sum is then taken in float64 in batch order, exactly as if each value had been read
 * at its step (and without Keras's float32 rounding, so a long epoch loses no precision).
 */
export class LossTracker implements StatefulMetric {
  /** Σ value·weight of the batches already read back. */
  private settled = 0;
  /** The batches since, not read yet: their values (scalar tensors, kept) and weights. */
  private pending: Tensor[] = [];
  private weights: number[] = [];
  private count = 0;

  constructor(readonly name: string) {}

  /** Folds in one batch's value (a scalar tensor) with its weight, usually the batch size. */
  update(value: Tensor, weight: number): void {
    // A handle of its own on the same storage (no copy): the caller keeps full use of `value`.
    this.pending.push(ENGINE.keep(value.clone()));
    this.weights.push(weight);
    this.count += weight;
  }

  /**
   * Σ value·weight / Σ weight since the reset, or 0 before any update. Reads the batches since the last read in
   * one go, and then holds no tensor (so a finished `fit` leaves none behind).
   */
  result(): number {
    if (this.pending.length > 0) this.fold(readScalars(this.pending, true), this.pending.length);
    return this.count > 0 ? this.settled / this.count : 0;
  }

  /** Reads the pending batches with `data()`, so that `result()` needs no read (a backend without readSync). */
  async settle(): Promise<void> {
    if (this.pending.length === 0) return;
    const batches = this.pending.length;
    this.fold(await readScalars(this.pending.slice(), false), batches);
  }

  private fold(values: ArrayLike<number>, batches: number): void {
    for (let i = 0; i < batches; i++) this.settled += (values[i] as number) * (this.weights[i] as number);
    this.dropPending(batches);
  }

  resetState(): void {
    this.dropPending();
    this.settled = 0;
    this.count = 0;
  }

  private dropPending(batches = this.pending.length): void {
    for (const t of this.pending.slice(0, batches)) t.dispose();
    this.pending = this.pending.slice(batches);
    this.weights = this.weights.slice(batches);
  }
}
