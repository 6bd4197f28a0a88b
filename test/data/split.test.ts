import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValueError } from '../../src/core/errors.js';
import {
  classCounts,
  type Dataset,
  featureStatistics,
  gaussians,
  parseCsv,
  shuffleSplit,
  standardize,
  standardizeFeatures,
} from '../../src/data/index.js';

/** A dataset whose feature 0 is the row index, so every row can be traced through a split. */
function indexed(labels: number[]): Dataset {
  const n = labels.length;
  const features = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    features[2 * i] = i;
    features[2 * i + 1] = labels[i] as number;
  }
  return {
    name: 'indexed',
    description: 'rows numbered',
    features,
    labels: Int32Array.from(labels),
    numSamples: n,
    numFeatures: 2,
    numClasses: 3,
    classNames: ['a', 'b', 'c'],
  };
}

const rowsOf = (d: Dataset) => Array.from({ length: d.numSamples }, (_, i) => d.features[2 * i] as number);

test('shuffleSplit: round(f·n) held out, disjoint, covering, rows intact, stratified to within one per class', () => {
  // Classes of 600, 300 and 100 samples.
  const labels = [...Array(600).fill(0), ...Array(300).fill(1), ...Array(100).fill(2)];
  const data = indexed(labels);
  const { train, validation } = shuffleSplit(data, { validationFraction: 0.25, seed: 1 });
  assert.equal(validation.numSamples, 250);
  assert.equal(train.numSamples, 750);
  const all = [...rowsOf(train), ...rowsOf(validation)].sort((a, b) => a - b);
  assert.deepEqual(all, [...Array(1000).keys()], 'every row exactly once');
  for (const part of [train, validation]) {
    for (let i = 0; i < part.numSamples; i++) {
      assert.equal(part.labels[i], labels[part.features[2 * i] as number], 'a row keeps its label');
      assert.equal(part.features[2 * i + 1], part.labels[i]);
    }
    assert.deepEqual(part.classNames, ['a', 'b', 'c']);
    assert.equal(part.numClasses, 3);
  }
  assert.deepEqual(classCounts(validation.labels, 3), [150, 75, 25]);
  assert.deepEqual(classCounts(train.labels, 3), [450, 225, 75]);
  assert.match(validation.description, /validation part \(25%, seed 1\)/);
});

test('shuffleSplit: seeded (same seed same split, another seed another), and each part in a random order', () => {
  const data = gaussians({ samples: 300 });
  const a = shuffleSplit(data, { validationFraction: 0.3, seed: 7 });
  const b = shuffleSplit(data, { validationFraction: 0.3, seed: 7 });
  const c = shuffleSplit(data, { validationFraction: 0.3, seed: 8 });
  assert.deepEqual(a.train.features, b.train.features);
  assert.deepEqual(a.validation.labels, b.validation.labels);
  assert.notDeepEqual(a.validation.features, c.validation.features);
  assert.deepEqual(
    shuffleSplit(data, { validationFraction: 0.3 }).train.features,
    shuffleSplit(data, { validationFraction: 0.3, seed: 0 }).train.features,
  );
  const sorted = indexed([...Array(50).fill(0), ...Array(50).fill(1)]);
  const rows = rowsOf(shuffleSplit(sorted, { validationFraction: 0.5, seed: 0 }).train);
  assert.notDeepEqual(
    rows,
    [...rows].sort((x, y) => x - y),
    'not in the original order',
  );
});

test('shuffleSplit: uneven class sizes round by largest remainder', () => {
  // 7 and 3 samples, 30% held out: quotas 2.1 and 0.9 → 2 and 1.
  const { validation } = shuffleSplit(indexed([...Array(7).fill(0), ...Array(3).fill(1)]), {
    validationFraction: 0.3,
    seed: 0,
  });
  assert.deepEqual(classCounts(validation.labels, 3), [2, 1, 0]);
});

test('shuffleSplit: errors', () => {
  const data = indexed([0, 1, 2, 0, 1]);
  for (const f of [0, 1, -0.5, 1.5, Number.NaN]) {
    assert.throws(
      () => shuffleSplit(data, { validationFraction: f, seed: 0 }),
      (e: Error) =>
        e instanceof ValueError &&
        /argument `validationFraction` of shuffleSplit\. Expected a number in \(0, 1\)/.test(e.message),
    );
  }
  assert.throws(() => shuffleSplit(data, { validationFraction: 0.05 }), /leaves no validation samples/);
  assert.throws(() => shuffleSplit(data, { validationFraction: 0.95 }), /leaves no training samples/);
  assert.throws(() => shuffleSplit(data, { validationFraction: 0.5, seed: 1.5 }), /Expected an integer/);
});

test('standardize: the training part gets mean 0 and std 1 per feature; others use the training statistics', () => {
  const table = parseCsv('a,b,c,y\n1,10,5,0\n2,20,5,1\n3,30,5,0\n4,40,5,1\n', { target: 'y' });
  const other = parseCsv('a,b,c,y\n2.5,0,6,1\n', { target: 'y' });
  const [train, test2] = standardize(table, other) as [Dataset, Dataset];
  const stats = featureStatistics(table);
  assert.deepEqual(Array.from(stats.mean), [2.5, 25, 5]);
  assert.ok(Math.abs((stats.std[0] as number) - Math.sqrt(1.25)) < 1e-12, 'population std (÷ n)');
  const z = featureStatistics(train);
  for (const j of [0, 1]) {
    assert.ok(Math.abs(z.mean[j] as number) < 1e-6);
    assert.ok(Math.abs((z.std[j] as number) - 1) < 1e-6);
  }
  // The constant column c (std 0) is only centred, not divided: 5 → 0 and 6 → 1.
  assert.deepEqual([train.features[2], test2.features[2]], [0, 1]);
  assert.ok(train.features.every(Number.isFinite));
  assert.ok(Math.abs((test2.features[0] as number) - 0) < 1e-6, 'validation uses the training mean 2.5');
  assert.ok(Math.abs((test2.features[1] as number) - -25 / Math.sqrt(125)) < 1e-5, 'and the training std');
  assert.deepEqual(train.labels, table.labels);
  assert.notEqual(train.features, table.features, 'new arrays, the inputs untouched');
  assert.equal(table.features[0], 1);
  assert.match(train.description, /standardized by the training set/);
});

test('standardize: statistics of a realistic set, and standardizeFeatures on loose points', () => {
  const { train, validation } = shuffleSplit(gaussians({ samples: 2000, noise: 2, seed: 3 }), {
    validationFraction: 0.5,
    seed: 3,
  });
  const [zTrain, zVal] = standardize(train, validation) as [Dataset, Dataset];
  const s = featureStatistics(zTrain);
  for (const j of [0, 1]) assert.ok(Math.abs(s.mean[j] as number) < 1e-6 && Math.abs((s.std[j] as number) - 1) < 1e-5);
  const v = featureStatistics(zVal);
  for (const j of [0, 1]) assert.ok(Math.abs(v.mean[j] as number) < 0.15 && Math.abs((v.std[j] as number) - 1) < 0.1);
  const stats = featureStatistics(train);
  assert.deepEqual(standardizeFeatures(validation.features, stats), zVal.features);
  assert.throws(() => standardizeFeatures(new Float32Array(3), stats), /not a whole number of rows of 2 features/);
  assert.throws(() => standardize(train, parseCsv('a,y\n1,0\n', { target: 'y' })), /training set's 2 features/);
});
