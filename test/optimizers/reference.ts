// Independent plain-JS float64 references of Keras 3's optimizer formulas, and a harness that runs an
// optimizer on float64 variables beside its reference and compares them after every step.
import assert from 'node:assert/strict';
import { type Tensor, tensor, tidy, type Variable, variable } from '../../src/index.js';
import type { Optimizer } from '../../src/optimizers/index.js';

/** One variable's reference state: its values and its slots (by name, each an array like the values). */
export interface RefVar {
  w: number[];
  slots: Record<string, number[]>;
}

/** Updates one variable in place, as Keras's `update_step` does. `t` is `iterations` before the step. */
export type RefUpdate = (v: RefVar, g: readonly number[], lr: number, t: number) => void;

const slot = (v: RefVar, name: string, init = 0): number[] => {
  v.slots[name] ??= v.w.map(() => init);
  return v.slots[name];
};

export function sgdRef(momentum = 0, nesterov = false): RefUpdate {
  return (v, g, lr) => {
    if (momentum === 0) {
      v.w.forEach((w, i) => {
        v.w[i] = w - g[i] * lr;
      });
      return;
    }
    const m = slot(v, 'momentum');
    v.w.forEach((w, i) => {
      m[i] = m[i] * momentum - g[i] * lr;
      v.w[i] = w + (nesterov ? m[i] * momentum - g[i] * lr : m[i]);
    });
  };
}

export function adamRef(beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7, amsgrad = false): RefUpdate {
  return (v, g, lr, t) => {
    const step = t + 1;
    const alpha = (lr * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step);
    const m = slot(v, 'momentum');
    const vel = slot(v, 'velocity');
    const vHat = slot(v, 'velocityHat');
    v.w.forEach((w, i) => {
      m[i] = m[i] + (g[i] - m[i]) * (1 - beta1);
      vel[i] = vel[i] + (g[i] * g[i] - vel[i]) * (1 - beta2);
      vHat[i] = Math.max(vHat[i], vel[i]);
      const denominator = amsgrad ? vHat[i] : vel[i];
      v.w[i] = w - (m[i] * alpha) / (Math.sqrt(denominator) + epsilon);
    });
  };
}

export function rmspropRef(rho = 0.9, momentum = 0, epsilon = 1e-7, centered = false): RefUpdate {
  return (v, g, lr) => {
    const vel = slot(v, 'velocity');
    const mom = slot(v, 'momentum');
    const avg = slot(v, 'averageGradient');
    v.w.forEach((w, i) => {
      vel[i] = rho * vel[i] + (1 - rho) * (g[i] * g[i]);
      let denominator: number;
      if (centered) {
        avg[i] = rho * avg[i] + (1 - rho) * g[i];
        denominator = vel[i] - avg[i] * avg[i] + epsilon;
      } else {
        denominator = vel[i] + epsilon;
      }
      const increment = (lr * g[i]) / Math.sqrt(denominator);
      if (momentum > 0) {
        mom[i] = momentum * mom[i] + increment;
        v.w[i] = w - mom[i];
      } else {
        v.w[i] = w - increment;
      }
    });
  };
}

export function adagradRef(initialAccumulatorValue = 0.1, epsilon = 1e-7): RefUpdate {
  return (v, g, lr) => {
    const acc = slot(v, 'accumulator', initialAccumulatorValue);
    v.w.forEach((w, i) => {
      acc[i] = acc[i] + g[i] * g[i];
      v.w[i] = w - (lr * g[i]) / Math.sqrt(acc[i] + epsilon);
    });
  };
}

/** The parts of a Keras step around the update rule. */
export interface RefCommon {
  learningRate: number | ((step: number) => number);
  weightDecay?: number;
  clipNorm?: number;
  clipValue?: number;
  globalClipNorm?: number;
}

const l2 = (xs: readonly number[]) => Math.sqrt(xs.reduce((s, x) => s + x * x, 0));

/** One full reference step: clip, read the rate, decay, update (Keras's `BaseOptimizer.apply`). */
export function refApply(common: RefCommon, update: RefUpdate, vars: RefVar[], grads: number[][], t: number): void {
  let gs = grads.map((g) => [...g]);
  if (common.clipNorm !== undefined) {
    const c = common.clipNorm;
    gs = gs.map((g) => {
      const n = l2(g);
      return g.map((x) => (x * c) / Math.max(n, c));
    });
  } else if (common.globalClipNorm !== undefined) {
    const c = common.globalClipNorm;
    const n = Math.sqrt(gs.reduce((s, g) => s + g.reduce((a, x) => a + x * x, 0), 0));
    const scale = c * Math.min(1 / n, 1 / c) + (n - n);
    gs = gs.map((g) => g.map((x) => x * scale));
  } else if (common.clipValue !== undefined) {
    const c = common.clipValue;
    gs = gs.map((g) => g.map((x) => Math.min(Math.max(x, -c), c)));
  }
  const lr = typeof common.learningRate === 'number' ? common.learningRate : common.learningRate(t);
  if (common.weightDecay !== undefined) {
    const wd = common.weightDecay;
    for (const v of vars) v.w = v.w.map((w) => w - w * wd * lr);
  }
  for (const [i, v] of vars.entries()) update(v, gs[i], lr, t);
}

/** Two variables of different shapes, so per-variable and global behaviour differ. */
export const SHAPES: readonly (readonly number[])[] = [[2, 3], [2]];
export const INITIAL: readonly (readonly number[])[] = [
  [0.5, -1.2, 2, 0, 3.5, -0.25],
  [0.75, -2],
];

/**
 * A deterministic, step-dependent gradient of the reference values (the same numbers go to the
 * optimizer), large enough to make clipping bite, with signs that change between steps.
 */
export function gradientAt(vars: readonly RefVar[], step: number): number[][] {
  return vars.map((v, j) => v.w.map((w, i) => 2 * (w - 0.1 * i) + 1.5 * Math.sin(3 * step + i + 5 * j)));
}

export function makeVariables(dtype: 'float32' | 'float64' = 'float64', prefix = 'golden'): Variable[] {
  return INITIAL.map((values, j) =>
    variable(tensor([...values], [...(SHAPES[j] as number[])], dtype), true, `${prefix}_${j}`),
  );
}

/**
 * Runs `optimizer` for `steps` steps on float64 variables next to the reference and asserts after
 * every step that each value agrees to 1e-12 (relative and absolute). Returns the reference state.
 */
export function assertMatchesReference(
  optimizer: Optimizer,
  common: RefCommon,
  update: RefUpdate,
  { steps = 6, prepare }: { steps?: number; prepare?: (vars: Variable[]) => void } = {},
): RefVar[] {
  const vars = makeVariables('float64');
  prepare?.(vars);
  const refs: RefVar[] = INITIAL.map((w) => ({ w: [...w], slots: {} }));
  for (let step = 0; step < steps; step++) {
    const grads = gradientAt(refs, step);
    tidy(() => {
      const pairs = vars.map((v, j) => [tensor(grads[j] as number[], v.shape, 'float64'), v] as [Tensor, Variable]);
      optimizer.applyGradients(pairs);
    });
    refApply(common, update, refs, grads, step);
    for (const [j, v] of vars.entries()) assertValuesClose(v.dataSync(), refs[j].w, `step ${step}, variable ${j}`);
  }
  assert.equal(optimizer.iterations, steps);
  for (const v of vars) v.dispose();
  optimizer.dispose();
  return refs;
}

export function assertValuesClose(actual: ArrayLike<number>, expected: readonly number[], what: string, tol = 1e-12) {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    assert.ok(Math.abs(a - e) <= tol * (1 + Math.abs(e)), `${what}, element ${i}: expected ${e}, got ${a}`);
  }
}
