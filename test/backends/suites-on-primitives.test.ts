// The suites of every op with a fused kernel, and of the layers, losses, regularizers, optimizers and model that use
// them, run again on a backend with the primitive kernels alone: their composite bodies must pass what the fused
// kernels pass — the same reference values, the same gradient checks, the same Keras goldens.
import './use-primitives.js';
import '../ops/fused.test.js';
import '../gradcheck/fused.test.js';
import '../optimizers/fused-update.test.js';
import '../optimizers/sgd.test.js';
import '../optimizers/adam.test.js';
import '../optimizers/keras-adam.test.js';
import '../optimizers/rmsprop.test.js';
import '../optimizers/adagrad.test.js';
import '../regularizers/regularizers.test.js';
import '../losses/losses.test.js';
import '../losses/logits.test.js';
import '../layers/dense.test.js';
import '../layers/convolutional/keras-golden.test.js';
import '../layers/dropout.test.js';
import '../models/sequential.test.js';
