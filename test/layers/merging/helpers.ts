import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { layers } from '../../../src/index.js';
import type { Merge } from '../../../src/layers/merging/base-merge.js';

/** What make_merge_fixture.py wrote: Keras 3's outputs for each merge layer (test/fixtures/keras-numbers). */
export interface MergeFixture {
  keras_version: string;
  cases: {
    name: string;
    layer: string;
    kwargs: Record<string, unknown>;
    inputs: { shape: number[]; values: number[] }[];
    shape: number[];
    values: number[];
  }[];
  symbolic: {
    layer: string;
    kwargs: Record<string, unknown>;
    shapes: (number | null)[][];
    batch: number | null;
    output: (number | null)[];
  }[];
  training: {
    xa: number[][];
    xb: number[][];
    y: number[][];
    weight_names: string[];
    weights: unknown[];
    prediction: number[][];
    loss_before: number;
    weights_after_one_sgd_step: unknown[];
  };
}

export const fixture: MergeFixture = JSON.parse(
  readFileSync(
    fileURLToPath(new URL('../../../../test/fixtures/keras-numbers/merge-layers.json', import.meta.url)),
    'utf8',
  ),
);

export const MERGE_CLASSES = {
  Add: layers.Add,
  Subtract: layers.Subtract,
  Multiply: layers.Multiply,
  Average: layers.Average,
  Maximum: layers.Maximum,
  Minimum: layers.Minimum,
  Concatenate: layers.Concatenate,
  Dot: layers.Dot,
} as const;

/** The Dendrite layer for a Keras class name and its keyword arguments (axis, axes, normalize: the same names). */
export function makeMerge(className: string, kwargs: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const Cls = MERGE_CLASSES[className as keyof typeof MERGE_CLASSES] as unknown as new (
    args: Record<string, unknown>,
  ) => Merge;
  return new Cls({ ...kwargs, ...extra });
}
