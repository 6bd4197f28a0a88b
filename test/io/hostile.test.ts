import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmod, stat, symlink, truncate, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fromKeras, type Json, toKeras } from '../../src/io/dialect.js';
import { loadModel, ModelFileError, ModelSaveError, modelFromJSON } from '../../src/io/index.js';
import { findTooDeep, MAX_JSON_DEPTH } from '../../src/io/json.js';
import { type JsonEdit, rewriteEntries, savedSmallModel, tempDir } from './helpers.js';

const dir = await tempDir();
let files = 0;
const nextPath = (ext = '.dendrite') => join(dir, `hostile-${files++}${ext}`);

const { model, good } = await savedSmallModel(dir, 3);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const exactly = (message: string): RegExp => new RegExp(`^${escape(message)}$`);

/** loadModel(path) fails, within `ms`, with a ModelFileError on `entry` whose whole message is `detail`'s. */
async function assertRejects(path: string, entry: string, detail: string | RegExp, ms = 1000): Promise<void> {
  const start = performance.now();
  await assert.rejects(loadModel(path), (e: unknown) => {
    assert.ok(e instanceof ModelFileError, `a ModelFileError, not ${String(e)}`);
    assert.equal(e.entry, entry);
    const prefix = `Invalid model file "${path}", ${entry}: `;
    assert.ok(e.message.startsWith(prefix), e.message);
    assert.match(e.message.slice(prefix.length), typeof detail === 'string' ? exactly(detail) : detail);
    return true;
  });
  const took = performance.now() - start;
  assert.ok(took < ms, `failed in ${took.toFixed(0)} ms, expected under ${ms}`);
}

/** A copy of the good file with one entry's text replaced. */
async function withEntryText(entry: string, text: string): Promise<string> {
  const path = nextPath();
  await rewriteEntries(good, (name, data) => (name === entry ? new TextEncoder().encode(text) : data), path);
  return path;
}

const deepArray = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const TOO_DEEP = `nested more than ${MAX_JSON_DEPTH} levels deep (no model nests its JSON so deeply)`;
/** The path of the 33rd array of `[[[…]]]` under `prefix`. */
const arrayPath = (prefix: string, enclosing: number) => `${prefix}${'[0]'.repeat(MAX_JSON_DEPTH - enclosing)}`;

function throwsModelFileError(fn: () => unknown, message: string | RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ModelFileError, `a ModelFileError, not ${String(e)}`);
    assert.match(e.message, typeof message === 'string' ? exactly(message) : message);
    return true;
  });
}

describe('deeply nested JSON', () => {
  test('findTooDeep: 32 levels pass, the 33rd is named, at any depth, without recursion', () => {
    assert.equal(findTooDeep(JSON.parse(deepArray(32))), undefined);
    assert.equal(findTooDeep(JSON.parse(deepArray(33))), arrayPath('$', 0));
    assert.equal(findTooDeep(JSON.parse(deepArray(1e6))), arrayPath('$', 0));
    assert.equal(findTooDeep({ a: [1, { b: [[]] }] }, 4), '$.a[1].b[0]');
    assert.equal(findTooDeep({ 'not an identifier': [[]] }, 2), '$["not an identifier"][0]');
    assert.equal(findTooDeep('text'), undefined);
  });

  test("modelFromJSON('['.repeat(1e5) + ']'.repeat(1e5)) is a ModelFileError, not a stack overflow", () => {
    throwsModelFileError(() => modelFromJSON(deepArray(1e5)), `Invalid model JSON, ${arrayPath('$', 0)}: ${TOO_DEEP}`);
    // V8's JSON.parse is iterative: even 10⁶ levels parse, and are refused after.
    throwsModelFileError(() => modelFromJSON(deepArray(1e6)), `Invalid model JSON, ${arrayPath('$', 0)}: ${TOO_DEEP}`);
    const objects = `${'{"a":'.repeat(1e5)}1${'}'.repeat(1e5)}`;
    throwsModelFileError(() => modelFromJSON(objects), `Invalid model JSON, $${'.a'.repeat(32)}: ${TOO_DEEP}`);
  });

  test('~200 KB of nesting in metadata.json, weights.json or config.json fails at load, naming the entry', async () => {
    const metadata = `{"format": "dendrite-model", "formatVersion": 1, "x": ${deepArray(1e5)}}`;
    assert.ok(metadata.length > 200_000);
    await assertRejects(
      await withEntryText('metadata.json', metadata),
      'metadata.json',
      `${arrayPath('$.x', 1)}: ${TOO_DEEP}`,
    );
    await assertRejects(
      await withEntryText('weights.json', `{"weights": ${deepArray(1e5)}}`),
      'weights.json',
      `${arrayPath('$.weights', 1)}: ${TOO_DEEP}`,
    );
    const config = `{"module": "keras", "class_name": "Sequential", "config": {"layers": [{"module": "keras.layers", "class_name": "Dense", "config": {"units": ${deepArray(1e5)}}}]}}`;
    await assertRejects(
      await withEntryText('config.json', config),
      'config.json',
      `${arrayPath('$.config.layers[0].config.units', 5)}: ${TOO_DEEP}`,
    );
  });

  test('the limit counts across nested Keras objects (it used to restart at each one)', () => {
    // A chain of layers, each holding the next under `layers` (object, config, list: 3 levels per layer), so 11 of
    // them nest 32 levels deep, and the 11th layer's list in a chain of 12 is the 33rd level.
    const chain = (n: number): Json => {
      let inner: Json = { module: 'keras.layers', class_name: 'Dense', config: { units: 1 }, registered_name: null };
      for (let i = 1; i < n; i++) {
        inner = { module: 'keras.layers', class_name: 'Dense', config: { layers: [inner] }, registered_name: null };
      }
      return inner;
    };
    const fail = (path: string, detail: string): never => {
      throw new ModelFileError(null, path, detail);
    };
    assert.equal(findTooDeep(chain(11)), undefined);
    assert.doesNotThrow(() => fromKeras(chain(11), 'keras.layers', '$', fail), 'at 32 levels');
    const path = `$${'.config.layers[0]'.repeat(10)}.config.layers`;
    assert.equal(findTooDeep(chain(12)), path, 'the pre-check and the reader count alike');
    throwsModelFileError(
      () => fromKeras(chain(12), 'keras.layers', '$', fail),
      `Invalid model JSON, ${path}: nested more than 32 levels deep`,
    );
    // 5,000 objects deep (~500 KB): the recursive reader used to overflow the stack.
    // (Built as text: JSON.stringify itself recurses, and would overflow on it.)
    const open = '{"module": "keras.layers", "class_name": "Dense", "registered_name": null, "config": {"layers": [';
    const text = `{"module": "keras", "class_name": "Sequential", "config": {"layers": [${open.repeat(5000)}${']}}'.repeat(5000)}]}}`;
    throwsModelFileError(() => modelFromJSON(text), `Invalid model JSON, ${path}: ${TOO_DEEP}`);
  });

  test('saving a config that refers to itself through a Keras object fails typed (it used to overflow the stack)', () => {
    const config: Record<string, unknown> = { units: 1 };
    const self = { className: 'Dense', config };
    config.layers = [self];
    assert.throws(
      () => toKeras(self as never, 'keras.layers', 'layer "loop"'),
      (e: unknown) =>
        e instanceof Error &&
        e.constructor.name === 'ValueError' &&
        /^Cannot save layer "loop"(\.layers\[0\])+\.layers: the config is nested too deeply\. A model file holds no code/.test(
          e.message,
        ),
    );
  });
});

describe('sizes a file asks for', () => {
  const withConfig = async (edit: JsonEdit): Promise<string> => {
    const json = JSON.parse(model.toJSON());
    edit(json);
    return withEntryText('config.json', JSON.stringify(json));
  };

  test('a huge noise_shape fails at load: over the limit at construction, or not fitting the input at build', async () => {
    await assertRejects(
      await withConfig((c) => {
        c.config.layers[2].config.noise_shape = [null, 1e5, 1e5];
      }),
      'config.json',
      '$.config.layers[2]: cannot create the layer: Dropout: the mask of noiseShape=[null,100000,100000]: cannot allocate a tensor of shape [1,100000,100000] (float32, 40000000000 bytes = 40 GB): over the limit of 4294967296 bytes (4.29 GB) per tensor. setMaxTensorBytes() raises the limit',
    );
    await assertRejects(
      await withConfig((c) => {
        c.config.layers[2].config.noise_shape = [null, 4e6];
      }),
      'config.json',
      '$.config.layers[2]: cannot add the layer: Dropout: `noiseShape` must broadcast to the input shape (None, 3): axis 1 must be null, 1 or 3. Received: noiseShape=[null,4000000]',
    );
  });

  test('modelFromJSON with units: 3e8 is refused before the 4.8 GB kernel is allocated', () => {
    const json = JSON.parse(model.toJSON());
    json.config.layers[1].config.units = 3e8;
    const start = performance.now();
    throwsModelFileError(
      () => modelFromJSON(JSON.stringify(json)),
      'Invalid model JSON, $.config.layers[1]: cannot create the layer: Layer "dense" weight "kernel": cannot allocate a tensor of shape [4,300000000] (float32, 4800000000 bytes = 4.8 GB): over the limit of 4294967296 bytes (4.29 GB) per tensor. setMaxTensorBytes() raises the limit',
    );
    assert.ok(performance.now() - start < 500);
  });
});

describe('paths that are not model files', () => {
  test('a directory', async () => {
    await assertRejects(dir, 'ZIP archive', 'it is a directory, not a model file');
  });

  test('a FIFO is refused without opening it (opening one for reading blocks until a writer comes)', {
    skip: process.platform === 'win32' ? 'no FIFOs on Windows' : undefined,
  }, async () => {
    const fifo = nextPath();
    execFileSync('mkfifo', [fifo]);
    await assertRejects(fifo, 'ZIP archive', 'it is a named pipe (FIFO), not a model file');
  });

  test('a socket and a character device', {
    skip: process.platform === 'win32' ? 'POSIX only' : undefined,
  }, async () => {
    const socketPath = nextPath('.sock');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    try {
      await assertRejects(socketPath, 'ZIP archive', 'it is a socket, not a model file');
    } finally {
      server.close();
    }
    await assertRejects('/dev/null', 'ZIP archive', 'it is a character device, not a model file');
    await assertRejects('/dev/zero', 'ZIP archive', 'it is a character device, not a model file');
  });

  test('ENOENT, ENOTDIR, ENAMETOOLONG and a symbolic-link loop, each in words', async () => {
    await assertRejects(join(dir, 'missing.dendrite'), 'ZIP archive', 'no such file');
    await assertRejects(
      join(good, 'model.dendrite'),
      'ZIP archive',
      'a component of the path is a file, not a directory',
    );
    await assertRejects(
      join(dir, `${'a'.repeat(300)}.dendrite`),
      'ZIP archive',
      'the path is too long for the file system',
    );
    const a = nextPath();
    const b = nextPath();
    await symlink(b, a);
    await symlink(a, b);
    await assertRejects(
      a,
      'ZIP archive',
      'too many levels of symbolic links (a symbolic link that loops back on itself?)',
    );
  });

  test('EACCES', { skip: process.getuid?.() === 0 ? 'root reads any file' : undefined }, async () => {
    const path = nextPath();
    await writeFile(path, 'x');
    await chmod(path, 0o000);
    await assertRejects(path, 'ZIP archive', 'permission denied');
  });

  test('a 3 GB sparse file is refused from its last bytes, without reading it', async () => {
    const path = nextPath();
    await writeFile(path, '');
    await truncate(path, 3e9);
    const before = process.memoryUsage().arrayBuffers;
    await assertRejects(
      path,
      'ZIP archive',
      'not a ZIP archive: no end-of-central-directory record (the file is 3000000000 bytes, starting 00 00 00 00 00 00 00 00)',
      1000,
    );
    assert.ok(process.memoryUsage().arrayBuffers - before < 1e8, 'no 3 GB buffer was allocated');
    // A sparse file past the format's 4 GiB is refused from its size alone.
    const big = nextPath();
    await writeFile(big, '');
    await truncate(big, 5e9);
    await assertRejects(big, 'ZIP archive', 'the file is 5000000000 bytes; a model file is under 4 GiB');
    // The same checks guard loadWeights.
    await assert.rejects(
      model.loadWeights(path),
      (e: unknown) => e instanceof ModelFileError && /not a ZIP archive/.test(e.message),
    );
  });

  test('a symbolic link to a good file still loads', async () => {
    const link = nextPath();
    await symlink(good, link);
    const loaded = await loadModel(link);
    assert.equal(loaded.layers.length, 3);
    loaded.dispose();
  });
});

describe('saving over a file', () => {
  test('keeps its mode: a 0600 model stays 0600, a 0640 one 0640', {
    skip: process.platform === 'win32' ? 'POSIX modes' : undefined,
  }, async () => {
    const path = nextPath();
    await model.save(path);
    assert.equal((await stat(path)).mode & 0o777, 0o644 & ~process.umask(), 'a new file: 0644 less the umask');
    await chmod(path, 0o600);
    await model.save(path);
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    await chmod(path, 0o640);
    await model.saveWeights(path);
    assert.equal((await stat(path)).mode & 0o777, 0o640, 'saveWeights too');
    // Bits the umask would strip come back as they were.
    const old = process.umask(0o077);
    try {
      await chmod(path, 0o664);
      await model.save(path);
      assert.equal((await stat(path)).mode & 0o777, 0o664);
    } finally {
      process.umask(old);
    }
  });

  test('a read-only model (0400) is replaced and stays read-only', {
    skip: process.platform === 'win32' ? 'POSIX modes' : undefined,
  }, async () => {
    const path = nextPath();
    await model.save(path);
    await chmod(path, 0o400);
    await model.save(path);
    assert.equal((await stat(path)).mode & 0o777, 0o400);
    const loaded = await loadModel(path);
    loaded.dispose();
  });
});

describe('paths a model cannot be saved to', () => {
  const saveError = async (path: string, detail: string) => {
    await assert.rejects(model.save(path), (e: unknown) => {
      assert.ok(e instanceof ModelSaveError, `expected ModelSaveError, got ${e}`);
      assert.equal(e.message, `Cannot save to "${path}": ${detail}`);
      return true;
    });
  };

  test('a directory, a FIFO, a missing folder, a path through a file, an overlong name', async () => {
    await saveError(dir, 'it is a directory, not a file');
    const fifo = join(dir, 'save.fifo');
    execFileSync('mkfifo', [fifo]);
    await saveError(fifo, 'it is a named pipe (FIFO), not a file');
    await saveError(join(dir, 'no-such-folder', 'm.dendrite'), 'the folder it would go in does not exist');
    const file = join(dir, 'plain-file');
    await writeFile(file, 'x');
    await saveError(join(file, 'm.dendrite'), 'a component of the path is a file, not a directory');
    await saveError(join(dir, `${'n'.repeat(300)}.dendrite`), 'the path is too long for the file system');
  });
});

test('saving through a symbolic link replaces the file it points to, and the link stays a link', async () => {
  const { lstat, readlink, mkdir } = await import('node:fs/promises');
  const sub = join(dir, 'linked');
  await mkdir(sub, { recursive: true });
  const target = join(sub, 'target.dendrite');
  await model.save(target);
  await chmod(target, 0o600);
  const link = join(dir, 'link.dendrite');
  await symlink(target, link);
  await model.save(link);
  assert.ok((await lstat(link)).isSymbolicLink(), 'still a link');
  assert.equal(await readlink(link), target);
  assert.equal((await stat(target)).mode & 0o777, 0o600, "the target's mode is kept");
  const loaded = await loadModel(link);
  assert.equal(loaded.layers.length, model.layers.length);
});
