import assert from 'node:assert/strict';
import { Tensor } from '../../src/index.js';

type Values = Tensor | ArrayLike<number> | number;

function flat(v: Values): number[] {
  if (v instanceof Tensor) return Array.from(v.dataSync());
  if (typeof v === 'number') return [v];
  return Array.from(v);
}

/**
 * Elementwise |actual − expected| ≤ atol + rtol·|expected|, with NaN matching NaN and
 * infinities matching exactly. Shapes are compared when both sides are tensors or
 * when `shape` is given.
 */
export function assertClose(
  actual: Values,
  expected: Values,
  { rtol = 1e-6, atol = 1e-6, shape }: { rtol?: number; atol?: number; shape?: readonly number[] } = {},
): void {
  if (actual instanceof Tensor && expected instanceof Tensor) assert.deepEqual(actual.shape, expected.shape, 'shape');
  if (shape && actual instanceof Tensor) assert.deepEqual(actual.shape, shape, 'shape');
  const a = flat(actual);
  const e = flat(expected);
  assert.equal(a.length, e.length, `length: actual ${a.length}, expected ${e.length}`);
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = e[i] as number;
    if (Number.isNaN(y)) {
      assert.ok(Number.isNaN(x), `element ${i}: expected NaN, got ${x}`);
      continue;
    }
    if (!Number.isFinite(y)) {
      assert.equal(x, y, `element ${i}: expected ${y}, got ${x}`);
      continue;
    }
    assert.ok(
      Math.abs(x - y) <= atol + rtol * Math.abs(y),
      `element ${i}: expected ${y}, got ${x} (atol ${atol}, rtol ${rtol})`,
    );
  }
}

/** Exact equality of values, distinguishing −0 from 0 and matching NaN to NaN (Object.is per element). */
export function assertExact(actual: Values, expected: Values): void {
  const a = flat(actual);
  const e = flat(expected);
  assert.equal(a.length, e.length, `length: actual ${a.length}, expected ${e.length}`);
  for (let i = 0; i < a.length; i++) assert.ok(Object.is(a[i], e[i]), `element ${i}: expected ${e[i]}, got ${a[i]}`);
}
