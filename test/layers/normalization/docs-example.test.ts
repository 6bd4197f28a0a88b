// docs/layers.md's normalization example runs as written against the compiled package, and prints what its
// comment says (the spread of BatchNormalization's output across batches in training mode; none at inference).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

test('docs/layers.md: the normalization example runs and prints its figures', () => {
  const doc = readFileSync(join(root, 'docs/layers.md'), 'utf8');
  const start = doc.indexOf('## Normalization');
  const end = doc.indexOf('\n## ', start + 1);
  const section = doc.slice(start, end < 0 ? undefined : end);
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(block, 'no ts block in the Normalization section');
  const entry = pathToFileURL(join(root, 'build/src/index.js')).href;
  // Type annotations removed so that node runs it as JavaScript.
  const code = block
    .replace(/from 'dendrite';/, `from '${entry}';`)
    .replace(/: number\[\]/g, '')
    .replace(/ as number\)/g, ')');
  const dir = mkdtempSync(join(tmpdir(), 'dendrite-norm-doc-'));
  try {
    writeFileSync(join(dir, 'example.mjs'), code);
    const out = execFileSync(process.execPath, [join(dir, 'example.mjs')], { encoding: 'utf8', timeout: 60_000 });
    const printed = /\/\/ (.*)\n$/.exec(block)?.[1];
    assert.equal(out.replace(/^dendrite: .*\n/m, '').trim(), printed);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
