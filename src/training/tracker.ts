import { ENGINE } from '../core/engine.js';
import type { Tensor } from '../core/tensor.js';
import type { StatefulMetric } from '../metrics/metric.js';
import { add, mul } from '../ops/arithmetic.js';
import { scalar } from '../ops/convert.js';
import { cast } from '../ops/unary.js';

/**
 * The running, batch-size-weighted mean of a scalar loss, kept as a tensor so that a training step never has to
 * read a value back: Σ value·weight lives on the backend and is read only when `result()` is asked for (by the
 * progress bar, a callback, or the epoch's logs). Keras's `loss` tracker (a `Mean` metric), without its float32
 * rounding: the sum is float64, so a long epoch loses no precision.
 */
export class LossTracker implements StatefulMetric {
  /** Σ value·weight of the batches already read back. */
  private settled = 0;
  /** Σ value·weight of the batches since, still on the backend. */
  private pending: Tensor | undefined;
  private count = 0;

  constructor(readonly name: string) {}

  /** Folds in one batch's value (a scalar tensor) with its weight, usually the batch size. */
  update(value: Tensor, weight: number): void {
    const before = this.pending;
    this.pending = ENGINE.keep(
      ENGINE.tidy(() => {
        const term = mul(cast(value, 'float64'), scalar(weight, 'float64'));
        return before ? add(before, term) : term;
      }),
    );
    before?.dispose();
    this.count += weight;
  }

  /**
   * Σ value·weight / Σ weight since the reset, or 0 before any update. Reads the backend once for the batches
   * since the last read, and then holds no tensor (so a finished `fit` leaves none behind).
   */
  result(): number {
    if (this.pending) {
      this.settled += this.pending.dataSync()[0] as number;
      this.pending.dispose();
      this.pending = undefined;
    }
    return this.count > 0 ? this.settled / this.count : 0;
  }

  resetState(): void {
    this.pending?.dispose();
    this.pending = undefined;
    this.settled = 0;
    this.count = 0;
  }
}
