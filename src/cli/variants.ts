/**
 * The regularization variants and the one architecture they share: an MLP of ReLU layers with a softmax
 * output, penalties on every kernel, Dropout after every hidden layer.
 */
import { layers, regularizers, Sequential } from '../node.js';
import type { SweepRegularizer, VariantId } from './options.js';

/** How one model is regularized; zero turns a part off. */
export interface Regularization {
  /** L1 coefficient on every kernel: adds `l1 · Σ|w|` to the loss. */
  readonly l1: number;
  /** L2 coefficient on every kernel: adds `l2 · Σw²` to the loss. */
  readonly l2: number;
  /** Dropout rate after every hidden layer. */
  readonly dropout: number;
}

/** A regularization with the names a table and a report show. */
export interface Variant {
  readonly id: string;
  /** Short name: 'none', 'L1', 'L2', 'L1L2', 'Dropout', 'L2 + Dropout' (the report's vocabulary). */
  readonly name: string;
  /** In words: 'L2(1e-3) on every kernel'. */
  readonly description: string;
  readonly regularization: Regularization;
}

/** A coefficient as people write it: 1e-4, 3e-3, 0.5 (exponents below 0.1, so a list of decades reads evenly). */
export function formatValue(v: number): string {
  if (v === 0 || (Math.abs(v) >= 0.1 && Math.abs(v) < 1e4)) return String(v);
  return v.toExponential().replace('e+', 'e');
}

const NAMES: Readonly<Record<VariantId, string>> = {
  none: 'none',
  l1: 'L1',
  l2: 'L2',
  l1l2: 'L1L2',
  dropout: 'Dropout',
  'l2+dropout': 'L2 + Dropout',
};

function describeRegularization({ l1, l2, dropout }: Regularization): string {
  const penalty =
    l1 > 0 && l2 > 0
      ? `L1(${formatValue(l1)}) + L2(${formatValue(l2)}) on every kernel`
      : l1 > 0
        ? `L1(${formatValue(l1)}) on every kernel`
        : l2 > 0
          ? `L2(${formatValue(l2)}) on every kernel`
          : '';
  const drop = dropout > 0 ? `Dropout(${formatValue(dropout)}) after each hidden layer` : '';
  return [penalty, drop].filter((s) => s !== '').join(', ') || 'no regularization';
}

/**
 * One of `compare`'s variants with the run's coefficients.
 * @example `variant('l2', { l1: 1e-4, l2: 1e-3, dropout: 0.5 }).description` // 'L2(1e-3) on every kernel'
 */
export function variant(id: VariantId, c: Regularization): Variant {
  const regularization: Regularization = {
    l1: id === 'l1' || id === 'l1l2' ? c.l1 : 0,
    l2: id === 'l2' || id === 'l1l2' || id === 'l2+dropout' ? c.l2 : 0,
    dropout: id === 'dropout' || id === 'l2+dropout' ? c.dropout : 0,
  };
  return { id, name: NAMES[id], description: describeRegularization(regularization), regularization };
}

/** One point of a sweep: `regularizer` at `value` (for `l1l2`, both coefficients equal `value`). */
export function sweepVariant(regularizer: SweepRegularizer, value: number): Variant {
  const regularization: Regularization = {
    l1: regularizer === 'l1' || regularizer === 'l1l2' ? value : 0,
    l2: regularizer === 'l2' || regularizer === 'l1l2' ? value : 0,
    dropout: regularizer === 'dropout' ? value : 0,
  };
  return {
    id: `${regularizer}=${value}`,
    name: `${NAMES[regularizer]} ${formatValue(value)}`,
    description: describeRegularization(regularization),
    regularization,
  };
}

/** The network in words: '784 → 128 relu → 128 relu → 10 softmax'. */
export function describeArchitecture(inputDim: number, hidden: readonly number[], numClasses: number): string {
  return [String(inputDim), ...hidden.map((u) => `${u} relu`), `${numClasses} softmax`].join(' → ');
}

/**
 * The shared architecture with `reg` applied. Dropout layers get seeds of their own (derived from `seed`)
 * rather than drawing one from the global stream: a draw would shift every later initializer's seed, and the
 * variants would no longer start from the same weights.
 */
export function buildModel(
  inputDim: number,
  hidden: readonly number[],
  numClasses: number,
  reg: Regularization,
  seed: number,
): Sequential {
  const kernelRegularizer = () =>
    reg.l1 > 0 && reg.l2 > 0
      ? regularizers.l1l2(reg.l1, reg.l2)
      : reg.l1 > 0
        ? regularizers.l1(reg.l1)
        : reg.l2 > 0
          ? regularizers.l2(reg.l2)
          : null;
  const stack: layers.Layer[] = [];
  hidden.forEach((units, i) => {
    stack.push(
      new layers.Dense(units, {
        ...(i === 0 ? { inputDim } : {}),
        activation: 'relu',
        kernelRegularizer: kernelRegularizer(),
      }),
    );
    if (reg.dropout > 0) stack.push(new layers.Dropout(reg.dropout, { seed: seed * 31 + i + 1 }));
  });
  stack.push(
    new layers.Dense(numClasses, {
      ...(hidden.length === 0 ? { inputDim } : {}),
      activation: 'softmax',
      kernelRegularizer: kernelRegularizer(),
    }),
  );
  return new Sequential({ layers: stack });
}
