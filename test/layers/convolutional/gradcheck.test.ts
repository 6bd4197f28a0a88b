// Finite-difference gradient checks (float64, PyTorch's tolerances) of every convolution layer, with respect to the
// input and every weight, over strides, 'same' padding, dilation, groups, 'causal', depthMultiplier, outputPadding and
// a fused activation; of the Im2Col / Col2Im kernels themselves; and conv2dTranspose as conv2d's adjoint.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mul, sum, tidy } from '../../../src/index.js';
import { conv2d } from '../../../src/ops/conv.js';
import { col2im, im2col, patchGeometry } from '../../../src/ops/conv-patches.js';
import { conv2dTranspose } from '../../../src/ops/conv-transpose.js';
import { describeEachBackend } from '../../util/backends.js';
import { gradCheck, uniform } from '../../util/gradcheck.js';
import { layerGradCheck } from '../layer-gradcheck.js';
import { makeLayer } from './helpers.js';

const CASES: { layer: string; kwargs: Record<string, unknown>; shape: number[] }[] = [
  { layer: 'Conv2D', kwargs: { filters: 2, kernelSize: 2 }, shape: [2, 3, 4, 2] },
  { layer: 'Conv2D', kwargs: { filters: 2, kernelSize: 3, strides: 2, padding: 'same' }, shape: [1, 5, 4, 2] },
  { layer: 'Conv2D', kwargs: { filters: 2, kernelSize: 2, dilationRate: 2, padding: 'same' }, shape: [1, 4, 3, 1] },
  { layer: 'Conv2D', kwargs: { filters: 4, kernelSize: [2, 1], groups: 2, activation: 'tanh' }, shape: [1, 3, 3, 4] },
  {
    layer: 'Conv2D',
    kwargs: { filters: 2, kernelSize: 2, activation: 'sigmoid', kernelRegularizer: 'l2', activityRegularizer: 'l1' },
    shape: [1, 3, 3, 2],
  },
  { layer: 'DepthwiseConv2D', kwargs: { kernelSize: 2, depthMultiplier: 2, padding: 'same' }, shape: [1, 3, 3, 2] },
  {
    layer: 'DepthwiseConv2D',
    kwargs: { kernelSize: [2, 1], strides: 2, dilationRate: 2, activation: 'tanh' },
    shape: [1, 5, 4, 2],
  },
  { layer: 'Conv1D', kwargs: { filters: 2, kernelSize: 3, strides: 2, padding: 'same' }, shape: [2, 5, 2] },
  { layer: 'Conv1D', kwargs: { filters: 2, kernelSize: 2, dilationRate: 2, padding: 'causal' }, shape: [1, 5, 2] },
  { layer: 'Conv1D', kwargs: { filters: 2, kernelSize: 2, groups: 2, useBias: false }, shape: [1, 4, 2] },
  { layer: 'SeparableConv2D', kwargs: { filters: 2, kernelSize: 2 }, shape: [2, 3, 3, 2] },
  {
    layer: 'SeparableConv2D',
    kwargs: {
      filters: 3,
      kernelSize: [3, 2],
      depthMultiplier: 2,
      strides: 2,
      padding: 'same',
      activation: 'tanh',
      depthwiseRegularizer: 'l2',
      pointwiseRegularizer: 'l1',
    },
    shape: [1, 5, 4, 2],
  },
  {
    layer: 'SeparableConv2D',
    kwargs: { filters: 2, kernelSize: 2, dilationRate: 2, activation: 'sigmoid', useBias: false },
    shape: [1, 4, 4, 1],
  },
  { layer: 'Conv2DTranspose', kwargs: { filters: 2, kernelSize: 2 }, shape: [2, 2, 3, 2] },
  { layer: 'Conv2DTranspose', kwargs: { filters: 2, kernelSize: 3, strides: 2, padding: 'same' }, shape: [1, 3, 2, 2] },
  {
    layer: 'Conv2DTranspose',
    kwargs: { filters: 1, kernelSize: [2, 3], strides: [2, 3], outputPadding: [1, 2], activation: 'tanh' },
    shape: [1, 2, 2, 2],
  },
  { layer: 'Conv2DTranspose', kwargs: { filters: 2, kernelSize: 1, strides: 3, padding: 'same' }, shape: [1, 2, 2, 1] },
  {
    layer: 'Conv2DTranspose',
    kwargs: { filters: 2, kernelSize: 2, dilationRate: 2, kernelRegularizer: 'l2', biasRegularizer: 'l1' },
    shape: [1, 3, 2, 2],
  },
];

describeEachBackend('Im2Col and Col2Im: adjoint of each other, with checked gradients', () => {
  const geometry = patchGeometry('same', [4, 3], [3, 2], [2, 1], [1, 1]);
  test('⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩ (Col2Im is the transpose of Im2Col)', () => {
    tidy(() => {
      const x = uniform([2, 4, 3, 2], 1);
      const cols = im2col(x, geometry);
      assert.deepEqual(cols.shape, [2, 2, 3, 12]);
      const c = uniform(cols.shape, 2);
      const lhs = sum(mul(cols, c)).dataSync()[0] as number;
      const rhs = sum(mul(x, col2im(c, geometry, [2, 4, 3, 2]))).dataSync()[0] as number;
      assert.ok(Math.abs(lhs - rhs) < 1e-9, `${lhs} vs ${rhs}`);
    });
  });
  test('im2col: border taps read padValue', () => {
    tidy(() => {
      const x = uniform([1, 1, 1, 1], 3);
      const cols = im2col(x, patchGeometry('same', [1, 1], [3, 1], [1, 1], [1, 1]), -7);
      assert.deepEqual(Array.from(cols.dataSync()), [-7, x.dataSync()[0], -7]);
    });
  });
  test('gradients of im2col and col2im', () => {
    gradCheck((x) => im2col(x, geometry, 5), [uniform([1, 4, 3, 2], 4)]);
    gradCheck((c) => col2im(c, geometry, [1, 4, 3, 2]), [uniform([1, 2, 3, 12], 5)]);
  });
});

describeEachBackend(
  'Conv1D, Conv2D, DepthwiseConv2D, SeparableConv2D, Conv2DTranspose: gradients match finite differences',
  () => {
    for (const c of CASES) {
      test(`${c.layer}(${JSON.stringify(c.kwargs)}) on ${JSON.stringify(c.shape)}`, () => {
        const layer = makeLayer(c.layer, { ...c.kwargs, dtype: 'float64' });
        layerGradCheck(layer, uniform(c.shape, 7));
        layer.dispose();
      });
    }
  },
);

describeEachBackend('conv2dTranspose is the adjoint of conv2d with the same kernel', () => {
  // ⟨conv2d(y, W), x⟩ = ⟨y, conv2dTranspose(x, W)⟩ wherever the transposed output has conv2d's input size: the
  // definition Keras's (and TensorFlow's) Conv2DTranspose follows.
  const cases = [
    { padding: 'valid', strides: [1, 1], dilations: [1, 1], y: [2, 5, 4, 3] },
    { padding: 'valid', strides: [2, 3], dilations: [1, 1], y: [1, 7, 9, 3] },
    { padding: 'same', strides: [2, 2], dilations: [1, 1], y: [1, 6, 4, 3] },
    { padding: 'same', strides: [1, 1], dilations: [2, 1], y: [1, 6, 5, 3] },
  ] as const;
  for (const c of cases) {
    test(`${c.padding}, strides ${c.strides}, dilation ${c.dilations} on ${c.y}`, () => {
      tidy(() => {
        const w = uniform([3, 2, 3, 2], 11);
        const y = uniform(c.y, 12);
        const options = { padding: c.padding, strides: c.strides, dilations: c.dilations } as const;
        const conv = conv2d(y, w, { ...options, groups: 1 });
        const x = uniform(conv.shape, 13);
        const back = conv2dTranspose(x, w, options);
        assert.deepEqual(back.shape, c.y);
        const lhs = sum(mul(conv, x)).dataSync()[0] as number;
        const rhs = sum(mul(y, back)).dataSync()[0] as number;
        assert.ok(Math.abs(lhs - rhs) < 1e-9, `${lhs} vs ${rhs}`);
      });
    });
  }
});
