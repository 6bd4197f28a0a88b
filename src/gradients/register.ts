// Registers every kernel's gradient. Imported once by the package root.
import './binary.js';
import './fused.js';
import './im2col.js';
import './mat-mul.js';
import './reduction.js';
import './shape.js';
import './unary.js';
