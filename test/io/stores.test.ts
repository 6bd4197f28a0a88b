// Where model files go and come from, under Node: bytes, file:// URLs, http:// through fetch, a store of one's own,
// and the page-only schemes refused with the reason. (The page's own stores run in Chromium: test/browser/.)
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { loadModel, ModelFileError, type ModelStore, registerModelStore, ValueError } from '../../src/node.js';
import { assertBitwiseEqual, savedSmallModel, valuesOf } from './helpers.js';

describe('model stores under Node', () => {
  let dir = '';
  let good = '';
  let expected: ReturnType<typeof valuesOf> = [];
  let base = '';
  let close: (() => void) | undefined;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dendrite-stores-'));
    const saved = await savedSmallModel(dir, 3);
    good = saved.good;
    expected = valuesOf(saved.model);
    const server = createServer((req, res) => {
      if (req.url === '/good.dendrite') readFile(good).then((b) => res.writeHead(200).end(b));
      else res.writeHead(404, 'Not Found').end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  after(async () => {
    close?.();
    await rm(dir, { recursive: true, force: true });
  });

  test('loadModel takes the file as a Uint8Array or an ArrayBuffer', async () => {
    const bytes = new Uint8Array(await readFile(good));
    for (const source of [bytes, bytes.slice().buffer]) {
      const model = await loadModel(source);
      assertBitwiseEqual(valuesOf(model), expected);
      model.dispose();
    }
  });

  test('damaged bytes are refused like a damaged file, the source named by its size', async () => {
    const bytes = new Uint8Array(await readFile(good));
    bytes[bytes.length - 30] ^= 0xff; // inside the central directory
    await assert.rejects(loadModel(bytes.subarray(0, 10)), {
      name: 'ModelFileError',
      message:
        'Invalid model file "Uint8Array(10)", ZIP archive: not a ZIP archive, or truncated: the file is 10 bytes, ' +
        'shorter than the 22-byte end-of-central-directory record',
    });
    await assert.rejects(loadModel(bytes), ModelFileError);
  });

  test('file:// URLs are files', async () => {
    const { model } = await savedSmallModel(dir, 3);
    const url = pathToFileURL(join(dir, 'as url.dendrite')).href;
    await model.save(url);
    const back = await loadModel(url);
    assertBitwiseEqual(valuesOf(back), expected);
    back.dispose();
  });

  test('http:// loads through fetch; a 404 is a ModelFileError naming the URL', async () => {
    const model = await loadModel(`${base}/good.dendrite`);
    assertBitwiseEqual(valuesOf(model), expected);
    model.dispose();
    await assert.rejects(loadModel(`${base}/nothing.dendrite`), {
      name: 'ModelFileError',
      message: `Invalid model file "${base}/nothing.dendrite", ZIP archive: the server answered HTTP 404 Not Found`,
    });
    const { model: m } = await savedSmallModel(dir, 3);
    await assert.rejects(m.save(`${base}/upload.dendrite`), {
      name: 'ModelSaveError',
      message: `Cannot save to "${base}/upload.dendrite": saving to a URL is not supported (a server would need to accept the upload); save to indexeddb://NAME or downloads://NAME`,
    });
  });

  test('a response that declares more than 4 GiB is refused before its body is read', async () => {
    const real = globalThis.fetch;
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(16));
      },
    });
    globalThis.fetch = async () => new Response(body, { headers: { 'content-length': '5000000000' } });
    try {
      await assert.rejects(loadModel('https://example.invalid/huge.dendrite'), {
        name: 'ModelFileError',
        message:
          'Invalid model file "https://example.invalid/huge.dendrite", ZIP archive: the response is 5000000000 bytes ' +
          'or more; a model file is under 4 GiB',
      });
    } finally {
      globalThis.fetch = real;
    }
    assert.ok(pulled <= 1, `body chunks pulled: ${pulled}`);
  });

  test("the page's schemes say what they need under Node", async () => {
    const { model } = await savedSmallModel(dir, 3);
    await assert.rejects(model.save('indexeddb://m'), {
      name: 'ModelSaveError',
      message:
        'Cannot save to "indexeddb://m": IndexedDB is not available here (a page has it; under Node save to a file path)',
    });
    await assert.rejects(model.save('downloads://m.dendrite'), {
      name: 'ModelSaveError',
      message:
        'Cannot save to "downloads://m.dendrite": downloads:// needs a page to start the download from; under Node save to a file path',
    });
    await assert.rejects(loadModel('indexeddb://m'), {
      name: 'ModelFileError',
      message:
        'Invalid model file "indexeddb://m", ZIP archive: IndexedDB is not available here (a page has it; under Node load a file path)',
    });
    await assert.rejects(model.save('indexeddb://'), {
      name: 'ValueError',
      message: 'Model.save: "indexeddb://" names no model; write indexeddb://NAME',
    });
  });

  test('an unknown scheme or a source that is not one: ValueError listing what is accepted', async () => {
    const { model } = await savedSmallModel(dir, 3);
    await assert.rejects(model.save('s3://bucket/m.dendrite'), {
      name: 'ValueError',
      message:
        'Model.save: no store handles the scheme s3:// ("s3://bucket/m.dendrite"). Expected one of: a file path, ' +
        'downloads://, file://, http://, https://, indexeddb://',
    });
    await assert.rejects(loadModel(42 as never), {
      name: 'ValueError',
      message: "loadModel: expected a file path, a URL, or the file's bytes (Uint8Array or ArrayBuffer). Received: 42",
    });
    await assert.rejects(model.saveWeights(''), ValueError);
  });

  test("registerModelStore: a store of one's own (here in memory) serves save, load and the weights", async () => {
    const files = new Map<string, Uint8Array>();
    const memory: ModelStore = {
      async write(url, chunks, { overwrite }) {
        if (!overwrite && files.has(url)) throw new ValueError(`${url} exists`);
        files.set(url, new Uint8Array(Buffer.concat(chunks)));
      },
      async read(url, fail) {
        return files.get(url) ?? fail('not in memory');
      },
    };
    registerModelStore('Memory', memory);
    const { model } = await savedSmallModel(dir, 3);
    await model.save('memory://a');
    assert.deepEqual([...(files.get('memory://a') ?? new Uint8Array()).subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04]);
    const back = await loadModel('memory://a');
    assertBitwiseEqual(valuesOf(back), expected);
    await back.saveWeights('memory://w');
    await model.loadWeights('memory://w');
    await assert.rejects(loadModel('memory://b'), {
      message: 'Invalid model file "memory://b", ZIP archive: not in memory',
    });
  });
});
