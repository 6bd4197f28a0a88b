import { sizeOf } from '../../../core/shape.js';
import { registerKernel } from '../../backend.js';
import { PhiloxStream } from '../philox.js';
import type { TsBackend } from '../ts-backend.js';

registerKernel('Fill', 'ts', (_inputs, { shape, value, dtype }, backend: TsBackend) => {
  const out = backend.alloc(dtype, sizeOf(shape));
  out.fill(value);
  return backend.output(out, shape.slice(), dtype);
});

registerKernel('RandomUniform', 'ts', (_inputs, { shape, dtype, minval, maxval, seed }, backend: TsBackend) => {
  const out = backend.alloc(dtype, sizeOf(shape));
  const stream = new PhiloxStream(seed[0], seed[1]);
  const range = maxval - minval;
  if (dtype === 'int32') {
    // NOTE: integers in [minval, maxval): floor of a 53-bit uniform, so the bias is far below 2^-20 for any int32 range.
    for (let i = 0; i < out.length; i++) out[i] = minval + Math.floor(stream.nextDouble() * range);
  } else if (dtype === 'float32') {
    for (let i = 0; i < out.length; i++) {
      const v = Math.fround(minval + stream.nextFloat32() * range);
      // NOTE: rounding to float32 can land exactly on maxval; the interval is half-open, so step back one ulp.
      out[i] = v < maxval ? v : Math.fround(maxval - Math.abs(maxval) * 2 ** -24 - Number.MIN_VALUE);
    }
  } else for (let i = 0; i < out.length; i++) out[i] = minval + stream.nextDouble() * range;
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
