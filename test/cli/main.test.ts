// The compiled CLI as a user runs it: exit codes, one-line messages on stderr, never a stack trace for a
// user's mistake, and an end-to-end run that writes a report and says where.
import assert from 'node:assert/strict';
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FLAGS } from '../../src/cli/flags.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = join(root, 'build/src/cli/main.js');
const LAUNCHER = join(root, 'bin/dendrite.js');

function dendrite(args: readonly string[], cwd = root): SpawnSyncReturns<string> {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, DENDRITE_DEBUG: '' },
  });
  // On a machine where the native addon did not build, the package says so once on stderr; that line is not the
  // CLI's own output, which these tests pin.
  return { ...r, stderr: r.stderr.replace(/^dendrite: native backend unavailable.*\n/m, '') };
}

/** A user error: exit code 2 and exactly one line on stderr, matching `message`, with no stack trace. */
function usageError(args: readonly string[], message: RegExp): void {
  const r = dendrite(args);
  assert.equal(r.status, 2, `exit code of dendrite ${args.join(' ')}; stderr: ${r.stderr}`);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line expected, got:\n${r.stderr}`);
  assert.match(lines[0] as string, message);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.doesNotMatch(r.stdout, /Report written/);
}

const tmp = () => mkdtempSync(join(tmpdir(), 'dendrite-cli-'));

/** A tiny, fast 2-D configuration for runs whose numbers do not matter. */
const TINY = ['--dataset', 'moons', '--train-size', '40', '--val-size', '40', '--hidden', '8', '--epochs', '3'];

describe('dendrite: user errors exit 2 with one line naming the culprit', () => {
  test('unknown flag', () => {
    usageError(
      ['--epoch', '3'],
      /^dendrite: unknown flag --epoch\. Did you mean --epochs\? Run dendrite --help for the list$/,
    );
  });

  test('missing value', () => {
    usageError(['--seed'], /^dendrite: --seed needs a value \(N\): /);
  });

  test('a non-number where a number goes', () => {
    usageError(['compare', '--epochs', 'ten'], /^dendrite: --epochs expects a positive integer\. Received: "ten"$/);
    usageError(['--learning-rate', 'fast'], /^dendrite: --learning-rate expects a number > 0\. Received: "fast"$/);
  });

  test('unknown dataset and variant', () => {
    usageError(
      ['--dataset', 'imagenet'],
      /^dendrite: --dataset expects one of mnist, moons, circles, spiral, xor, gaussians, or csv:PATH\. Received: "imagenet"$/,
    );
    usageError(
      ['--variants', 'none,l3'],
      /^dendrite: --variants expects a comma-separated list of none, l1, l2, l1l2, dropout, l2\+dropout\. Received: "none,l3"$/,
    );
  });

  test('a missing CSV file is named', () => {
    const missing = join(tmp(), 'nope.csv');
    usageError(
      ['--dataset', `csv:${missing}`, '--target', 'y'],
      /^dendrite: loadCsv: cannot read the CSV file .*nope\.csv.*: no such file/,
    );
  });

  test('a non-numeric CSV cell is named by file, line and column', () => {
    const path = join(tmp(), 'table.csv');
    writeFileSync(path, 'a,b,label\n1,2,0\n3,oops,1\n5,6,0\n');
    usageError(
      ['--dataset', `csv:${path}`, '--target', 'label'],
      /^dendrite: .*table\.csv, line 3, column "b": .*"oops"/,
    );
  });

  test('a CSV without --target, an unknown target column', () => {
    usageError(['--dataset', 'csv:x.csv'], /^dendrite: --dataset csv:x\.csv needs --target/);
    const path = join(tmp(), 'table.csv');
    writeFileSync(path, 'a,b,label\n1,2,0\n3,4,1\n');
    usageError(['--dataset', `csv:${path}`, '--target', 'class'], /^dendrite: .*table\.csv.*"class"/);
  });

  test('a missing config file, a folder as --out', () => {
    usageError(
      ['--config', 'no/such/config.json'],
      /^dendrite: --config: cannot read no\/such\/config\.json: no such file$/,
    );
    usageError([...TINY, '--out', tmp()], /^dendrite: --out .* is a folder\. Expected a file path/);
  });

  test('sizes the data cannot meet', () => {
    usageError(
      ['--train-size', '9000', '--val-size', '2000'],
      /^dendrite: loadMnist: trainSize \+ valSize must be at most 10000/,
    );
  });
});

describe('dendrite: help, version, failures at run time', () => {
  test('--help lists every flag and exits 0', () => {
    const r = dendrite(['--help']);
    assert.equal(r.status, 0);
    for (const flag of FLAGS) assert.match(r.stdout, new RegExp(`--${flag.name}\\b`));
    assert.match(r.stdout, /^Usage: dendrite \[compare \| sweep\] \[flags\]/);
  });

  test('--version prints the package version', () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    const r = dendrite(['--version']);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, `dendrite ${version}\n`);
  });

  test('a failure while running exits 1 with its message and a hint, not a stack trace', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'file'), '');
    const r = dendrite([...TINY, '--variants', 'none', '--quiet', '--out', join(dir, 'file', 'report.html')]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /^dendrite: .*(ENOTDIR|EEXIST).*\ndendrite: set DENDRITE_DEBUG=1 to see where it failed\n$/);
  });

  test('the bin launcher runs the compiled CLI, and says what to do when it is not compiled', () => {
    const r = spawnSync(process.execPath, [LAUNCHER, '--version'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^dendrite \d+\.\d+\.\d+/);
    const fresh = tmp();
    mkdirSync(join(fresh, 'bin'));
    copyFileSync(LAUNCHER, join(fresh, 'bin/dendrite.js'));
    writeFileSync(join(fresh, 'package.json'), '{ "type": "module" }');
    const bare = spawnSync(process.execPath, [join(fresh, 'bin/dendrite.js'), 'compare'], { encoding: 'utf8' });
    assert.equal(bare.status, 1);
    assert.equal(
      bare.stderr,
      'dendrite: the CLI is not compiled yet. Run `npm run compile` (or `npm start`) first; installed from git, ' +
        'Dendrite builds dist/ in its prepare script, which --ignore-scripts skips.\n',
    );
  });
});

describe('dendrite: end to end on a tiny 2-D configuration', () => {
  test('compare prints the settings, progress, the table, and where the report went', () => {
    const dir = tmp();
    const r = dendrite([...TINY, '--variants', 'none,l1,dropout', '--out', 'out/report.html'], dir);
    assert.equal(r.status, 0, r.stderr);
    const path = resolve(dir, 'out/report.html');
    assert.match(r.stdout, /^dendrite compare: moons \(40 train \/ 40 validation\), hidden 8 relu/);
    assert.match(r.stdout, /\nvariant +train loss +val loss +val acc +gap +best epoch +\|w\|<1e-3 +kernel L2\n/);
    for (const name of ['none', 'L1', 'Dropout']) assert.match(r.stdout, new RegExp(`\\n${name} +\\d+\\.\\d{4} `));
    assert.ok(r.stdout.includes(`Report written to ${path}\n`), r.stdout);
    assert.match(r.stdout, /Total time \d+\.\d s\n$/);
    // Not a terminal: one finished line per variant, no carriage returns.
    assert.match(
      r.stderr,
      /^\[1\/3\] none +3 epochs +train \d\.\d{4} +val \d\.\d{4} +val acc [\d.]+% +[\d.]+ s\n\[2\/3\] L1 /,
    );
    assert.doesNotMatch(r.stderr, /\r/);
    assert.ok(existsSync(path));
    const html = readFileSync(path, 'utf8');
    assert.match(html, /<svg/);
    assert.match(html, /L1/);
  });

  test('sweep marks the best value in its table and writes its report; --quiet prints no progress', () => {
    const dir = tmp();
    const r = dendrite(
      ['sweep', ...TINY, '--regularizer', 'l2', '--values', '1e-4,1e-1', '--quiet', '--out', 'sweep.html'],
      dir,
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /\nC \(L2\) +train loss/);
    assert.match(r.stdout, /\n1e-4 .*\n0\.1 /);
    assert.equal(r.stdout.match(/◀ best/g)?.length, 1);
    assert.ok(r.stdout.includes(`Report written to ${resolve(dir, 'sweep.html')}\n`));
    assert.match(readFileSync(join(dir, 'sweep.html'), 'utf8'), /<svg/);
  });

  test('a config file drives a run, and flags override it', () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'run.json'),
      JSON.stringify({
        dataset: 'circles',
        'train-size': 30,
        'val-size': 30,
        hidden: [4],
        epochs: 50,
        variants: 'none',
      }),
    );
    const r = dendrite(['--config', 'run.json', '--epochs', '2', '--out', 'r.html'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^dendrite compare: circles \(30 train \/ 30 validation\), hidden 4 relu, .*2 epochs/);
  });
});
