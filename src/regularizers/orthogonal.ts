import type { ConfigDict } from '../core/config.js';
import { describe, ValueError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import { checkOptions } from '../core/validate.js';
import { div, maximum, mul, sub } from '../ops/arithmetic.js';
import { eye } from '../ops/creation.js';
import { matMul } from '../ops/mat-mul.js';
import { sum } from '../ops/reduction.js';
import { transpose } from '../ops/shape.js';
import { abs, sqrt, square } from '../ops/unary.js';
import { checkCoefficient, Regularizer } from './regularizer.js';

export type OrthogonalMode = 'rows' | 'columns';

/**
 * Encourages the rows (or columns) of a 2-D weight to be orthogonal (Keras's formula):
 * rows are L2-normalised to unit length, P = W·Wᵀ, and
 * `loss = factor · ½ · Σ_{i≠j} |P_ij| / (n(n−1)/2)` — the mean absolute cosine between distinct rows, times `factor`.
 * @throws {ValueError} for a tensor that is not 2-D, a bad factor or mode.
 * @example `new OrthogonalRegularizer({ factor: 0.01, mode: 'rows' })`
 */
export class OrthogonalRegularizer extends Regularizer {
  readonly className = 'OrthogonalRegularizer';
  readonly factor: number;
  readonly mode: OrthogonalMode;

  constructor(options: { factor?: number; mode?: OrthogonalMode } = {}) {
    super();
    checkOptions('OrthogonalRegularizer', options, ['factor', 'mode']);
    const { factor = 0.01, mode = 'rows' } = options;
    this.factor = checkCoefficient(factor, 'factor', 'OrthogonalRegularizer');
    if (mode !== 'rows' && mode !== 'columns') {
      throw new ValueError(
        `Invalid value received for argument \`mode\` of OrthogonalRegularizer. Expected 'rows' or 'columns'. ` +
          `Received: mode=${describe(mode)}`,
      );
    }
    this.mode = mode;
  }

  apply(x: Tensor): Tensor {
    if (x.rank !== 2) {
      throw new ValueError(
        `OrthogonalRegularizer: inputs must be 2-D. Received: a tensor of shape [${x.shape.join(',')}]`,
      );
    }
    const w = this.mode === 'rows' ? x : transpose(x);
    // NOTE: Keras normalises with max(Σx², 1e-12) under the root, so a zero row gives zeros, not NaN.
    const rows = div(w, sqrt(maximum(sum(square(w), 1, true), 1e-12)));
    const product = matMul(rows, rows, false, true);
    const n = product.shape[0] as number;
    const offDiagonal = mul(product, sub(1, eye(n, n, product.dtype)));
    const pairs = (n * (n - 1)) / 2;
    return mul(sum(abs(offDiagonal)), (this.factor * 0.5) / pairs);
  }

  getConfig(): ConfigDict {
    return { factor: this.factor, mode: this.mode };
  }
}
