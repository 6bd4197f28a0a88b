import { ENGINE } from '../core/engine.js';
import type { Tensor } from '../core/tensor.js';
import type { StatefulMetric } from '../metrics/metric.js';
import { reshape, stack } from '../ops/shape.js';

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
    if (this.pending.length > 0) {
      const values =
        this.pending.length === 1
          ? (this.pending[0] as Tensor).dataSync()
          : ENGINE.tidy(() => stack(this.pending.map((t) => reshape(t, []))).dataSync());
      for (let i = 0; i < this.weights.length; i++) this.settled += (values[i] as number) * (this.weights[i] as number);
      this.dropPending();
    }
    return this.count > 0 ? this.settled / this.count : 0;
  }

  resetState(): void {
    this.dropPending();
    this.settled = 0;
    this.count = 0;
  }

  private dropPending(): void {
    for (const t of this.pending) t.dispose();
    this.pending = [];
    this.weights = [];
  }
}
