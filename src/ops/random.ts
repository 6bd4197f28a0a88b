import { assertDType, type DType } from '../core/dtype.js';
import { ENGINE } from '../core/engine.js';
import { describe, ValueError } from '../core/errors.js';
import { checkTensorSize } from '../core/memory-limit.js';
import { seedKey } from '../core/random.js';
import { assertShape, type Shape } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { less } from './compare.js';
import { scoped } from './internal.js';
import { cast } from './unary.js';

function floatDType(dtype: DType, op: string): DType {
  assertDType(dtype, op);
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new ValueError(`${op}: \`dtype\` must be float32 or float64. Received: dtype=${describe(dtype)}`);
  }
  return dtype;
}

function finite(value: number, arg: string, op: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ValueError(`${op}: \`${arg}\` must be a finite number. Received: ${arg}=${describe(value)}`);
  }
  return value;
}

/**
 * Uniform values in [minval, maxval). With a `seed`, the result depends on the seed
 * alone (the same every call, as TensorFlow.js); without, it draws from the global
 * stream that `setRandomSeed` controls. int32 gives integers in [minval, maxval).
 * @example `randomUniform([2, 2], -1, 1, 'float32', 42)`
 */
export function randomUniform(shape: Shape, minval = 0, maxval = 1, dtype: DType = 'float32', seed?: number): Tensor {
  const op = 'randomUniform';
  const s = assertShape(shape, op);
  assertDType(dtype, op);
  checkTensorSize(op, s, dtype);
  if (dtype === 'bool') throw new ValueError(`${op}: \`dtype\` must be numeric. Received: dtype="bool"`);
  if (!(finite(minval, 'minval', op) < finite(maxval, 'maxval', op))) {
    throw new ValueError(
      `${op}: \`minval\` must be less than \`maxval\`. Received: minval=${minval}, maxval=${maxval}`,
    );
  }
  if (
    dtype === 'int32' &&
    !(Number.isInteger(minval) && Number.isInteger(maxval) && minval >= -(2 ** 31) && maxval <= 2 ** 31)
  ) {
    throw new ValueError(
      `${op}: an int32 range needs integer bounds within [-2^31, 2^31]. ` +
        `Received: minval=${describe(minval)}, maxval=${describe(maxval)}`,
    );
  }
  return ENGINE.runKernel('RandomUniform', [], { shape: s, dtype, minval, maxval, seed: seedKey(seed, op) });
}

/** Normal values with `mean` and `stdDev`. @example `randomNormal([3], 0, 1, 'float32', 7)` */
export function randomNormal(shape: Shape, mean = 0, stdDev = 1, dtype: DType = 'float32', seed?: number): Tensor {
  const op = 'randomNormal';
  if (finite(stdDev, 'stdDev', op) < 0)
    throw new ValueError(`${op}: \`stdDev\` must be ≥ 0. Received: stdDev=${stdDev}`);
  const s = assertShape(shape, op);
  checkTensorSize(op, s, floatDType(dtype, op));
  return ENGINE.runKernel('RandomNormal', [], {
    shape: s,
    dtype,
    mean: finite(mean, 'mean', op),
    stddev: stdDev,
    seed: seedKey(seed, op),
  });
}

/**
 * Normal values redrawn until within two standard deviations of the mean (TensorFlow's
 * definition; the result's standard deviation is ≈ 0.88·stdDev).
 */
export function truncatedNormal(shape: Shape, mean = 0, stdDev = 1, dtype: DType = 'float32', seed?: number): Tensor {
  const op = 'truncatedNormal';
  if (finite(stdDev, 'stdDev', op) < 0)
    throw new ValueError(`${op}: \`stdDev\` must be ≥ 0. Received: stdDev=${stdDev}`);
  const s = assertShape(shape, op);
  checkTensorSize(op, s, floatDType(dtype, op));
  return ENGINE.runKernel('TruncatedNormal', [], {
    shape: s,
    dtype,
    mean: finite(mean, 'mean', op),
    stddev: stdDev,
    seed: seedKey(seed, op),
  });
}

/**
 * 1 with probability `p`, else 0 (the mask behind Dropout).
 * @throws {ValueError} when p is outside [0, 1].
 * @example `randomBernoulli([4], 0.5, 'float32', 1)`
 */
export function randomBernoulli(shape: Shape, p: number, dtype: DType = 'float32', seed?: number): Tensor {
  const op = 'randomBernoulli';
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new ValueError(`${op}: \`p\` must be a probability in [0, 1]. Received: p=${describe(p)}`);
  }
  assertDType(dtype, op);
  return scoped(op, () => cast(less(randomUniform(shape, 0, 1, 'float32', seed), p), dtype));
}
