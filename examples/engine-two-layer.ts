// The main job until the Keras API lands: a two-layer network learns the two-moons problem with nothing but
// the engine — tensors, variableGrads and a hand-written SGD step — and prints its loss as it goes.
import {
  add,
  argMax,
  cast,
  datasets,
  equal,
  logSoftmax,
  matMul,
  mean,
  memory,
  mul,
  neg,
  oneHot,
  randomNormal,
  relu,
  setRandomSeed,
  sub,
  sum,
  type Tensor,
  tensor,
  tidy,
  variable,
  variableGrads,
  zeros,
} from '../src/node.js';

setRandomSeed(42);
const moons = datasets.moons({ samples: 512, noise: 0.1, seed: 7 });
const x = tensor(moons.features, [moons.numSamples, 2]);
const labels = tensor(moons.labels, [moons.numSamples], 'int32');
const y = oneHot(labels, 2);
const hidden = 32;
const w1 = variable(mul(randomNormal([2, hidden]), Math.sqrt(2 / 2)), true, 'w1');
const b1 = variable(zeros([hidden]), true, 'b1');
const w2 = variable(mul(randomNormal([hidden, 2]), Math.sqrt(2 / hidden)), true, 'w2');
const b2 = variable(zeros([2]), true, 'b2');
const params = [w1, b1, w2, b2];
const learningRate = 0.5;

const logits = () => add(matMul(relu(add(matMul(x, w1), b1)), w2), b2);
// Categorical cross-entropy from logits: −mean Σ y·log softmax(z).
const loss = () => neg(mean(sum(mul(y, logSoftmax(logits())), -1)));

const started = performance.now();
for (let epoch = 1; epoch <= 300; epoch++) {
  const value = tidy(() => {
    const { value, grads } = variableGrads(loss, params);
    for (const p of params) p.assign(sub(p, mul(grads[p.name] as Tensor, learningRate)));
    return value.dataSync()[0] as number;
  });
  if (epoch === 1 || epoch % 50 === 0) console.log(`epoch ${String(epoch).padStart(3)}  loss ${value.toFixed(4)}`);
}
const accuracy = tidy(() => mean(cast(equal(argMax(logits(), 1), labels), 'float32')).dataSync()[0] as number);
const seconds = (performance.now() - started) / 1000;
console.log(
  `accuracy ${(accuracy * 100).toFixed(1)}% on 512 two-moons points; ${seconds.toFixed(2)} s; ${memory().numTensors} live tensors`,
);
