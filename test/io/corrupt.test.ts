import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadModel, ModelFileError, modelFromJSON } from '../../src/io/index.js';
import { memory } from '../../src/node.js';
import { editJsonEntry, entriesOf, type JsonEdit, rewriteEntries, savedSmallModel, tempDir } from './helpers.js';

const dir = await tempDir();
let files = 0;
const nextPath = () => join(dir, `bad-${files++}.dendrite`);

const { good } = await savedSmallModel(dir, 1);
const goodBytes = new Uint8Array(await readFile(good));
const binLength = (await entriesOf(good)).get('weights.bin')?.length as number;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** loadModel(path) fails with a ModelFileError naming the file and `entry`, whose detail matches `detail`. */
async function assertRejects(path: string, entry: string, detail: RegExp): Promise<void> {
  await assert.rejects(loadModel(path), (e: unknown) => {
    assert.ok(e instanceof ModelFileError, `a ModelFileError, not ${e}`);
    assert.equal(e.file, path);
    assert.equal(e.entry, entry);
    assert.match(e.message, new RegExp(`^Invalid model file "${escape(path)}", ${escape(entry)}: `));
    assert.match(e.message, detail);
    return true;
  });
}

async function withBytes(bytes: Uint8Array): Promise<string> {
  const path = nextPath();
  await writeFile(path, bytes);
  return path;
}

async function withJson(entry: string, edit: JsonEdit): Promise<string> {
  const path = nextPath();
  await editJsonEntry(good, entry, edit, path);
  return path;
}

describe('the container', () => {
  test('a file truncated anywhere is reported as truncated', async () => {
    for (const at of [0, 10, 30, 100, Math.floor(goodBytes.length / 2), goodBytes.length - 23, goodBytes.length - 1]) {
      await assertRejects(await withBytes(goodBytes.subarray(0, at)), 'ZIP archive', /truncated/);
    }
  });

  test('non-ZIP garbage', async () => {
    const garbage = new TextEncoder().encode(
      '{"this is": "not a zip archive", "padding": "..........................."}',
    );
    await assertRejects(
      await withBytes(garbage),
      'ZIP archive',
      /not a ZIP archive: no end-of-central-directory record \(the file is \d+ bytes, starting 7b 22 74 68/,
    );
  });

  test('a flipped byte in weights.bin or config.json fails its CRC-32', async () => {
    const entries = await entriesOf(good);
    for (const [entry, index] of [
      ['weights.bin', 5],
      ['config.json', 40],
    ] as const) {
      const data = entries.get(entry) as Uint8Array;
      const bytes = goodBytes.slice();
      const at = data.byteOffset + index;
      bytes[at] = (bytes[at] as number) ^ 0x10;
      await assertRejects(
        await withBytes(bytes),
        entry,
        /^.*CRC-32 mismatch: the archive records 0x[0-9a-f]{8}, the data gives 0x[0-9a-f]{8}\. The file is corrupted$/,
      );
    }
  });

  test('a compressed entry, a missing entry, an unexpected entry', async () => {
    // The central directory's method field of the first entry, set to deflate.
    const bytes = goodBytes.slice();
    const view = new DataView(bytes.buffer);
    const centralOffset = view.getUint32(bytes.length - 22 + 16, true);
    view.setUint16(centralOffset + 10, 8, true);
    await assertRejects(await withBytes(bytes), 'metadata.json', /the entry is compressed \(method 8\)/);

    const missing = nextPath();
    await rewriteEntries(good, (name, data) => (name === 'weights.json' ? null : data), missing);
    await assertRejects(missing, 'weights.json', /the entry is missing/);

    const extra = nextPath();
    await rewriteEntries(good, (_, data) => data, extra);
    const entries = [...(await entriesOf(extra))].map(([name, data]) => ({ name, chunks: [data] }));
    const { buildZip } = await import('../../src/io/zip.js');
    entries.push({ name: 'evil.js', chunks: [new TextEncoder().encode('process.exit(1)')] });
    await writeFile(extra, Buffer.concat(buildZip(entries, new Date())));
    await assertRejects(extra, 'evil.js', /unexpected entry \(a model file holds metadata\.json, config\.json/);
  });
});

describe('metadata.json', () => {
  test('a wrong format string', async () => {
    await assertRejects(
      await withJson('metadata.json', (m) => ({ ...m, format: 'keras' })),
      'metadata.json',
      /unknown format "keras"\. Expected "dendrite-model"/,
    );
  });

  test('a newer format version', async () => {
    await assertRejects(
      await withJson('metadata.json', (m) => ({ ...m, formatVersion: 2 })),
      'metadata.json',
      /the file has format version 2, written by a newer Dendrite; this one \(\d+\.\d+\.\d+\) reads up to version 1/,
    );
  });

  test('malformed JSON', async () => {
    const path = nextPath();
    await rewriteEntries(
      good,
      (name, data) => (name === 'metadata.json' ? new TextEncoder().encode('{"format": ') : data),
      path,
    );
    await assertRejects(path, 'metadata.json', /malformed JSON: /);
  });
});

describe('weights.json (the manifest)', () => {
  test('a shape edited to another of the same size no longer matches the model', async () => {
    await assertRejects(
      await withJson('weights.json', (m) => {
        m.weights[0].shape = [3, 4];
        return m;
      }),
      'weights.json',
      /weights: weight "dense(_\d+)?\/kernel" has shape \[3,4\]; the model's "dense(_\d+)?\/kernel" has \[4,3\]/,
    );
  });

  test('a dtype edited: byte length no longer fits; an unknown dtype', async () => {
    await assertRejects(
      await withJson('weights.json', (m) => {
        m.weights[0].dtype = 'float64';
        return m;
      }),
      'weights.json',
      /weights\[0\] \("dense(_\d+)?\/kernel"\)\.byteLength: shape \[4,3\] of float64 takes 96 bytes\. Received: byteLength=48/,
    );
    await assertRejects(
      await withJson('weights.json', (m) => {
        m.weights[1].dtype = 'float16';
        return m;
      }),
      'weights.json',
      /weights\[1\] \("dense(_\d+)?\/bias"\)\.dtype: expected one of float32, float64, int32, bool\. Received: "float16"/,
    );
  });

  test('a dtype edited consistently still mismatches the model', async () => {
    await assertRejects(
      await withJson('weights.json', (m) => {
        m.weights[1].dtype = 'int32'; // 4 bytes per element, as float32
        return m;
      }),
      'weights.json',
      /weights: weight "dense(_\d+)?\/bias" is int32; the model's "dense(_\d+)?\/bias" is float32/,
    );
  });

  test('offsets outside weights.bin, overlapping, or leaving bytes unaccounted for', async () => {
    await assertRejects(
      await withJson('weights.json', (m) => {
        m.weights[0].offset = binLength - 4;
        return m;
      }),
      'weights.json',
      new RegExp(
        `weight "dense(_\\d+)?/kernel": bytes ${binLength - 4}–${binLength + 44} lie outside weights\\.bin \\(${binLength} bytes\\)`,
      ),
    );
    await assertRejects(
      await withJson('weights.json', (m) => {
        m.weights[1].offset = 8;
        return m;
      }),
      'weights.json',
      /weight "dense(_\d+)?\/bias": bytes 8–20 overlap weight "dense(_\d+)?\/kernel" \(bytes 0–48\)/,
    );
    await assertRejects(
      await withJson('weights.json', (m) => {
        m.weights[0].offset = -1;
        return m;
      }),
      'weights.json',
      /weights\[0\] \("dense(_\d+)?\/kernel"\)\.offset: expected a non-negative integer\. Received: -1/,
    );
  });

  test('absurd sizes are refused before anything is allocated', async () => {
    await assertRejects(
      await withJson('weights.json', (m) => {
        m.weights[0].shape = [65536, 65536, 65536];
        m.weights[0].byteLength = 4 * 65536 ** 3;
        return m;
      }),
      'weights.json',
      /weights\[0\] \("dense(_\d+)?\/kernel"\)\.shape: the shape \[65536,65536,65536\] has more than 2\^31 elements/,
    );
    await assertRejects(
      await withJson('config.json', (c) => {
        c.config.layers[1].config.units = 1e12;
        return c;
      }),
      'config.json',
      // The first layer declares its input size, so the size guard refuses it as it is constructed.
      /\$\.config\.layers\[1\]: cannot create the layer: Layer "dense(_\d+)?" weight "kernel": cannot allocate a tensor of shape \[4,1000000000000\] \(float32, 16000000000000 bytes = 16 TB\): over the limit/,
    );
    await assertRejects(
      await withJson('config.json', (c) => {
        c.config.layers[3].config.units = 1e9;
        return c;
      }),
      'config.json',
      /\$\.config\.layers\[3\]: layer "dense(_\d+)?" would need a 3×1000000000 kernel \(3000000000 values\); at most 2\^31 are allowed/,
    );
    await assertRejects(
      await withJson('config.json', (c) => {
        c.config.layers[1].config.units = 10_000_000;
        return c;
      }),
      'config.json',
      /\$\.config\.layers: the layers need at least 70000002 weight values but weights\.json lists only 23/,
    );
  });

  test('missing, extra and renamed weights', async () => {
    const missing = nextPath();
    await rewriteEntries(
      good,
      (name, data) => {
        if (name === 'weights.bin') return data.subarray(0, binLength - 8);
        if (name !== 'weights.json') return data;
        const m = JSON.parse(new TextDecoder().decode(data));
        m.weights.pop();
        for (const e of m.optimizerWeights) e.offset -= 8;
        return new TextEncoder().encode(JSON.stringify(m));
      },
      missing,
    );
    await assertRejects(
      missing,
      'weights.json',
      /weights: expected 4 weights, the file lists 3; missing: dense(_\d+)?\/bias$/,
    );

    const extra = nextPath();
    await rewriteEntries(
      good,
      (name, data) => {
        if (name === 'weights.bin') return new Uint8Array([...data, 0, 0, 0, 0]);
        if (name !== 'weights.json') return data;
        const m = JSON.parse(new TextDecoder().decode(data));
        m.weights.push({ name: 'extra/w', shape: [1], dtype: 'float32', offset: binLength, byteLength: 4 });
        return new TextEncoder().encode(JSON.stringify(m));
      },
      extra,
    );
    await assertRejects(extra, 'weights.json', /weights: expected 4 weights, the file lists 5; extra: extra\/w$/);

    await assertRejects(
      await withJson('weights.json', (m) => {
        m.weights[0].name = 'renamed/kernel';
        return m;
      }),
      'weights.json',
      /weights: weight 0 should be "dense(_\d+)?\/kernel"\. Received: "renamed\/kernel"/,
    );
  });

  test('optimizer state and random state that do not fit the model', async () => {
    await assertRejects(
      await withJson('weights.json', (m) => {
        m.optimizerWeights[1].shape = [3, 4];
        return m;
      }),
      'weights.json',
      /optimizerWeights: weight "optimizer\/vars\/1" has shape \[3,4\]; the model's "optimizer\/vars\/1" has \[4,3\]/,
    );
    await assertRejects(
      await withJson('weights.json', (m) => {
        m.randomState.layers.pop();
        return m;
      }),
      'weights.json',
      /randomState lists 2 layers; the model has 3/,
    );
    await assertRejects(
      await withJson('weights.json', (m) => {
        m.randomState.layers[1].state = [[1.5, 0]];
        return m;
      }),
      'weights.json',
      /randomState\.layers\[1\]\.state: expected a list of \[seed, counter\] integer pairs/,
    );
  });
});

describe('config.json', () => {
  test('an unknown layer class lists the known ones', async () => {
    await assertRejects(
      await withJson('config.json', (c) => {
        c.config.layers[0].class_name = 'NoSuchLayer';
        return c;
      }),
      'config.json',
      /\$\.config\.layers\[0\]\.class_name: unknown layer class "NoSuchLayer"\. Expected one of Dense, Dropout, GaussianNoise, GaussianDropout, AlphaDropout, ActivityRegularization, Activation, Flatten, InputLayer, Concatenate, Add, Subtract, Multiply, Average, Maximum, Minimum, Dot(, \w+)*$/,
    );
  });

  test('"Function" and code strings are names to look up, never code to run', async () => {
    const g = globalThis as { pwned?: boolean };
    await assertRejects(
      await withJson('config.json', (c) => ({
        ...c,
        class_name: 'Function',
        config: { body: 'globalThis.pwned = true' },
      })),
      'config.json',
      /\$\.class_name: unknown model class "Function"\. Expected one of Sequential$/,
    );
    await assertRejects(
      await withJson('config.json', (c) => {
        c.config.layers[1].config.kernel_initializer = {
          module: 'keras.initializers',
          class_name: 'Function',
          config: { args: ['shape'], body: 'globalThis.pwned = true; return shape' },
          registered_name: null,
        };
        return c;
      }),
      'config.json',
      /\$\.config\.layers\[1\]\.config\.kernel_initializer\.class_name: unknown initializer class "Function"\. Expected one of Zeros, Ones/,
    );
    await assertRejects(
      await withJson('config.json', (c) => {
        c.config.layers[3].config.activation = '(x) => { globalThis.pwned = true; return x }';
        return c;
      }),
      'config.json',
      /\$\.config\.layers\[3\]: cannot create the layer: Unknown activation\. Expected one of relu, sigmoid/,
    );
    await assertRejects(
      await withJson('config.json', (c) => {
        c.config.layers[0].module = 'child_process';
        return c;
      }),
      'config.json',
      /\$\.config\.layers\[0\]\.module: expected "keras\.layers" here\. Received: "child_process"/,
    );
    await assertRejects(
      await withJson('config.json', (c) => {
        c.compile_config.optimizer.class_name = 'constructor';
        return c;
      }),
      'config.json',
      /\$\.compile_config\.optimizer\.class_name: unknown optimizer class "constructor"\. Expected one of SGD, Adam/,
    );
    const proto = nextPath();
    await rewriteEntries(
      good,
      (name, data) =>
        name === 'config.json'
          ? new TextEncoder().encode(
              new TextDecoder().decode(data).replace('"use_bias":', '"__proto__": {"polluted": true}, "use_bias":'),
            )
          : data,
      proto,
    );
    await assertRejects(proto, 'config.json', /\$\.config\.layers\[1\]\.config\.__proto__: not a config key/);
    assert.equal(g.pwned, undefined);
    assert.equal(({} as { polluted?: boolean }).polluted, undefined);
  });

  test('a layer config its constructor rejects names the layer', async () => {
    await assertRejects(
      await withJson('config.json', (c) => {
        c.config.layers[2].config.rate = 1.5;
        return c;
      }),
      'config.json',
      /\$\.config\.layers\[2\]: cannot create the layer: Invalid value received for argument `rate` of Dropout\. Expected a number between 0 and 1\. Received: rate=1\.5/,
    );
  });

  test('a failed load frees what it built', async () => {
    const path = await withJson('weights.json', (m) => {
      m.weights[3].name = 'renamed/bias';
      return m;
    });
    const before = memory().numTensors;
    await assert.rejects(loadModel(path), ModelFileError);
    assert.equal(memory().numTensors, before);
  });

  test('modelFromJSON reports the JSON path', () => {
    assert.throws(
      () => modelFromJSON('{"module": "keras"'),
      /^ModelFileError: Invalid model JSON, \$: malformed JSON: /,
    );
    assert.throws(
      () => modelFromJSON(JSON.stringify({ module: 'keras', class_name: 'Sequential', config: { layers: [{}] } })),
      /^ModelFileError: Invalid model JSON, \$\.config\.layers\[0\]\.module: expected "keras\.layers" here\. Received: undefined$/,
    );
  });
});
