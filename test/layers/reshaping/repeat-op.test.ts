// The repeat op behind UpSampling1D/2D (src/ops/repeat.ts): values, gradient, errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor, tidy, ValueError } from '../../../src/index.js';
import { repeat } from '../../../src/ops/repeat.js';
import { assertExact } from '../../util/assert.js';
import { describeEachBackend } from '../../util/backends.js';
import { gradCheck, uniform } from '../../util/gradcheck.js';

describeEachBackend('repeat', () => {
  test('repeats each element along the axis, as NumPy', () => {
    tidy(() => {
      assertExact(repeat(tensor([1, 2]), 2), [1, 1, 2, 2]);
      const x = tensor([
        [1, 2],
        [3, 4],
      ]);
      const r0 = repeat(x, 3, 0);
      assert.deepEqual(r0.shape, [6, 2]);
      assertExact(r0, [1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4]);
      assertExact(repeat(x, 2, -1), [1, 1, 2, 2, 3, 3, 4, 4]);
      assertExact(repeat(x, 1, 1), [1, 2, 3, 4]);
    });
  });

  test('gradient: each element receives the sum of its copies (float64 gradcheck)', () => {
    tidy(() => {
      gradCheck((x) => repeat(x, 3, 1), [uniform([2, 3, 2], 9)]);
    });
  });
});

test('repeats must be a positive integer; the axis in range', () => {
  assert.throws(
    () => repeat(tensor([1]), 0),
    new ValueError(
      'Invalid value received for argument `repeats` of repeat. Expected a positive integer. Received: repeats=0',
    ),
  );
  assert.throws(() => repeat(tensor([1]), 2, 1), ValueError);
});
