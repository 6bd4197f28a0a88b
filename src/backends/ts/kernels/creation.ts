import { sizeOf } from '../../../core/shape.js';
import { registerKernel } from '../../backend.js';
import { PhiloxStream } from '../philox.js';
import type { TsBackend } from '../ts-backend.js';

registerKernel('Fill', 'ts', (_inputs, { shape, value, dtype }, backend: TsBackend) => {
  const out = backend.alloc(dtype, sizeOf(shape));
  out.fill(value);
  return backend.output(out, shape.slice(), dtype);
});

/**
 * A value one or two ulps below `x` in the given float type, never `x` itself. Subtracting |x|·ε with ε the
 * type's machine epsilon moves at least one ulp whatever the rounding (half an ulp, as with ε/2, ties back to
 * x when x is a negative power of two); the smallest subnormal covers x = 0.
 */
function below(x: number, dtype: 'float32' | 'float64'): number {
  return dtype === 'float32'
    ? Math.fround(x - Math.abs(x) * 2 ** -23 - 2 ** -149)
    : x - Math.abs(x) * 2 ** -52 - Number.MIN_VALUE;
}

registerKernel('RandomUniform', 'ts', (_inputs, { shape, dtype, minval, maxval, seed }, backend: TsBackend) => {
  const out = backend.alloc(dtype, sizeOf(shape));
  const stream = new PhiloxStream(seed[0], seed[1]);
  const range = maxval - minval;
  if (dtype === 'int32') {
    // NOTE: integers in [minval, maxval): floor of a 53-bit uniform, so the bias is far below 2^-20 for any int32 range.
    for (let i = 0; i < out.length; i++) out[i] = minval + Math.floor(stream.nextDouble() * range);
    return backend.output(out, shape.slice(), dtype);
  }
  // NOTE: minval + u·range can round up to maxval (1e15 + u rounds to 1e15 + 1 for u > 15/16, since ulp(1e15) = 1/8);
  // the interval is half-open, so such draws step back below maxval (but never below minval).
  const floor = dtype === 'float32' ? Math.fround(minval) : minval;
  const last = Math.max(floor, below(maxval, dtype === 'float32' ? 'float32' : 'float64'));
  if (dtype === 'float32') {
    for (let i = 0; i < out.length; i++) {
      const v = Math.fround(minval + stream.nextFloat32() * range);
      out[i] = v < maxval ? v : last;
    }
  } else {
    for (let i = 0; i < out.length; i++) {
      const v = minval + stream.nextDouble() * range;
      out[i] = v < maxval ? v : last;
    }
  }
  return backend.output(out, shape.slice(), dtype);
});

/** Standard normal pairs by Box–Muller; u1 is drawn from (0, 1] so the logarithm is finite. */
function fillNormal(stream: PhiloxStream, n: number, write: (i: number, z: number) => boolean): void {
  let i = 0;
  while (i < n) {
    const u1 = 1 - stream.nextDouble();
    const u2 = stream.nextDouble();
    const r = Math.sqrt(-2 * Math.log(u1));
    const theta = 2 * Math.PI * u2;
    if (write(i, r * Math.cos(theta))) i++;
    if (i < n && write(i, r * Math.sin(theta))) i++;
  }
}

registerKernel('RandomNormal', 'ts', (_inputs, { shape, dtype, mean, stddev, seed }, backend: TsBackend) => {
  const out = backend.alloc(dtype, sizeOf(shape));
  fillNormal(new PhiloxStream(seed[0], seed[1]), out.length, (i, z) => {
    out[i] = mean + stddev * z;
    return true;
  });
  return backend.output(out, shape.slice(), dtype);
});

registerKernel('TruncatedNormal', 'ts', (_inputs, { shape, dtype, mean, stddev, seed }, backend: TsBackend) => {
  const out = backend.alloc(dtype, sizeOf(shape));
  // Draws beyond two standard deviations are discarded and redrawn (TensorFlow's definition).
  fillNormal(new PhiloxStream(seed[0], seed[1]), out.length, (i, z) => {
    if (Math.abs(z) > 2) return false;
    out[i] = mean + stddev * z;
    return true;
  });
  return backend.output(out, shape.slice(), dtype);
});
