// Native memory: storage lives outside the JS heap, buffers stay flat across training steps, and tensors nobody
// disposed are freed by the garbage collector (the engine's FinalizationRegistry, then the ArrayBuffer finalizer).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { setImmediate as tick } from 'node:timers/promises';
import { loadNative } from '../../src/backends/native/load.js';
import {
  add,
  getBackend,
  getNumThreads,
  matMul,
  mean,
  memory,
  mul,
  ones,
  randomNormal,
  relu,
  setBackend,
  setRandomSeed,
  square,
  sub,
  tidy,
  variable,
  variableGrads,
  zeros,
} from '../../src/node.js';

const native = loadNative();
const skip = native.ok ? false : `native addon not available: ${native.reason}`;

async function collect(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  assert.ok(gc, 'run with --expose-gc (npm test does)');
  // Finalizers run in later tasks: the engine's FinalizationRegistry, then the pool release, then the ArrayBuffer's.
  for (let i = 0; i < 6; i++) {
    gc();
    await tick();
  }
}

describe('native backend memory', { skip }, () => {
  test('native is the default backend in a fresh process', () => {
    const index = new URL('../../src/node.js', import.meta.url).href;
    const r = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `const d = await import(${JSON.stringify(index)}); console.log(d.getBackend());`],
      { encoding: 'utf8', env: { ...process.env, DENDRITE_BACKENDS: '' } },
    );
    assert.equal(r.stdout.trim(), 'native', r.stderr);
    assert.equal(r.stderr, '');
  });

  test('the native backend reports its threads', () => {
    setBackend('native');
    assert.equal(getBackend(), 'native');
    assert.equal(getNumThreads(), native.ok ? native.addon.getNumThreads() : 1);
  });

  test('1,000 training steps leave live buffers and native bytes flat', async () => {
    setBackend('native');
    setRandomSeed(3);
    const x = randomNormal([64, 32]);
    const y = randomNormal([64, 1]);
    const w1 = variable(mul(randomNormal([32, 64]), 0.2), true, 'native_w1');
    const b1 = variable(zeros([64]), true, 'native_b1');
    const w2 = variable(mul(randomNormal([64, 1]), 0.2), true, 'native_w2');
    const vars = [w1, b1, w2];
    const step = () =>
      tidy(() => {
        const { grads } = variableGrads(() => mean(square(sub(matMul(relu(add(matMul(x, w1), b1)), w2), y))), vars);
        for (const v of vars) v.assign(sub(v, mul(grads[v.name] as never, 0.01)));
      });
    for (let i = 0; i < 10; i++) step();
    await collect();
    const before = memory();
    const external = process.memoryUsage().external;
    for (let i = 0; i < 1000; i++) step();
    await collect();
    const afterwards = memory();
    assert.equal(afterwards.numBuffers, before.numBuffers);
    assert.equal(afterwards.numBytes, before.numBytes);
    // Native bytes V8 is told about (napi_adjust_external_memory): flat within the pool's reuse slack.
    assert.ok(process.memoryUsage().external - external < 4 * 1024 * 1024, 'native memory grew');
  });

  test('forgotten tensors are freed by the garbage collector, native memory included', async () => {
    setBackend('native');
    await collect();
    const buffers = memory().numBuffers;
    const external = process.memoryUsage().external;
    // 2,000 tensors of just under 16 KiB: 32 MB of native memory, of which the pool keeps at most 256 arrays (4 MB)
    // for reuse once they are freed.
    for (let i = 0; i < 2000; i++) ones([4000]);
    assert.ok(process.memoryUsage().external - external > 30e6, 'the tensors live in native memory');
    await collect();
    assert.equal(memory().numBuffers, buffers);
    assert.ok(process.memoryUsage().external - external < 256 * 16000 + 2e6, 'native memory was not freed');
  });
});
