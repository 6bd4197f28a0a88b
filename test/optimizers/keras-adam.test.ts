// Adam and AdamW step for step as Keras 3: the bias correction is computed in float32 from float32 powers of β
// (Keras casts β and the step to the variable's dtype). Golden values from real Keras
// (test/fixtures/keras-numbers/make_adam_fixture.py).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { optimizers, tensor, variable } from '../../src/index.js';

const fixture = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../../test/fixtures/keras-numbers/adam-steps.json', import.meta.url)), 'utf8'),
) as {
  w0: number[];
  grads: number[][];
  runs: {
    name: string;
    config: { beta_1: number; beta_2: number; epsilon: number; amsgrad: boolean; weight_decay: number | null };
    steps: number[][];
  }[];
};

describe('Adam and AdamW equal Keras over ten steps', () => {
  for (const run of fixture.runs) {
    test(run.name, () => {
      const { beta_1: beta1, beta_2: beta2, epsilon, amsgrad, weight_decay } = run.config;
      const options = { learningRate: 0.01, beta1, beta2, epsilon, amsgrad };
      const opt =
        weight_decay === null
          ? new optimizers.Adam(options)
          : new optimizers.AdamW({ ...options, weightDecay: weight_decay });
      const w = variable(tensor(fixture.w0));
      let worst = 0;
      fixture.grads.forEach((g, step) => {
        opt.applyGradients([[tensor(g), w]]);
        const got = w.dataSync();
        (run.steps[step] as number[]).forEach((expected, i) => {
          worst = Math.max(worst, Math.abs((got[i] as number) - expected));
        });
      });
      // Float32 arithmetic in a different order than TensorFlow's: a few ulps of these weights (~1e-7), where the
      // float64 bias correction was off by up to 7e-5.
      if (process.env.SHOW_WORST) console.log(run.name, worst);
      assert.ok(worst <= 1e-6, `largest difference from Keras over 10 steps: ${worst}`);
    });
  }
});
