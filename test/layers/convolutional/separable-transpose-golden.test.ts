// SeparableConv2D and Conv2DTranspose against Keras 3 itself: forward values on fixed inputs and weights (with
// Keras's weight names and order), and the output shapes of calls on Input() tensors
// (test/fixtures/keras-numbers/make_conv_extra_fixture.py).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Input, tensor, tidy } from '../../../src/index.js';
import { assertClose } from '../../util/assert.js';
import { describeEachBackend } from '../../util/backends.js';
import { type ConvPoolFixture, makeLayer } from './helpers.js';

type ExtraFixture = ConvPoolFixture & {
  cases: (ConvPoolFixture['cases'][number] & { weight_names: string[] })[];
  symbolic: (ConvPoolFixture['symbolic'][number] & { compute_output_shape: (number | null)[] })[];
};

const fixture: ExtraFixture = JSON.parse(
  readFileSync(
    fileURLToPath(new URL('../../../../test/fixtures/keras-numbers/conv-extra-layers.json', import.meta.url)),
    'utf8',
  ),
);

test('the fixture is from Keras 3.15 and covers SeparableConv2D and Conv2DTranspose', () => {
  assert.match(fixture.keras_version, /^3\.15\./);
  assert.deepEqual([...new Set(fixture.cases.map((c) => c.layer))].sort(), ['Conv2DTranspose', 'SeparableConv2D']);
  // Strides 1 and 2+, both paddings, dilation, depthMultiplier 1 and >1, outputPadding: each appears.
  const has = (pred: (k: Record<string, unknown>) => boolean) => fixture.cases.some((c) => pred(c.kwargs));
  assert.ok(has((k) => k.padding === 'same') && has((k) => k.padding === undefined));
  assert.ok(has((k) => k.dilationRate !== undefined) && has((k) => k.outputPadding !== undefined));
  assert.ok(has((k) => (k.depthMultiplier as number) > 1) && has((k) => k.strides !== undefined));
});

describeEachBackend('SeparableConv2D and Conv2DTranspose: forward values equal Keras 3', () => {
  for (const c of fixture.cases) {
    test(c.name, () => {
      tidy(() => {
        const layer = makeLayer(c.layer, c.kwargs);
        layer.build([null, ...c.input.shape.slice(1)]);
        // Keras's weight names, in Keras's order, so that weights move between the two unchanged.
        assert.deepEqual(
          layer.weights.map((w) => w.name.split('/').at(-1)),
          c.weight_names,
        );
        layer.setWeights(c.weights.map((w) => tensor(w.values, w.shape)));
        const y = layer.apply(tensor(c.input.values, c.input.shape));
        assert.deepEqual(y.shape, c.shape);
        assertClose(y, c.values, { rtol: 1e-5, atol: 1e-5 });
        layer.dispose();
      });
    });
  }
});

describeEachBackend('SeparableConv2D and Conv2DTranspose: symbolic shapes equal Keras 3 compute_output_shape', () => {
  for (const s of fixture.symbolic) {
    test(`${s.layer}(${JSON.stringify(s.kwargs)}) on ${JSON.stringify(s.shape)}${s.batch ? ` batch ${s.batch}` : ''}`, () => {
      const input = Input({ shape: s.shape, ...(s.batch !== null ? { batchSize: s.batch } : {}) });
      const layer = makeLayer(s.layer, s.kwargs);
      const out = layer.apply(input);
      assert.deepEqual(out.shape, s.output);
      assert.deepEqual(layer.computeOutputShape(input.shape), s.compute_output_shape);
    });
  }
});
