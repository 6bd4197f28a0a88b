import { broadcastedAxes, type Shape, shapesEqual } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { sum } from '../ops/reduction.js';
import { reshape } from '../ops/shape.js';

/**
 * Sums a gradient over the axes along which an input of `shape` was broadcast, so
 * it has the input's shape again (d(a + b)/db for a bias b is Σ over the batch).
 */
export function unbroadcast(g: Tensor, shape: Shape): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const axes = broadcastedAxes(shape, g.shape);
  return reshape(axes.length > 0 ? sum(g, axes) : g, shape);
}
