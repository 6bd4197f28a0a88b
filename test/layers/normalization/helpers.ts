import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { layers } from '../../../src/index.js';
import type { Layer } from '../../../src/layers/layer.js';

interface Values {
  shape: number[];
  values: number[];
}

/** What make_norm_fixture.py wrote: Keras 3's normalization layers on fixed inputs and weights. */
export interface NormFixture {
  keras_version: string;
  /** Keras's model.to_json() of a model with the three layers. */
  keras_json: unknown;
  batch_normalization: {
    name: string;
    kwargs: Record<string, unknown>;
    x: Values;
    /** gamma, beta, moving_mean, moving_variance (those the layer has); empty: the initializers' values. */
    weights: number[][];
    inference: number[];
    training: number[];
    moving_mean: number[];
    moving_variance: number[];
  }[];
  cases: {
    name: string;
    layer: 'LayerNormalization' | 'GroupNormalization';
    kwargs: Record<string, unknown>;
    x: Values;
    weights: number[][];
    weight_shapes: number[][];
    values: number[];
  }[];
  training: {
    x: number[];
    y: number[];
    weight_names: string[];
    weights: number[][];
    weights_after: number[][];
    loss: number[];
    prediction_after: number[];
  };
}

export const fixture: NormFixture = JSON.parse(
  readFileSync(
    fileURLToPath(new URL('../../../../test/fixtures/keras-numbers/norm-layers.json', import.meta.url)),
    'utf8',
  ),
);

/** Keras's snake_case kwargs as Dendrite options. */
function camel(kwargs: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(kwargs)) out[k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
  return { ...out, ...extra };
}

/** The Dendrite layer of a fixture case. */
export function makeNorm(cls: string, kwargs: Record<string, unknown>, extra: Record<string, unknown> = {}): Layer {
  const args = camel(kwargs, extra);
  if (cls === 'BatchNormalization') return new layers.BatchNormalization(args);
  if (cls === 'LayerNormalization') return new layers.LayerNormalization(args);
  if (cls === 'GroupNormalization') return new layers.GroupNormalization(args);
  throw new Error(`no such normalization layer: ${cls}`);
}
