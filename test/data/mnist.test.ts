import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValueError } from '../../src/core/errors.js';
import { classCounts, type Dataset, loadMnist } from '../../src/data/node.js';

/** A row's 784 values as a string key, to find the same digit in two sets. */
function rowKeys(d: Dataset): Set<string> {
  const keys = new Set<string>();
  for (let i = 0; i < d.numSamples; i++)
    keys.add(Buffer.from(d.features.buffer, i * 784 * 4, 784 * 4).toString('base64'));
  return keys;
}

// The first call parses the package's JSON; every later one in this file reuses it.
test('loadMnist: the first call parses the package, a second call is served from memory', async () => {
  let start = performance.now();
  await loadMnist();
  const first = performance.now() - start;
  start = performance.now();
  await loadMnist({ seed: 1 });
  const second = performance.now() - start;
  console.log(`# loadMnist: first call ${first.toFixed(0)} ms, cached call ${second.toFixed(0)} ms`);
  assert.ok(second < 150 && second < first, `cached call took ${second.toFixed(0)} ms (first ${first.toFixed(0)} ms)`);
});

test('loadMnist: default sizes, shapes, 784 grey levels in [0, 1], ten classes', async () => {
  const { train, validation } = await loadMnist();
  for (const [d, n] of [
    [train, 1000],
    [validation, 2000],
  ] as const) {
    assert.equal(d.name, 'mnist');
    assert.equal(d.numSamples, n);
    assert.equal(d.numFeatures, 784);
    assert.equal(d.numClasses, 10);
    assert.deepEqual(d.classNames, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    assert.equal(d.features.length, n * 784);
    assert.equal(d.labels.length, n);
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const v of d.features) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    assert.equal(min, 0, 'background is 0');
    assert.ok(max > 0.99 && max <= 1, `max ${max}`);
    // A digit is mostly background: about 19% of its pixels are ink.
    const ink = d.features.filter((v) => v > 0).length / d.features.length;
    assert.ok(ink > 0.1 && ink < 0.3, `ink fraction ${ink}`);
  }
});

test('loadMnist: train and validation are disjoint, stratified, shuffled, and seeded', async () => {
  const a = await loadMnist({ trainSize: 500, valSize: 1500, seed: 3 });
  const trainKeys = rowKeys(a.train);
  const valKeys = rowKeys(a.validation);
  const shared = [...trainKeys].filter((k) => valKeys.has(k)).length;
  assert.equal(shared, 0, 'no digit in both sets');
  // The package holds 1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978 of digits 0–9: each class gets its share.
  const totals = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];
  for (const [d, n] of [
    [a.train, 500],
    [a.validation, 1500],
  ] as const) {
    const counts = classCounts(d.labels, 10);
    counts.forEach((c, k) => {
      assert.ok(Math.abs(c - (n * (totals[k] as number)) / 10_000) <= 1, `digit ${k}: ${c} of ${n}`);
    });
    assert.ok(
      d.labels.slice(0, 50).some((y) => y !== d.labels[0]),
      'the first rows are not all one digit',
    );
  }
  const again = await loadMnist({ trainSize: 500, valSize: 1500, seed: 3 });
  assert.deepEqual(again.train.features, a.train.features);
  assert.deepEqual(again.validation.labels, a.validation.labels);
  const other = await loadMnist({ trainSize: 500, valSize: 1500, seed: 4 });
  const overlap = [...rowKeys(other.train)].filter((k) => trainKeys.has(k)).length;
  assert.ok(overlap < 100, `another seed draws other digits (${overlap} of 500 in common)`);
});

test('loadMnist: all 10,000 digits can be split, each exactly once', async () => {
  const { train, validation } = await loadMnist({ trainSize: 9000, valSize: 1000 });
  assert.deepEqual(
    classCounts(train.labels, 10).map((c, k) => c + (classCounts(validation.labels, 10)[k] as number)),
    [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978],
  );
});

test('loadMnist: invalid sizes are ValueErrors', async () => {
  await assert.rejects(
    loadMnist({ trainSize: 8000, valSize: 2001 }),
    (e: Error) =>
      e instanceof ValueError &&
      /trainSize \+ valSize must be at most 10000\b.*Received: trainSize=8000, valSize=2001/.test(e.message),
  );
  await assert.rejects(
    loadMnist({ trainSize: 0 }),
    /argument `trainSize` of loadMnist\. Expected a positive integer\. Received: trainSize=0/,
  );
  await assert.rejects(loadMnist({ valSize: 10.5 }), /Received: valSize=10\.5/);
  await assert.rejects(loadMnist({ seed: Number.NaN }), /argument `seed` of loadMnist/);
  await assert.rejects(loadMnist({ size: 10 } as object), /unknown option `size`/);
});
