// The principle in miniature, written straight against the Keras API (the CLI behind `npm start`, src/cli/,
// does the same at full size, on MNIST, with a report): one network trained on a deliberately small and noisy
// two-moons set with no regularization, with L2, and with Dropout. Without regularization the training loss keeps
// falling while the validation loss turns up (overfitting); the regularized variants keep the two closer together.
// Run: npm run compile && node build/examples/regularization-moons.js
import {
  datasets,
  getBackend,
  layers,
  optimizers,
  regularizers,
  Sequential,
  setRandomSeed,
  tensor,
} from '../src/node.js';

// Two moons from the datasets module: a small noisy training set, a large validation set (different seeds).
const asTensors = (d: datasets.Dataset) => ({
  x: tensor(d.features, [d.numSamples, d.numFeatures]),
  y: tensor(Array.from(d.labels), [d.numSamples, 1]),
});
const train = asTensors(datasets.moons({ samples: 60, noise: 0.35, seed: 1 }));
const validation = asTensors(datasets.moons({ samples: 600, noise: 0.35, seed: 2 }));
const variants: { name: string; build: () => layers.Layer[] }[] = [
  {
    name: 'none',
    build: () => [
      new layers.Dense(128, { inputDim: 2, activation: 'relu' }),
      new layers.Dense(128, { activation: 'relu' }),
      new layers.Dense(1, { activation: 'sigmoid' }),
    ],
  },
  {
    name: 'L2(3e-3)',
    build: () => [
      new layers.Dense(128, { inputDim: 2, activation: 'relu', kernelRegularizer: regularizers.l2(3e-3) }),
      new layers.Dense(128, { activation: 'relu', kernelRegularizer: regularizers.l2(3e-3) }),
      new layers.Dense(1, { activation: 'sigmoid' }),
    ],
  },
  {
    name: 'Dropout(0.5)',
    build: () => [
      new layers.Dense(128, { inputDim: 2, activation: 'relu' }),
      new layers.Dropout(0.5),
      new layers.Dense(128, { activation: 'relu' }),
      new layers.Dropout(0.5),
      new layers.Dense(1, { activation: 'sigmoid' }),
    ],
  },
];

const epochs = 400;
console.log(
  `Two moons: ${train.x.shape[0]} noisy training points, ${validation.x.shape[0]} validation points, ${epochs} epochs\n`,
);
console.log('variant        train loss  val loss  gap     val acc  best epoch');
const started = performance.now();
for (const v of variants) {
  setRandomSeed(42);
  const model = new Sequential({ layers: v.build() });
  model.compile({
    optimizer: new optimizers.Adam({ learningRate: 0.01 }),
    loss: 'binaryCrossentropy',
    metrics: ['accuracy'],
  });
  const history = await model.fit(train.x, train.y, {
    epochs,
    batchSize: 60,
    validationData: [validation.x, validation.y],
    verbose: 0,
  });
  const h = history.history;
  // Data loss alone, so variants compare on the same footing (Keras's loss includes the penalty).
  const trainLoss = (h.loss?.at(-1) ?? 0) - (h.regularization_loss?.at(-1) ?? 0);
  const valLoss = (h.val_loss?.at(-1) ?? 0) - (h.val_regularization_loss?.at(-1) ?? 0);
  const valLosses = h.val_loss ?? [];
  const best = valLosses.indexOf(Math.min(...valLosses));
  console.log(
    `${v.name.padEnd(14)} ${trainLoss.toFixed(4).padStart(10)}  ${valLoss.toFixed(4).padStart(8)}  ${(valLoss - trainLoss).toFixed(4).padStart(6)}  ${((h.val_accuracy?.at(-1) ?? 0) * 100).toFixed(1).padStart(6)}%  ${String(best + 1).padStart(10)}`,
  );
  model.dispose();
}
console.log(`\n${((performance.now() - started) / 1000).toFixed(1)} s on the '${getBackend()}' backend`);
