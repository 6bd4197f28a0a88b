/**
 * The config keys Keras 3 writes for features Dendrite does not have (`use_ema`, `quantization_config`,
 * `input_axes`, …). A file from Keras is read only when each such key holds the value that means "feature
 * off"; the key is then dropped, since the Dendrite object behaves exactly so. Any other value is refused with
 * the key named: reading it would silently give a different model (an EMA optimizer without the EMA, a
 * quantized Dense without the quantization).
 *
 * The table was taken from what Keras 3.15's `model.to_json()` writes for every class Dendrite registers
 * (test/fixtures/keras/make_fixtures.py); keys not listed here go on to the class's own constructor.
 */

import { describe } from '../core/errors.js';
import type { ConfigFail } from './dialect.js';

/** What a Keras-only key may hold, in words for the message, and the test. */
interface Neutral {
  readonly expected: string;
  readonly ok: (value: unknown) => boolean;
}

const NULL: Neutral = { expected: 'null', ok: (v) => v === null };
const FALSE: Neutral = { expected: 'false', ok: (v) => v === false };
const FALSE_OR_NULL: Neutral = { expected: 'false or null', ok: (v) => v === false || v === null };
/** A value that has no effect while the feature that reads it is off (`ema_momentum` without `use_ema`). */
const UNIT_INTERVAL: Neutral = {
  expected: 'a number in [0, 1]',
  ok: (v) => typeof v === 'number' && v >= 0 && v <= 1,
};
/** A display name with no counterpart in Dendrite (a schedule's `name`). */
const ANY_STRING: Neutral = { expected: 'a string', ok: (v) => typeof v === 'string' };
/** Dendrite's metrics accumulate in float32, Keras's default. */
const FLOAT32: Neutral = { expected: '"float32"', ok: (v) => v === 'float32' };

const OPTIMIZER_KEYS = {
  use_ema: FALSE,
  ema_momentum: UNIT_INTERVAL,
  ema_overwrite_frequency: NULL,
  loss_scale_factor: NULL,
  gradient_accumulation_steps: NULL,
};
/** VarianceScaling and its named forms compute fans from the last two axes, Keras's default. */
const FAN_KEYS = { input_axes: NULL, output_axes: NULL };
const THRESHOLD_METRIC_KEYS = { dtype: FLOAT32, top_k: NULL, class_id: NULL };

/** Keras module → class name (or `*` for every class) → Keras-only key → its neutral value. */
const TABLE: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, Neutral>>>>>> = {
  'keras.layers': {
    Dense: { quantization_config: NULL },
    // Batch renormalization and cross-device statistics are off in Dendrite; renorm_momentum is unread without renorm.
    BatchNormalization: { synchronized: FALSE, renorm: FALSE, renorm_clipping: NULL, renorm_momentum: UNIT_INTERVAL },
    Flatten: { data_format: { expected: '"channels_last"', ok: (v) => v === 'channels_last' || v === null } },
    InputLayer: { sparse: FALSE_OR_NULL, ragged: FALSE_OR_NULL, optional: FALSE },
  },
  'keras.initializers': {
    VarianceScaling: FAN_KEYS,
    GlorotUniform: FAN_KEYS,
    GlorotNormal: FAN_KEYS,
    HeUniform: FAN_KEYS,
    HeNormal: FAN_KEYS,
    LecunUniform: FAN_KEYS,
    LecunNormal: FAN_KEYS,
  },
  'keras.optimizers': { '*': OPTIMIZER_KEYS },
  'keras.optimizers.schedules': { '*': { name: ANY_STRING } },
  'keras.losses': { SparseCategoricalCrossentropy: { ignore_class: NULL } },
  'keras.metrics': {
    '*': { dtype: FLOAT32 },
    Precision: THRESHOLD_METRIC_KEYS,
    Recall: THRESHOLD_METRIC_KEYS,
    AUC: { dtype: FLOAT32, multi_label: FALSE, num_labels: NULL, label_weights: NULL },
  },
};

/**
 * `config` without the Keras-only keys of `className` in `module`, each checked to hold its neutral value.
 * @param path the config's JSON path, for messages (`$.config.layers[0].config`).
 */
export function dropKerasOnlyKeys(
  module: string,
  className: string,
  config: Record<string, unknown>,
  path: string,
  fail: ConfigFail,
): Record<string, unknown> {
  const byClass = TABLE[module];
  const keys = { ...byClass?.['*'], ...byClass?.[className] };
  // Entries, not assignment: a `__proto__` key must stay an own key for the reader to refuse it.
  const out: [string, unknown][] = [];
  for (const [key, value] of Object.entries(config)) {
    const neutral = Object.hasOwn(keys, key) ? keys[key] : undefined;
    if (!neutral) {
      out.push([key, value]);
      continue;
    }
    if (!neutral.ok(value)) {
      fail(
        `${path}.${key}`,
        `Dendrite's ${className} has no \`${key}\` option; it loads only with ${key}=${neutral.expected} ` +
          `(the Keras default). Received: ${key}=${describe(value)}`,
      );
    }
  }
  return Object.fromEntries(out);
}
