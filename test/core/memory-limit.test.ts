import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { TsBackend } from '../../src/backends/ts/ts-backend.js';
import { ENGINE } from '../../src/core/engine.js';
import { formatBytes } from '../../src/core/memory-limit.js';
import {
  add,
  DEFAULT_MAX_TENSOR_BYTES,
  eye,
  fill,
  getMaxTensorBytes,
  layers,
  linspace,
  memory,
  ones,
  ResourceExhaustedError,
  randomNormal,
  randomUniform,
  range,
  Sequential,
  ShapeError,
  setMaxTensorBytes,
  tidy,
  truncatedNormal,
  ValueError,
  zeros,
} from '../../src/index.js';
import { describeEachBackend } from '../util/backends.js';

after(() => setMaxTensorBytes(DEFAULT_MAX_TENSOR_BYTES));

/** The message, exactly: an anchored regex with every special character escaped. */
const exactly = (message: string): RegExp => new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

const LIMIT = 'over the limit of 4294967296 bytes (4.29 GB) per tensor. setMaxTensorBytes() raises the limit';

/** Throws a ResourceExhaustedError with exactly `message`, fast, and leaves no tensor behind. */
function assertRefused(fn: () => unknown, message: string | RegExp, bytes?: number): void {
  const before = memory();
  const start = performance.now();
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ResourceExhaustedError, `a ResourceExhaustedError, not ${String(e)}`);
    assert.ok(e instanceof ValueError, 'a ValueError, so that callers catching those see it');
    assert.match(e.message, typeof message === 'string' ? exactly(message) : message);
    if (bytes !== undefined) assert.equal(e.bytes, bytes);
    assert.equal(e.limit, getMaxTensorBytes());
    return true;
  });
  // Refused before memory is touched: zero-filling even 4 GiB takes seconds.
  assert.ok(performance.now() - start < 200, `refused in ${(performance.now() - start).toFixed(0)} ms`);
  assert.deepEqual(
    [memory().numTensors, memory().numBuffers],
    [before.numTensors, before.numBuffers],
    'nothing allocated or leaked',
  );
}

test('the default limit is 4 GiB per tensor', () => {
  assert.equal(DEFAULT_MAX_TENSOR_BYTES, 2 ** 32);
  assert.equal(getMaxTensorBytes(), 2 ** 32);
});

test('formatBytes: powers of 1000, three significant digits', () => {
  assert.deepEqual([0, 999, 1000, 4.8e9, 2 ** 32, 16e12, 4e300].map(formatBytes), [
    '0 bytes',
    '999 bytes',
    '1 kB',
    '4.8 GB',
    '4.29 GB',
    '16 TB',
    '4e+282 EB',
  ]);
});

test('setMaxTensorBytes takes a positive integer', () => {
  for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '1e9']) {
    assert.throws(
      () => setMaxTensorBytes(bad as number),
      (e: unknown) =>
        e instanceof ValueError &&
        /^Invalid value received for argument `bytes` of setMaxTensorBytes\. Expected a positive integer\. Received: bytes=/.test(
          e.message,
        ),
    );
  }
  assert.equal(getMaxTensorBytes(), DEFAULT_MAX_TENSOR_BYTES, 'a refused value changes nothing');
});

describeEachBackend('the size guard', (backend) => {
  test('ones([2 ** 28, 8]) is refused with the shape and the bytes', () => {
    assertRefused(
      () => ones([2 ** 28, 8]),
      `ones: cannot allocate a tensor of shape [268435456,8] (float32, 8589934592 bytes = 8.59 GB): ${LIMIT}`,
      2 ** 33,
    );
  });

  test('every creation op checks before it allocates', () => {
    const shape = [1e5, 1e5];
    const refused = (op: string, dtype = 'float32', bytes = '40000000000 bytes = 40 GB') =>
      `${op}: cannot allocate a tensor of shape [100000,100000] (${dtype}, ${bytes}): ${LIMIT}`;
    assertRefused(() => zeros(shape), refused('zeros'));
    assertRefused(() => fill(shape, 2, 'int32'), refused('fill', 'int32'));
    assertRefused(() => zeros(shape, 'bool'), refused('zeros', 'bool', '10000000000 bytes = 10 GB'));
    assertRefused(() => randomUniform(shape), refused('randomUniform'));
    assertRefused(
      () => randomNormal(shape, 0, 1, 'float64'),
      refused('randomNormal', 'float64', '80000000000 bytes = 80 GB'),
    );
    assertRefused(() => truncatedNormal(shape), refused('truncatedNormal'));
    assertRefused(() => eye(1e5), refused('eye'));
    assertRefused(
      () => linspace(0, 1, 2e9),
      `linspace: cannot allocate a tensor of shape [2000000000] (float32, 8000000000 bytes = 8 GB): ${LIMIT}`,
    );
    assertRefused(
      () => range(0, 1e12),
      `range: cannot allocate a tensor of shape [1000000000000] (float32, 4000000000000 bytes = 4 TB): ${LIMIT}`,
    );
    // A product past 2^53 (or Infinity) is just as much over.
    assertRefused(
      () => ones([1e200, 1e200]),
      /^ones: cannot allocate a tensor of shape \[1e\+200,1e\+200\] \(float32, Infinity bytes = Infinity EB\)/,
    );
  });

  test('a kernel output no op could foresee (a broadcast) is refused by the backend before it allocates', () => {
    tidy(() => {
      const a = zeros([70000, 1]);
      const b = zeros([1, 70000]);
      assertRefused(
        () => add(a, b),
        `${backend} backend: cannot allocate storage for 4900000000 elements (float32, 19600000000 bytes = 19.6 GB): ${LIMIT}`,
      );
    });
  });

  test('native allocations of 16 TB are refused by the backend', () => {
    const b = ENGINE.backend as TsBackend;
    assertRefused(
      () => b.alloc('float32', 4e12),
      `${backend} backend: cannot allocate storage for 4000000000000 elements (float32, 16000000000000 bytes = 16 TB): ${LIMIT}`,
    );
  });

  test('the limit is exact and configurable', () => {
    try {
      setMaxTensorBytes(1024);
      tidy(() => {
        assert.deepEqual(ones([16, 16]).shape, [16, 16], '1024 bytes: at the limit, allowed');
        assert.deepEqual(ones([128], 'float64').shape, [128]);
      });
      assertRefused(
        () => ones([257]),
        'ones: cannot allocate a tensor of shape [257] (float32, 1028 bytes = 1.03 kB): over the limit of 1024 bytes (1.02 kB) per tensor. setMaxTensorBytes() raises the limit',
        1028,
      );
    } finally {
      setMaxTensorBytes(DEFAULT_MAX_TENSOR_BYTES);
    }
  });

  test('new Dense(3e8, { inputDim: 4 }) is refused at construction', () => {
    assertRefused(
      () => new layers.Dense(3e8, { inputDim: 4, name: 'huge' }),
      `Layer "huge" weight "kernel": cannot allocate a tensor of shape [4,300000000] (float32, 4800000000 bytes = 4.8 GB): ${LIMIT}`,
      4.8e9,
    );
    assertRefused(
      () => new layers.Dense({ units: 2e9, name: 'wide' }),
      `Layer "wide" weight "bias": cannot allocate a tensor of shape [2000000000] (float32, 8000000000 bytes = 8 GB): ${LIMIT}`,
    );
    // Without a declared input size the kernel's size is known at build, and refused there.
    const dense = new layers.Dense(3e8, { name: 'later' });
    assertRefused(
      () => dense.build([null, 4]),
      `Layer "later" weight "kernel": cannot allocate a tensor of shape [4,300000000] (float32, 4800000000 bytes = 4.8 GB): ${LIMIT}`,
    );
    assert.equal(dense.built, false);
    assert.deepEqual(dense.weights, []);
    const model = new Sequential({ layers: [new layers.Dense(3e8, { name: 'in_model' })] });
    assertRefused(
      () => model.build([null, 4]),
      /^Layer "in_model" weight "kernel": cannot allocate a tensor of shape \[4,300000000\]/,
    );
  });

  test('a Dropout noiseShape whose per-sample mask is over the limit is refused at construction', () => {
    assertRefused(
      () => new layers.Dropout({ rate: 0.5, noiseShape: [null, 1e5, 1e5] }),
      `Dropout: the mask of noiseShape=[null,100000,100000]: cannot allocate a tensor of shape [1,100000,100000] (float32, 40000000000 bytes = 40 GB): ${LIMIT}`,
    );
    assertRefused(
      () => new layers.AlphaDropout({ rate: 0.5, noiseShape: [2e9] }),
      /^AlphaDropout: the mask of noiseShape=\[2000000000\]: cannot allocate a tensor of shape \[2000000000\]/,
    );
  });

  test('a Dropout noiseShape of [null, 4e6] on 4 features fails at build, before a mask is drawn', () => {
    const dropout = new layers.Dropout({ rate: 0.5, noiseShape: [null, 4e6], name: 'd' });
    assert.throws(
      () => dropout.build([null, 4]),
      (e: unknown) =>
        e instanceof ShapeError &&
        e.message ===
          'Dropout: `noiseShape` must broadcast to the input shape (None, 4): axis 1 must be null, 1 or 4. Received: noiseShape=[null,4000000]',
    );
    tidy(() => {
      const before = memory().numBuffers;
      const fresh = new layers.Dropout({ rate: 0.5, noiseShape: [null, 4e6] });
      assert.throws(() => fresh.apply(ones([2, 4]), { training: true }), ShapeError);
      assert.equal(memory().numBuffers, before + 1, 'only the input: no mask was drawn');
    });
    // A fixed batch axis is checked against each call's batch.
    tidy(() => {
      const fixed = new layers.Dropout({ rate: 0.5, noiseShape: [3, 1] });
      assert.throws(
        () => fixed.apply(ones([2, 4]), { training: true }),
        (e: unknown) =>
          e instanceof ShapeError &&
          e.message ===
            'Dropout: `noiseShape` must broadcast to the input shape (2, 4): axis 0 must be null, 1 or 2. Received: noiseShape=[3,1]',
      );
      assert.deepEqual(
        new layers.Dropout({ rate: 0.5, noiseShape: [1, 4] }).apply(ones([2, 4]), { training: true }).shape,
        [2, 4],
      );
    });
  });
});

test('an allocation the system refuses within the limit is a ResourceExhaustedError too', async () => {
  const { NativeBackend } = await import('../../src/backends/native/native-backend.js');
  const { loadNative } = await import('../../src/backends/native/load.js');
  const loaded = loadNative();
  if (!loaded.ok) return;
  const refusing = new NativeBackend({
    ...loaded.addon,
    alloc: () => {
      throw Object.assign(new Error('alloc: out of native memory'), { code: 'ERR_MEMORY' });
    },
  });
  assert.throws(
    () => refusing.alloc('float64', 1e8),
    (e: unknown) =>
      e instanceof ResourceExhaustedError &&
      e.message ===
        'native backend: cannot allocate storage for 100000000 elements (float64, 800000000 bytes = 800 MB): the system refused the memory (alloc: out of native memory)',
  );
  // The addon itself refuses a byte count JS cannot state exactly, before any cast or malloc.
  for (const n of [1e30, 2 ** 53 + 2, -1, 0.5]) {
    assert.throws(
      () => loaded.addon.alloc(n),
      (e: unknown) =>
        e instanceof RangeError && e.message === 'alloc: byteLength must be a non-negative integer of at most 2^53',
    );
  }
});
