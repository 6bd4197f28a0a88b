import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

// The README's TypeScript snippets are plain JavaScript apart from the import line, so each runs as an
// ES module against the compiled package: what a reader copies must work as written.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const entry = pathToFileURL(join(root, 'build/src/index.js')).href;

function snippets(markdown: string): string[] {
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
}

function run(code: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dendrite-doc-'));
  try {
    const file = join(dir, 'snippet.mjs');
    // Names the Keras snippet assumes (the data), then the snippet with its import pointed at the build.
    const prelude = `import * as dendrite from '${entry}';\nconst { Sequential, layers, regularizers, oneHot, randomUniform, setRandomSeed } = dendrite;\n`;
    const data = `setRandomSeed(1);\nconst x = randomUniform([64, 10]);\nconst y = oneHot(randomUniform([64], 0, 2, 'int32'), 2);\n`;
    const body = code.replace(
      /import \{([^}]*)\} from 'dendrite';/g,
      (_, names: string) => `const {${names}} = dendrite;`,
    );
    const needsData = /\bmodel\.fit\(x, y/.test(body);
    writeFileSync(file, prelude + (needsData ? data : '') + body);
    return execFileSync(process.execPath, [file], { encoding: 'utf8', timeout: 60_000 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('every TypeScript snippet in README.md runs as written', () => {
  const blocks = snippets(readFileSync(join(root, 'README.md'), 'utf8'));
  assert.ok(blocks.length >= 2, `found ${blocks.length} snippets`);
  for (const block of blocks) {
    const out = run(block);
    if (block.includes('.print()'))
      assert.match(out, /Tensor\(\[0\.6666667,1\.333333,2\], shape=\[3\], dtype=float32\)/);
    if (block.includes('history.history.val_loss')) assert.match(out, /Epoch 20\/20/);
  }
});
