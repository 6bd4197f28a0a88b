import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { layers, type Tensor, tensor } from '../../../src/index.js';
import type { RecurrentLayer } from '../../../src/layers/recurrent/base-rnn.js';

/** A tensor as the fixture stores it. */
export interface Encoded {
  shape: number[];
  values: number[];
}

/** What make_rnn_fixture.py wrote: Keras 3's outputs for the recurrent layers (test/fixtures/keras-numbers). */
export interface RnnFixture {
  keras_version: string;
  cases: {
    name: string;
    layer: string;
    kwargs: Record<string, unknown>;
    input: Encoded;
    weights: Encoded[];
    output: Encoded;
  }[];
  bidirectional: {
    name: string;
    inner: string;
    returnSequences: boolean;
    mergeMode: 'concat' | 'sum' | 'ave' | 'mul';
    input: Encoded;
    weights: Encoded[];
    output: Encoded;
  }[];
  lstmDefaultBias: Encoded;
  train: {
    x: Encoded;
    y: Encoded;
    learningRate: number;
    initial: Encoded[];
    lossBefore: number;
    loss: number;
    after: Encoded[];
  };
}

const path = fileURLToPath(new URL('../../../../test/fixtures/keras-numbers/rnn-layers.json', import.meta.url));
export const fixture: RnnFixture = JSON.parse(readFileSync(path, 'utf8')) as RnnFixture;

export const decode = (e: Encoded, dtype: 'float32' | 'float64' = 'float32'): Tensor =>
  tensor(e.values, e.shape, dtype);

const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** The recurrent layer `name` built from Keras's snake_case kwargs. */
export function makeRecurrent(name: string, kwargs: Record<string, unknown>, extra: object = {}): RecurrentLayer {
  const args = Object.fromEntries(Object.entries(kwargs).map(([k, v]) => [camel(k), v]));
  const Cls = { SimpleRNN: layers.SimpleRNN, LSTM: layers.LSTM, GRU: layers.GRU }[name];
  if (!Cls) throw new Error(`no recurrent layer ${name}`);
  return new Cls({ ...(args as { units: number }), ...extra });
}
