import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ValueError } from '../../src/index.js';
import { Constant, constant, Identity, identity, Ones, ones, Zeros, zeros } from '../../src/initializers/index.js';

describe('Zeros / Ones / Constant / Identity', () => {
  test('zeros and ones fill the shape, in any dtype', () => {
    const z = zeros().apply([2, 3]);
    assert.deepEqual(z.shape, [2, 3]);
    assert.deepEqual(Array.from(z.dataSync()), [0, 0, 0, 0, 0, 0]);
    const o = ones().apply([2], 'int32');
    assert.equal(o.dtype, 'int32');
    assert.deepEqual(Array.from(o.dataSync()), [1, 1]);
    assert.ok(new Zeros() instanceof Zeros && new Ones() instanceof Ones);
  });

  test('constant fills with its value; default 0', () => {
    assert.deepEqual(constant({ value: 0.25 }).apply([2, 2]).arraySync(), [
      [0.25, 0.25],
      [0.25, 0.25],
    ]);
    assert.deepEqual(Array.from(new Constant().apply([2]).dataSync()), [0, 0]);
    assert.deepEqual(new Constant({ value: -3 }).getConfig(), { value: -3 });
  });

  test('constant rejects a non-number', () => {
    assert.throws(
      () => new Constant({ value: '1' as never }),
      /^ValueError: Invalid value received for argument `value` of Constant\. Expected a finite number\. Received: value="1"$/,
    );
    assert.throws(() => new Constant({ value: Number.NaN }), ValueError);
  });

  test('identity: gain on the diagonal, zeros elsewhere, non-square allowed', () => {
    assert.deepEqual(identity({ gain: 2 }).apply([2, 3]).arraySync(), [
      [2, 0, 0],
      [0, 2, 0],
    ]);
    assert.deepEqual(new Identity().apply([3, 2]).arraySync(), [
      [1, 0],
      [0, 1],
      [0, 0],
    ]);
    assert.throws(
      () => new Identity().apply([2, 2, 2]),
      /^ValueError: Identity: the identity initializer can only be used for 2-D matrices\. Received: shape=\[2,2,2\] of rank 3$/,
    );
  });
});
