/** Regression metrics: running weighted means of the per-sample regression losses. */

import { meanAbsoluteError, meanSquaredError } from '../losses/losses.js';
import { checkKeys } from '../losses/utils.js';
import { MeanMetricWrapper, type MetricOptions } from './metric.js';

/**
 * mse = Σ wᵢ·mean((yTrue − yPred)²)ᵢ / Σ wᵢ over every sample since the reset (the inner mean over the
 * last axis).
 * @example
 * ```ts
 * const m = new MeanSquaredError();
 * m.updateState([[0, 1]], [[1, 1]]);
 * m.result(); // 0.5
 * ```
 */
export class MeanSquaredError extends MeanMetricWrapper {
  override readonly className = 'MeanSquaredError';

  constructor(options: MetricOptions = {}) {
    super(meanSquaredError, options, 'mean_squared_error');
    checkKeys('MeanSquaredError', options, ['name']);
  }
}

/**
 * mae = Σ wᵢ·mean(|yTrue − yPred|)ᵢ / Σ wᵢ over every sample since the reset.
 * @example `new MeanAbsoluteError().updateState([[0, 1]], [[1, 3]])` // result 1.5
 */
export class MeanAbsoluteError extends MeanMetricWrapper {
  override readonly className = 'MeanAbsoluteError';

  constructor(options: MetricOptions = {}) {
    super(meanAbsoluteError, options, 'mean_absolute_error');
    checkKeys('MeanAbsoluteError', options, ['name']);
  }
}
