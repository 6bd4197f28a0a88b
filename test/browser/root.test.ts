// The platform-neutral root as a bundler for the browser sees it: esbuild resolves `import … from 'dendrite'`
// through the package's `exports` with the `browser` condition, with no stub, shim, alias or `define`. Any `node:`
// import or Node builtin in that graph is a build error; the bundle must not mention `process`, `Buffer` or
// `require` either. Under the `node` condition the same import gets the Node entry point.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bundle, installInto } from './harness.js';

describe("bundling 'dendrite' for a page", () => {
  let project = '';

  before(async () => {
    project = await mkdtemp(join(tmpdir(), 'dendrite-bundle-'));
    await installInto(project);
    // Everything the root exports, so that nothing is left out by tree-shaking.
    await writeFile(join(project, 'all.js'), "export * from 'dendrite';\n");
  });

  after(async () => {
    if (project) await rm(project, { recursive: true, force: true });
  });

  test('the browser condition gives index.js, whose whole graph bundles with no Node module, and no warning', async () => {
    const b = await bundle(project, 'all.js', { minify: false });
    assert.deepEqual(b.warnings, []);
    assert.ok(b.inputs.includes('index.js'), `inputs: ${b.inputs.join(', ')}`);
    const nodeOnly = b.inputs.filter((p) =>
      /^(node\.js|io\/node\.js|io\/files\.js|data\/(node|mnist|csv-file|get-dataset)\.js|backends\/native\/|training\/callbacks\/(node|model-checkpoint|csv-logger)\.js)/.test(
        p,
      ),
    );
    assert.deepEqual(nodeOnly, []);
    assert.ok(b.inputs.includes('io/browser.js'), 'the page stores are in');
  });

  test('the bundle reads no process, Buffer, require or node: module (only a guarded globalThis.process?.)', async () => {
    const { text } = await bundle(project, 'all.js', { minify: false });
    const code = text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, ''); // comments may say "process."
    for (const pattern of [/(?<![.\w$])process\./, /\bBuffer\b/, /\brequire\(/, /['"]node:/, /\bimport\(/]) {
      const at = code.search(pattern);
      assert.equal(at, -1, `${pattern} at: ${code.slice(Math.max(0, at - 80), at + 80)}`);
    }
  });

  test('the node condition gives node.js (native backend, files), and the same import', async () => {
    const b = await bundle(project, 'all.js', { platform: 'node', minify: false });
    assert.ok(b.inputs.includes('node.js'), `inputs: ${b.inputs.join(', ')}`);
    assert.ok(b.inputs.includes('io/node.js'));
  });
});
