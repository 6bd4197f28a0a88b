/**
 * The flags of `dendrite`: one table drives the parser, the JSON config file and `--help`, so a flag cannot exist
 * in one and be missing from another. Each flag's parser turns its text into a value or says what it expected.
 */
import {
  BUILT_IN_DATASETS,
  type Command,
  DATASET_OVERRIDES,
  DEFAULT_SEED,
  DEFAULT_SWEEP_VALUES,
  PRESETS,
  type Preset,
  SWEEP_REGULARIZERS,
  VARIANTS,
} from './options.js';
import { formatValue } from './variants.js';

/** A value that does not fit: `expected` completes "--flag expects …". */
export class Invalid extends Error {
  constructor(readonly expected: string) {
    super(expected);
  }
}

export type Parser = (text: string) => unknown;

function number(text: string, expected: string, ok: (v: number) => boolean): number {
  const v = text.trim() === '' ? Number.NaN : Number(text);
  if (!ok(v)) throw new Invalid(expected);
  return v;
}

const positiveInteger: Parser = (t) => number(t, 'a positive integer', (v) => Number.isSafeInteger(v) && v > 0);
const integer: Parser = (t) => number(t, 'an integer', Number.isSafeInteger);
const nonNegative: Parser = (t) => number(t, 'a number ≥ 0', (v) => Number.isFinite(v) && v >= 0);
const positive: Parser = (t) => number(t, 'a number > 0', (v) => Number.isFinite(v) && v > 0);
const rate: Parser = (t) => number(t, 'a number in [0, 1)', (v) => v >= 0 && v < 1);
const text: Parser = (t) => {
  if (t === '') throw new Invalid('a non-empty value');
  return t;
};

function list(item: Parser, expected: string): Parser {
  return (t) => {
    const parts = t.split(',').map((s) => s.trim());
    try {
      return parts.map(item);
    } catch (e) {
      if (e instanceof Invalid) throw new Invalid(expected);
      throw e;
    }
  };
}

function oneOf(choices: readonly string[]): Parser {
  return (t) => {
    if (!choices.includes(t)) throw new Invalid(`one of ${choices.join(', ')}`);
    return t;
  };
}

const dataset: Parser = (t) => {
  if ((BUILT_IN_DATASETS as readonly string[]).includes(t)) return t;
  if (t.startsWith('csv:') && t.length > 4) return t;
  throw new Invalid(`one of ${BUILT_IN_DATASETS.join(', ')}, or csv:PATH`);
};

/** One flag: its name, the option it sets, how its value is read, and what `--help` says about it. */
export interface Flag {
  readonly name: string;
  readonly key: string;
  /** The value's placeholder in `--help`; absent for a switch (`--quiet`). */
  readonly value?: string;
  readonly parse?: Parser;
  readonly help: string;
  /** The default, in words, for `--help`. */
  readonly defaultText: string;
  /** The subcommands it applies to (all when absent). */
  readonly commands?: readonly Command[];
}

const p = PRESETS;
/** "1e-4 for mnist, 1e-3 for the 2-D sets (spiral 3e-4), 1e-4 for a CSV": a default in each kind's words. */
function both(f: (preset: Preset) => string): string {
  const planar = f(p.planar);
  const exceptions = Object.entries(DATASET_OVERRIDES)
    .map(([name, o]) => [name, f({ ...p.planar, ...o })] as const)
    .filter(([, v]) => v !== planar)
    .map(([name, v]) => `${name} ${v}`);
  const except = exceptions.length > 0 ? ` (${exceptions.join(', ')})` : '';
  return `${f(p.mnist)} for mnist, ${planar} for the 2-D sets${except}, ${f(p.csv)} for a CSV`;
}

/** Every flag, in the order `--help` lists them. */
export const FLAGS: readonly Flag[] = [
  {
    name: 'dataset',
    key: 'dataset',
    value: 'NAME',
    parse: dataset,
    help: `${BUILT_IN_DATASETS.join(' | ')} | csv:PATH, a CSV file with a header row`,
    defaultText: 'mnist',
  },
  {
    name: 'target',
    key: 'target',
    value: 'COLUMN',
    parse: text,
    help: 'the label column of a csv: dataset',
    defaultText: 'required with csv:',
  },
  {
    name: 'train-size',
    key: 'trainSize',
    value: 'N',
    parse: positiveInteger,
    help: 'training samples (small on purpose, so that overfitting shows)',
    defaultText: both((k) => String(k.trainSize ?? 'the rows not held out')),
  },
  {
    name: 'val-size',
    key: 'valSize',
    value: 'N',
    parse: positiveInteger,
    help: 'held-out validation samples',
    defaultText: both((k) => String(k.valSize ?? 'a fifth of the rows')),
  },
  {
    name: 'noise',
    key: 'noise',
    value: 'STD',
    parse: nonNegative,
    help: 'standard deviation of the point noise of a 2-D set',
    defaultText: "each set's own",
  },
  {
    name: 'label-noise',
    key: 'labelNoise',
    value: 'FRACTION',
    parse: rate,
    help: 'fraction of a 2-D set’s labels flipped, in [0, 1)',
    defaultText: String(p.planar.labelNoise),
  },
  {
    name: 'hidden',
    key: 'hidden',
    value: 'UNITS',
    parse: list(positiveInteger, 'a comma-separated list of positive integers, as in 256,256'),
    help: 'units of each hidden ReLU layer',
    defaultText: both((k) => k.hidden.join(',')),
  },
  {
    name: 'variants',
    key: 'variants',
    value: 'LIST',
    parse: list(oneOf(VARIANTS), `a comma-separated list of ${VARIANTS.join(', ')}`),
    help: 'the variants to train, in order',
    defaultText: VARIANTS.join(','),
    commands: ['compare'],
  },
  {
    name: 'l1',
    key: 'l1',
    value: 'C',
    parse: nonNegative,
    help: 'L1 coefficient on every kernel (loss += C·Σ|w|)',
    defaultText: both((k) => formatValue(k.l1)),
    commands: ['compare'],
  },
  {
    name: 'l2',
    key: 'l2',
    value: 'C',
    parse: nonNegative,
    help: 'L2 coefficient on every kernel (loss += C·Σw²)',
    defaultText: both((k) => formatValue(k.l2)),
    commands: ['compare'],
  },
  {
    name: 'dropout',
    key: 'dropout',
    value: 'RATE',
    parse: rate,
    help: 'dropout rate after every hidden layer, in [0, 1)',
    defaultText: both((k) => String(k.dropout)),
    commands: ['compare'],
  },
  {
    name: 'regularizer',
    key: 'regularizer',
    value: 'NAME',
    parse: oneOf(SWEEP_REGULARIZERS),
    help: `what sweep varies: ${SWEEP_REGULARIZERS.join(' | ')} (dropout varies the rate)`,
    defaultText: 'l2',
    commands: ['sweep'],
  },
  {
    name: 'values',
    key: 'values',
    value: 'LIST',
    parse: list(nonNegative, 'a comma-separated list of numbers ≥ 0, as in 1e-5,1e-4,1e-3'),
    help: 'the coefficients (or rates) sweep tries',
    defaultText: `${DEFAULT_SWEEP_VALUES.l2.map(formatValue).join(',')} (dropout: ${DEFAULT_SWEEP_VALUES.dropout.join(',')})`,
    commands: ['sweep'],
  },
  {
    name: 'epochs',
    key: 'epochs',
    value: 'N',
    parse: positiveInteger,
    help: 'passes over the training set',
    defaultText: both((k) => String(k.epochs)),
  },
  {
    name: 'batch-size',
    key: 'batchSize',
    value: 'N',
    parse: positiveInteger,
    help: 'samples per gradient step',
    defaultText: both((k) => String(k.batchSize)),
  },
  {
    name: 'learning-rate',
    key: 'learningRate',
    value: 'LR',
    parse: positive,
    help: 'Adam’s learning rate',
    defaultText: both((k) => formatValue(k.learningRate)),
  },
  {
    name: 'seed',
    key: 'seed',
    value: 'N',
    parse: integer,
    help: 'seeds the data and the models: the same seed gives the same run',
    defaultText: String(DEFAULT_SEED),
  },
  {
    name: 'out',
    key: 'out',
    value: 'FILE',
    parse: text,
    help: 'where to write the HTML report',
    defaultText: 'report.html (sweep: sweep-report.html)',
  },
  {
    name: 'config',
    key: 'config',
    value: 'FILE',
    parse: text,
    help: 'a JSON file of these flags’ values ({"dataset": "moons", "epochs": 100}); flags override it',
    defaultText: 'none',
  },
  { name: 'quiet', key: 'quiet', help: 'no progress lines: only the table and the report’s path', defaultText: 'off' },
  { name: 'help', key: 'help', help: 'show this help', defaultText: '' },
  { name: 'version', key: 'version', help: 'print the version', defaultText: '' },
];

/** Short forms. */
export const ALIASES: Readonly<Record<string, string>> = { h: 'help', V: 'version' };
