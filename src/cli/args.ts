/**
 * The command line: argv and the `--config` JSON file, read with the flag table of flags.ts. Every mistake becomes
 * a {@link UsageError} that names the flag (or the config file and key), what it expects and what it received.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from './errors.js';
import { ALIASES, FLAGS, type Flag, Invalid, type Parser } from './flags.js';
import {
  BUILT_IN_DATASETS,
  COMMANDS,
  type Command,
  type CompareOptions,
  datasetKind,
  type SweepOptions,
} from './options.js';

/** What the command line asks for. */
export type Invocation =
  | { readonly action: 'help' }
  | { readonly action: 'version' }
  | {
      readonly action: 'compare';
      readonly options: Partial<CompareOptions>;
      readonly out: string;
      readonly quiet: boolean;
    }
  | {
      readonly action: 'sweep';
      readonly options: Partial<SweepOptions>;
      readonly out: string;
      readonly quiet: boolean;
    };

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

function suggestion(word: string, choices: readonly string[], prefix: string): string {
  const near = choices.filter((c) => distance(word, c) <= Math.max(1, Math.floor(c.length / 3)));
  return near.length > 0 ? ` Did you mean ${near.map((c) => `${prefix}${c}`).join(' or ')}?` : '';
}

const byName = new Map(FLAGS.map((f) => [f.name, f]));
const byKey = new Map(FLAGS.map((f) => [f.key, f]));

function received(value: string): string {
  return JSON.stringify(value);
}

/** Reads `--flag VALUE`, `--flag=VALUE`, switches and the subcommand from argv (without node and the script). */
function readArgv(argv: readonly string[]): { command: Command | undefined; values: Map<Flag, unknown> } {
  const values = new Map<Flag, unknown>();
  let command: Command | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('-') || arg === '-') {
      if (command !== undefined) throw new UsageError(`unexpected argument ${received(arg)} after the subcommand`);
      if (!(COMMANDS as readonly string[]).includes(arg)) {
        throw new UsageError(
          `unknown subcommand ${received(arg)}. Expected one of: ${COMMANDS.join(', ')}.${suggestion(arg, COMMANDS, '')}`,
        );
      }
      command = arg as Command;
      continue;
    }
    const body = arg.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const rawName = eq >= 0 ? body.slice(0, eq) : body;
    const name = ALIASES[rawName] ?? rawName;
    const flag = byName.get(name);
    if (!flag || (arg.startsWith('-') && !arg.startsWith('--') && !(rawName in ALIASES))) {
      throw new UsageError(
        `unknown flag ${arg.split('=')[0]}.${suggestion(
          name,
          FLAGS.map((f) => f.name),
          '--',
        )} Run dendrite --help for the list`,
      );
    }
    if (!flag.parse) {
      if (eq >= 0) throw new UsageError(`--${flag.name} takes no value. Received: ${received(body.slice(eq + 1))}`);
      values.set(flag, true);
      continue;
    }
    let value: string;
    if (eq >= 0) value = body.slice(eq + 1);
    else {
      const next = argv[i + 1];
      // A following flag is not a value, but a negative number is (--seed -1).
      if (next === undefined || (next.startsWith('-') && !/^-\d/.test(next))) {
        throw new UsageError(`--${flag.name} needs a value (${flag.value}): ${flag.help}`);
      }
      value = next;
      i++;
    }
    values.set(flag, parseValue(flag, value, `--${flag.name}`));
  }
  return { command, values };
}

function parseValue(flag: Flag, value: string, where: string): unknown {
  try {
    return (flag.parse as Parser)(value);
  } catch (e) {
    if (e instanceof Invalid) throw new UsageError(`${where} expects ${e.expected}. Received: ${received(value)}`);
    throw e;
  }
}

/** A config file's values: keys as the flags (`"train-size"`) or in camelCase (`"trainSize"`). */
function readConfig(path: string): Map<Flag, unknown> {
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message;
    throw new UsageError(`--config: cannot read ${path}: ${why}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch (e) {
    throw new UsageError(`--config: ${path} is not valid JSON: ${(e as Error).message}`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new UsageError(`--config: ${path} must hold a JSON object of flag values, as in {"epochs": 20}`);
  }
  const values = new Map<Flag, unknown>();
  for (const [key, raw] of Object.entries(json)) {
    const flag = byName.get(key) ?? byKey.get(key);
    if (!flag || ['config', 'help', 'version'].includes(flag.name)) {
      const keys = FLAGS.filter((f) => !['config', 'help', 'version'].includes(f.name)).map((f) => f.name);
      throw new UsageError(`${path}: unknown key ${received(key)}.${suggestion(key, keys, '')}`);
    }
    const where = `${path}: ${received(key)}`;
    if (!flag.parse) {
      if (typeof raw !== 'boolean')
        throw new UsageError(`${where} expects true or false. Received: ${JSON.stringify(raw)}`);
      values.set(flag, raw);
      continue;
    }
    const asText = Array.isArray(raw)
      ? raw.join(',')
      : typeof raw === 'number' || typeof raw === 'string'
        ? String(raw)
        : undefined;
    if (asText === undefined) {
      throw new UsageError(`${where} expects a number, a string or a list. Received: ${JSON.stringify(raw)}`);
    }
    values.set(flag, parseValue(flag, asText, where));
  }
  return values;
}

/**
 * Parses the arguments after `dendrite`.
 * @throws {UsageError} naming the flag, config key or value that is wrong.
 * @example `parseArgs(['sweep', '--regularizer', 'l2', '--values', '1e-4,1e-3'])`
 */
export function parseArgs(argv: readonly string[]): Invocation {
  const { command: given, values: fromArgv } = readArgv(argv);
  const flag = (name: string) => byName.get(name) as Flag;
  if (fromArgv.has(flag('help'))) return { action: 'help' };
  if (fromArgv.has(flag('version'))) return { action: 'version' };
  const command = given ?? 'compare';
  const configPath = fromArgv.get(flag('config')) as string | undefined;
  // Flags override the config file.
  const values = new Map([...(configPath ? readConfig(configPath) : []), ...fromArgv]);
  const options: Record<string, unknown> = {};
  for (const [f, v] of values) {
    if (f.commands && !f.commands.includes(command)) {
      throw new UsageError(`--${f.name} applies to ${f.commands.join(', ')} only, not to ${command}`);
    }
    if (!['config', 'quiet', 'out'].includes(f.name)) options[f.key] = v;
  }
  checkCombination(options, command);
  const out =
    (values.get(flag('out')) as string | undefined) ?? (command === 'sweep' ? 'sweep-report.html' : 'report.html');
  const quiet = values.get(flag('quiet')) === true;
  return command === 'sweep'
    ? { action: 'sweep', options: options as Partial<SweepOptions>, out, quiet }
    : { action: 'compare', options: options as Partial<CompareOptions>, out, quiet };
}

/** Flags that are valid alone but not together with the dataset or regularizer chosen. */
function checkCombination(o: Record<string, unknown>, command: Command): void {
  const data = (o.dataset as string | undefined) ?? 'mnist';
  const kind = datasetKind(data);
  if (kind !== 'planar') {
    for (const [key, name] of [
      ['noise', 'noise'],
      ['labelNoise', 'label-noise'],
    ] as const) {
      if (o[key] !== undefined) {
        throw new UsageError(
          `--${name} applies to the 2-D datasets (${BUILT_IN_DATASETS.slice(1).join(', ')}) only, not to ${data}`,
        );
      }
    }
  }
  if (kind === 'csv' && o.target === undefined) {
    throw new UsageError(`--dataset ${data} needs --target, the name of the label column`);
  }
  if (kind !== 'csv' && o.target !== undefined)
    throw new UsageError(`--target applies to csv: datasets only, not to ${data}`);
  if (command === 'sweep' && o.regularizer === 'dropout' && Array.isArray(o.values)) {
    const bad = (o.values as number[]).find((v) => !(v < 1));
    if (bad !== undefined) throw new UsageError(`--values for dropout expects rates in [0, 1). Received: ${bad}`);
  }
}
