import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValueError } from '../../src/core/errors.js';
import {
  circles,
  classCounts,
  type Dataset,
  gaussians,
  moons,
  type SyntheticOptions,
  spiral,
  xor,
} from '../../src/data/index.js';

const SETS = { moons, circles, spiral, xor, gaussians } as const;
const bytes = (d: Dataset) => [
  Buffer.from(d.features.buffer).toString('hex'),
  Buffer.from(d.labels.buffer).toString('hex'),
];
const point = (d: Dataset, i: number): [number, number] => [
  d.features[2 * i] as number,
  d.features[2 * i + 1] as number,
];

for (const [name, make] of Object.entries(SETS) as [string, (o?: SyntheticOptions) => Dataset][]) {
  test(`${name}: shapes, dtypes, balanced classes, finite values`, () => {
    for (const samples of [1, 2, 7, 500, 1001]) {
      const d = make({ samples });
      assert.equal(d.name, name);
      assert.equal(d.numSamples, samples);
      assert.equal(d.numFeatures, 2);
      assert.equal(d.numClasses, 2);
      assert.ok(d.features instanceof Float32Array && d.features.length === 2 * samples);
      assert.ok(d.labels instanceof Int32Array && d.labels.length === samples);
      assert.ok(d.features.every(Number.isFinite));
      const [c0, c1] = classCounts(d.labels, 2) as [number, number];
      assert.equal(c0 + c1, samples);
      assert.ok(Math.abs(c0 - c1) <= 1, `class counts ${c0}, ${c1}`);
    }
    assert.match(make().description, /500 samples.*seed 0/);
  });

  test(`${name}: the same seed gives the same bytes, another seed other points`, () => {
    const opts = { samples: 300, labelNoise: 0.1 };
    assert.deepEqual(bytes(make({ ...opts, seed: 3 })), bytes(make({ ...opts, seed: 3 })));
    assert.deepEqual(bytes(make(opts)), bytes(make({ ...opts, seed: 0 })), 'the default seed is 0');
    const [a] = bytes(make({ ...opts, seed: 3 }));
    const [b] = bytes(make({ ...opts, seed: 4 }));
    assert.notEqual(a, b);
  });

  test(`${name}: labelNoise flips exactly round(p·n) labels of the same points`, () => {
    for (const [samples, p] of [
      [500, 0.1],
      [333, 0.25],
      [10, 0.05], // round(0.5) = 1
      [7, 0.01], // round(0.07) = 0
    ] as const) {
      const clean = make({ samples, seed: 5 });
      const noisy = make({ samples, seed: 5, labelNoise: p });
      assert.deepEqual(noisy.features, clean.features, 'label noise must not move the points');
      const flipped = clean.labels.filter((y, i) => y !== noisy.labels[i]).length;
      assert.equal(flipped, Math.round(p * samples), `${samples} samples, labelNoise ${p}`);
    }
    const other = make({ samples: 500, seed: 6, labelNoise: 0.1 });
    const base = make({ samples: 500, seed: 6 });
    const a = make({ samples: 500, seed: 5, labelNoise: 0.1 });
    const aBase = make({ samples: 500, seed: 5 });
    const which = (n: Dataset, c: Dataset) => [...n.labels.keys()].filter((i) => n.labels[i] !== c.labels[i]).join();
    assert.notEqual(which(other, base), which(a, aBase), 'the seed chooses which labels flip');
  });

  test(`${name}: noise moves the same points further (noise is the standard deviation)`, () => {
    const at0 = make({ samples: 2000, noise: 0 });
    const at1 = make({ samples: 2000, noise: 0.1 });
    const at2 = make({ samples: 2000, noise: 0.2 });
    assert.deepEqual(at1.labels, at0.labels);
    let s1 = 0;
    for (let i = 0; i < 4000; i++) {
      const d1 = (at1.features[i] as number) - (at0.features[i] as number);
      const d2 = (at2.features[i] as number) - (at0.features[i] as number);
      assert.ok(Math.abs(d2 - 2 * d1) < 1e-5, 'twice the noise, the same direction');
      s1 += d1 * d1;
    }
    assert.ok(Math.abs(Math.sqrt(s1 / 4000) - 0.1) < 0.005, `std ${Math.sqrt(s1 / 4000)}`);
  });

  test(`${name}: invalid options are ValueErrors in Keras's words`, () => {
    const cases: [unknown, RegExp][] = [
      [{ samples: 0 }, /argument `samples` of \w+\. Expected a positive integer\. Received: samples=0/],
      [{ samples: 2.5 }, /Received: samples=2\.5/],
      [{ samples: '10' }, /Received: samples="10"/],
      [{ noise: -0.1 }, /argument `noise` of \w+\. Expected a non-negative finite number\. Received: noise=-0\.1/],
      [{ noise: Number.POSITIVE_INFINITY }, /Received: noise=Infinity/],
      [{ labelNoise: 1 }, /argument `labelNoise` of \w+\. Expected a number in \[0, 1\)\. Received: labelNoise=1/],
      [{ labelNoise: -0.1 }, /Received: labelNoise=-0\.1/],
      [{ seed: 0.5 }, /argument `seed` of \w+\. Expected an integer\. Received: seed=0\.5/],
      [
        { sample: 10 },
        /unknown option `sample`; did you mean `samples`\? Expected one of samples, noise, labelNoise, seed/,
      ],
    ];
    for (const [options, message] of cases) {
      assert.throws(
        () => make(options as SyntheticOptions),
        (e: Error) => e instanceof ValueError && message.test(e.message),
      );
    }
  });
}

test('moons with noise 0: class 0 on the upper unit half circle, class 1 on (1 − cos t, 0.5 − sin t)', () => {
  const d = moons({ samples: 201, noise: 0 });
  for (let i = 0; i < d.numSamples; i++) {
    const [x, y] = point(d, i);
    const [cx, cy, sy] = d.labels[i] === 0 ? [0, 0, 1] : [1, 0.5, -1];
    assert.ok(Math.abs(Math.hypot(x - cx, y - cy) - 1) < 1e-6, `point ${i} off its circle`);
    assert.ok(sy * (y - cy) >= -1e-6, `point ${i} on the wrong half`);
  }
  // scikit-learn's linspace: both end points of each half circle are present.
  const has = (x: number, y: number) =>
    [...d.labels.keys()].some((i) => Math.hypot(point(d, i)[0] - x, point(d, i)[1] - y) < 1e-6);
  assert.ok(has(1, 0) && has(-1, 0) && has(0, 0.5) && has(2, 0.5));
});

test('circles with noise 0: radii 1 (class 0) and 0.5 (class 1), angles evenly spaced', () => {
  const d = circles({ samples: 100, noise: 0 });
  const angles: number[] = [];
  for (let i = 0; i < d.numSamples; i++) {
    const r = Math.hypot(...point(d, i));
    assert.ok(Math.abs(r - (d.labels[i] === 0 ? 1 : 0.5)) < 1e-6, `point ${i}: radius ${r}`);
    if (d.labels[i] === 0) angles.push(Math.atan2(point(d, i)[1], point(d, i)[0]));
  }
  angles.sort((a, b) => a - b);
  for (let k = 1; k < angles.length; k++)
    assert.ok(Math.abs((angles[k] as number) - (angles[k - 1] as number) - (2 * Math.PI) / 50) < 1e-5);
});

test('spiral with noise 0: radius t ∈ (0, 1], angle 3.5π·t + label·π (the arms are half a turn apart)', () => {
  const d = spiral({ samples: 400, noise: 0 });
  for (let i = 0; i < d.numSamples; i++) {
    const [x, y] = point(d, i);
    const t = Math.hypot(x, y);
    assert.ok(t > 0 && t <= 1 + 1e-6);
    const expected = 3.5 * Math.PI * t + (d.labels[i] as number) * Math.PI;
    const diff = Math.atan2(y, x) - expected;
    const wrapped = diff - 2 * Math.PI * Math.round(diff / (2 * Math.PI));
    assert.ok(Math.abs(wrapped) < 1e-4, `point ${i}: angle off by ${wrapped}`);
  }
});

test('xor with noise 0: the four corners, labelled by XOR of the signs, about n/4 each', () => {
  const d = xor({ samples: 402, noise: 0 });
  const corners = new Map<string, number>();
  for (let i = 0; i < d.numSamples; i++) {
    const [x, y] = point(d, i);
    assert.ok(Math.abs(x) === 1 && Math.abs(y) === 1);
    assert.equal(d.labels[i], x > 0 !== y > 0 ? 1 : 0);
    corners.set(`${x},${y}`, (corners.get(`${x},${y}`) ?? 0) + 1);
  }
  assert.deepEqual([...corners.values()].sort(), [100, 100, 101, 101]);
});

test('gaussians: blob means near (−1, −1) and (1, 1), standard deviation = noise', () => {
  const d = gaussians({ samples: 4000, noise: 0.5, seed: 2 });
  for (const label of [0, 1]) {
    const rows = [...d.labels.keys()].filter((i) => d.labels[i] === label);
    const xs = rows.map((i) => point(d, i)[0]);
    const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
    const std = Math.sqrt(xs.reduce((s, v) => s + (v - mean) ** 2, 0) / xs.length);
    assert.ok(Math.abs(mean - (label === 0 ? -1 : 1)) < 0.05, `mean ${mean}`);
    assert.ok(Math.abs(std - 0.5) < 0.03, `std ${std}`);
  }
});

test('the rows are shuffled: no long run of one class', () => {
  for (const make of Object.values(SETS)) {
    const { labels } = make({ samples: 400 });
    let run = 1;
    let longest = 1;
    for (let i = 1; i < labels.length; i++) {
      run = labels[i] === labels[i - 1] ? run + 1 : 1;
      longest = Math.max(longest, run);
    }
    assert.ok(longest < 20, `longest run ${longest}`);
  }
});
