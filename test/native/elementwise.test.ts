// The native elementwise kernels against the TypeScript ones on what the conformance suites do not reach: arrays
// large enough for the threaded path, lengths that leave vector tails, broadcast patterns that collapse to strided
// rows, the ISA variants, and the addon's argument checking.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, describe, test } from 'node:test';
import { loadNative } from '../../src/backends/native/load.js';
import * as dd from '../../src/node.js';
import { rng } from '../util/gradcheck.js';

const native = loadNative();
const skip = native.ok ? false : `native addon not available: ${native.reason}`;

const SPECIAL = [0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0.5, -0.5, 2.5, -1.5, 1, -1];

/** n values in [-4, 4), with every special value sprinkled in (also near the end, inside vector tails). */
function data(n: number, seed: number): number[] {
  const random = rng(seed);
  const v = Array.from({ length: n }, () => random() * 8 - 4);
  for (let i = 0; i < SPECIAL.length && i < n; i++) {
    v[Math.floor(random() * n)] = SPECIAL[i] as number;
    v[n - 1 - i] = SPECIAL[i] as number;
  }
  return v;
}

/** Runs f on both backends over the same inputs and returns [ts, native] results. */
function both(make: () => dd.Tensor[], f: (...xs: dd.Tensor[]) => dd.Tensor): [dd.Tensor, dd.Tensor] {
  const run = (backend: string) => {
    dd.setBackend(backend);
    return dd.tidy(() => {
      const r = f(...make());
      return dd.tensor(r.dataSync().slice(), r.shape, r.dtype);
    });
  };
  const ts = run('ts');
  const nat = run('native');
  dd.setBackend('native');
  return [ts, nat];
}

/** Bit-for-bit (Object.is: NaN = NaN, −0 ≠ +0) or, with ulps, within that many float32/float64 ulps. */
function assertSame(label: string, [expected, actual]: [dd.Tensor, dd.Tensor], ulps = 0): void {
  assert.deepEqual(actual.shape, expected.shape, `${label}: shape`);
  assert.equal(actual.dtype, expected.dtype, `${label}: dtype`);
  const e = expected.dataSync();
  const a = actual.dataSync();
  const eps = expected.dtype === 'float64' ? 2 ** -52 : 2 ** -23;
  for (let i = 0; i < e.length; i++) {
    const x = a[i] as number;
    const y = e[i] as number;
    if (Object.is(x, y)) continue;
    const ok = ulps > 0 && Number.isFinite(y) && Math.abs(x - y) <= ulps * eps * Math.max(Math.abs(y), 2 ** -126);
    if (!ok) assert.fail(`${label}: element ${i} is ${x}, expected ${y} (of ${e.length})`);
  }
  expected.dispose();
  actual.dispose();
}

const EXACT_UNARY: [string, (x: dd.Tensor) => dd.Tensor][] = [
  ['neg', dd.neg],
  ['abs', dd.abs],
  ['sign', dd.sign],
  ['square', dd.square],
  ['sqrt', dd.sqrt],
  ['rsqrt', dd.rsqrt],
  ['reciprocal', dd.reciprocal],
  ['relu', dd.relu],
  ['relu6', dd.relu6],
  ['floor', dd.floor],
  ['ceil', dd.ceil],
  ['round', dd.round],
  ['isNaN', dd.isNaN],
  ['isFinite', dd.isFinite],
  ['leakyRelu', (x) => dd.leakyRelu(x, 0.3)],
  ['clipByValue', (x) => dd.clipByValue(x, -1.1, 2.2)],
];
const LIBM_UNARY: [string, (x: dd.Tensor) => dd.Tensor][] = [
  ['exp', dd.exp],
  ['expm1', dd.expm1],
  ['log', dd.log],
  ['log1p', dd.log1p],
  ['sigmoid', dd.sigmoid],
  ['tanh', dd.tanh],
  ['softplus', dd.softplus],
  ['elu', dd.elu],
  ['selu', dd.selu],
  ['erf', dd.erf],
  ['gelu', (x) => dd.gelu(x)],
  ['gelu approximate', (x) => dd.gelu(x, true)],
];
const BINARY: [string, (a: dd.Tensor, b: dd.Tensor) => dd.Tensor][] = [
  ['add', dd.add],
  ['sub', dd.sub],
  ['mul', dd.mul],
  ['div', dd.div],
  ['maximum', dd.maximum],
  ['minimum', dd.minimum],
  ['equal', dd.equal],
  ['notEqual', dd.notEqual],
  ['less', dd.less],
  ['lessEqual', dd.lessEqual],
  ['greater', dd.greater],
  ['greaterEqual', dd.greaterEqual],
];

describe('native elementwise kernels', { skip }, () => {
  const initial = native.ok ? native.addon.getNumThreads() : 1;
  after(() => {
    if (native.ok) native.addon.setNumThreads(initial);
  });

  for (const n of [0, 1, 3, 15, 17, 33, 65, 1001, 300_001]) {
    test(`unary ops on ${n} float32 elements match the TypeScript kernels`, () => {
      const v = data(n, n + 1);
      for (const [name, f] of EXACT_UNARY)
        assertSame(
          `${name} n=${n}`,
          both(() => [dd.tensor(v)], f),
        );
      // libm (glibc) and V8's fdlibm differ by < 1 ulp in double, which rounding to float32 leaves at most 1 ulp.
      for (const [name, f] of LIBM_UNARY)
        assertSame(
          `${name} n=${n}`,
          both(() => [dd.tensor(v)], f),
          1,
        );
    });

    test(`binary ops on ${n} elements (same shape and scalar operand) match`, () => {
      const va = data(n, 2 * n + 1);
      const vb = data(n, 2 * n + 2);
      for (const [name, f] of BINARY) {
        for (const dtype of ['float32', 'float64'] as const) {
          assertSame(
            `${name} ${dtype} n=${n}`,
            both(() => [dd.tensor(va, [n], dtype), dd.tensor(vb, [n], dtype)], f),
          );
          assertSame(
            `${name} ${dtype} scalar`,
            both(() => [dd.tensor(va, [n], dtype), dd.scalar(0.5, dtype)], f),
          );
          assertSame(
            `${name} ${dtype} scalar first`,
            both(() => [dd.scalar(-0, dtype), dd.tensor(vb, [n], dtype)], f),
          );
        }
      }
      assertSame(
        `pow n=${n}`,
        both(() => [dd.tensor(va), dd.tensor(vb)], dd.pow),
        1,
      );
    });
  }

  test('broadcasting of any rank and pattern matches, also on the threaded path', () => {
    const cases: [number[], number[]][] = [
      [
        [2, 1, 3],
        [4, 1],
      ],
      [
        [3, 1],
        [1, 4],
      ],
      [
        [5, 1, 7],
        [1, 6, 1],
      ],
      [[1], [5, 4]],
      [
        [4, 1, 1, 3],
        [2, 1],
      ],
      [
        [2, 3, 4, 5],
        [3, 1, 5],
      ],
      [[1, 1], [1]],
      [[0, 3], [3]],
      [[517, 259], [259]],
      [
        [517, 1],
        [1, 259],
      ],
      [
        [3, 1, 40000],
        [3, 2, 1],
      ],
      [
        [700, 1, 130],
        [1, 3, 130],
      ],
    ];
    for (const [sa, sb] of cases) {
      const va = data(
        sa.reduce((p, d) => p * d, 1),
        7,
      );
      const vb = data(
        sb.reduce((p, d) => p * d, 1),
        8,
      );
      for (const [name, f] of BINARY) {
        assertSame(
          `${name} [${sa}] with [${sb}]`,
          both(() => [dd.tensor(va, sa), dd.tensor(vb, sb)], f),
        );
        assertSame(
          `${name} [${sb}] with [${sa}]`,
          both(() => [dd.tensor(vb, sb), dd.tensor(va, sa)], f),
        );
      }
      const cond = (s: number[]) =>
        dd.greater(
          dd.tensor(
            data(
              s.reduce((p, d) => p * d, 1),
              9,
            ),
            s,
          ),
          0,
        );
      assertSame(
        `where [${sa}] [${sb}]`,
        both(() => [cond(sb), dd.tensor(va, sa), dd.tensor(vb, sb)], dd.where),
      );
    }
  });

  test('reductions over every axis combination match, including the threaded and partial-sum paths', () => {
    const shapes = [[0], [7], [3, 0, 2], [2, 3, 4], [5, 1, 33, 3], [300_001], [513, 1031], [3, 70_000], [70_000, 3]];
    const reducers: [string, (x: dd.Tensor, axes: number[]) => dd.Tensor][] = [
      ['sum', dd.sum],
      ['prod', dd.prod],
      ['max', dd.max],
      ['min', dd.min],
    ];
    for (const shape of shapes) {
      const rank = shape.length;
      const size = shape.reduce((p, d) => p * d, 1);
      // Products of many numbers over/underflow: keep them near 1.
      const v = data(size, rank + 11).map((x, i) => (i % 97 === 0 ? x : 1 + x / 64));
      for (let mask = 0; mask < 1 << rank; mask++) {
        const axes = [...Array(rank).keys()].filter((a) => mask & (1 << a));
        for (const dtype of ['float32', 'float64'] as const) {
          for (const [name, f] of reducers) {
            // Sums in a different order: float32 is rounded once from double (equal to 1 ulp); float64 to a few ulps.
            const ulps = name === 'sum' || name === 'prod' ? (dtype === 'float32' ? 1 : 2 ** 12) : 0;
            const label = `${name} ${dtype} [${shape}] axes [${axes}]`;
            assertSame(
              label,
              both(
                () => [dd.tensor(v, shape, dtype)],
                (x) => f(x, axes),
              ),
              ulps,
            );
          }
        }
      }
      for (let axis = 0; axis < rank; axis++) {
        if (size === 0) continue;
        const ties = v.map((x) => Math.round(x));
        assertSame(
          `argMax [${shape}] ${axis}`,
          both(
            () => [dd.tensor(ties, shape)],
            (x) => dd.argMax(x, axis),
          ),
        );
        assertSame(
          `argMin [${shape}] ${axis}`,
          both(
            () => [dd.tensor(v, shape, 'float64')],
            (x) => dd.argMin(x, axis),
          ),
        );
      }
    }
  });

  test('casts between every dtype match, out-of-range and non-finite values included', () => {
    const v = [...data(1001, 5), 3e9, -3e9, 2 ** 31, -(2 ** 31), 2 ** 31 - 1, 1e20, -1e20, 4294967297.5, -0.9];
    const dtypes = ['float32', 'float64', 'int32', 'bool'] as const;
    for (const from of dtypes) {
      for (const to of dtypes) {
        assertSame(
          `${from} → ${to}`,
          both(
            () => [dd.cast(dd.tensor(v, [v.length], 'float64'), from)],
            (x) => dd.cast(x, to),
          ),
        );
      }
    }
  });

  test('1 and 2 threads give the same results', () => {
    if (!native.ok) return;
    const v = data(400_000, 3).map((x) => (Number.isFinite(x) ? x : 1));
    const results = [1, 2].map((t) => {
      native.addon.setNumThreads(t);
      return dd.tidy(() => {
        const x = dd.tensor(v, [1000, 400]);
        return [dd.exp(x), dd.add(x, dd.tensor(v.slice(0, 400))), dd.sum(x, 0), dd.max(x, 1), dd.sum(x)].map((r) =>
          Array.from(r.dataSync()),
        );
      });
    });
    native.addon.setNumThreads(initial);
    assert.deepEqual(results[1]?.slice(0, 4), results[0]?.slice(0, 4));
    assert.ok(Math.abs((results[1]?.[4]?.[0] as number) - (results[0]?.[4]?.[0] as number)) < 1e-2);
  });

  test('the AVX2 and baseline kernels give the same results as the default', () => {
    const url = new URL('../../src/backends/native/load.js', import.meta.url).href;
    const script = `
      const { loadNative } = await import(${JSON.stringify(url)});
      const { addon } = loadNative();
      const x = Float32Array.from({ length: 1037 }, (_, i) => Math.sin(i) * 4);
      x[5] = NaN; x[6] = -0; x[7] = Infinity; x[1030] = NaN;
      const out = [addon.elementwiseKernel()];
      for (let op = 0; op < 29; op++) {
        const y = op >= 22 && op <= 24 ? new Uint8Array(x.length) : new Float32Array(x.length);
        addon.unary(op, x, y, 0.2, 1.5);
        out.push(Array.from(y).map(String).join());
      }
      for (let op = 0; op < 15; op++) {
        const y = op >= 7 ? new Uint8Array(x.length) : new Float32Array(x.length);
        addon.binary(op, x, x.map((v) => v * 0.7 - 1), y);
        out.push(Array.from(y).map(String).join());
      }
      const r = new Float32Array(37);
      addon.reduce(2, x.subarray(0, 1036), 1, 28, 37, r);
      out.push(Array.from(r).map(String).join());
      console.log(JSON.stringify(out));`;
    const run = (kernel: string) => {
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        encoding: 'utf8',
        env: { ...process.env, DENDRITE_ELEMENTWISE_KERNEL: kernel },
      });
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout) as string[];
    };
    const [best, ...reference] = run('');
    for (const kernel of ['avx2', 'baseline']) {
      const [name, ...results] = run(kernel);
      if (kernel === 'baseline') assert.equal(name, 'baseline');
      assert.notEqual(best, undefined);
      for (const [i, r] of results.entries()) assert.equal(r, reference[i], `${kernel} vs ${best}: result ${i}`);
    }
  });

  test('the addon checks every length, shape and op code (RangeError) and array type (TypeError)', () => {
    if (!native.ok) return;
    const { addon } = native;
    const f = (n: number) => new Float32Array(n);
    assert.throws(() => addon.unary(0, f(3), f(4)), RangeError);
    assert.throws(() => addon.unary(99, f(3), f(3)), RangeError);
    assert.throws(() => addon.unary(-1, f(3), f(3)), RangeError);
    assert.throws(() => addon.unary(0.5, f(3), f(3)), RangeError);
    assert.throws(() => addon.unary(0, f(3), new Float64Array(3)), TypeError);
    assert.throws(() => addon.unary(22, f(3), f(3)), TypeError);
    assert.throws(() => addon.binary(0, f(3), f(3), f(4)), RangeError);
    assert.throws(() => addon.binary(0, f(3), f(2), f(3)), RangeError);
    assert.throws(() => addon.binary(0, f(3), new Float64Array(3), f(3)), TypeError);
    assert.throws(() => addon.binary(7, f(3), f(3), f(3)), TypeError);
    assert.throws(() => addon.binary(0, f(6), f(3), f(6), [2, 3], [3], [2, 4]), RangeError);
    assert.throws(() => addon.binary(0, f(6), f(3), f(7), [2, 3], [3], [2, 3]), RangeError);
    assert.throws(() => addon.binary(0, f(5), f(3), f(6), [2, 3], [3], [2, 3]), RangeError);
    assert.throws(() => addon.binary(0, f(6), f(3), f(6), [2, 3], [-3], [2, 3]), RangeError);
    assert.throws(() => addon.binary(0, f(6), f(3), f(6), [2, 3], [1.5], [2, 3]), RangeError);
    assert.throws(() => addon.binary(0, f(6), f(3), f(6), [2, 3], [3]), RangeError);
    assert.throws(() => addon.binary(0, f(6), f(6), f(6), [6], [6], new Array(17).fill(1)), RangeError);
    assert.throws(() => addon.binary(0, f(1), f(1), f(1), [2 ** 30, 2 ** 30], [1], [2 ** 30, 2 ** 30]), RangeError);
    addon.binary(0, f(6), f(3), f(6), [2, 3], [3], [2, 3]);
    assert.throws(() => addon.select(new Uint8Array(2), f(3), f(3), f(3)), RangeError);
    assert.throws(() => addon.select(new Uint8Array(3), f(3), f(3), new Float64Array(3)), TypeError);
    assert.throws(() => addon.cast(f(3), new Int32Array(2)), RangeError);
    assert.throws(() => addon.cast(f(3), new Int16Array(3) as unknown as Int32Array), TypeError);
    assert.throws(() => addon.reduce(0, f(6), 2, 3, 2, f(2)), RangeError);
    assert.throws(() => addon.reduce(0, f(6), 2, 3, 1, f(3)), RangeError);
    assert.throws(() => addon.reduce(0, f(6), 2 ** 40, 2 ** 40, 1, f(2 ** 40 % 7)), RangeError);
    assert.throws(() => addon.reduce(4, f(6), 2, 3, 1, f(2)), RangeError);
    assert.throws(() => addon.argReduce(true, f(6), 2, 3, 1, new Int32Array(3)), RangeError);
    assert.throws(() => addon.argReduce(true, f(6), 2, 3, 1, f(2) as unknown as Int32Array), TypeError);
  });
});
