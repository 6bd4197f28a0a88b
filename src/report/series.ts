/**
 * Per-epoch curves read out of a Keras-style History. The report compares variants on their data
 * loss: Keras's `loss` and `val_loss` include the penalty, which would make a regularized model look
 * worse on the very number it is trying to improve.
 */

/** Per-epoch training and validation data loss; NaN where an epoch has no value. */
export interface DataLossCurves {
  readonly train: readonly number[];
  readonly validation: readonly number[];
}

/**
 * Data loss per epoch: `loss − regularization_loss` and `val_loss − val_regularization_loss` (a
 * missing penalty key counts as 0; a missing loss key gives an empty curve).
 */
export function dataLossCurves(history: Readonly<Record<string, readonly number[]>>): DataLossCurves {
  return {
    train: minus(history.loss, history.regularization_loss),
    validation: minus(history.val_loss, history.val_regularization_loss),
  };
}

function minus(total: readonly number[] | undefined, penalty: readonly number[] | undefined): number[] {
  if (!total) return [];
  return total.map((t, i) => t - (penalty?.[i] ?? 0));
}

/** Index of the smallest finite value, or -1 when there is none. */
export function argMin(values: readonly number[]): number {
  let best = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isFinite(v) && (best < 0 || v < (values[best] as number))) best = i;
  }
  return best;
}
