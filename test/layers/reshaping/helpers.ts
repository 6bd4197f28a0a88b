import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { layers, regularizers } from '../../../src/index.js';
import type { Layer } from '../../../src/layers/layer.js';

/** What make_reshape_fixture.py wrote: Keras 3's outputs for the reshaping layers, Embedding and SpatialDropout. */
export interface ReshapeFixture {
  keras_version: string;
  cases: {
    name: string;
    layer: string;
    kwargs: Record<string, unknown>;
    input: { shape: number[]; values: number[]; dtype: string };
    shape: number[];
    values: number[];
    weights?: number[];
    losses?: number[];
  }[];
  symbolic: {
    layer: string;
    kwargs: Record<string, unknown>;
    shape: (number | null)[];
    batch: number | null;
    output: (number | null)[];
  }[];
  training: {
    x: number[][];
    y: number[][];
    weights: unknown[];
    weight_names: string[];
    prediction: number[][];
    loss_before: number;
    weights_after_one_sgd_step: unknown[];
  };
}

export const fixture: ReshapeFixture = JSON.parse(
  readFileSync(
    fileURLToPath(new URL('../../../../test/fixtures/keras-numbers/reshape-layers.json', import.meta.url)),
    'utf8',
  ),
);

export const CLASSES = {
  Reshape: layers.Reshape,
  Permute: layers.Permute,
  RepeatVector: layers.RepeatVector,
  ZeroPadding1D: layers.ZeroPadding1D,
  ZeroPadding2D: layers.ZeroPadding2D,
  Cropping1D: layers.Cropping1D,
  Cropping2D: layers.Cropping2D,
  UpSampling1D: layers.UpSampling1D,
  UpSampling2D: layers.UpSampling2D,
  Embedding: layers.Embedding,
  SpatialDropout1D: layers.SpatialDropout1D,
  SpatialDropout2D: layers.SpatialDropout2D,
  SpatialDropout3D: layers.SpatialDropout3D,
} as const;

const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** The Dendrite layer for a Keras class name and its snake_case keyword arguments. */
export function makeLayer(className: string, kwargs: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const Cls = CLASSES[className as keyof typeof CLASSES] as unknown as new (args: Record<string, unknown>) => Layer;
  const args: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(kwargs)) {
    args[camel(k)] = k === 'embeddings_regularizer' ? new regularizers.L2({ l2: (v as { l2: number }).l2 }) : v;
  }
  return new Cls({ ...args, ...extra });
}
