// The backend contract: PRIMITIVE_KERNELS is what a backend must implement (the engine refuses one that lacks any,
// naming them), FUSED_KERNELS what it may (their ops fall back on composite bodies), and readSync is optional (a
// backend without it reads through `await t.data()`, and training steps need no synchronous read).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { getKernel, type KernelFunc, kernelsOf, registerKernel } from '../../src/backends/backend.js';
import {
  FUSED_KERNELS,
  isFusedKernel,
  PRIMITIVE_KERNELS,
  type PrimitiveKernelName,
} from '../../src/backends/kernel-names.js';
import { ENGINE } from '../../src/core/engine.js';
import {
  add,
  getBackend,
  layers,
  mean,
  NotImplementedError,
  optimizers,
  regularizers,
  Sequential,
  setBackend,
  square,
  sub,
  type Tensor,
  tensor,
  tidy,
  variable,
} from '../../src/index.js';
import { PRIMITIVE, PRIMITIVE_ASYNC, PrimitiveBackend } from './primitive-backend.js';

type ErrorClass = new (...args: never[]) => Error;

function throwsWith(fn: () => unknown, cls: ErrorClass, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.equal((e as Error)?.constructor, cls, `expected ${cls.name}, got ${(e as Error)?.constructor?.name}: ${e}`);
    assert.match((e as Error).message, pattern);
    return true;
  });
}

/** Registers a backend named `name` with every primitive kernel but `without`. */
function backendWithout(name: string, without: readonly PrimitiveKernelName[]): void {
  for (const k of PRIMITIVE_KERNELS) {
    if (!without.includes(k)) registerKernel(k, name, getKernel(k, 'ts') as KernelFunc);
  }
  ENGINE.registerBackend(name, () => new PrimitiveBackend(name), 0);
}

describe('the kernel lists', () => {
  test('primitive and fused kernels are disjoint and together the ts backend’s kernels', () => {
    const primitive = new Set<string>(PRIMITIVE_KERNELS);
    assert.deepEqual(
      FUSED_KERNELS.filter((k) => primitive.has(k)),
      [],
    );
    assert.deepEqual([...PRIMITIVE_KERNELS, ...FUSED_KERNELS].sort(), kernelsOf('ts').sort());
    assert.equal(new Set(PRIMITIVE_KERNELS).size, PRIMITIVE_KERNELS.length);
  });

  test('isFusedKernel tells the optional kernels from the required ones', () => {
    for (const k of FUSED_KERNELS) assert.equal(isFusedKernel(k), true, k);
    for (const k of PRIMITIVE_KERNELS) assert.equal(isFusedKernel(k), false, k);
    assert.equal(isFusedKernel('toString'), false);
  });
});

describe('the engine checks a backend against the primitive kernels', () => {
  test('a backend missing primitives is refused when activated, naming each', () => {
    backendWithout('lacks-two', ['Exp', 'Gather']);
    const before = getBackend();
    throwsWith(
      () => setBackend('lacks-two'),
      NotImplementedError,
      /^Backend lacks-two lacks the primitive kernels Exp, Gather: every backend must implement all of PRIMITIVE_KERNELS \(src\/backends\/kernel-names\.ts; see docs\/backends\.md\)$/,
    );
    assert.equal(getBackend(), before, 'the active backend is unchanged');
  });

  test('one missing primitive, named in the singular; once registered, the backend activates', () => {
    backendWithout('lacks-one', ['Tile']);
    throwsWith(
      () => setBackend('lacks-one'),
      NotImplementedError,
      /^Backend lacks-one lacks the primitive kernel Tile: /,
    );
    registerKernel('Tile', 'lacks-one', getKernel('Tile', 'ts') as KernelFunc);
    setBackend('lacks-one');
    assert.equal(getBackend(), 'lacks-one');
  });

  test('missing fused kernels are no error: hasKernel says so, and only a direct runKernel call fails', () => {
    setBackend(PRIMITIVE);
    for (const k of FUSED_KERNELS) assert.equal(ENGINE.hasKernel(k), false, k);
    setBackend('ts');
    for (const k of FUSED_KERNELS) assert.equal(ENGINE.hasKernel(k), true, k);
    setBackend(PRIMITIVE);
    tidy(() => {
      throwsWith(
        () => ENGINE.runKernel('Penalty', [tensor([1, 2])], { l1: 1, l2: 0 }),
        NotImplementedError,
        /^Kernel Penalty is not implemented by backend primitive \(it is a fused kernel, optional for a backend: call the op, which runs its composite body instead\)$/,
      );
      // The op itself runs the composite: l1·Σ|x|.
      assert.deepEqual(
        Array.from(
          regularizers
            .l1(1)
            .apply(tensor([1, -2]))
            .dataSync(),
        ),
        [3],
      );
    });
  });
});

describe('a backend without readSync', () => {
  test('dataSync and arraySync throw a NotImplementedError that points to data() and array()', async () => {
    setBackend(PRIMITIVE_ASYNC);
    const t = tensor([1, 2, 3]);
    assert.equal(ENGINE.canReadSync(t), false);
    for (const op of ['dataSync', 'arraySync'] as const) {
      throwsWith(
        () => t[op](),
        NotImplementedError,
        new RegExp(
          `^Tensor\\.${op}: backend primitive-async reads tensors asynchronously only \\(it has no readSync\\)\\. ` +
            'Use `await t\\.data\\(\\)` or `await t\\.array\\(\\)` instead$',
        ),
      );
    }
    assert.deepEqual(Array.from(await t.data()), [1, 2, 3]);
    assert.deepEqual(await t.array(), [1, 2, 3]);
    // toString cannot await: it shows the size instead of the values.
    assert.equal(t.toString(), 'Tensor(3 elements, shape=[3], dtype=float32)');
    t.dispose();
  });

  test('a tensor on it cannot move to another backend synchronously', () => {
    setBackend(PRIMITIVE_ASYNC);
    const t = tensor([1, 2]);
    setBackend('ts');
    throwsWith(
      () => add(t, 1),
      NotImplementedError,
      /^moving a tensor to backend ts: backend primitive-async reads tensors asynchronously only/,
    );
    t.dispose();
  });

  test('training steps run without a synchronous read: the losses are read afterwards with data()', async () => {
    setBackend(PRIMITIVE_ASYNC);
    const w = variable(tensor([0, 0]));
    const target = tensor([1, -2]);
    const opt = new optimizers.Adam({ learningRate: 0.1 });
    const losses: Tensor[] = [];
    for (let i = 0; i < 20; i++) losses.push(opt.minimize(() => mean(square(sub(w, target)))));
    const values = await Promise.all(losses.map(async (l) => (await l.data())[0] as number));
    assert.ok((values[19] as number) < (values[0] as number) / 2, `loss ${values[0]} → ${values[19]}`);
    // A Dense + Dropout + L2 model's forward and penalties, likewise.
    const model = new Sequential();
    model.add(new layers.Dense(3, { inputDim: 2, activation: 'relu', kernelRegularizer: regularizers.l2(0.1) }));
    model.add(new layers.Dropout(0.5));
    const y = model.apply(tensor([[1, 2]]), { training: true }) as Tensor;
    assert.deepEqual(y.shape, [1, 3]);
    assert.equal((await y.data()).length, 3);
    for (const t of [...losses, w, target, y]) t.dispose();
    model.dispose();
  });
});
