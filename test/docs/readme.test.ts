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
// Under Node, 'dendrite' is the Node entry point (package.json's `node` condition).
const entry = pathToFileURL(join(root, 'build/src/node.js')).href;

function snippets(markdown: string): string[] {
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
}

function run(code: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dendrite-doc-'));
  try {
    const file = join(dir, 'snippet.mjs');
    const body = code.replace(
      /import \{([^}]*)\} from 'dendrite';/g,
      (_, names: string) => `const {${names}} = dendrite;`,
    );
    // What a snippet assumes but does not define (its data, a compiled model), built without
    // destructuring so the snippet's own `const { … } = dendrite` never collides with it.
    let prelude = `import * as dendrite from '${entry}';\ndendrite.setRandomSeed(1);\n`;
    // A snippet without an import line (the side-by-side one) uses the names the README's note lists.
    if (!/from 'dendrite'/.test(code)) prelude += 'const { Sequential, layers, regularizers } = dendrite;\n';
    if (/\b(x|y)\b/.test(body) && !/const x\b/.test(body)) {
      prelude +=
        "const x = dendrite.randomUniform([64, 10]);\nconst y = dendrite.oneHot(dendrite.randomUniform([64], 0, 2, 'int32'), 2);\n";
    }
    if (/\bmodel\./.test(body) && !/const model\b/.test(body)) {
      prelude +=
        "const model = new dendrite.Sequential();\nmodel.add(new dendrite.layers.Dense(2, { inputDim: 10, activation: 'softmax' }));\n" +
        "model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });\n";
    }
    writeFileSync(file, prelude + body);
    return execFileSync(process.execPath, [file], { encoding: 'utf8', timeout: 120_000, cwd: dir });
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
    if (block.includes('model.summary()')) assert.match(out, /Total params: 22 \(88\.00 B\)/);
    // 'Use it in your project': two moons, learnt (the comment's 0.93, give or take the backend's rounding).
    if (block.includes('val_accuracy.at(-1)')) assert.match(out, /^(native|ts) 0\.9\d*\n$/);
  }
});
