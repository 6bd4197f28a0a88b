import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { layers } from '../../../src/index.js';
import type { Layer } from '../../../src/layers/layer.js';

/** What make_conv_pool_fixture.py wrote: Keras 3's outputs of the convolution and pooling layers. */
export interface ConvPoolFixture {
  keras_version: string;
  cases: {
    name: string;
    layer: string;
    kwargs: Record<string, unknown>;
    input: { shape: number[]; values: number[] };
    weights: { shape: number[]; values: number[] }[];
    shape: number[];
    values: number[];
  }[];
  symbolic: {
    layer: string;
    kwargs: Record<string, unknown>;
    shape: (number | null)[];
    batch: number | null;
    output: (number | null)[];
  }[];
}

export const fixture: ConvPoolFixture = JSON.parse(
  readFileSync(
    fileURLToPath(new URL('../../../../test/fixtures/keras-numbers/conv-pool-layers.json', import.meta.url)),
    'utf8',
  ),
);

/** The layer class named `name` (Conv2D, MaxPooling1D, …) built from the fixture's camelCase kwargs. */
export function makeLayer(name: string, kwargs: Record<string, unknown> = {}): Layer {
  const Cls = (layers as unknown as Record<string, new (args: object) => Layer>)[name];
  if (!Cls) throw new Error(`no layer ${name}`);
  return new Cls(kwargs);
}

export const CONV_CLASSES = ['Conv1D', 'Conv2D', 'DepthwiseConv2D'];
export const POOL_CLASSES = [
  'AveragePooling1D',
  'AveragePooling2D',
  'GlobalAveragePooling1D',
  'GlobalAveragePooling2D',
  'GlobalMaxPooling1D',
  'GlobalMaxPooling2D',
  'MaxPooling1D',
  'MaxPooling2D',
];
