import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ValueError } from '../../src/node.js';
import { CSVLogger, type Logs } from '../../src/training/callbacks/node.js';
import { FakeModel, linearProblem, tempDir } from './helpers.js';

async function logEpochs(logger: CSVLogger, epochs: readonly Logs[], first = 0): Promise<void> {
  logger.setModel(new FakeModel());
  await logger.onTrainBegin({});
  for (const [i, logs] of epochs.entries()) await logger.onEpochEnd(first + i, logs);
  await logger.onTrainEnd({});
}

describe('CSVLogger', () => {
  const dir = tempDir();

  test('writes a header of sorted keys and one row per epoch, values as Python prints floats', async () => {
    const file = path.join(dir, 'exact.csv');
    await logEpochs(new CSVLogger(file), [
      { val_loss: 0.25, loss: 0.5, accuracy: 1 },
      { val_loss: 1e-5, loss: Number.NaN, accuracy: 0.1 + 0.2 },
      { loss: Infinity, accuracy: 0.75 },
    ]);
    assert.equal(
      fs.readFileSync(file, 'utf8'),
      'epoch,accuracy,loss,val_loss\r\n' +
        '0,1.0,0.5,0.25\r\n' +
        '1,0.30000000000000004,nan,1e-05\r\n' +
        '2,0.75,inf,NA\r\n',
    );
  });

  test('a separator, and quoting as Python csv does', async () => {
    const file = path.join(dir, 'sep.csv');
    await logEpochs(new CSVLogger(file, { separator: ';' }), [{ 'a;b': 1, c: 2 }]);
    assert.equal(fs.readFileSync(file, 'utf8'), 'epoch;"a;b";c\r\n0;1.0;2.0\r\n');
  });

  test('each row is in the file as soon as its epoch ends', async () => {
    const file = path.join(dir, 'flush.csv');
    const logger = new CSVLogger(file);
    logger.setModel(new FakeModel());
    await logger.onTrainBegin({});
    await logger.onEpochEnd(0, { loss: 2 });
    assert.equal(fs.readFileSync(file, 'utf8'), 'epoch,loss\r\n0,2.0\r\n');
    await logger.onEpochEnd(1, { loss: 1 });
    assert.equal(fs.readFileSync(file, 'utf8').split('\r\n').length, 4);
  });

  test('without append a second run overwrites the file', async () => {
    const file = path.join(dir, 'overwrite.csv');
    await logEpochs(new CSVLogger(file), [{ loss: 1 }, { loss: 2 }]);
    await logEpochs(new CSVLogger(file), [{ loss: 3 }]);
    assert.equal(fs.readFileSync(file, 'utf8'), 'epoch,loss\r\n0,3.0\r\n');
  });

  test('append continues an existing file across two fits without repeating the header', async () => {
    const file = path.join(dir, 'resume.csv');
    const { model, x, y } = linearProblem(0.05);
    await model.fit(x, y, { epochs: 2, verbose: 0, callbacks: [new CSVLogger(file, { append: true })] });
    // A restarted run: a new logger on the same file, resuming at epoch 2.
    await model.fit(x, y, {
      epochs: 4,
      initialEpoch: 2,
      verbose: 0,
      callbacks: [new CSVLogger(file, { append: true })],
    });
    const lines = fs.readFileSync(file, 'utf8').split('\r\n');
    assert.equal(lines.pop(), '');
    assert.equal(lines[0], 'epoch,loss,regularization_loss');
    assert.equal(lines.filter((l) => l.startsWith('epoch')).length, 1);
    assert.deepEqual(
      lines.slice(1).map((l) => l.split(',')[0]),
      ['0', '1', '2', '3'],
    );
    const losses = lines.slice(1).map((l) => Number(l.split(',')[1]));
    assert.ok(losses.every(Number.isFinite) && (losses[3] as number) < (losses[0] as number), String(losses));
  });

  test('append writes the header into a missing or empty file', async () => {
    const file = path.join(dir, 'empty.csv');
    fs.writeFileSync(file, '');
    await logEpochs(new CSVLogger(file, { append: true }), [{ loss: 1 }]);
    const missing = path.join(dir, 'missing.csv');
    await logEpochs(new CSVLogger(missing, { append: true }), [{ loss: 1 }]);
    for (const f of [file, missing]) assert.equal(fs.readFileSync(f, 'utf8'), 'epoch,loss\r\n0,1.0\r\n');
  });

  test('rejects bad arguments', () => {
    assert.throws(() => new CSVLogger(''), ValueError);
    assert.throws(() => new CSVLogger('x.csv', { separator: '::' }), /single character/);
    assert.throws(() => new CSVLogger('x.csv', { append: 1 as never }), /`append` of CSVLogger/);
  });
});
