// The merge layers' example in docs/porting-from-keras.md runs as written against the compiled package, and
// prints what its comment says.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

test("docs/porting-from-keras.md: the merge layers' example runs and prints its shapes", () => {
  const doc = readFileSync(join(root, 'docs/porting-from-keras.md'), 'utf8');
  const section = doc.slice(doc.indexOf('### Merge layers'), doc.indexOf('### Sizes'));
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(block, 'no ts block in the Merge layers section');
  const entry = pathToFileURL(join(root, 'build/src/index.js')).href;
  const code = block.replace(/from 'dendrite';/, `from '${entry}';`);
  const dir = mkdtempSync(join(tmpdir(), 'dendrite-merge-doc-'));
  try {
    writeFileSync(join(dir, 'example.mjs'), code);
    const out = execFileSync(process.execPath, [join(dir, 'example.mjs')], { encoding: 'utf8', timeout: 60_000 });
    const printed = /\/\/ (.*)\n$/.exec(block)?.[1];
    assert.equal(out.replace(/^dendrite: .*\n/m, '').trim(), printed);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
