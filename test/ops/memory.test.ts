import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  add,
  argMax,
  broadcastTo,
  cast,
  clipByValue,
  concat,
  dispose,
  expandDims,
  gather,
  gelu,
  hardSigmoid,
  keep,
  leakyRelu,
  logicalAnd,
  logSoftmax,
  logSumExp,
  matMul,
  max,
  mean,
  memory,
  mish,
  mul,
  neg,
  norm,
  oneHot,
  ones,
  randomBernoulli,
  relu,
  reshape,
  ShapeError,
  silu,
  softmax,
  softsign,
  split,
  sqrt,
  squaredDifference,
  squeeze,
  stack,
  sum,
  Tensor,
  type TensorContainer,
  tensor,
  tidy,
  unstack,
  where,
  zeros,
  zerosLike,
} from '../../src/index.js';
import { assertExact } from '../util/assert.js';
import { describeEachBackend } from '../util/backends.js';

/** Runs `fn` and returns how many tensors and buffers it left alive, disposing what it returned afterwards. */
function leftBehind(fn: () => TensorContainer): { tensors: number; buffers: number; returned: number } {
  const before = memory();
  const out = fn();
  const after = memory();
  const returned: Tensor[] = [];
  const collect = (c: unknown): void => {
    if (c instanceof Tensor) returned.push(c);
    else if (Array.isArray(c)) c.forEach(collect);
  };
  collect(out);
  dispose(out);
  return {
    tensors: after.numTensors - before.numTensors,
    buffers: after.numBuffers - before.numBuffers,
    returned: returned.length,
  };
}

describeEachBackend('memory', () => {
  test('tidy disposes intermediates and keeps returned tensors, also inside nested arrays and objects', () => {
    const start = memory().numTensors;
    let intermediate: Tensor | undefined;
    const out = tidy(() => {
      const a = ones([2]);
      intermediate = add(a, 1);
      const b = mul(intermediate, 3);
      return { list: [b, [neg(b)]], nested: { deep: sqrt(b) }, label: 'kept', count: 2 };
    });
    assert.equal(memory().numTensors, start + 3);
    assert.equal(intermediate?.isDisposed, true);
    assertExact(out.list[0] as Tensor, [6, 6]);
    assertExact((out.list[1] as Tensor[])[0] as Tensor, [-6, -6]);
    assert.equal(out.label, 'kept');
    dispose(out);
    assert.equal(memory().numTensors, start);
  });

  test('keep() exempts a tensor from tidy; dispose(container) frees arrays and objects of tensors', () => {
    const start = memory().numTensors;
    let kept: Tensor | undefined;
    let dropped: Tensor | undefined;
    tidy(() => {
      kept = keep(tensor([1, 2]));
      dropped = tensor([3]);
    });
    assert.equal(kept?.isDisposed, false);
    assert.equal(dropped?.isDisposed, true);
    assertExact(kept as Tensor, [1, 2]);
    const a = zeros([1]);
    const b = zeros([1]);
    const c = zeros([1]);
    dispose({ x: [a, { y: b }], z: c, n: 1 });
    assert.ok(a.isDisposed && b.isDisposed && c.isDisposed);
    kept?.dispose();
    assert.equal(memory().numTensors, start);
  });

  test('numTensors and numBuffers: reshape shares storage, disposing it leaves the original readable', () => {
    const m0 = memory();
    const x = tensor([1, 2, 3, 4]);
    const m1 = memory();
    assert.equal(m1.numTensors - m0.numTensors, 1);
    assert.equal(m1.numBuffers - m0.numBuffers, 1);
    const r = reshape(x, [2, 2]);
    const m2 = memory();
    assert.equal(m2.numTensors - m1.numTensors, 1);
    assert.equal(m2.numBuffers - m1.numBuffers, 0, 'reshape must not copy');
    r.dispose();
    assert.equal(x.isDisposed, false);
    assertExact(x, [1, 2, 3, 4]);
    assert.equal(memory().numBuffers, m1.numBuffers);
    // The other way round: the reshaped tensor outlives its source.
    const r2 = reshape(x, [4, 1]);
    x.dispose();
    assertExact(r2, [1, 2, 3, 4]);
    assert.equal(memory().numBuffers, m1.numBuffers);
    r2.dispose();
    assert.equal(memory().numBuffers, m0.numBuffers);
    assert.equal(memory().numTensors, m0.numTensors);
  });

  test('clone shares storage and survives the original', () => {
    const m0 = memory();
    const x = tensor([5, 6]);
    const c = x.clone();
    assert.notEqual(c.id, x.id);
    assert.equal(memory().numBuffers - m0.numBuffers, 1);
    assert.equal(memory().numTensors - m0.numTensors, 2);
    x.dispose();
    assertExact(c, [5, 6]);
    c.dispose();
    assert.equal(memory().numBuffers, m0.numBuffers);
  });

  test('every op adds exactly its outputs: composite ops and converted arguments leave nothing behind', () => {
    const x = tensor([
      [1, -2, 3],
      [-4, 5, -6],
    ]);
    const i = tensor([1, 0], undefined, 'int32');
    const b = tensor([true, false]);
    const row = tensor([[1, 2]], undefined, 'int32');
    const cases: [string, () => TensorContainer][] = [
      ['add(x, 2)', () => add(x, 2)],
      ['add(int32, 0.5)', () => add(i, 0.5)],
      ['mul(x, [[1], [2]])', () => mul(x, [[1], [2]])],
      ['squaredDifference', () => squaredDifference(x, 1)],
      ['relu(int32)', () => relu(i)],
      ['sqrt(int32)', () => sqrt(i)],
      ['neg(bool)', () => neg(b)],
      ['leakyRelu(int32)', () => leakyRelu(i)],
      ['gelu(int32)', () => gelu(i)],
      ['softsign', () => softsign(x)],
      ['silu', () => silu(x)],
      ['mish', () => mish(x)],
      ['hardSigmoid', () => hardSigmoid(x)],
      ['clipByValue', () => clipByValue([1, 2, 3], 0, 2)],
      ['softmax', () => softmax(x)],
      ['logSoftmax', () => logSoftmax(x, 0)],
      ['logSumExp', () => logSumExp(x, 1)],
      ['sum keepDims', () => sum(x, 1, true)],
      ['max keepDims', () => max(x, [0, 1], true)],
      ['mean(int32)', () => mean(i)],
      ['argMax([..])', () => argMax([3, 1, 2])],
      ['norm', () => norm(x, 3, 1)],
      ['matMul(vector, matrix)', () => matMul([1, 1], x)],
      ['matMul(int32, float32)', () => matMul(row, x)],
      ['cast same dtype', () => cast(x, 'float32')],
      ['where with numbers', () => where(b, 1, 0)],
      ['logicalAnd([..], [..])', () => logicalAnd([true, false], [true, true])],
      ['stack', () => stack([x, x], 1)],
      ['concat of arrays', () => concat([[1], [2, 3]])],
      ['expandDims', () => expandDims(x, 1)],
      ['squeeze', () => squeeze([[1], [2]])],
      ['broadcastTo', () => broadcastTo([1, 2, 3], [2, 3])],
      ['gather([..])', () => gather(x, [1, 1])],
      ['oneHot([..])', () => oneHot([0, 2], 3)],
      ['unstack', () => unstack(x, 1)],
      ['split', () => split(x, [1, 2], 1)],
      ['randomBernoulli', () => randomBernoulli([5], 0.5, 'int32', 1)],
      ['zerosLike([..])', () => zerosLike([1, 2])],
    ];
    for (const [name, fn] of cases) {
      const { tensors, buffers, returned } = leftBehind(fn);
      assert.equal(tensors, returned, `${name}: ${tensors} new tensors for ${returned} outputs`);
      assert.ok(buffers <= returned, `${name}: ${buffers} new buffers for ${returned} outputs`);
    }
  });

  test('an op that throws leaves nothing behind', () => {
    const x = zeros([2]);
    const before = memory();
    assert.throws(() => add(x, [1, 2, 3]), ShapeError);
    assert.throws(() => softmax([[1, 2]], 2));
    assert.throws(() => matMul([1, 2], [[1, 2, 3]]), ShapeError);
    assert.equal(memory().numTensors, before.numTensors);
    assert.equal(memory().numBuffers, before.numBuffers);
  });

  test('tidy around a loop of ops keeps memory flat', () => {
    const w = tensor([0.5, -0.5]);
    const before = memory();
    for (let step = 0; step < 50; step++) {
      tidy(() => {
        const y = softmax(add(mul(w, step), 1));
        return sum(y);
      }).dispose();
    }
    assert.equal(memory().numTensors, before.numTensors);
    assert.equal(memory().numBuffers, before.numBuffers);
  });
});
