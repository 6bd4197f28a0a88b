import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dispose, memory, randomNormal, ValueError } from '../../src/index.js';
import { Orthogonal, orthogonal } from '../../src/initializers/index.js';

/** Row-major rows×cols values → the Gram matrix of its rows (W·Wᵀ) or of its columns (Wᵀ·W), in float64. */
function gram(w: ArrayLike<number>, rows: number, cols: number, of: 'rows' | 'cols'): number[][] {
  const at = (i: number, j: number) => w[i * cols + j] as number;
  const n = of === 'rows' ? rows : cols;
  const k = of === 'rows' ? cols : rows;
  return Array.from({ length: n }, (_, a) =>
    Array.from({ length: n }, (_, b) => {
      let s = 0;
      for (let t = 0; t < k; t++) s += of === 'rows' ? at(a, t) * at(b, t) : at(t, a) * at(t, b);
      return s;
    }),
  );
}

function assertScaledIdentity(g: number[][], scale: number, tol: number): void {
  for (let i = 0; i < g.length; i++) {
    for (let j = 0; j < g.length; j++) {
      const expected = i === j ? scale : 0;
      const got = (g[i] as number[])[j] as number;
      assert.ok(Math.abs(got - expected) <= tol, `G[${i}][${j}] = ${got}, expected ${expected}`);
    }
  }
}

describe('Orthogonal', () => {
  test('square: W·Wᵀ = I and Wᵀ·W = I within 1e-5', () => {
    const w = orthogonal({ seed: 1 }).apply([6, 6]).dataSync();
    assertScaledIdentity(gram(w, 6, 6, 'rows'), 1, 1e-5);
    assertScaledIdentity(gram(w, 6, 6, 'cols'), 1, 1e-5);
  });

  test('wide (rows < cols): orthonormal rows, W·Wᵀ = I', () => {
    const w = new Orthogonal({ seed: 2 }).apply([3, 7]);
    assert.deepEqual(w.shape, [3, 7]);
    assertScaledIdentity(gram(w.dataSync(), 3, 7, 'rows'), 1, 1e-5);
  });

  test('tall (rows > cols): orthonormal columns, Wᵀ·W = I', () => {
    const w = new Orthogonal({ seed: 3 }).apply([9, 4]);
    assertScaledIdentity(gram(w.dataSync(), 9, 4, 'cols'), 1, 1e-5);
  });

  test('rank 3 flattens to (prod(shape[:-1]), shape[-1]): [2, 3, 4] is a 6×4 with Wᵀ·W = I', () => {
    const w = new Orthogonal({ seed: 4 }).apply([2, 3, 4]);
    assert.deepEqual(w.shape, [2, 3, 4]);
    assertScaledIdentity(gram(w.dataSync(), 6, 4, 'cols'), 1, 1e-5);
    const wide = new Orthogonal({ seed: 4 }).apply([1, 2, 5]);
    assertScaledIdentity(gram(wide.dataSync(), 2, 5, 'rows'), 1, 1e-5);
  });

  test('gain scales: W·Wᵀ = gain²·I', () => {
    const w = new Orthogonal({ gain: 2, seed: 5 }).apply([4, 5]).dataSync();
    assertScaledIdentity(gram(w, 4, 5, 'rows'), 4, 4e-5);
  });

  test('float64 is orthogonal to 1e-12', () => {
    const w = new Orthogonal({ seed: 6 }).apply([8, 5], 'float64');
    assert.equal(w.dtype, 'float64');
    assertScaledIdentity(gram(w.dataSync(), 8, 5, 'cols'), 1, 1e-12);
  });

  test('Keras’s algorithm: W is the Q of QR(A) for A = N(0, 1) drawn with the seed, with R’s diagonal positive', () => {
    // rows ≥ cols: W = Q, so R = Wᵀ·A must be upper triangular with a positive diagonal.
    const [m, n] = [7, 4];
    const w = new Orthogonal({ seed: 9 }).apply([m, n], 'float64').dataSync();
    const a = randomNormal([m, n], 0, 1, 'float64', 9).dataSync();
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let r = 0;
        for (let t = 0; t < m; t++) r += (w[t * n + i] as number) * (a[t * n + j] as number);
        if (i > j) assert.ok(Math.abs(r) < 1e-12, `R[${i}][${j}] = ${r}`);
        if (i === j) assert.ok(r > 0, `R[${i}][${i}] = ${r}`);
      }
    }
    // rows < cols: W = Qᵀ for the QR of the (cols × rows) draw.
    const wt = new Orthogonal({ seed: 9 }).apply([n, m], 'float64').dataSync();
    for (let i = 0; i < n; i++) for (let t = 0; t < m; t++) assert.equal(wt[i * m + t], w[t * n + i]);
  });

  test('seeded: same values every call; different seeds differ', () => {
    const init = new Orthogonal({ seed: 10 });
    const a = init.apply([4, 4]).dataSync();
    assert.deepEqual(a, init.apply([4, 4]).dataSync());
    assert.notDeepEqual(a, new Orthogonal({ seed: 11 }).apply([4, 4]).dataSync());
  });

  test('apply leaves exactly its result alive (the normal draw is disposed)', () => {
    const before = memory().numTensors;
    const w = new Orthogonal({ seed: 1 }).apply([5, 3]);
    assert.equal(memory().numTensors, before + 1);
    dispose(w);
  });

  test('errors: rank < 2, non-finite gain, int32 dtype', () => {
    assert.throws(
      () => new Orthogonal().apply([5]),
      /^ValueError: Orthogonal: the tensor to initialize must be at least two-dimensional\. Received: shape=\[5\] of rank 1$/,
    );
    assert.throws(
      () => new Orthogonal({ gain: Number.NaN }),
      /`gain` of \w+\. Expected a finite number\. Received: gain=NaN$/,
    );
    assert.throws(() => new Orthogonal().apply([2, 2], 'int32'), ValueError);
  });
});
