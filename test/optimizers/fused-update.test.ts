// The SgdUpdate and AdamUpdate kernels against their unfused formulas written with ops (the kernel-names.ts
// definitions, in Keras 3's order: decoupled decay w ← w − w·decay first, then the update), over several steps with
// the new state fed back, on every backend. The optimizers' own reference tests cover SGD, Adam and AdamW end to end.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  add,
  type DType,
  div,
  maximum,
  mul,
  sqrt,
  square,
  sub,
  type Tensor,
  tensor,
  tidy,
  zeros,
} from '../../src/index.js';
import { adamUpdate, sgdUpdate } from '../../src/ops/updates.js';
import { assertClose, assertExact } from '../util/assert.js';
import { describeEachBackend } from '../util/backends.js';
import { rng } from '../util/gradcheck.js';

const SHAPE = [5, 7];
const STEPS = 5;

function random(seed: number, dtype: DType, scale = 1): Tensor {
  const next = rng(seed);
  const size = SHAPE.reduce((p, d) => p * d, 1);
  return tensor(
    Array.from({ length: size }, () => scale * (2 * next() - 1)),
    SHAPE,
    dtype,
  );
}

const decayed = (w: Tensor, decay: number): Tensor => (decay > 0 ? sub(w, mul(w, decay)) : w);

interface SgdAttrs {
  lr: number;
  momentum: number;
  nesterov: boolean;
  decay: number;
}

/** v′ = μv − lr·g; w′ = w + v′ (Nesterov: w + μv′ − lr·g); without momentum w′ = w − lr·g; decay first. */
function sgdReference(w: Tensor, g: Tensor, velocity: Tensor | undefined, a: SgdAttrs): Tensor[] {
  const w0 = decayed(w, a.decay);
  if (!velocity) return [sub(w0, mul(g, a.lr))];
  const v = sub(mul(velocity, a.momentum), mul(g, a.lr));
  return [add(w0, a.nesterov ? sub(mul(v, a.momentum), mul(g, a.lr)) : v), v];
}

interface AdamAttrs {
  alpha: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  amsgrad: boolean;
  decay: number;
}

/** m′ = m + (g − m)(1 − β1); v′ = v + (g² − v)(1 − β2); w′ = w − m′·alpha/(√v′ + ε), √max(vHat, v′) with AMSGrad. */
function adamReference(w: Tensor, g: Tensor, m: Tensor, v: Tensor, vHat: Tensor | undefined, a: AdamAttrs): Tensor[] {
  const w0 = decayed(w, a.decay);
  const m1 = add(m, mul(sub(g, m), 1 - a.beta1));
  const v1 = add(v, mul(sub(square(g), v), 1 - a.beta2));
  const vHat1 = a.amsgrad && vHat ? maximum(vHat, v1) : undefined;
  const w1 = sub(w0, div(mul(m1, a.alpha), add(sqrt(vHat1 ?? v1), a.epsilon)));
  return vHat1 ? [w1, m1, v1, vHat1] : [w1, m1, v1];
}

const TOLERANCE: Record<'float32' | 'float64', { rtol: number; atol: number }> = {
  float32: { rtol: 1e-5, atol: 1e-6 },
  float64: { rtol: 1e-13, atol: 1e-14 },
};

describeEachBackend('fused optimizer updates', () => {
  const SGD_CASES: readonly [string, Omit<SgdAttrs, 'lr'>][] = [
    ['plain', { momentum: 0, nesterov: false, decay: 0 }],
    ['plain with decay', { momentum: 0, nesterov: false, decay: 0.02 }],
    ['momentum', { momentum: 0.9, nesterov: false, decay: 0 }],
    ['momentum with decay', { momentum: 0.9, nesterov: false, decay: 0.02 }],
    ['nesterov', { momentum: 0.9, nesterov: true, decay: 0 }],
    ['nesterov with decay', { momentum: 0.5, nesterov: true, decay: 0.02 }],
  ];
  for (const dtype of ['float32', 'float64'] as const) {
    for (const [name, attrs] of SGD_CASES) {
      test(`sgdUpdate, ${name}, ${dtype}: the unfused formula over ${STEPS} steps`, () => {
        tidy(() => {
          let w = random(1, dtype);
          let wRef = w;
          const withVelocity = attrs.momentum > 0;
          let v: Tensor | undefined = withVelocity ? zeros(SHAPE, dtype) : undefined;
          let vRef = v;
          for (let step = 0; step < STEPS; step++) {
            const g = random(10 + step, dtype, 2);
            const a = { ...attrs, lr: 0.1 / (1 + step) };
            const out = sgdUpdate(w, g, v, a);
            const ref = sgdReference(wRef, g, vRef, a);
            assert.equal(out.length, withVelocity ? 2 : 1, 'outputs');
            out.forEach((t, i) => {
              assert.equal(t.dtype, dtype);
              assertClose(t, ref[i] as Tensor, { ...TOLERANCE[dtype], shape: SHAPE });
            });
            [w, v] = out as [Tensor, Tensor | undefined];
            [wRef, vRef] = ref as [Tensor, Tensor | undefined];
          }
        });
      });
    }
  }

  const ADAM_CASES: readonly [string, Pick<AdamAttrs, 'amsgrad' | 'decay' | 'beta2'>][] = [
    ['plain', { amsgrad: false, decay: 0, beta2: 0.999 }],
    ['with decay (AdamW)', { amsgrad: false, decay: 0.004 * 0.01, beta2: 0.999 }],
    // β2 small, so that v shrinks between steps and the running maximum matters.
    ['amsgrad', { amsgrad: true, decay: 0, beta2: 0.3 }],
    ['amsgrad with decay', { amsgrad: true, decay: 0.01, beta2: 0.3 }],
  ];
  for (const dtype of ['float32', 'float64'] as const) {
    for (const [name, attrs] of ADAM_CASES) {
      test(`adamUpdate, ${name}, ${dtype}: the unfused formula over ${STEPS} steps`, () => {
        tidy(() => {
          const [beta1, epsilon, lr] = [0.9, 1e-7, 0.01];
          let w = random(2, dtype);
          let m = zeros(SHAPE, dtype);
          let v = zeros(SHAPE, dtype);
          let vHat: Tensor | undefined = attrs.amsgrad ? zeros(SHAPE, dtype) : undefined;
          let [wRef, mRef, vRef, vHatRef] = [w, m, v, vHat];
          let vHatMattered = false;
          for (let step = 0; step < STEPS; step++) {
            const t = step + 1;
            const alpha = (lr * Math.sqrt(1 - attrs.beta2 ** t)) / (1 - beta1 ** t);
            const a = { ...attrs, alpha, beta1, epsilon };
            // Gradients that shrink over the steps, so that v falls below its running maximum.
            const g = random(20 + step, dtype, 2 / t ** 2);
            const out = adamUpdate(w, g, { m, v, vHat }, a);
            const ref = adamReference(wRef, g, mRef, vRef, vHatRef, a);
            assert.equal(out.length, attrs.amsgrad ? 4 : 3, 'outputs');
            out.forEach((x, i) => {
              assert.equal(x.dtype, dtype);
              assertClose(x, ref[i] as Tensor, { ...TOLERANCE[dtype], shape: SHAPE });
            });
            [w, m, v, vHat] = out as [Tensor, Tensor, Tensor, Tensor | undefined];
            [wRef, mRef, vRef, vHatRef] = ref as [Tensor, Tensor, Tensor, Tensor | undefined];
            if (vHat) {
              const [hv, vv] = [vHat.dataSync(), v.dataSync()];
              if (hv.some((h, i) => h > (vv[i] as number))) vHatMattered = true;
            }
          }
          if (attrs.amsgrad) assert.ok(vHatMattered, 'the test exercises a v below its running maximum');
        });
      });
    }
  }

  test('the inputs are left as they were (the kernels return new tensors)', () => {
    tidy(() => {
      const w = random(3, 'float32');
      const g = random(4, 'float32');
      const m = random(5, 'float32', 0.1);
      const v = tensor(Array.from(random(6, 'float32', 0.1).dataSync(), Math.abs), SHAPE);
      const vHat = tensor(Array.from(random(7, 'float32', 0.2).dataSync(), Math.abs), SHAPE);
      const copies = [w, g, m, v, vHat].map((t) => Array.from(t.dataSync()));
      sgdUpdate(w, g, m, { lr: 0.1, momentum: 0.9, nesterov: true, decay: 0.1 });
      adamUpdate(
        w,
        g,
        { m, v, vHat },
        { alpha: 0.1, beta1: 0.9, beta2: 0.99, epsilon: 1e-7, amsgrad: true, decay: 0.1 },
      );
      [w, g, m, v, vHat].forEach((t, i) => {
        assertExact(t, copies[i] as number[]);
      });
    });
  });

  test('adamUpdate without amsgrad ignores a vHat; with amsgrad it needs one', () => {
    tidy(() => {
      const [w, g, m, v] = [random(8, 'float32'), random(9, 'float32'), zeros(SHAPE), zeros(SHAPE)];
      const attrs = { alpha: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, decay: 0 };
      const plain = adamUpdate(w, g, { m, v }, { ...attrs, amsgrad: false });
      const ignored = adamUpdate(
        w,
        g,
        { m, v, vHat: tensor(new Array(35).fill(100), SHAPE) },
        { ...attrs, amsgrad: false },
      );
      assert.equal(ignored.length, 3);
      ignored.forEach((t, i) => {
        assertExact(t, plain[i] as Tensor);
      });
      assert.throws(
        () => adamUpdate(w, g, { m, v }, { ...attrs, amsgrad: true }),
        /^ValueError: adamUpdate: amsgrad needs the vHat slot$/,
      );
    });
  });

  test('one step by hand: sgd with momentum and decay, adam at t = 1', () => {
    tidy(() => {
      const f64 = (values: number[]) => tensor(values, [values.length], 'float64');
      // w = [1, 2] decays by 0.1 to [0.9, 1.8]; v′ = 0.5·[0.2, −0.4] − 0.1·[1, −2] = [0, 0]; w′ = [0.9, 1.8].
      const [w1, v1] = sgdUpdate(f64([1, 2]), f64([1, -2]), f64([0.2, -0.4]), {
        lr: 0.1,
        momentum: 0.5,
        nesterov: false,
        decay: 0.1,
      }) as [Tensor, Tensor];
      assertClose(w1, [0.9, 1.8], { rtol: 1e-15, atol: 1e-15 });
      assertClose(v1, [0, 0], { rtol: 0, atol: 1e-16 });
      // Adam from zero slots: m′ = 0.1g, v′ = 0.001g², step = alpha·0.1g/(√0.001·|g| + ε).
      const alpha = (0.01 * Math.sqrt(1 - 0.999)) / (1 - 0.9);
      const [w2, m2, v2] = adamUpdate(
        f64([1, -1]),
        f64([3, -0.5]),
        { m: f64([0, 0]), v: f64([0, 0]) },
        { alpha, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, amsgrad: false, decay: 0 },
      ) as [Tensor, Tensor, Tensor];
      assertClose(m2, [0.3, -0.05], { rtol: 1e-15, atol: 1e-17 });
      assertClose(v2, [0.009, 0.00025], { rtol: 1e-12, atol: 0 });
      const expected = [3, -0.5].map(
        (g, i) => ([1, -1][i] as number) - (0.1 * g * alpha) / (Math.sqrt(0.001 * g * g) + 1e-7),
      );
      assertClose(w2, expected, { rtol: 1e-14, atol: 0 });
    });
  });
});
