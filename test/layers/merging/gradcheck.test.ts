// Finite-difference gradient checks (float64, PyTorch's tolerances) of every merge layer, with respect to each
// input: plain, with broadcasting and rank expansion, and Dot with axis pairs and normalize.
import { test } from 'node:test';
import type { Shape, Tensor } from '../../../src/index.js';
import { describeEachBackend } from '../../util/backends.js';
import { distinct, gradCheck, uniform } from '../../util/gradcheck.js';
import { makeMerge } from './helpers.js';

interface Case {
  layer: string;
  kwargs?: Record<string, unknown>;
  shapes: Shape[];
  /** Maximum and Minimum have kinks where inputs tie: draw values that are all distinct. */
  distinct?: boolean;
}

const CASES: Case[] = [
  {
    layer: 'Add',
    shapes: [
      [2, 3],
      [2, 3],
      [2, 3],
    ],
  },
  {
    layer: 'Add',
    shapes: [
      [2, 3, 4],
      [2, 4],
      [2, 3, 1],
    ],
  },
  {
    layer: 'Subtract',
    shapes: [
      [2, 3],
      [2, 3],
    ],
  },
  {
    layer: 'Subtract',
    shapes: [
      [2, 3, 4],
      [2, 1, 4],
    ],
  },
  {
    layer: 'Multiply',
    shapes: [
      [2, 3],
      [2, 3],
      [2, 3],
    ],
  },
  {
    layer: 'Multiply',
    shapes: [
      [2, 3, 4],
      [2, 4],
    ],
  },
  {
    layer: 'Average',
    shapes: [
      [2, 3],
      [2, 3],
      [2, 3],
    ],
  },
  {
    layer: 'Average',
    shapes: [
      [2, 3, 2],
      [2, 3, 1],
    ],
  },
  {
    layer: 'Maximum',
    shapes: [
      [2, 3],
      [2, 3],
      [2, 3],
    ],
    distinct: true,
  },
  {
    layer: 'Maximum',
    shapes: [
      [2, 3, 2],
      [2, 2],
    ],
    distinct: true,
  },
  {
    layer: 'Minimum',
    shapes: [
      [2, 3],
      [2, 3],
      [2, 3],
    ],
    distinct: true,
  },
  {
    layer: 'Minimum',
    shapes: [
      [2, 3, 2],
      [2, 3, 1],
    ],
    distinct: true,
  },
  {
    layer: 'Concatenate',
    kwargs: { axis: 1 },
    shapes: [
      [2, 3, 4],
      [2, 2, 4],
    ],
  },
  {
    layer: 'Concatenate',
    kwargs: { axis: -1 },
    shapes: [
      [2, 3, 4],
      [2, 3, 2],
      [2, 3, 1],
    ],
  },
  {
    layer: 'Dot',
    kwargs: { axes: 1 },
    shapes: [
      [3, 4],
      [3, 4],
    ],
  },
  {
    layer: 'Dot',
    kwargs: { axes: -1, normalize: true },
    shapes: [
      [3, 4],
      [3, 4],
    ],
  },
  {
    layer: 'Dot',
    kwargs: { axes: [1, 2] },
    shapes: [
      [2, 3, 5],
      [2, 4, 3],
    ],
  },
  {
    layer: 'Dot',
    kwargs: { axes: [2, 1], normalize: true },
    shapes: [
      [2, 3, 5],
      [2, 5, 4],
    ],
  },
  {
    layer: 'Dot',
    kwargs: { axes: [1, 3] },
    shapes: [
      [2, 5, 2, 3],
      [2, 4, 6, 5],
    ],
  },
  {
    layer: 'Dot',
    kwargs: { axes: [2, 1] },
    shapes: [
      [2, 3, 4],
      [2, 4],
    ],
  },
];

describeEachBackend('merge layers: analytic gradients equal finite differences (float64)', () => {
  CASES.forEach((c, k) => {
    test(`${c.layer}(${JSON.stringify(c.kwargs ?? {})}) on ${JSON.stringify(c.shapes)}`, () => {
      const layer = makeMerge(c.layer, c.kwargs ?? {}, { dtype: 'float64' });
      const inputs: Tensor[] = c.distinct
        ? distinct(c.shapes, 100 + k)
        : c.shapes.map((s, i) => uniform(s, 100 + 10 * k + i));
      gradCheck((...xs) => layer.apply(xs), inputs);
      for (const x of inputs) x.dispose();
    });
  });
});
