import assert from 'node:assert/strict';
import { add, memory, mul, sum, type Tensor, tensor, tidy, variableGrads } from '../../src/index.js';
import type { Layer } from '../../src/layers/layer.js';
import { gradCheck, rng } from '../util/gradcheck.js';

/** What a layer adds to a loss: its output plus every penalty it reports (broadcast), so each path is checked. */
export function outputPlusLosses(layer: Layer, x: Tensor, training = false): Tensor {
  const y = layer.apply(x, { training });
  return layer.losses.reduce((acc, penalty) => add(acc, penalty), y);
}

/**
 * Gradient check of a float64 layer, PyTorch-style (central differences, eps 1e-6, atol 1e-5, rtol 1e-3),
 * of f = layer(x) + Σ layer.losses: with respect to the input x (through {@link gradCheck}) and with
 * respect to every trainable weight, if any (perturbed in place with `assign`). The layer must be deterministic
 * (inference mode, or a fresh seeded layer per call: see the dropout checks); `training: true` checks a layer
 * whose training mode is deterministic but differs (BatchNormalization's batch statistics). `wrtInput: false` skips
 * the input (integer indices, as Embedding's, have no gradient).
 */
export function layerGradCheck(
  layer: Layer,
  x: Tensor,
  { eps = 1e-6, atol = 1e-5, rtol = 1e-3, seed = 1, training = false, wrtInput = true } = {},
): void {
  assert.equal(layer.dtype, 'float64', 'layerGradCheck needs a float64 layer');
  tidy(() => {
    outputPlusLosses(layer, x, training); // builds the layer and records a first activity penalty (kept until the next call)
  });
  if (wrtInput) gradCheck((input) => outputPlusLosses(layer, input, training), [x], { eps, atol, rtol, seed });

  const weights = layer.trainableWeights;
  if (weights.length === 0) return;
  const before = memory().numTensors;
  tidy(() => {
    const shape = outputPlusLosses(layer, x, training).shape;
    const next = rng(seed + 1);
    const size = shape.reduce((p, d) => p * d, 1);
    const dy = tensor(
      Array.from({ length: size }, () => (next() < 0.5 ? -1 : 1) * (0.5 + next())),
      shape,
      'float64',
    );
    // φ = Σ dy·f: its gradient is the vector–Jacobian product dyᵀ·∂f/∂w.
    const phi = () => sum(mul(dy, outputPlusLosses(layer, x, training)));
    const { grads } = variableGrads(phi, weights);
    for (const w of weights) {
      const g = grads[w.name];
      assert.ok(g, `no gradient for ${w.name}`);
      assert.deepEqual(g.shape, w.shape);
      const analytic = g.dataSync();
      const base = Float64Array.from(w.dataSync());
      const at = (j: number, delta: number): number =>
        tidy(() => {
          const values = Float64Array.from(base);
          values[j] = (base[j] as number) + delta;
          w.assign(tensor(values, w.shape, 'float64'));
          return phi().dataSync()[0] as number;
        });
      for (let j = 0; j < base.length; j++) {
        const numeric = (at(j, eps) - at(j, -eps)) / (2 * eps);
        const a = analytic[j] as number;
        const tol = atol + rtol * Math.abs(numeric);
        assert.ok(
          Math.abs(a - numeric) <= tol,
          `${w.name}, element ${j}: analytic ${a}, numeric ${numeric} (|diff| ${Math.abs(a - numeric)} > ${tol})`,
        );
      }
      w.assign(tensor(base, w.shape, 'float64'));
    }
  });
  assert.equal(memory().numTensors, before, 'tensors leaked while checking the weight gradients');
}
