import type { Logs } from './callbacks.js';

/** Keras's number format in logs: 4 decimals, scientific for tiny values. */
export function formatLogValue(v: number): string {
  return Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(4) : v.toFixed(4);
}

/**
 * One line per epoch, in Keras's verbose=2 layout:
 * `Epoch 3/20` then `32/32 - 0s - 4ms/step - accuracy: 0.8125 - loss: 0.4321 - val_loss: 0.5012`.
 */
export function printEpoch(epoch: number, epochs: number, steps: number, ms: number, logs: Logs): void {
  const parts = Object.entries(logs).map(([k, v]) => `${k}: ${formatLogValue(v)}`);
  const perStep = steps > 0 ? ms / steps : 0;
  console.log(`Epoch ${epoch + 1}/${epochs}`);
  console.log(
    `${steps}/${steps} - ${Math.round(ms / 1000)}s - ${perStep < 1 ? `${Math.round(perStep * 1000)}us` : `${Math.round(perStep)}ms`}/step - ${parts.join(' - ')}`,
  );
}
