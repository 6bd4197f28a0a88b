import type { Shape } from '../../../core/shape.js';
import { stridesOf } from '../../../core/shape.js';

/**
 * Visits a broadcast result row by row (rows along the last axis) and hands each
 * row's starting offsets to `row`. Inputs broadcast along the last axis get inner
 * stride 0. No per-element allocation: one counter array per call.
 */
export function forEachBroadcastRow(
  outShape: Shape,
  inShapes: readonly Shape[],
  row: (offsets: Int32Array, innerStrides: Int32Array, outOffset: number, length: number) => void,
): void {
  const rank = outShape.length;
  const nIn = inShapes.length;
  const length = rank === 0 ? 1 : (outShape[rank - 1] as number);
  // strides[j][axis] for input j in the output's index space (0 where broadcast).
  const strides: number[][] = inShapes.map((s) => {
    const own = stridesOf(s);
    const out = new Array<number>(rank).fill(0);
    const offset = rank - s.length;
    for (let i = 0; i < s.length; i++) out[offset + i] = s[i] === 1 ? 0 : (own[i] as number);
    return out;
  });
  const inner = new Int32Array(nIn);
  for (let j = 0; j < nIn; j++) inner[j] = rank === 0 ? 0 : ((strides[j] as number[])[rank - 1] as number);
  const offsets = new Int32Array(nIn);
  if (length === 0) return;
  let rows = 1;
  for (let i = 0; i < rank - 1; i++) rows *= outShape[i] as number;
  const counter = new Int32Array(Math.max(rank - 1, 0));
  for (let r = 0; r < rows; r++) {
    row(offsets, inner, r * length, length);
    // Advance the multi-index over the outer axes like an odometer, updating offsets incrementally.
    for (let axis = rank - 2; axis >= 0; axis--) {
      const c = (counter[axis] as number) + 1;
      if (c < (outShape[axis] as number)) {
        counter[axis] = c;
        for (let j = 0; j < nIn; j++) offsets[j] = (offsets[j] as number) + ((strides[j] as number[])[axis] as number);
        break;
      }
      counter[axis] = 0;
      for (let j = 0; j < nIn; j++) {
        offsets[j] = (offsets[j] as number) - (c - 1) * ((strides[j] as number[])[axis] as number);
      }
    }
  }
}
