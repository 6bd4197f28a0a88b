import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  add,
  dispose,
  getBackend,
  grad,
  keep,
  memory,
  mul,
  ones,
  reshape,
  StateError,
  setBackend,
  sum,
  type Tensor,
  tensor,
  tidy,
  ValueError,
  variable,
} from '../../src/index.js';
import { describeEachBackend } from '../util/backends.js';

describeEachBackend('engine', (backend) => {
  test('getBackend names the active backend', () => {
    setBackend(backend);
    assert.equal(getBackend(), backend);
  });

  test('tidy frees what it made, keeps what it returns, and moves it to the enclosing scope', () => {
    const start = memory().numTensors;
    const outer = tidy(() => {
      const kept = tidy(() => {
        const a = ones([3]);
        const b = add(a, 1);
        return { b, list: [mul(b, 2)] };
      });
      assert.equal(memory().numTensors, start + 2);
      return kept.list[0] as Tensor;
    });
    assert.equal(memory().numTensors, start + 1);
    assert.deepEqual(outer.arraySync(), [4, 4, 4]);
    outer.dispose();
    assert.equal(memory().numTensors, start);
  });

  test('keep() survives tidy; dispose(container) frees nested tensors', () => {
    const start = memory().numTensors;
    let kept: Tensor | undefined;
    tidy(() => {
      kept = keep(ones([2]));
      ones([2]);
    });
    assert.equal(memory().numTensors, start + 1);
    dispose({ a: kept, b: [tensor([1])] });
    assert.equal(memory().numTensors, start);
  });

  test('tidy disposes intermediates when the function throws', () => {
    const start = memory().numBuffers;
    assert.throws(() =>
      tidy(() => {
        ones([100]);
        throw new Error('boom');
      }),
    );
    assert.equal(memory().numBuffers, start);
  });

  test('tidy rejects async functions', () => {
    assert.throws(() => tidy((async () => ones([1])) as never), /tidy: the function must be synchronous/);
  });

  test('reshape and clone share storage: one buffer until both are disposed', () => {
    const start = memory().numBuffers;
    const a = tensor([1, 2, 3, 4]);
    const b = reshape(a, [2, 2]);
    const c = a.clone();
    assert.equal(memory().numBuffers, start + 1);
    a.dispose();
    assert.deepEqual(b.arraySync(), [
      [1, 2],
      [3, 4],
    ]);
    b.dispose();
    assert.deepEqual(c.arraySync(), [1, 2, 3, 4]);
    c.dispose();
    assert.equal(memory().numBuffers, start);
  });

  test('a disposed tensor cannot be read or used', () => {
    const a = tensor([1]);
    a.dispose();
    a.dispose(); // twice is harmless
    assert.equal(a.isDisposed, true);
    assert.throws(
      () => a.dataSync(),
      (e: unknown) => e instanceof StateError && /is disposed/.test(e.message),
    );
    assert.throws(() => add(a, 1), StateError);
  });

  test('Variable.assign replaces the value and frees the old storage; tidy never disposes a variable', () => {
    const init = tensor([1, 2]);
    const v = variable(init);
    init.dispose(); // the variable holds its own reference to the storage
    const start = memory().numBuffers;
    tidy(() => v.assign(add(v, 1)));
    assert.deepEqual(v.arraySync(), [2, 3]);
    assert.equal(memory().numBuffers, start);
    assert.throws(
      () => v.assign(tensor([1, 2, 3])),
      (e: unknown) =>
        e instanceof ValueError && /Expected shape \[2\] and dtype float32. Received: shape \[3\]/.test(e.message),
    );
    v.dispose();
  });

  test('gradient bookkeeping leaves nothing behind', () => {
    const start = memory();
    const x = tensor([1, 2, 3]);
    const g = grad((t) => sum(mul(t, t)))(x);
    assert.deepEqual(g.arraySync(), [2, 4, 6]);
    g.dispose();
    x.dispose();
    assert.equal(memory().numBuffers, start.numBuffers);
    assert.equal(memory().numTensors, start.numTensors);
  });
});
