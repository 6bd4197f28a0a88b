import './kernels/binary.js';
import './kernels/creation.js';
import './kernels/fused.js';
import './kernels/im2col.js';
import './kernels/mat-mul.js';
import './kernels/reduce.js';
import './kernels/transform.js';
import './kernels/unary.js';
import { TsBackend } from './ts-backend.js';

export { TsBackend };
