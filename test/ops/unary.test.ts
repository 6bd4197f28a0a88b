import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  abs,
  cast,
  ceil,
  clipByValue,
  erf,
  exp,
  expm1,
  floor,
  isFinite,
  isNaN,
  log,
  log1p,
  neg,
  reciprocal,
  round,
  rsqrt,
  sign,
  sqrt,
  square,
  tensor,
} from '../../src/index.js';
import { assertClose, assertExact } from '../util/assert.js';
import { describeEachBackend } from '../util/backends.js';

const INF = Number.POSITIVE_INFINITY;
const NAN = Number.NaN;

describeEachBackend('unary math: golden values at the edges', () => {
  test('neg: −0 for 0, 0 for −0; int32 stays int32; bool becomes int32 (not byte 255)', () => {
    assertExact(neg(tensor([0, -0, 2, -INF, NAN])), [-0, 0, -2, INF, NAN]);
    const i = neg(tensor([3, -4], undefined, 'int32'));
    assert.equal(i.dtype, 'int32');
    assertExact(i, [-3, 4]);
    const b = neg(tensor([true, false]));
    assert.equal(b.dtype, 'int32');
    assertExact(b, [-1, 0]);
  });

  test('abs: abs(−0) is +0, abs(−Infinity) is Infinity, NaN stays NaN', () => {
    assertExact(abs(tensor([-0, -3, 3, -INF, NAN])), [0, 3, 3, INF, NAN]);
    assertExact(abs(tensor([-7], undefined, 'int32')), [7]);
  });

  test('sign: sign(±0) = ±0, NaN stays NaN', () => {
    assertExact(sign(tensor([-2, 0, -0, 5, -INF, NAN])), [-1, 0, -0, 1, -1, NAN]);
  });

  test('sqrt, rsqrt: sqrt(−0) = −0, sqrt(−1) = NaN, rsqrt(0) = Infinity, rsqrt(−0) = −Infinity', () => {
    assertExact(sqrt(tensor([-0, 0, 4, -1, INF, NAN])), [-0, 0, 2, NAN, INF, NAN]);
    assertExact(rsqrt(tensor([0, -0, 4, INF])), [INF, -INF, 0.5, 0]);
    // int32 input is promoted to float32 (√2 is not an integer).
    const r = sqrt(tensor([2], undefined, 'int32'));
    assert.equal(r.dtype, 'float32');
    assertClose(r, [Math.SQRT2]);
  });

  test('square and reciprocal: reciprocal(±0) = ±Infinity', () => {
    assertExact(square(tensor([-3, -0, INF, NAN])), [9, 0, INF, NAN]);
    assertExact(reciprocal(tensor([0, -0, 4, INF, -INF])), [INF, -INF, 0.25, 0, -0]);
  });

  test('exp, expm1: exp(−Infinity) = 0, exp(Infinity) = Infinity, overflow to Infinity, expm1(−0) = −0', () => {
    assertExact(exp(tensor([-INF, 0, INF, NAN, 100])), [0, 1, INF, NAN, INF]);
    assertExact(expm1(tensor([-0, 0, -INF, INF])), [-0, 0, -1, INF]);
    // expm1 is accurate near 0 where exp(x) − 1 is not.
    assertClose(expm1(tensor([1e-10], undefined, 'float64')), [1.00000000005e-10], { rtol: 1e-12, atol: 0 });
  });

  test('log, log1p: log(0) = −Infinity, log(−1) = NaN, log1p(−1) = −Infinity', () => {
    assertExact(log(tensor([0, -0, 1, -1, INF, NAN])), [-INF, -INF, 0, NAN, INF, NAN]);
    assertExact(log1p(tensor([-1, -0, 0, -2])), [-INF, -0, 0, NAN]);
    assertClose(log1p(tensor([1e-10], undefined, 'float64')), [9.9999999995e-11], { rtol: 1e-12, atol: 0 });
  });

  test('floor and ceil keep −0 and infinities', () => {
    assertExact(floor(tensor([-0.5, 0.5, -0, 2.7, -2.7, INF, NAN])), [-1, 0, -0, 2, -3, INF, NAN]);
    assertExact(ceil(tensor([-0.5, 0.5, -0, 2.2, -2.7, -INF])), [-0, 1, -0, 3, -2, -INF]);
  });

  test('round: halves go to even (0.5→0, 1.5→2, 2.5→2, −0.5→−0, −1.5→−2, −2.5→−2)', () => {
    assertExact(round(tensor([0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5, -3.5])), [0, 2, 2, 4, -0, -2, -2, -4]);
    assertExact(round(tensor([0.49999997, 0.50000006, 1.4, -1.6, INF, NAN])), [0, 1, 1, -2, INF, NAN]);
    assertExact(round(tensor([2.5], undefined, 'float64')), [2]);
  });

  test('erf against known values in float64 (to 1e-14)', () => {
    const x = tensor([0.5, 1, 3, -2, 6.5, 0, -0, 0.1, -4.5], undefined, 'float64');
    assertClose(
      erf(x),
      [
        0.5204998778130465, 0.8427007929497149, 0.9999779095030014, -0.9953222650189527, 1, 0, -0, 0.1124629160182849,
        -0.9999999998033839,
      ],
      { rtol: 1e-14, atol: 1e-16 },
    );
    assertExact(erf(tensor([-0, INF, -INF, NAN], undefined, 'float64')), [-0, 1, -1, NAN]);
  });

  test('isNaN and isFinite return bool', () => {
    const n = isNaN(tensor([NAN, 0, INF, -INF]));
    assert.equal(n.dtype, 'bool');
    assertExact(n, [1, 0, 0, 0]);
    const f = isFinite(tensor([NAN, 0, INF, -INF, 1e38]));
    assert.equal(f.dtype, 'bool');
    assertExact(f, [0, 1, 0, 0, 1]);
    assertExact(isNaN(tensor([1, 2], undefined, 'int32')), [0, 0]);
  });

  test('clipByValue: inside, outside, at the bounds, infinities, NaN passes through', () => {
    assertExact(clipByValue(tensor([-2, 0, 0.5, 1, 3, -INF, INF, NAN]), 0, 1), [0, 0, 0.5, 1, 1, 0, 1, NAN]);
    assertExact(clipByValue(tensor([-5, 5]), 2, 2), [2, 2]);
    const i = clipByValue(tensor([-5, 0, 5], undefined, 'int32'), -1, 3);
    assert.equal(i.dtype, 'int32');
    assertExact(i, [-1, 0, 3]);
  });

  test('cast: float → int32 truncates toward zero; → bool is x ≠ 0 (NaN is true); bool → float is 0/1', () => {
    const i = cast(tensor([1.7, -1.7, 0.5, -0.5, 2, -0]), 'int32');
    assert.equal(i.dtype, 'int32');
    assertExact(i, [1, -1, 0, 0, 2, 0]);
    const b = cast(tensor([0, -0, 2, -0.1, NAN, INF]), 'bool');
    assert.equal(b.dtype, 'bool');
    assertExact(b, [0, 0, 1, 1, 1, 1]);
    assertExact(cast(tensor([true, false]), 'float32'), [1, 0]);
    const d = cast(tensor([0.1]), 'float64');
    assert.equal(d.dtype, 'float64');
    assertExact(d, [Math.fround(0.1)]);
    assertExact(cast(tensor([0.1], undefined, 'float64'), 'float32'), [Math.fround(0.1)]);
    assertExact(cast(tensor([3, -2], undefined, 'int32'), 'bool'), [1, 1]);
  });

  test('cast to the same dtype gives a new tensor: disposing it leaves the input alive', () => {
    const x = tensor([1, 2]);
    const y = cast(x, 'float32');
    assert.notEqual(y, x);
    y.dispose();
    assert.equal(x.isDisposed, false);
    assertExact(x, [1, 2]);
  });

  test('integer-valued ops keep int32; float-only ops promote int32 and bool to float32', () => {
    assert.equal(square(tensor([3], undefined, 'int32')).dtype, 'int32');
    assert.equal(floor(tensor([3], undefined, 'int32')).dtype, 'int32');
    assert.equal(exp(tensor([0], undefined, 'int32')).dtype, 'float32');
    assert.equal(log(tensor([true])).dtype, 'float32');
    assert.equal(exp(tensor([0], undefined, 'float64')).dtype, 'float64');
  });
});
