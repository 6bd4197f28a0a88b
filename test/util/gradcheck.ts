import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memory, type Shape, type Tensor, tensor, tidy, valueAndGrads } from '../../src/index.js';

/** Options of {@link gradCheck}; the defaults are PyTorch's `gradcheck` defaults for float64. */
export interface GradCheckOptions {
  /** Half-width of the central difference: (f(x + eps) − f(x − eps)) / 2eps. */
  eps?: number;
  /** An element passes when |analytic − numeric| ≤ atol + rtol·|numeric|. */
  atol?: number;
  rtol?: number;
  /** Seed of the random upstream gradient dy. */
  seed?: number;
  /** Also assert that the check leaves no tensor behind (default true). */
  checkLeaks?: boolean;
}

/**
 * A small seeded generator (mulberry32): the same seed gives the same stream on every run and
 * machine, independent of Dendrite's own random ops (which are what some suites test).
 */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sizeOf(shape: Shape): number {
  return shape.reduce((p, d) => p * d, 1);
}

/**
 * A float64 tensor of uniform values in [low, high), redrawn until every value is at least
 * `margin` away from each point in `avoid` (the kinks of the op under test, so the central
 * difference never straddles one).
 */
export function uniform(
  shape: Shape,
  seed: number,
  {
    low = -2,
    high = 2,
    avoid = [],
    margin = 0.1,
  }: { low?: number; high?: number; avoid?: number[]; margin?: number } = {},
): Tensor {
  const next = rng(seed);
  const values = new Float64Array(sizeOf(shape));
  for (let i = 0; i < values.length; i++) {
    let v: number;
    do v = low + (high - low) * next();
    while (avoid.some((k) => Math.abs(v - k) < margin));
    values[i] = v;
  }
  return tensor(values, shape, 'float64');
}

/**
 * Float64 tensors of `shapes` whose values, taken together, are all distinct (a shuffled grid with
 * spacing `gap`, jittered by at most gap/5), for max/min/maximum/minimum, whose gradients jump where
 * two elements tie.
 */
export function distinct(shapes: readonly Shape[], seed: number, { offset = 0, gap = 0.25 } = {}): Tensor[] {
  const next = rng(seed);
  const n = shapes.reduce((p, s) => p + sizeOf(s), 0);
  const values = Array.from({ length: n }, (_, i) => offset + (i - Math.floor(n / 2)) * gap + next() * gap * 0.2);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [values[i], values[j]] = [values[j] as number, values[i] as number];
  }
  let start = 0;
  return shapes.map((s) => {
    const t = tensor(new Float64Array(values.slice(start, start + sizeOf(s))), s, 'float64');
    start += sizeOf(s);
    return t;
  });
}

function indexOf(flat: number, shape: Shape): string {
  const idx: number[] = [];
  for (let a = shape.length - 1; a >= 0; a--) {
    const d = shape[a] as number;
    idx.unshift(flat % d);
    flat = Math.floor(flat / d);
  }
  return `[${idx.join(',')}]`;
}

/**
 * Checks the gradient of `f` at `inputs` against central finite differences, in the manner of
 * PyTorch's `gradcheck`: with a seeded random upstream gradient dy of f's output shape, the
 * analytic vector–Jacobian product dyᵀ·∂f/∂xᵢ (from `valueAndGrads`) must match, element by
 * element, the numerical derivative of φ(x) = Σ dy·f(x), computed in double precision:
 *
 *   ∂φ/∂xᵢⱼ ≈ (φ(xᵢⱼ + eps) − φ(xᵢⱼ − eps)) / 2eps,  |analytic − numeric| ≤ atol + rtol·|numeric|.
 *
 * Inputs must be float64 (float32 rounding would swamp a difference of eps = 1e-6). The analytic
 * gradient must also have its input's shape and dtype. A failure names the input, the element
 * and both values.
 */
export function gradCheck(
  f: (...xs: Tensor[]) => Tensor,
  inputs: readonly Tensor[],
  opts: GradCheckOptions = {},
): void {
  const { eps = 1e-6, atol = 1e-5, rtol = 1e-3, seed = 1, checkLeaks = true } = opts;
  inputs.forEach((x, i) => {
    assert.equal(x.dtype, 'float64', `gradCheck: input ${i} must be float64. Received: ${x.dtype}`);
  });
  const before = memory().numTensors;
  tidy(() => {
    const y0 = f(...inputs);
    assert.ok(
      y0.dtype === 'float64' || y0.dtype === 'float32',
      `gradCheck: f must return floats. Received: ${y0.dtype}`,
    );
    const next = rng(seed);
    // dy in ±[0.5, 1.5): never near 0, so no element of the Jacobian escapes the check.
    const dyValues = Array.from({ length: y0.size }, () => (next() < 0.5 ? -1 : 1) * (0.5 + next()));
    const dy = tensor(dyValues, y0.shape, y0.dtype);
    // φ at the inputs with input i replaced by `values`.
    const phi = (i: number, values: Float64Array): number =>
      tidy(() => {
        const xs = inputs.map((t, k) => (k === i ? tensor(values, t.shape, 'float64') : t));
        const y = f(...xs);
        assert.deepEqual(y.shape, y0.shape, 'gradCheck: f returned a different shape on a perturbed input');
        const v = y.dataSync();
        let s = 0;
        for (let k = 0; k < v.length; k++) s += (dyValues[k] as number) * (v[k] as number);
        return s;
      });
    const { grads } = valueAndGrads(f)(inputs, dy);
    inputs.forEach((x, i) => {
      const g = grads[i] as Tensor;
      assert.deepEqual(g.shape, x.shape, `gradCheck: gradient ${i} has shape [${g.shape}], input [${x.shape}]`);
      assert.equal(g.dtype, x.dtype, `gradCheck: gradient ${i} has dtype ${g.dtype}, input ${x.dtype}`);
      const analytic = g.dataSync();
      const base = x.dataSync();
      for (let j = 0; j < base.length; j++) {
        const at = (delta: number): number => {
          const values = new Float64Array(base);
          values[j] = (base[j] as number) + delta;
          return phi(i, values);
        };
        const numeric = (at(eps) - at(-eps)) / (2 * eps);
        const a = analytic[j] as number;
        const tol = atol + rtol * Math.abs(numeric);
        assert.ok(
          Math.abs(a - numeric) <= tol,
          `gradCheck: input ${i}, element ${j} ${indexOf(j, x.shape)}: analytic ${a}, numeric ${numeric} ` +
            `(|diff| ${Math.abs(a - numeric)} > ${tol})`,
        );
      }
    });
  });
  if (checkLeaks) {
    assert.equal(memory().numTensors - before, 0, 'gradCheck: tensors leaked while checking the gradient');
  }
}

/** A `node:test` case that gradient-checks `f` at `inputs()` (made inside a `tidy`, so they are freed after). */
export function testGrad(
  name: string,
  f: (...xs: Tensor[]) => Tensor,
  inputs: () => Tensor[],
  opts: GradCheckOptions = {},
): void {
  test(name, () => {
    tidy(() => {
      gradCheck(f, inputs(), opts);
    });
  });
}
