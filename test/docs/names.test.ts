import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
// The README and docs describe the package as Node has it (its `node` condition): the neutral root plus Node's parts.
import * as dendrite from '../../src/node.js';

// The README and the docs name the package's API in prose and tables, which no snippet runs. These tests pin
// each such name to what src/node.ts exports, so that a rename breaks a test instead of the docs.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const docs = readdirSync(join(root, 'docs'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => ({ file: `docs/${f}`, text: readFileSync(join(root, 'docs', f), 'utf8') }));
const pages = [{ file: 'README.md', text: readme }, ...docs];

const api = dendrite as unknown as Record<string, unknown>;
const NAMESPACES = [
  'activations',
  'callbacks',
  'constraints',
  'datasets',
  'initializers',
  'layers',
  'losses',
  'metrics',
  'optimizers',
  'regularizers',
] as const;

/** What `a.b.c` names, from the package root (`model.x` is a Model method); undefined when it names nothing. */
function lookup(path: string): unknown {
  const [head, ...rest] = path.split('.');
  let at: unknown = head === 'model' ? dendrite.Model.prototype : api[head as string];
  for (const key of rest) {
    if (at === null || (typeof at !== 'object' && typeof at !== 'function')) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

describe('the API names in the README and the docs exist', () => {
  test("every name a README snippet imports from 'dendrite' is an export", () => {
    const imported = [...readme.matchAll(/import \{([^}]*)\} from 'dendrite'/g)].flatMap((m) =>
      (m[1] as string).split(',').map((n) => n.trim()),
    );
    assert.ok(imported.length >= 10, `found ${imported.length}`);
    for (const name of imported) assert.ok(name in api, `README imports ${name}, which src/index.ts does not export`);
  });

  test('every `namespace.member` path in the README and docs/*.md names an export', () => {
    // Not after a dot, a word or a slash: `keras.optimizers.schedules` is Keras's, `…/dendrite.git` a URL.
    const pattern = new RegExp(
      `(?<![\\w./])(dendrite|${NAMESPACES.join('|')})\\.([A-Za-z_]\\w*(?:\\.[A-Za-z_]\\w*)*)`,
      'g',
    );
    let count = 0;
    for (const { file, text } of pages) {
      for (const m of text.matchAll(pattern)) {
        const path = m[1] === 'dendrite' ? (m[2] as string) : `${m[1]}.${m[2]}`;
        assert.notEqual(lookup(path), undefined, `${file} names \`${path}\`, which the package does not export`);
        count++;
      }
    }
    assert.ok(count >= 20, `found ${count}`);
  });
});

/** The README's "What is in the box" table: one entry per row, its backticked names. */
function featureRows(): Map<string, string[]> {
  const section = readme.slice(readme.indexOf('## What is in the box'), readme.indexOf('## Around every fit'));
  const rows = new Map<string, string[]>();
  for (const line of section.split('\n')) {
    const m = /^\| ([a-z -]+) \| (.*) \|$/.exec(line);
    if (m)
      rows.set(
        m[1] as string,
        [...(m[2] as string).matchAll(/`([^`]+)`/g)].map((t) => t[1] as string),
      );
  }
  return rows;
}

/** Whether `new SGD({ [option]: value })` takes the option (an unknown one throws UnknownOptionError). */
function isOptimizerOption(option: string): boolean {
  try {
    new dendrite.optimizers.SGD({ [option]: 0.5 } as never);
    return true;
  } catch (e) {
    return !(e instanceof dendrite.UnknownOptionError);
  }
}

describe('the README feature table lists only what the package has', () => {
  const rows = featureRows();
  const ns = (name: string) => api[name] as Record<string, unknown>;
  const has = (scope: Record<string, unknown>, name: string) => name in scope;
  // Where each row's bare names live: namespaces, string identifiers, options.
  const RESOLVERS: Record<string, (name: string) => boolean> = {
    layers: (n) => has(ns('layers'), n) || has(api, n),
    models: (n) => has(api, n) || n in dendrite.Model.prototype,
    regularizers: (n) => has(ns('regularizers'), n),
    constraints: (n) => has(ns('constraints'), n),
    optimizers: (n) => has(ns('optimizers'), n) || isOptimizerOption(n),
    'learning-rate schedules': (n) =>
      has(dendrite.optimizers.schedules, n) || has(ns('callbacks'), n) || isOptimizerOption(n),
    // `fromLogits`, `labelSmoothing`: options of the crossentropy, held as its properties.
    losses: (n) => dendrite.losses.lossNames().includes(n) || n in new dendrite.losses.CategoricalCrossentropy(),
    metrics: (n) => dendrite.metrics.metricNames().includes(n),
    initializers: (n) => has(ns('initializers'), n),
    callbacks: (n) => has(ns('callbacks'), n) || has(api, n),
    saving: (n) => has(api, n) || n in dendrite.Model.prototype,
    datasets: (n) => has(ns('datasets'), n),
    engine: (n) => has(api, n),
  };

  test('a row per kind of thing, each resolved', () => {
    assert.deepEqual([...rows.keys()].sort(), Object.keys(RESOLVERS).sort());
  });

  for (const [row, resolves] of Object.entries(RESOLVERS)) {
    test(row, () => {
      const tokens = rows.get(row) ?? [];
      assert.ok(tokens.length > 0, `no names in the ${row} row`);
      for (const token of tokens) {
        // `(w) => scalar` is a shape of function, and `{ … }` an object's keys: checked below or not names.
        if (token.includes('=>') || token.startsWith('{')) continue;
        const name = token.replace(/\((?!s\)).*\)$/, '');
        // `valueAndGrad(s)` is two names.
        const names = name.endsWith('(s)') ? [name.slice(0, -3), `${name.slice(0, -3)}s`] : [name];
        for (const n of names) {
          const ok = n.includes('.') ? lookup(n) !== undefined : resolves(n);
          assert.ok(ok, `README's ${row} row lists \`${token}\`, which the package does not have`);
        }
      }
    });
  }

  test("the schedules: every class optimizers.schedules exports, each with exactly its options' names", () => {
    const tokens = rows.get('learning-rate schedules') ?? [];
    const listed = new Map<string, string[]>();
    let last = '';
    for (const token of tokens) {
      if (token.startsWith('{')) {
        const keys = token
          .replace(/[{}]/g, '')
          .split(',')
          .map((k) => k.trim());
        // `A` and `B` (`{ … }`): the options belong to every class named since the previous list.
        for (const [name, options] of listed) if (options.length === 0) listed.set(name, keys);
        last = '';
      } else if (/^[A-Z]\w*Decay$/.test(token)) {
        listed.set(token, []);
        last = token;
      }
    }
    assert.equal(last, '', 'every schedule is followed by its options');
    const exported = Object.entries(dendrite.optimizers.schedules)
      .filter(([, v]) => typeof v === 'function' && /^[A-Z]/.test((v as { name: string }).name))
      .map(([k]) => k);
    assert.deepEqual([...listed.keys()].sort(), exported.sort());
    const valid: Record<string, unknown> = {
      initialLearningRate: 0.1,
      decaySteps: 10,
      decayRate: 0.5,
      staircase: true,
      boundaries: [10],
      values: [0.1, 0.01],
    };
    for (const [name, keys] of listed) {
      const Schedule = (dendrite.optimizers.schedules as unknown as Record<string, new (o: unknown) => unknown>)[name];
      assert.ok(Schedule);
      const schedule = new Schedule(Object.fromEntries(keys.map((k) => [k, valid[k]]))) as {
        getConfig(): Record<string, unknown>;
      };
      assert.deepEqual(keys.sort(), Object.keys(schedule.getConfig()).sort(), `${name}'s options`);
    }
  });
});
