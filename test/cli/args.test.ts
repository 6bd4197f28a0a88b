import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { type Invocation, parseArgs } from '../../src/cli/args.js';
import { UsageError } from '../../src/cli/errors.js';
import { FLAGS } from '../../src/cli/flags.js';
import { helpText } from '../../src/cli/help.js';
import { PRESETS, resolveCompare, resolveSweep, VARIANTS } from '../../src/cli/options.js';

type Run = Extract<Invocation, { action: 'compare' | 'sweep' }>;

function run(argv: string[]): Run {
  const inv = parseArgs(argv);
  assert.ok(inv.action === 'compare' || inv.action === 'sweep', `expected a run, got ${inv.action}`);
  return inv;
}

/** Asserts that parsing fails with a UsageError whose message matches. */
function rejects(argv: string[], message: RegExp): void {
  assert.throws(
    () => parseArgs(argv),
    (e: unknown) => {
      assert.ok(e instanceof UsageError, `expected a UsageError, got ${String(e)}`);
      assert.match(e.message, message);
      assert.equal(e.exitCode, 2);
      return true;
    },
  );
}

function tempFile(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'dendrite-args-')), name);
  writeFileSync(path, content);
  return path;
}

describe('parseArgs', () => {
  test('no arguments: compare with every default, report.html', () => {
    const inv = run([]);
    assert.equal(inv.action, 'compare');
    assert.deepEqual(inv.options, {});
    assert.equal(inv.out, 'report.html');
    assert.equal(inv.quiet, false);
    const o = resolveCompare(inv.options);
    assert.equal(o.dataset, 'mnist');
    assert.deepEqual(o.variants, VARIANTS);
    assert.equal(o.trainSize, PRESETS.mnist.trainSize);
  });

  test('every value flag, in both spellings, lands on its option', () => {
    const inv = run([
      'compare',
      '--dataset',
      'moons',
      '--train-size=100',
      '--val-size',
      '300',
      '--noise',
      '0.2',
      '--label-noise',
      '0.15',
      '--hidden',
      '32,16',
      '--variants',
      'none,l2+dropout',
      '--l1',
      '1e-4',
      '--l2=0.003',
      '--dropout',
      '0.25',
      '--epochs',
      '7',
      '--batch-size',
      '16',
      '--learning-rate',
      '0.02',
      '--seed',
      '-3',
      '--out',
      'x/r.html',
      '--quiet',
    ]);
    assert.deepEqual(inv.options, {
      dataset: 'moons',
      trainSize: 100,
      valSize: 300,
      noise: 0.2,
      labelNoise: 0.15,
      hidden: [32, 16],
      variants: ['none', 'l2+dropout'],
      l1: 1e-4,
      l2: 0.003,
      dropout: 0.25,
      epochs: 7,
      batchSize: 16,
      learningRate: 0.02,
      seed: -3,
    });
    assert.equal(inv.out, 'x/r.html');
    assert.equal(inv.quiet, true);
  });

  test('sweep: regularizer and values; defaults to L2 over decades and sweep-report.html', () => {
    const inv = run(['sweep', '--regularizer', 'l1', '--values', '1e-5,1e-4,1e-3']);
    assert.equal(inv.action, 'sweep');
    assert.deepEqual(inv.options, { regularizer: 'l1', values: [1e-5, 1e-4, 1e-3] });
    assert.equal(inv.out, 'sweep-report.html');
    const dflt = resolveSweep(run(['sweep']).options);
    assert.equal(dflt.regularizer, 'l2');
    assert.ok(dflt.values.length >= 4);
  });

  test('--help and --version win over everything else', () => {
    assert.deepEqual(parseArgs(['--epochs', '3', '--help']), { action: 'help' });
    assert.deepEqual(parseArgs(['-h']), { action: 'help' });
    assert.deepEqual(parseArgs(['sweep', '--version']), { action: 'version' });
  });

  test('the 2-D presets differ from the MNIST ones', () => {
    const o = resolveCompare(run(['--dataset', 'spiral']).options);
    assert.deepEqual(o.hidden, PRESETS.planar.hidden);
    assert.equal(o.epochs, PRESETS.planar.epochs);
    assert.equal(o.labelNoise, PRESETS.planar.labelNoise);
  });
});

describe('parseArgs: every mistake is a UsageError naming the flag', () => {
  test('unknown flag, with a suggestion', () => {
    rejects(['--epoch', '3'], /^unknown flag --epoch\. Did you mean --epochs\? Run dendrite --help/);
    rejects(['--frobnicate'], /^unknown flag --frobnicate\. Run dendrite --help for the list$/);
    rejects(['-epochs', '3'], /^unknown flag -epochs/);
  });

  test('unknown subcommand', () => {
    rejects(['compar'], /^unknown subcommand "compar"\. Expected one of: compare, sweep\. Did you mean compare\?/);
    rejects(['compare', 'extra'], /^unexpected argument "extra" after the subcommand/);
  });

  test('missing value', () => {
    rejects(['--epochs'], /^--epochs needs a value \(N\)/);
    rejects(['--dataset', '--epochs', '3'], /^--dataset needs a value \(NAME\)/);
  });

  test('a non-number where a number goes', () => {
    rejects(['--epochs', 'ten'], /^--epochs expects a positive integer\. Received: "ten"$/);
    rejects(['--epochs', '2.5'], /^--epochs expects a positive integer\. Received: "2\.5"$/);
    rejects(['--batch-size=0'], /^--batch-size expects a positive integer\. Received: "0"$/);
    rejects(['--l2', 'abc'], /^--l2 expects a number ≥ 0\. Received: "abc"$/);
    rejects(['--l1', '-1e-4'], /^--l1 expects a number ≥ 0\. Received: "-1e-4"$/);
    rejects(['--learning-rate', '0'], /^--learning-rate expects a number > 0\. Received: "0"$/);
    rejects(['--dropout', '1'], /^--dropout expects a number in \[0, 1\)\. Received: "1"$/);
    rejects(['--seed', '1.5'], /^--seed expects an integer\. Received: "1\.5"$/);
    rejects(
      ['--hidden', '64,x'],
      /^--hidden expects a comma-separated list of positive integers, as in 256,256\. Received: "64,x"$/,
    );
    rejects(['sweep', '--values', '1e-4,,1e-3'], /^--values expects a comma-separated list of numbers ≥ 0/);
  });

  test('unknown dataset, variant, regularizer', () => {
    rejects(
      ['--dataset', 'cifar'],
      /^--dataset expects one of mnist, moons, circles, spiral, xor, gaussians, or csv:PATH\. Received: "cifar"$/,
    );
    rejects(['--dataset', 'csv:'], /^--dataset expects .*csv:PATH\. Received: "csv:"$/);
    rejects(
      ['--variants', 'none,l3'],
      /^--variants expects a comma-separated list of none, l1, l2, l1l2, dropout, l2\+dropout\. Received: "none,l3"$/,
    );
    rejects(['sweep', '--regularizer', 'l3'], /^--regularizer expects one of l1, l2, l1l2, dropout\. Received: "l3"$/);
  });

  test('flags that do not fit the command or the dataset', () => {
    rejects(['sweep', '--variants', 'none'], /^--variants applies to compare only, not to sweep$/);
    rejects(['compare', '--values', '1e-3'], /^--values applies to sweep only, not to compare$/);
    rejects(
      ['--noise', '0.1'],
      /^--noise applies to the 2-D datasets \(moons, circles, spiral, xor, gaussians\) only, not to mnist$/,
    );
    rejects(['--dataset', 'csv:a.csv'], /^--dataset csv:a\.csv needs --target, the name of the label column$/);
    rejects(['--target', 'y'], /^--target applies to csv: datasets only, not to mnist$/);
    rejects(
      ['sweep', '--regularizer', 'dropout', '--values', '0.5,1'],
      /^--values for dropout expects rates in \[0, 1\)\. Received: 1$/,
    );
    rejects(['--quiet=yes'], /^--quiet takes no value\. Received: "yes"$/);
  });
});

describe('parseArgs: --config', () => {
  test('a JSON file of the same keys (kebab or camel case), overridden by flags', () => {
    const path = tempFile(
      'c.json',
      JSON.stringify({ dataset: 'circles', 'train-size': 50, valSize: 80, hidden: [8, 8], epochs: 5, quiet: true }),
    );
    const inv = run(['--config', path, '--epochs', '9']);
    assert.deepEqual(inv.options, { dataset: 'circles', trainSize: 50, valSize: 80, hidden: [8, 8], epochs: 9 });
    assert.equal(inv.quiet, true);
  });

  test('a missing file, bad JSON, a non-object, an unknown key, a bad value: each named', () => {
    rejects(
      ['--config', '/nonexistent/dendrite.json'],
      /^--config: cannot read \/nonexistent\/dendrite\.json: no such file$/,
    );
    const bad = tempFile('bad.json', '{ "epochs": 3,');
    rejects(['--config', bad], /^--config: .*bad\.json is not valid JSON: /);
    const array = tempFile('array.json', '[1, 2]');
    rejects(['--config', array], /^--config: .*array\.json must hold a JSON object of flag values/);
    const unknown = tempFile('unknown.json', '{ "epoch": 3 }');
    rejects(['--config', unknown], /unknown\.json: unknown key "epoch"\. Did you mean epochs\?$/);
    const value = tempFile('value.json', '{ "epochs": "ten" }');
    rejects(['--config', value], /value\.json: "epochs" expects a positive integer\. Received: "ten"$/);
    const object = tempFile('object.json', '{ "hidden": { "a": 1 } }');
    rejects(['--config', object], /object\.json: "hidden" expects a number, a string or a list\. Received: \{"a":1\}$/);
  });
});

test('--help documents every flag with its default', () => {
  const help = helpText();
  for (const flag of FLAGS) {
    assert.match(help, new RegExp(`--${flag.name}\\b`), `--${flag.name} missing from --help`);
    if (flag.defaultText) assert.ok(help.replace(/\s+/g, ' ').includes(`default: ${flag.defaultText}`), flag.name);
  }
  for (const name of ['dataset', 'target', 'train-size', 'val-size', 'noise', 'label-noise', 'hidden', 'variants']) {
    assert.ok(
      FLAGS.some((f) => f.name === name),
      name,
    );
  }
  for (const name of ['l1', 'l2', 'dropout', 'epochs', 'batch-size', 'learning-rate', 'seed', 'out', 'config']) {
    assert.ok(
      FLAGS.some((f) => f.name === name),
      name,
    );
  }
  for (const name of ['quiet', 'help', 'version', 'regularizer', 'values'])
    assert.ok(FLAGS.some((f) => f.name === name));
});
