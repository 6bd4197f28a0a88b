import { describe, ValueError } from '../core/errors.js';
import { checkOptions, invalidArgument, suggestOption } from '../core/validate.js';
import { getLoss, type LossIdentifier } from '../losses/get.js';
import type { Loss } from '../losses/loss.js';
import { getMetric, type MetricIdentifier } from '../metrics/get.js';
import type { Metric } from '../metrics/metric.js';
import { getOptimizer, type OptimizerIdentifier } from '../optimizers/get.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import { LossTracker } from './tracker.js';

/** A value per output: one for all, a list in output order, or a dict keyed by output name. */
export type PerOutput<T> = T | readonly T[] | Readonly<Record<string, T>>;

export interface CompileArgs {
  /** An optimizer, or its name: 'sgd', 'adam', 'adamw', 'rmsprop', 'adagrad' (default 'rmsprop', as Keras). */
  optimizer?: OptimizerIdentifier;
  /**
   * A loss, or its name in either spelling: 'categoricalCrossentropy' / 'categorical_crossentropy', 'mse', …
   * For a model with several outputs: one loss for every output, a list (one per output, `null` for none), or a
   * dict keyed by output name naming every output.
   */
  loss: LossIdentifier | readonly (LossIdentifier | null)[] | Readonly<Record<string, LossIdentifier | null>>;
  /**
   * Metrics to report: 'accuracy', 'mse', 'mae', 'precision', 'recall', 'auc', or Metric objects. For a model
   * with several outputs: a list of lists (one per output) or a dict `{ outputName: metric or list }`; they log
   * as `<output>_<metric>` (Keras 3).
   */
  metrics?:
    | readonly MetricIdentifier[]
    | readonly (readonly MetricIdentifier[] | null)[]
    | Readonly<Record<string, MetricIdentifier | readonly MetricIdentifier[]>>;
  /**
   * Weights of the outputs' losses in the total: a list or a dict by output name (missing outputs weigh 1).
   * The total is Σ weight·loss + penalties; the per-output logs (`<output>_loss`) stay unweighted, as Keras's.
   */
  lossWeights?: number | readonly number[] | Readonly<Record<string, number>>;
}

const COMPILE_KEYS: readonly (keyof CompileArgs)[] = ['optimizer', 'loss', 'metrics', 'lossWeights'];

/** What `compile()` resolved for one output. */
export interface CompiledHead {
  readonly outputName: string;
  /** `null` for an output trained by no loss (Keras's `None` in a list of losses). */
  readonly loss: Loss | null;
  readonly weight: number;
  /** The running mean of this output's unweighted loss, logged as `<output>_loss` when there are several. */
  readonly tracker: LossTracker | undefined;
}

/** The result of `compile()`. */
export interface Compiled {
  readonly optimizer: Optimizer;
  /** The loss of the first output that has one (the only one of a single-output model; model files save it). */
  readonly loss: Loss;
  /** Every metric, with the name it logs under and the output it measures. */
  readonly metrics: readonly { readonly name: string; readonly metric: Metric; readonly output: number }[];
  readonly heads: readonly CompiledHead[];
  /** The batch-size-weighted mean of the total loss (data losses + penalties): the logged `loss`. */
  readonly lossTracker: LossTracker;
  /** The same of the penalties alone, logged as `regularization_loss` (beyond Keras). */
  readonly regularizationTracker: LossTracker;
  /** The user's `loss` and `metrics` as given (model files save their structure). */
  readonly given: Pick<CompileArgs, 'loss' | 'metrics' | 'lossWeights'>;
}

function isRecord(x: unknown): x is Readonly<Record<string, unknown>> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && Object.getPrototypeOf(x) === Object.prototype;
}

/** A per-output value as a list in output order, checking the list's length and the dict's keys. */
function perOutput<T>(
  arg: string,
  value: PerOutput<T> | undefined,
  outputs: readonly string[],
  isSingle: (v: unknown) => boolean,
  missing: (name: string) => T | undefined,
  { requireEveryKey }: { requireEveryKey: boolean },
): (T | undefined)[] {
  if (value === undefined) return outputs.map(() => undefined);
  if (isSingle(value)) return outputs.map(() => value as T);
  if (Array.isArray(value)) {
    if (value.length !== outputs.length) {
      throw new ValueError(
        `compile: for a model with ${outputs.length} output(s), \`${arg}\` given as a list should have as many ` +
          `entries as the model has outputs (${outputs.map((n) => `"${n}"`).join(', ')}). ` +
          `Received: ${arg}=${describe(value)} of length ${value.length}`,
      );
    }
    return value.slice() as T[];
  }
  if (isRecord(value)) {
    for (const key of Object.keys(value)) {
      if (!outputs.includes(key)) {
        const hint = suggestOption(key, outputs);
        throw new ValueError(
          `compile: \`${arg}\` names an output "${key}" the model does not have${hint ? `; did you mean "${hint}"?` : ''}. ` +
            `Outputs: ${outputs.map((n) => `"${n}"`).join(', ')}`,
        );
      }
    }
    if (requireEveryKey) {
      const absent = outputs.filter((n) => !(n in value));
      if (absent.length > 0) {
        throw new ValueError(
          `compile: expected keys ${describe(outputs)} in the \`${arg}\` dict, but found ${describe(Object.keys(value))}`,
        );
      }
    }
    return outputs.map((n) => (n in value ? (value[n] as T) : missing(n)));
  }
  throw invalidArgument('compile', arg, 'one value, a list with one per output, or a dict by output name', value);
}

/**
 * Resolves `compile()`'s arguments for a model with these outputs (Keras 3's `CompileLoss` / `CompileMetrics`).
 * @throws {ValueError} for an unknown loss, metric or optimizer, a list whose length is not the number of
 *   outputs, a dict naming an output the model lacks, or (for losses) a dict missing one.
 */
export function resolveCompile(args: CompileArgs, outputNames: readonly string[]): Compiled {
  if (typeof args !== 'object' || args === null || args.loss === undefined) {
    throw new ValueError(`compile: expected an object with at least \`loss\`. Received: ${describe(args)}`);
  }
  checkOptions('compile', args, COMPILE_KEYS);
  const outputs = outputNames.length > 0 ? outputNames : ['output'];
  const several = outputs.length > 1;
  const isLossId = (v: unknown) => typeof v === 'string' || typeof v === 'function' || (isObjectLoss(v) as boolean);
  const lossIds = perOutput<LossIdentifier | null>('loss', args.loss, outputs, isLossId, () => null, {
    requireEveryKey: true,
  });
  const losses = lossIds.map((id) => (id === null || id === undefined ? null : getLoss(id)));
  const first = losses.find((l): l is Loss => l !== null);
  if (!first) throw new ValueError(`compile: every output's loss is null; at least one output needs a loss`);
  const weights = perOutput<number>(
    'lossWeights',
    args.lossWeights,
    outputs,
    (v) => typeof v === 'number',
    () => 1,
    { requireEveryKey: false },
  ).map((w, i) => {
    if (w === undefined) return 1;
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      throw invalidArgument('compile', `lossWeights[${i}]`, 'a finite non-negative number', w);
    }
    return w;
  });
  const heads: CompiledHead[] = outputs.map((outputName, i) => ({
    outputName,
    loss: losses[i] ?? null,
    weight: weights[i] as number,
    tracker: several && losses[i] ? new LossTracker(`${outputName}_loss`) : undefined,
  }));
  const metrics = resolveMetrics(args.metrics, outputs, losses);
  return {
    optimizer: getOptimizer(args.optimizer ?? 'rmsprop'),
    loss: first,
    metrics,
    heads,
    lossTracker: new LossTracker('loss'),
    regularizationTracker: new LossTracker('regularization_loss'),
    given: { loss: args.loss, metrics: args.metrics, lossWeights: args.lossWeights },
  };
}

function isObjectLoss(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isRecord(v);
}

function resolveMetrics(
  given: CompileArgs['metrics'],
  outputs: readonly string[],
  losses: readonly (Loss | null)[],
): Compiled['metrics'] {
  if (given === undefined) return [];
  const several = outputs.length > 1;
  let lists: (readonly MetricIdentifier[])[];
  if (!several) {
    if (!Array.isArray(given)) {
      if (isRecord(given)) lists = [perOutputDict(given, outputs)[0] ?? []];
      else throw invalidArgument('compile', 'metrics', 'an array of metric names or Metric objects', given);
    } else lists = [given as readonly MetricIdentifier[]];
  } else if (Array.isArray(given)) {
    if (!given.every((m) => m === null || Array.isArray(m)) || given.length !== outputs.length) {
      throw new ValueError(
        '`compile`: invalid `metrics` for a model with several outputs. Expected a dict keyed by output name, or ' +
          `a list of ${outputs.length} lists (one per output: ${outputs.map((n) => `"${n}"`).join(', ')}). ` +
          `Received: metrics=${describe(given)}`,
      );
    }
    lists = (given as (readonly MetricIdentifier[] | null)[]).map((m) => m ?? []);
  } else if (isRecord(given)) {
    lists = perOutputDict(given, outputs);
  } else {
    throw invalidArgument('compile', 'metrics', 'a list of metrics, or per output a list of lists or a dict', given);
  }
  const out: { name: string; metric: Metric; output: number }[] = [];
  const seen = new Map<string, number>();
  lists.forEach((list, i) => {
    for (const id of list) {
      const resolved = getMetric(id, { loss: losses[i]?.className });
      let name = several ? `${outputs[i]}_${resolved.name}` : resolved.name;
      if (!several && seen.has(name)) throw new ValueError(`compile: metric "${resolved.name}" is listed twice`);
      const n = seen.get(name) ?? 0;
      seen.set(name, n + 1);
      // Keras 3 (CompileMetrics.result) numbers a repeated name: accuracy, accuracy_1.
      if (n > 0) name = `${name}_${n}`;
      out.push({ name, metric: resolved.metric, output: i });
    }
  });
  return out;
}

function perOutputDict(
  given: Readonly<Record<string, unknown>>,
  outputs: readonly string[],
): (readonly MetricIdentifier[])[] {
  for (const key of Object.keys(given)) {
    if (!outputs.includes(key)) {
      const hint = suggestOption(key, outputs);
      throw new ValueError(
        `compile: \`metrics\` names an output "${key}" the model does not have${hint ? `; did you mean "${hint}"?` : ''}. ` +
          `Outputs: ${outputs.map((n) => `"${n}"`).join(', ')}`,
      );
    }
  }
  return outputs.map((n) => {
    const m = given[n];
    if (m === undefined || m === null) return [];
    return (Array.isArray(m) ? m : [m]) as MetricIdentifier[];
  });
}
