// The main job until the Keras API lands: a two-layer network learns the two-moons problem with nothing but
// the engine — tensors, variableGrads and a hand-written SGD step — and prints its loss as it goes.
import {
  add,
  argMax,
  cast,
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
} from '../src/index.js';

/** Two interleaving half-circles with Gaussian noise, generated in-process (scikit-learn's make_moons). */
function makeMoons(n: number, noise: number, seed: number): { x: Tensor; labels: Tensor } {
  let s = seed >>> 0;
  const uniform = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
  const gauss = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const xs: number[][] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const t = Math.PI * uniform();
    const [px, py] = label === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
    xs.push([px + noise * gauss(), py + noise * gauss()]);
    ys.push(label);
  }
  return { x: tensor(xs), labels: tensor(ys, [n], 'int32') };
}

setRandomSeed(42);
const { x, labels } = makeMoons(512, 0.1, 7);
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
