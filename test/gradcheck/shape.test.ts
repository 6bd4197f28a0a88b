// Gradient checks of the shape ops: each output element comes from some input element (or a constant),
// so a wrong gradient here is a wrong index, which only an elementwise check with a random dy finds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  add,
  broadcastTo,
  concat,
  expandDims,
  gather,
  grad,
  mul,
  pad,
  reshape,
  slice,
  split,
  squeeze,
  stack,
  type Tensor,
  tensor,
  tidy,
  tile,
  transpose,
  unstack,
} from '../../src/index.js';
import { assertExact } from '../util/assert.js';
import { describeEachBackend } from '../util/backends.js';
import { testGrad, uniform } from '../util/gradcheck.js';

const int32 = (values: number[], shape?: number[]): Tensor => tensor(values, shape, 'int32');

describeEachBackend('gradcheck: shape ops', () => {
  const x23 = (seed: number): Tensor => uniform([2, 3], seed);
  const x234 = (seed: number): Tensor => uniform([2, 3, 4], seed);

  testGrad(
    'reshape [2,3] → [3,2]',
    (x) => reshape(x, [3, 2]),
    () => [x23(1)],
  );
  testGrad(
    'reshape [2,3,4] → [-1, 2]',
    (x) => reshape(x, [-1, 2]),
    () => [x234(2)],
  );
  testGrad(
    'reshape to a scalar',
    (x) => reshape(x, []),
    () => [uniform([1, 1], 3)],
  );

  testGrad(
    'transpose (default: reversed axes)',
    (x) => transpose(x),
    () => [x234(4)],
  );
  testGrad(
    'transpose perm [1,0,2]',
    (x) => transpose(x, [1, 0, 2]),
    () => [x234(5)],
  );
  testGrad(
    'transpose perm [2,0,1]',
    (x) => transpose(x, [2, 0, 1]),
    () => [x234(6)],
  );
  testGrad(
    'transpose perm [0,2,1]',
    (x) => transpose(x, [0, 2, 1]),
    () => [x234(7)],
  );
  testGrad(
    'transpose identity perm',
    (x) => transpose(x, [0, 1]),
    () => [x23(8)],
  );

  testGrad(
    'expandDims axis 0',
    (x) => expandDims(x, 0),
    () => [x23(9)],
  );
  testGrad(
    'expandDims axis -1',
    (x) => expandDims(x, -1),
    () => [x23(10)],
  );
  testGrad(
    'squeeze all',
    (x) => squeeze(x),
    () => [uniform([1, 3, 1], 11)],
  );
  testGrad(
    'squeeze axis 2',
    (x) => squeeze(x, 2),
    () => [uniform([1, 3, 1], 12)],
  );

  testGrad(
    'concat axis 0 (three tensors)',
    (a, b, c) => concat([a, b, c], 0),
    () => [uniform([1, 3], 13), uniform([2, 3], 14), uniform([3, 3], 15)],
  );
  testGrad(
    'concat axis 1',
    (a, b) => concat([a, b], 1),
    () => [uniform([2, 1, 4], 16), uniform([2, 2, 4], 17)],
  );
  testGrad(
    'concat axis -1',
    (a, b) => concat([a, b], -1),
    () => [uniform([2, 3, 1], 18), uniform([2, 3, 3], 19)],
  );
  testGrad(
    'concat of one tensor',
    (a) => concat([a], 0),
    () => [x23(20)],
  );
  testGrad(
    'concat of a tensor with itself',
    (a) => concat([a, mul(a, a)], 1),
    () => [x23(21)],
  );

  testGrad(
    'stack axis 0',
    (a, b, c) => stack([a, b, c]),
    () => [x23(22), x23(23), x23(24)],
  );
  testGrad(
    'stack axis 1',
    (a, b) => stack([a, b], 1),
    () => [x23(25), x23(26)],
  );
  testGrad(
    'stack axis -1',
    (a, b) => stack([a, b], -1),
    () => [x23(27), x23(28)],
  );

  testGrad(
    'unstack axis 0 (pieces recombined)',
    (x) => {
      const [a, b] = unstack(x) as [Tensor, Tensor];
      return add(mul(a, 2), mul(b, b));
    },
    () => [x234(29)],
  );
  testGrad(
    'unstack axis 1 (only some pieces used)',
    (x) => {
      const [a, , c] = unstack(x, 1) as [Tensor, Tensor, Tensor];
      return mul(a, c);
    },
    () => [x234(30)],
  );

  testGrad(
    'slice rank 1',
    (x) => slice(x, [1], [3]),
    () => [uniform([5], 31)],
  );
  testGrad(
    'slice rank 2',
    (x) => slice(x, [0, 1], [2, 2]),
    () => [x23(32)],
  );
  testGrad(
    'slice rank 3 with size -1',
    (x) => slice(x, [1, 1, 0], [-1, 2, 3]),
    () => [x234(33)],
  );
  testGrad(
    'slice with trailing axes omitted',
    (x) => slice(x, [0, 2]),
    () => [x234(34)],
  );

  testGrad(
    'split into equal parts, axis 1',
    (x) => {
      const [a, b, c] = split(x, 3, 1) as [Tensor, Tensor, Tensor];
      return add(mul(a, b), mul(c, 3));
    },
    () => [uniform([2, 6], 35)],
  );
  testGrad(
    'split by sizes, axis -1, one part unused',
    (x) => {
      const [a, , c] = split(x, [1, 2, 1], -1) as [Tensor, Tensor, Tensor];
      return mul(a, c);
    },
    () => [x234(36)],
  );

  testGrad(
    'gather axis 0, repeated indices',
    (x) => gather(x, int32([2, 0, 2, 2, 1])),
    () => [uniform([4, 3], 37)],
  );
  testGrad(
    'gather axis 1, repeated indices',
    (x) => gather(x, int32([2, 1, 2, 2]), 1),
    () => [x234(38)],
  );
  testGrad(
    'gather axis 1, rank-2 indices',
    (x) => gather(x, int32([0, 2, 2, 0], [2, 2]), 1),
    () => [x23(39)],
  );
  testGrad(
    'gather axis -1',
    (x) => gather(x, int32([1, 1, 0]), -1),
    () => [x234(40)],
  );
  testGrad(
    'gather of a vector, some rows never picked',
    (x) => gather(x, int32([4, 4])),
    () => [uniform([5], 41)],
  );

  testGrad(
    'tile [2,1]',
    (x) => tile(x, [2, 1]),
    () => [x23(42)],
  );
  testGrad(
    'tile [1,3]',
    (x) => tile(x, [1, 3]),
    () => [x23(43)],
  );
  testGrad(
    'tile [2,2]',
    (x) => tile(x, [2, 2]),
    () => [x23(44)],
  );
  testGrad(
    'tile rank 3 [2,1,3]',
    (x) => tile(x, [2, 1, 3]),
    () => [uniform([2, 3, 2], 45)],
  );
  testGrad(
    'tile rank 1',
    (x) => tile(x, [3]),
    () => [uniform([2], 46)],
  );

  testGrad(
    'pad rank 2',
    (x) =>
      pad(x, [
        [1, 0],
        [2, 1],
      ]),
    () => [x23(47)],
  );
  testGrad(
    'pad rank 3 with a constant',
    (x) =>
      pad(
        x,
        [
          [0, 1],
          [1, 1],
          [0, 2],
        ],
        2.5,
      ),
    () => [x234(48)],
  );
  testGrad(
    'pad with zero padding',
    (x) =>
      pad(x, [
        [0, 0],
        [0, 0],
      ]),
    () => [x23(49)],
  );

  testGrad(
    'broadcastTo [3] → [2,3]',
    (x) => broadcastTo(x, [2, 3]),
    () => [uniform([3], 50)],
  );
  testGrad(
    'broadcastTo [2,1] → [2,3]',
    (x) => broadcastTo(x, [2, 3]),
    () => [uniform([2, 1], 51)],
  );
  testGrad(
    'broadcastTo [] → [2,2]',
    (x) => broadcastTo(x, [2, 2]),
    () => [uniform([], 52)],
  );
  testGrad(
    'broadcastTo [1,3] → [2,4,3]',
    (x) => broadcastTo(x, [2, 4, 3]),
    () => [uniform([1, 3], 53)],
  );
  testGrad(
    'broadcastTo same shape',
    (x) => broadcastTo(x, [2, 3]),
    () => [x23(54)],
  );

  test('gather: a row picked k times gets k·dy', () => {
    tidy(() => {
      const g = grad((x) => gather(x, int32([2, 0, 2, 2]), 0))(tensor([1, 2, 3], [3], 'float64'));
      assertExact(g, [1, 0, 3]);
    });
  });

  test('gather: indices get no gradient, and the gradient keeps the params dtype', () => {
    tidy(() => {
      const g = grad((x) => gather(x, int32([1])))(tensor([1, 2], [2], 'float64'));
      assert.equal(g.dtype, 'float64');
      assertExact(g, [0, 1]);
    });
  });
});
