// Dendrite in a real page: a training script that imports only from 'dendrite' is bundled (minified) for the
// browser through the package's exports and run in headless Chromium. Its per-epoch losses must equal, bit for
// bit, the same script's under Node on the TypeScript backend; its default layer names must be Keras's despite the
// minified class names; a model saved to IndexedDB, downloaded, or fetched from the server must predict the same.
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, type TestContext, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { loadModel, setBackend, type Tensor, tensor } from '../../src/node.js';
import { assertNoErrors, bundle, installInto, launch, missingBrowser, ROOT, serve, watchErrors } from './harness.js';

/**
 * The workload, as a user writes it: Dense + Dropout + L2, Adam, a fixed seed. Its data are exact binary fractions,
 * so nothing but the library's own arithmetic decides the losses.
 */
const WORKLOAD = `import { getBackend, Input, layers, Model, regularizers, Sequential, setRandomSeed, tensor } from 'dendrite';

export const PROBE = [[0.5, -0.25, 0.125], [-1, 0.75, 0.5], [0.25, 0.25, -0.5]];

export async function train() {
  setRandomSeed(7);
  const x = [];
  const y = [];
  for (let i = 0; i < 64; i++) {
    const a = ((i * 37) % 64) / 32 - 1;
    const b = ((i * 11) % 64) / 32 - 1;
    x.push([a, b, a * b]);
    y.push([a - 2 * b + 0.5 * a * b]);
  }
  const model = new Sequential();
  model.add(new layers.Dense(16, { inputDim: 3, activation: 'relu', kernelRegularizer: regularizers.l2(1e-3) }));
  model.add(new layers.Dropout(0.25));
  model.add(new layers.Dense(1));
  model.compile({ optimizer: 'adam', loss: 'mse' });
  const history = await model.fit(tensor(x), tensor(y), { epochs: 8, batchSize: 16, verbose: 0 });
  return {
    model,
    result: {
      backend: getBackend(),
      loss: history.history.loss,
      names: [model.name, ...model.layers.map((l) => l.name)],
      prediction: Array.from(model.predict(tensor(PROBE)).dataSync()),
    },
  };
}

/** A functional model: two inputs, a Dense shared by both, two outputs with their own losses (weighted). */
export async function trainFunctional() {
  setRandomSeed(11);
  const a = Input({ shape: [3], name: 'a' });
  const b = Input({ shape: [3], name: 'b' });
  const shared = new layers.Dense(8, { activation: 'relu', kernelRegularizer: regularizers.l2(1e-3) });
  const reg = new layers.Dense(1, { name: 'reg' }).apply(new layers.Dropout(0.25).apply(shared.apply(a)));
  const aux = new layers.Dense(1, { name: 'aux' }).apply(shared.apply(b));
  const model = new Model({ inputs: [a, b], outputs: [reg, aux] });
  model.compile({ optimizer: 'adam', loss: ['mse', 'mse'], lossWeights: [1, 0.5] });
  const xa = [], xb = [], ya = [], yb = [];
  for (let i = 0; i < 48; i++) {
    const u = ((i * 13) % 48) / 24 - 1;
    const v = ((i * 7) % 48) / 24 - 1;
    xa.push([u, v, u * v]);
    xb.push([v, u, 0.5]);
    ya.push([u + v]);
    yb.push([u * v - 0.25]);
  }
  const history = await model.fit([tensor(xa), tensor(xb)], [tensor(ya), tensor(yb)], {
    epochs: 5,
    batchSize: 16,
    verbose: 0,
  });
  const [pa, pb] = model.predict([tensor(PROBE), tensor(PROBE)]);
  return {
    history: history.history,
    names: [model.name, ...model.layers.map((l) => l.name)],
    prediction: [...Array.from(pa.dataSync()), ...Array.from(pb.dataSync())],
  };
}
`;

/** The page's part: save and load through every scheme a page has, then report. */
const PAGE_ENTRY = `import { loadModel, tensor } from 'dendrite';
import { PROBE, train, trainFunctional } from './workload.js';

const predict = (m) => Array.from(m.predict(tensor(PROBE)).dataSync());
const failure = async (promise) => promise.then(() => undefined, (e) => ({ name: e.name, message: e.message }));

window.runDendrite = async () => {
  const { model, result } = await train();
  // Before anything is loaded: loading makes layers, which would move the default-name counters.
  const functional = await trainFunctional();
  await model.save('indexeddb://trained');
  const fromIndexedDb = await loadModel('indexeddb://trained');
  const fetched = await loadModel('node-model.dendrite');
  const bytes = new Uint8Array(await (await fetch('node-model.dendrite')).arrayBuffer());
  await model.save('downloads://trained.dendrite');
  return {
    ...result,
    functional,
    indexedDb: { names: fromIndexedDb.layers.map((l) => l.name), prediction: predict(fromIndexedDb) },
    fetched: predict(fetched),
    fromBytes: predict(await loadModel(bytes)),
    noOverwrite: await failure(model.save('indexeddb://trained', { overwrite: false })),
    missingUrl: await failure(loadModel('missing.dendrite')),
    missingKey: await failure(loadModel('indexeddb://never-saved')),
    pagePath: await failure(model.save('model.dendrite')),
    downloadLoad: await failure(loadModel('downloads://trained.dendrite')),
  };
};
`;

interface FunctionalResult {
  history: Record<string, number[]>;
  names: string[];
  prediction: number[];
}

interface PageResult {
  functional: FunctionalResult;
  backend: string;
  loss: number[];
  names: string[];
  prediction: number[];
  indexedDb: { names: string[]; prediction: number[] };
  fetched: number[];
  fromBytes: number[];
  noOverwrite?: { name: string; message: string };
  missingUrl?: { name: string; message: string };
  missingKey?: { name: string; message: string };
  pagePath?: { name: string; message: string };
  downloadLoad?: { name: string; message: string };
}

describe('a bundled training script in Chromium', { timeout: 60_000 }, () => {
  let dir = '';
  let browser: Browser | undefined;
  let server: Server | undefined;
  let page: PageResult | undefined;
  let node: { backend: string; loss: number[]; names: string[]; prediction: number[] } | undefined;
  let nodeFunctional: FunctionalResult | undefined;
  let downloaded: Uint8Array | undefined;
  let minified = '';
  let errors: string[] = [];
  let readme: { errors: string[]; done: boolean; download: string } | undefined;
  const skip = missingBrowser();

  before(async () => {
    if (skip) return;
    dir = await mkdtemp(join(tmpdir(), 'dendrite-page-'));
    await installInto(dir);
    await writeFile(join(dir, 'workload.js'), WORKLOAD);
    await writeFile(join(dir, 'entry.js'), PAGE_ENTRY);

    // The same workload under Node, on the TypeScript backend, through the same (unbundled) root.
    const index = pathToFileURL(join(ROOT, 'build', 'src', 'index.js')).href;
    await writeFile(join(dir, 'workload-node.mjs'), WORKLOAD.replace("from 'dendrite'", `from '${index}'`));
    setBackend('ts');
    const workload = (await import(pathToFileURL(join(dir, 'workload-node.mjs')).href)) as {
      train: () => Promise<{ model: { save(path: string): Promise<void> }; result: NonNullable<typeof node> }>;
      trainFunctional: () => Promise<FunctionalResult>;
    };
    const trained = await workload.train();
    node = trained.result;
    nodeFunctional = await workload.trainFunctional();
    await trained.model.save(join(dir, 'node-model.dendrite'));

    minified = (await bundle(dir, 'entry.js')).text;
    await writeFile(join(dir, 'bundle.js'), minified);
    await writeFile(
      join(dir, 'index.html'),
      '<!doctype html><meta charset="utf-8"><title>dendrite</title><link rel="icon" href="data:,">' +
        '<script type="module" src="bundle.js"></script>\n',
    );
    const served = await serve(dir);
    server = served.server;
    browser = await launch();
    const tab = await (await browser.newContext({ acceptDownloads: true })).newPage();
    errors = watchErrors(tab, ['/missing.dendrite']);
    await tab.goto(`${served.url}index.html`);
    await tab.waitForFunction(() => typeof (window as { runDendrite?: unknown }).runDendrite === 'function');
    const download = tab.waitForEvent('download');
    page = (await tab.evaluate(() =>
      (window as unknown as { runDendrite: () => Promise<unknown> }).runDendrite(),
    )) as PageResult;
    const file = await (await download).path();
    downloaded = new Uint8Array(await readFile(file));
    assert.equal((await download).suggestedFilename(), 'trained.dendrite');

    // The README's browser snippet, as written, in a tab of its own (its model file is the one Node saved).
    const block = /```ts page\n([\s\S]*?)```/.exec(await readFile(join(ROOT, 'README.md'), 'utf8'))?.[1];
    assert.ok(block, 'README.md has a ```ts page block');
    await mkdir(join(dir, 'models'));
    await copyFile(join(dir, 'node-model.dendrite'), join(dir, 'models', 'moons.dendrite'));
    await writeFile(join(dir, 'readme-snippet.js'), block);
    await writeFile(join(dir, 'readme-entry.js'), "import './readme-snippet.js';\nwindow.readmeDone = true;\n");
    await writeFile(join(dir, 'readme.js'), (await bundle(dir, 'readme-entry.js')).text);
    await writeFile(
      join(dir, 'readme.html'),
      '<!doctype html><link rel="icon" href="data:,"><script type="module" src="readme.js"></script>\n',
    );
    const second = await tab.context().newPage();
    const readmeErrors = watchErrors(second);
    const readmeDownload = second.waitForEvent('download');
    await second.goto(`${served.url}readme.html`);
    await second.waitForFunction(() => (window as { readmeDone?: boolean }).readmeDone === true, undefined, {
      timeout: 20_000,
    });
    readme = { errors: readmeErrors, done: true, download: (await readmeDownload).suggestedFilename() };
  });

  after(async () => {
    await browser?.close();
    server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const ready = (t: TestContext): PageResult | undefined => {
    if (skip) t.skip(skip);
    return skip ? undefined : page;
  };

  test('it trains on the ts backend, and every epoch loss equals the Node ts backend’s bit for bit', (t) => {
    const p = ready(t);
    if (!p) return;
    assert.equal(p.backend, 'ts');
    assert.equal(node?.backend, 'ts');
    assert.equal(p.loss.length, 8);
    assert.deepEqual(p.loss, node?.loss); // deepEqual on numbers is Object.is: exact float64
    assert.ok((p.loss.at(-1) as number) < (p.loss[0] as number), `the loss falls: ${p.loss}`);
    assert.deepEqual(p.prediction, node?.prediction);
    assertNoErrors(errors);
  });

  test('a functional model (two inputs, a shared Dense, two weighted outputs) trains as in Node, bit for bit', (t) => {
    const p = ready(t);
    if (!p) return;
    const f = p.functional;
    assert.deepEqual(Object.keys(f.history).sort(), ['aux_loss', 'loss', 'reg_loss', 'regularization_loss']);
    assert.equal(f.history.loss?.length, 5);
    assert.deepEqual(f.history, nodeFunctional?.history);
    assert.deepEqual(f.prediction, nodeFunctional?.prediction);
    assert.deepEqual(f.names, ['functional', 'a', 'dense_2', 'b', 'dropout_1', 'reg', 'aux']);
    assert.deepEqual(f.names, nodeFunctional?.names);
  });

  test('default names are Keras’s in the minified bundle, whose class names are mangled', (t) => {
    const p = ready(t);
    if (!p) return;
    assert.deepEqual(p.names, ['sequential', 'dense', 'dropout', 'dense_1']);
    assert.deepEqual(p.names, node?.names);
    assert.doesNotMatch(minified, /class Dense\b/, 'the bundle is minified');
  });

  test('indexeddb:// saves and loads back the same model; overwrite: false and a missing key are typed errors', (t) => {
    const p = ready(t);
    if (!p) return;
    assert.deepEqual(p.indexedDb.names, p.names.slice(1));
    assert.deepEqual(p.indexedDb.prediction, p.prediction);
    assert.deepEqual(p.noOverwrite, {
      name: 'ValueError',
      message: 'Cannot save to "indexeddb://trained": a model is stored under that name and `overwrite` is false',
    });
    assert.deepEqual(p.missingKey, {
      name: 'ModelFileError',
      message:
        'Invalid model file "indexeddb://never-saved", ZIP archive: no model is stored under the name "never-saved" in IndexedDB',
    });
  });

  test('a file saved by Node loads in the page by fetch (a relative URL) and from its bytes, predicting as in Node', (t) => {
    const p = ready(t);
    if (!p) return;
    // Saved from the Node run's model, so it predicts what that model predicted.
    assert.deepEqual(p.fetched, node?.prediction);
    assert.deepEqual(p.fromBytes, node?.prediction);
    assert.deepEqual(p.missingUrl, {
      name: 'ModelFileError',
      message: 'Invalid model file "missing.dendrite", ZIP archive: the server answered HTTP 404 Not Found',
    });
  });

  test("the README's browser snippet runs as written in the page", (t) => {
    if (!ready(t)) return;
    assert.equal(readme?.done, true);
    assert.equal(readme?.download, 'moons.dendrite');
    assertNoErrors(readme?.errors ?? ['no run']);
  });

  test('downloads:// writes the same single file Node writes: Node loads it and predicts as the page did', async (t) => {
    const p = ready(t);
    if (!p) return;
    assert.ok(downloaded);
    assert.deepEqual([...downloaded.subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04], 'a ZIP archive');
    const model = await loadModel(downloaded);
    assert.deepEqual(Array.from((model.predict(tensor(PROBE)) as Tensor).dataSync()), p.prediction);
    model.dispose();
    assert.match(p.downloadLoad?.message ?? '', /downloads:\/\/ only saves/);
    assert.deepEqual(p.pagePath, {
      name: 'ModelSaveError',
      message:
        'Cannot save to "model.dendrite": a page cannot write files: save to indexeddb://NAME or downloads://NAME',
    });
  });
});

const PROBE = [
  [0.5, -0.25, 0.125],
  [-1, 0.75, 0.5],
  [0.25, 0.25, -0.5],
];
