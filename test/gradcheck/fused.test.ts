// Gradient checks of the fused kernels (float64 central differences): FusedMatMul for every activation and transpose,
// ActivationGrad in both inputs (the second derivatives of the epilogue), Penalty, PenaltyGrad, Dropout at a fixed
// seed, CrossEntropy (first and second order), and second order through FusedMatMul and a Dense layer's fused forward.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getKernel } from '../../src/backends/backend.js';
import type { FusedActivation } from '../../src/backends/kernel-names.js';
import { grad, matMul, mul, sum, type Tensor, tensor, tidy } from '../../src/index.js';
import { Dense } from '../../src/layers/dense.js';
import { crossEntropy } from '../../src/ops/crossentropy.js';
import { dropoutWithMask } from '../../src/ops/dropout.js';
import { activationGrad, fusedMatMul } from '../../src/ops/fused.js';
import { penalty, penaltyGrad } from '../../src/ops/penalty.js';
import { describeEachBackend } from '../util/backends.js';
import { gradCheck, testGrad, uniform } from '../util/gradcheck.js';

const ACTIVATIONS: readonly FusedActivation[] = ['linear', 'relu', 'sigmoid', 'tanh'];
const TRANSPOSES: readonly (readonly [boolean, boolean])[] = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];

/** A tensor's values, the tensor disposed. */
function valuesOf(t: Tensor): number[] {
  const values = Array.from(t.dataSync());
  t.dispose();
  return values;
}

/**
 * a, b and bias of an m×k·k×n product (stored transposed where asked) whose pre-activations op(a)·op(b) + bias are all
 * at least 0.05 from 0, so that no central difference straddles ReLU's kink: seeds are tried in turn until one fits.
 */
function kinkFreeOperands(m: number, k: number, n: number, tA: boolean, tB: boolean, seed: number): Tensor[] {
  for (let s = seed; ; s += 3) {
    const a = uniform(tA ? [k, m] : [m, k], s, { low: -1, high: 1 });
    const b = uniform(tB ? [n, k] : [k, n], s + 1, { low: -1, high: 1 });
    const bias = uniform([n], s + 2, { low: -0.5, high: 0.5 });
    const z = valuesOf(fusedMatMul({ a, b, bias, transposeA: tA, transposeB: tB }));
    if (z.every((v) => Math.abs(v) >= 0.05)) return [a, b, bias];
    a.dispose();
    b.dispose();
    bias.dispose();
  }
}

describeEachBackend('gradcheck: fused kernels', (backend) => {
  for (const activation of ACTIVATIONS) {
    TRANSPOSES.forEach(([tA, tB], i) => {
      testGrad(
        `FusedMatMul, ${activation}, transposeA=${tA}, transposeB=${tB}: a, b, bias`,
        (a, b, bias) => fusedMatMul({ a, b, bias, activation, transposeA: tA, transposeB: tB }),
        () => kinkFreeOperands(3, 4, 2, tA, tB, 100 + 10 * i),
      );
    });
    testGrad(
      `FusedMatMul, ${activation}, no bias: a, b`,
      (a, b) => fusedMatMul({ a, b, activation }),
      () => kinkFreeOperands(3, 4, 2, false, false, 200).slice(0, 2),
    );
  }

  // ActivationGrad(dy, y) = dy·f(y): linear in dy; in y, f′ is 0 (linear, relu), 1 − 2y (sigmoid) or −2y (tanh).
  // Without the kernel, activationGrad of 'linear' is dy itself and does not read y: only dy is checked there.
  testGrad(
    'ActivationGrad, linear: dy',
    (dy) => activationGrad(dy, uniform([2, 3], 301), 'linear'),
    () => [uniform([2, 3], 300)],
  );
  for (const activation of ACTIVATIONS) {
    if (activation === 'linear' && !getKernel('ActivationGrad', backend)) continue;
    testGrad(
      `ActivationGrad, ${activation}: dy and y (second derivative of the epilogue)`,
      (dy, y) => activationGrad(dy, y, activation),
      () => [
        uniform([2, 3], 300),
        activation === 'sigmoid'
          ? uniform([2, 3], 301, { low: 0.05, high: 0.95 })
          : activation === 'tanh'
            ? uniform([2, 3], 301, { low: -0.95, high: 0.95 })
            : uniform([2, 3], 301, { avoid: [0] }),
      ],
    );
  }

  testGrad(
    'Penalty, L1 + L2 (x away from 0)',
    (x) => penalty(x, 0.01, 0.1),
    () => [uniform([3, 4], 400, { avoid: [0] })],
  );
  testGrad(
    'Penalty, L1 alone',
    (x) => penalty(x, 0.3, 0),
    () => [uniform([5], 401, { avoid: [0] })],
  );
  testGrad(
    'Penalty, L2 alone',
    (x) => penalty(x, 0, 0.2),
    () => [uniform([5], 402)],
  );
  testGrad(
    'PenaltyGrad: the scalar dy and x',
    (dy, x) => penaltyGrad(dy, x, 0.01, 0.1),
    () => [tensor(-1.3, [], 'float64'), uniform([2, 3], 403, { avoid: [0] })],
  );
  testGrad(
    'Penalty, second order: ∂/∂x of ∂penalty/∂x',
    (x) => grad((t) => penalty(t, 0.05, 0.3))(x),
    () => [uniform([4], 404, { avoid: [0] })],
  );
  testGrad(
    'Dropout at a fixed seed: x (a deterministic function of x)',
    (x) => (dropoutWithMask(x, 0.4, [3, 5]) as [Tensor, Tensor])[0],
    () => [uniform([4, 5], 500)],
  );
  test('Dropout at a fixed seed drops some units and keeps others (the check above covers both)', () => {
    tidy(() => {
      const [, mask] = dropoutWithMask(uniform([4, 5], 500), 0.4, [3, 5]);
      const m = Array.from(mask.dataSync());
      assert.ok(m.includes(0) && m.some((v) => v !== 0), `mask ${m}`);
    });
  });

  // Crossentropy of probabilities: the CrossEntropyGrad kernel for p, ops for the labels t; inside the clip.
  for (const kind of ['binary', 'categorical'] as const) {
    testGrad(
      `CrossEntropy, ${kind}: labels t and predictions p`,
      (t, p) => crossEntropy(t, p, kind, 1e-7),
      () => [uniform([3, 4], 700, { low: 0, high: 1 }), uniform([3, 4], 701, { low: 0.05, high: 0.95 })],
    );
    // A recorded backward takes the composable form: its own gradient, in t and in p.
    testGrad(
      `CrossEntropy, ${kind}, second order: ∂/∂(t, p) of ∂(Σ r·loss)/∂p`,
      (t, p) => {
        const r = uniform([3], 710);
        return grad((q) => sum(mul(crossEntropy(t, q, kind, 1e-7), r)))(p);
      },
      () => [uniform([3, 4], 702, { low: 0, high: 1 }), uniform([3, 4], 703, { low: 0.05, high: 0.95 })],
    );
  }

  // Crossentropy of logits (any real x, large ones included): the CrossEntropyGrad kernel for x, ops for t.
  for (const kind of ['binaryLogits', 'categoricalLogits'] as const) {
    testGrad(
      `CrossEntropy, ${kind}: labels t and logits x`,
      (t, x) => crossEntropy(t, x, kind, 1e-7),
      () => [uniform([3, 4], 720, { low: 0, high: 1 }), uniform([3, 4], 721, { low: -6, high: 6 })],
    );
    testGrad(
      `CrossEntropy, ${kind}, second order: ∂/∂(t, x) of ∂(Σ r·loss)/∂x`,
      (t, x) => {
        const r = uniform([3], 730);
        return grad((q) => sum(mul(crossEntropy(t, q, kind, 1e-7), r)))(x);
      },
      () => [uniform([3, 4], 722, { low: 0, high: 1 }), uniform([3, 4], 723, { low: -6, high: 6 })],
    );
  }

  // Second order through FusedMatMul: the backward reads the saved output, so its own gradient reaches a and b
  // through ActivationGrad's y input and back through the forward.
  for (const activation of ['relu', 'sigmoid', 'tanh'] as const) {
    testGrad(
      `FusedMatMul, ${activation}, second order: ∂/∂(a, b, bias) of ∂(Σ r·y)/∂a`,
      (a, b, bias) => {
        const r = uniform([3, 2], 600);
        return grad((t) => sum(mul(fusedMatMul({ a: t, b, bias, activation }), r)))(a);
      },
      () => kinkFreeOperands(3, 4, 2, false, false, 610),
    );
    testGrad(
      `FusedMatMul, ${activation}, transposed, second order: ∂/∂(a, b, bias) of ∂(Σ r·y)/∂b`,
      (a, b, bias) => {
        const r = uniform([3, 2], 620);
        const f = (t: Tensor) =>
          sum(mul(fusedMatMul({ a, b: t, bias, activation, transposeA: true, transposeB: true }), r));
        return grad(f)(b);
      },
      () => kinkFreeOperands(3, 4, 2, true, true, 630),
    );
  }
  // Linear: ∂/∂a depends on b alone and ∂/∂b on a alone (a, the bias and r fixed inside f).
  testGrad(
    'FusedMatMul, linear, second order: ∂/∂b of ∂(Σ r·y)/∂a',
    (b) => {
      const r = uniform([3, 2], 640);
      const f = (t: Tensor) => sum(mul(fusedMatMul({ a: t, b, bias: uniform([2], 641) }), r));
      return grad(f)(uniform([3, 4], 642));
    },
    () => [uniform([4, 2], 643)],
  );
  testGrad(
    'FusedMatMul, linear, transposed, second order: ∂/∂a of ∂(Σ r·y)/∂b',
    (a) => {
      const r = uniform([3, 2], 650);
      const f = (t: Tensor) => sum(mul(fusedMatMul({ a, b: t, transposeA: true, transposeB: true }), r));
      return grad(f)(uniform([2, 4], 651));
    },
    () => [uniform([4, 3], 652)],
  );

  // A Dense layer (fused forward for these activations): the input gradient of Σ r·dense(x), itself checked against
  // finite differences — what a gradient penalty or a Hessian-vector product differentiates.
  for (const activation of ['sigmoid', 'tanh', 'relu'] as const) {
    test(`Dense(${activation}), second order: ∂/∂x of ∂(Σ r·dense(x))/∂x`, () => {
      const layer = new Dense(3, { activation, dtype: 'float64' });
      tidy(() => {
        const x = uniform([2, 4], 700);
        layer.apply(x); // builds the kernel and bias
        const r = uniform([2, 3], 701);
        gradCheck((input) => grad((t) => sum(mul(layer.apply(t) as Tensor, r)))(input), [x]);
      });
      layer.dispose();
    });
  }

  test('Dense(tanh): the second derivative matches a hand-written one', () => {
    const layer = new Dense(2, { activation: 'tanh', dtype: 'float64' });
    tidy(() => {
      const x = uniform([1, 3], 800);
      layer.apply(x);
      const [kernel, bias] = layer.trainableWeights as unknown as [Tensor, Tensor];
      const r = tensor([[0.7, -1.1]], [1, 2], 'float64');
      // d/dx Σ r·tanh(xW + b) = (r·(1 − y²))Wᵀ; its x-gradient (with upstream 1) is Σ_j r_j·(−2y_j)(1 − y_j²)·W_ij·Σ_l W_lj.
      const g2 = grad((input) => grad((t) => sum(mul(layer.apply(t) as Tensor, r)))(input))(x);
      const y = valuesOf(fusedMatMul({ a: x, b: kernel, bias, activation: 'tanh' }));
      const w = Array.from(kernel.dataSync());
      const rv = [0.7, -1.1];
      const colSum = [0, 1].map((j) => [0, 1, 2].reduce((s, l) => s + (w[l * 2 + j] as number), 0));
      const expected = [0, 1, 2].map((i) =>
        [0, 1].reduce((s, j) => {
          const yj = y[j] as number;
          return s + (rv[j] as number) * -2 * yj * (1 - yj * yj) * (w[i * 2 + j] as number) * (colSum[j] as number);
        }, 0),
      );
      const got = Array.from(g2.dataSync());
      got.forEach((v, i) => {
        assert.ok(Math.abs(v - (expected[i] as number)) < 1e-12, `element ${i}: ${v} vs ${expected[i]}`);
      });
    });
    layer.dispose();
  });

  // a and b feed both FusedMatMul and a plain MatMul: the two gradients accumulate into the same inputs.
  testGrad(
    'FusedMatMul beside MatMul on the same operands: a, b (tanh)',
    (a, b) => sum(mul(fusedMatMul({ a, b, activation: 'tanh' }), matMul(a, b))),
    () => kinkFreeOperands(3, 4, 2, false, false, 900).slice(0, 2),
  );
});
