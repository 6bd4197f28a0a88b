import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  add,
  matMul,
  mean,
  memory,
  mul,
  randomNormal,
  relu,
  setRandomSeed,
  square,
  sub,
  tidy,
  variable,
  variableGrads,
  zeros,
} from '../../src/index.js';
import { describeEachBackend } from '../util/backends.js';

describeEachBackend('training loop memory', () => {
  test('1,000 forward + backward + update steps leave the live-buffer count where it started', () => {
    setRandomSeed(1);
    const x = randomNormal([32, 8]);
    const y = randomNormal([32, 1]);
    const w1 = variable(mul(randomNormal([8, 16]), 0.3), true, 'leak_w1');
    const b1 = variable(zeros([16]), true, 'leak_b1');
    const w2 = variable(mul(randomNormal([16, 1]), 0.3), true, 'leak_w2');
    const vars = [w1, b1, w2];
    const step = () =>
      tidy(() => {
        const { value, grads } = variableGrads(() => {
          const h = relu(add(matMul(x, w1), b1));
          return mean(square(sub(matMul(h, w2), y)));
        }, vars);
        for (const v of vars) v.assign(sub(v, mul(grads[v.name] as never, 0.05)));
        return value.dataSync()[0] as number;
      });
    const first = step(); // warm-up allocates nothing lasting either, but start counting after it
    const before = memory();
    let last = first;
    for (let i = 0; i < 1000; i++) last = step();
    const after = memory();
    assert.equal(after.numBuffers, before.numBuffers, 'live buffers');
    assert.equal(after.numTensors, before.numTensors, 'live tensors');
    assert.equal(after.numBytes, before.numBytes, 'live bytes');
    assert.ok(last < first, `the loop trains: loss ${first} → ${last}`);
    for (const t of [x, y, ...vars]) t.dispose();
  });

  test('a tensor forgotten outside tidy is reclaimed by the garbage collector', async (t) => {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) return t.skip('run node with --expose-gc');
    const before = memory().numBuffers;
    (() => {
      for (let i = 0; i < 100; i++) randomNormal([1000]);
    })();
    for (let i = 0; i < 10 && memory().numBuffers > before; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 10));
    }
    // ≤, not =: the collector may also reclaim tensors earlier tests left unreachable.
    assert.ok(memory().numBuffers <= before, `${memory().numBuffers} buffers live, ${before} before`);
  });
});
