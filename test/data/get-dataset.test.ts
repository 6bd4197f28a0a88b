import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ValueError } from '../../src/core/errors.js';
import { classCounts, DATASET_NAMES, getDataset, moons, shuffleSplit } from '../../src/data/node.js';

const dir = mkdtempSync(join(tmpdir(), 'dendrite-get-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('getDataset: each 2-D set, split in halves by default, stratified; the options reach the generator', async () => {
  for (const name of ['moons', 'circles', 'spiral', 'xor', 'gaussians']) {
    const { train, validation } = await getDataset(name, { samples: 200 });
    assert.equal(train.name, name);
    assert.deepEqual([train.numSamples, validation.numSamples], [100, 100]);
    assert.deepEqual(classCounts(validation.labels, 2), [50, 50]);
  }
  const split = await getDataset('moons', {
    samples: 300,
    noise: 0.1,
    labelNoise: 0.2,
    seed: 4,
    validationFraction: 0.2,
  });
  const expected = shuffleSplit(moons({ samples: 300, noise: 0.1, labelNoise: 0.2, seed: 4 }), {
    validationFraction: 0.2,
    seed: 4,
  });
  assert.deepEqual(split.train.features, expected.train.features);
  assert.deepEqual(split.validation.labels, expected.validation.labels);
});

test('getDataset: mnist takes trainSize and valSize', async () => {
  const { train, validation } = await getDataset('mnist', { trainSize: 100, valSize: 50, seed: 2 });
  assert.deepEqual([train.numSamples, validation.numSamples, train.numFeatures], [100, 50, 784]);
});

test('getDataset: csv:PATH needs a target, splits 80/20 by default', async () => {
  const path = join(dir, 'table.csv');
  writeFileSync(
    path,
    `x,y,kind\n${Array.from({ length: 10 }, (_, i) => `${i},${i * i},${i % 2 ? 'odd' : 'even'}`).join('\n')}\n`,
  );
  const { train, validation } = await getDataset(`csv:${path}`, { target: 'kind' });
  assert.deepEqual([train.numSamples, validation.numSamples], [8, 2]);
  assert.deepEqual(train.classNames, ['even', 'odd']);
  await assert.rejects(getDataset(`csv:${path}`), /"csv:.*table\.csv" needs `target`/);
  await assert.rejects(getDataset('csv:'), /'csv:' needs a file path/);
  await assert.rejects(
    getDataset(`csv:${join(dir, 'missing.csv')}`, { target: 'kind' }),
    /cannot read the CSV file .*missing\.csv/,
  );
});

test('getDataset: an unknown name lists the valid ones; an option that does not apply is named', async () => {
  await assert.rejects(
    getDataset('mnst'),
    (e: Error) =>
      e instanceof ValueError &&
      e.message ===
        'Unknown dataset for getDataset. Expected one of: mnist, moons, circles, spiral, xor, gaussians, csv:PATH. Received: "mnst"',
  );
  await assert.rejects(
    getDataset('mnist', { noise: 0.1 }),
    /`noise` does not apply to the dataset "mnist"\. Expected only: trainSize, valSize, seed/,
  );
  await assert.rejects(getDataset('moons', { trainSize: 10, target: 'y' }), /`trainSize`, `target` do not apply/);
  // Options left undefined (an unset CLI flag) are not "set".
  assert.equal((await getDataset('xor', { samples: 10, trainSize: undefined })).train.numSamples, 5);
  assert.deepEqual([...DATASET_NAMES], ['mnist', 'moons', 'circles', 'spiral', 'xor', 'gaussians']);
});

test('the data module keeps Node-only modules out of its static imports (the package root loads in a browser)', () => {
  const src = resolve(dirname(fileURLToPath(import.meta.url)), '../../../src/data');
  for (const name of readdirSync(src)) {
    const text = readFileSync(join(src, name), 'utf8');
    assert.doesNotMatch(text, /^\s*import\s[^;]*from\s+'(node:)?(fs|path|module|url|os)(\/promises)?'/m, name);
  }
});
