/**
 * What the regularization comparison produces and the report draws: plain data (numbers and
 * typed arrays), so the runner and the report never share tensors.
 */

/** The numbers the table shows for one variant, at the end of training. */
export interface VariantSummary {
  /** Final training data loss (without the penalty, so variants compare on one footing). */
  readonly trainLoss: number;
  /** Final validation data loss (without the penalty). */
  readonly valLoss: number;
  readonly valAccuracy: number;
  /** valLoss − trainLoss: how much worse the model does on data it has not seen. */
  readonly gap: number;
  /** 1-based epoch with the lowest validation loss. */
  readonly bestEpoch: number;
  readonly bestValLoss: number;
  /** Fraction of kernel weights with |w| < 1e-3. */
  readonly nearZeroFraction: number;
  /** √Σw² over every kernel. */
  readonly kernelL2Norm: number;
}

/**
 * Predicted probability of class 1 (or the arg-max class) over a grid of the 2-D input plane. Grid point
 * (i, j), at index j·resolution + i, sits at x = xMin + i·(xMax − xMin)/(resolution − 1) and
 * y = yMin + j·(yMax − yMin)/(resolution − 1): the corners are grid points.
 */
export interface DecisionBoundary {
  readonly xMin: number;
  readonly xMax: number;
  readonly yMin: number;
  readonly yMax: number;
  /** Grid points per axis. */
  readonly resolution: number;
  /** resolution × resolution predicted classes, row-major with y increasing by row. */
  readonly classes: Int32Array;
  /** Confidence of the predicted class at each grid point, in [0, 1]. */
  readonly confidence: Float32Array;
}

export interface VariantResult {
  /** Short name: 'none', 'L1', 'L2', 'L1L2', 'Dropout', 'L2 + Dropout'. */
  readonly name: string;
  /** How it is configured, in words: 'L2(1e-3) on every kernel'. */
  readonly description: string;
  /** Keras's History: loss, val_loss, accuracy, val_accuracy, regularization_loss, … per epoch. */
  readonly history: Readonly<Record<string, readonly number[]>>;
  readonly summary: VariantSummary;
  /** Every kernel weight at the end of training, flattened (for the histograms). */
  readonly kernelWeights: Float32Array;
  readonly boundary?: DecisionBoundary;
  readonly seconds: number;
}

export interface ComparisonResult {
  readonly dataset: {
    readonly name: string;
    readonly description: string;
    readonly trainSize: number;
    readonly valSize: number;
    readonly numFeatures: number;
    readonly numClasses: number;
    /**
     * For 2-D datasets: the training points, to draw under the decision boundary; x row-major
     * (x₀, y₀, x₁, y₁, …), one label per point.
     */
    readonly points?: { readonly x: Float32Array; readonly labels: Int32Array };
  };
  /** The architecture in words: '784 → 256 relu → 256 relu → 10 softmax'. */
  readonly architecture: string;
  readonly epochs: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly backend: string;
  readonly variants: readonly VariantResult[];
  readonly seconds: number;
}

/** One trained model per coefficient value, for `dendrite sweep`; `pickSweep(points)` says which is best. */
export interface SweepResult {
  readonly dataset: ComparisonResult['dataset'];
  readonly architecture: string;
  readonly regularizer: string;
  readonly points: readonly {
    readonly value: number;
    readonly summary: VariantSummary;
    readonly history: Readonly<Record<string, readonly number[]>>;
  }[];
  readonly seconds: number;
}
