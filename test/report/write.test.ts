import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { writeReport } from '../../src/report/html.js';

describe('writeReport', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dendrite-write-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('writes the file, creating missing folders, and leaves no temporary file', async () => {
    const path = join(dir, 'out', 'nested', 'report.html');
    await writeReport(path, '<p>é ∞</p>');
    assert.equal(await readFile(path, 'utf8'), '<p>é ∞</p>');
    assert.deepEqual(await readdir(join(dir, 'out', 'nested')), ['report.html']);
  });

  test('replaces an existing report whole', async () => {
    const path = join(dir, 'replace.html');
    await writeFile(path, 'old '.repeat(10_000));
    await writeReport(path, 'new');
    assert.equal(await readFile(path, 'utf8'), 'new');
  });

  test('a failed write leaves the target as it was and removes its temporary file', async () => {
    // A folder where the file should go: the rename fails after the temporary file was written.
    const path = join(dir, 'occupied');
    await mkdir(join(path, 'child'), { recursive: true });
    await assert.rejects(writeReport(path, 'x'));
    const left = (await readdir(dir)).filter((f) => f.endsWith('.tmp'));
    assert.deepEqual(left, []);
    assert.deepEqual(await readdir(path), ['child']);
  });
});
