// Seeded statistical tests of the recurrent dropout masks, as Keras 3 draws them: in training only, one mask per
// sequence (the same at every step), keep/(1 − rate) for the kept units, on the inputs (dropout) and on the state
// (recurrentDropout); reproducible from the seed, a new mask for each call.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eye, layers, ones, type Tensor, tidy, zeros } from '../../../src/index.js';
import { describeEachBackend } from '../../util/backends.js';

const B = 2000;
const F = 4;
const T = 3;

/** A linear SimpleRNN with W = I and U as given, b = 0: h_t = x_t·m + (h_{t−1}·m')·U. */
function identityRnn(args: { dropout?: number; recurrentDropout?: number; seed?: number }, recurrent: 'eye' | 'zeros') {
  const rnn = new layers.SimpleRNN(F, { activation: 'linear', returnSequences: true, ...args });
  rnn.build([null, T, F]);
  tidy(() => rnn.setWeights([eye(F), recurrent === 'eye' ? eye(F) : zeros([F, F]), zeros([F])]));
  return rnn;
}

function rows(y: Tensor): number[][][] {
  return y.arraySync() as number[][][];
}

describeEachBackend('recurrent dropout masks (seeded, statistical)', () => {
  test('dropout: one input mask per sequence, the same at every step; keep rate 1 − rate; kept units scaled by 1/(1 − rate)', () => {
    const rate = 0.3;
    const rnn = identityRnn({ dropout: rate, seed: 17 }, 'zeros');
    const y = tidy(() => rows(rnn.apply(ones([B, T, F]), { training: true })));
    let kept = 0;
    for (const seq of y) {
      const first = seq[0] as number[];
      for (const step of seq) assert.deepEqual(step, first, 'the mask changed between steps');
      for (const v of first) {
        assert.ok(v === 0 || Math.abs(v - 1 / (1 - rate)) < 1e-6, `a mask value ${v}`);
        if (v !== 0) kept++;
      }
    }
    const keep = kept / (B * F);
    // σ = √(0.21/8000) ≈ 0.005: four of them.
    assert.ok(Math.abs(keep - (1 - rate)) < 0.02, `keep rate ${keep}`);
    rnn.dispose();
  });

  test('recurrentDropout: one state mask per sequence, the same at every step, keep rate 1 − rate', () => {
    const rate = 0.4;
    const rnn = identityRnn({ recurrentDropout: rate, seed: 23 }, 'eye');
    // h1 = 1, h2 = 1 + m·h1 = 1 + m, h3 = 1 + m·h2: the same m reproduces h3.
    const y = tidy(() => rows(rnn.apply(ones([B, T, F]), { training: true })));
    let kept = 0;
    for (const seq of y) {
      for (let j = 0; j < F; j++) {
        const [h1, h2, h3] = seq.map((s) => s[j] as number) as [number, number, number];
        assert.equal(h1, 1);
        const m = h2 - 1;
        assert.ok(m === 0 || Math.abs(m - 1 / (1 - rate)) < 1e-5, `a mask value ${m}`);
        assert.ok(Math.abs(h3 - (1 + m * h2)) < 1e-5, 'the recurrent mask changed between steps');
        if (m !== 0) kept++;
      }
    }
    const keep = kept / (B * F);
    assert.ok(Math.abs(keep - (1 - rate)) < 0.02, `keep rate ${keep}`);
    rnn.dispose();
  });

  test('no masks in inference; the same seed draws the same masks; each call draws new ones', () => {
    const a = identityRnn({ dropout: 0.5, seed: 5 }, 'zeros');
    const b = identityRnn({ dropout: 0.5, seed: 5 }, 'zeros');
    tidy(() => {
      const x = ones([8, T, F]);
      assert.ok(
        rows(a.apply(x))
          .flat(2)
          .every((v) => v === 1),
        'inference must not drop',
      );
      const first = rows(a.apply(x, { training: true }));
      assert.deepEqual(rows(b.apply(x, { training: true })), first);
      assert.notDeepEqual(rows(a.apply(x, { training: true })), first);
    });
    a.dispose();
    b.dispose();
  });

  test('LSTM and GRU draw k masks each for input and state with recurrentDropout (Keras implementation 1), one without', () => {
    for (const [make, k] of [
      [(a: object) => new layers.LSTM(2, a), 4],
      [(a: object) => new layers.GRU(2, a), 3],
    ] as const) {
      const both = make({ dropout: 0.2, recurrentDropout: 0.2, seed: 1 });
      const inputOnly = make({ dropout: 0.2, seed: 1 });
      tidy(() => {
        for (const l of [both, inputOnly]) {
          const before = l.getRandomState()[0]?.[1] as number;
          l.apply(ones([2, T, 3]), { training: true });
          const draws = (l.getRandomState()[0]?.[1] as number) - before;
          assert.equal(draws, l === both ? 2 * k : 1, `${l.className}: ${draws} draws`);
        }
      });
      both.dispose();
      inputOnly.dispose();
    }
  });
});
