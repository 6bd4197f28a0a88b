// Where the near-zero kernel weights of the default `dendrite compare` run sit: on the pixels that are 0 in every
// training digit (MNIST's border: no data gradient, only the penalty's), on pixels lit in a few digits, or
// elsewhere. The figures quoted in docs/regularization.md. Run after `npm run compile`.
import { loadRunData } from '../build/src/cli/data.js';
import { resolveCompare } from '../build/src/cli/options.js';
import { disposeTensors, NEAR_ZERO, toTensors, trainModel } from '../build/src/cli/train.js';
import { variant } from '../build/src/cli/variants.js';

const o = resolveCompare({});
const data = await loadRunData(o);
const { features, numSamples, numFeatures: pixels } = data.train;
const [units] = o.hidden;
const lit = new Int32Array(pixels);
for (let i = 0; i < numSamples; i++) for (let p = 0; p < pixels; p++) if (features[i * pixels + p] !== 0) lit[p]++;
const count = (test) => lit.filter(test).length;
console.log(
  `${numSamples} training digits: ${count((c) => c === 0)} of ${pixels} pixels always 0, ${count((c) => c > 0 && c <= 10)} lit in 1 to 10`,
);

const tensors = toTensors(data);
const firstKernel = pixels * units;
const pixelOf = (i) => Math.floor(i / units);
const groups = {
  'border (always 0)': (i) => i < firstKernel && lit[pixelOf(i)] === 0,
  'lit in 1-10': (i) => i < firstKernel && lit[pixelOf(i)] > 0 && lit[pixelOf(i)] <= 10,
  'lit in >10': (i) => i < firstKernel && lit[pixelOf(i)] > 10,
  'other kernels': (i) => i >= firstKernel,
};
try {
  for (const id of ['none', 'l1', 'l2']) {
    const v = variant(id, o);
    const { kernelWeights: w } = await trainModel(tensors, o, v.regularization);
    let near = 0;
    let exact = 0;
    for (const x of w) {
      if (Math.abs(x) < NEAR_ZERO) near++;
      if (x === 0) exact++;
    }
    const parts = Object.entries(groups).map(([name, member]) => {
      let n = 0;
      let small = 0;
      let largest = 0;
      for (let i = 0; i < w.length; i++) {
        if (!member(i)) continue;
        n++;
        if (Math.abs(w[i]) < NEAR_ZERO) small++;
        largest = Math.max(largest, Math.abs(w[i]));
      }
      return `${name} ${small}/${n} (${((100 * small) / n).toFixed(1)}%, max |w| ${largest.toExponential(2)})`;
    });
    console.log(
      `${v.name}: ${near}/${w.length} below ${NEAR_ZERO} (${((100 * near) / w.length).toFixed(1)}%), ${exact} exactly 0`,
    );
    console.log(`  ${parts.join('\n  ')}`);
  }
} finally {
  disposeTensors(tensors);
}
