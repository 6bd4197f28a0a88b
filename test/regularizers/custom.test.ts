// A custom Regularizer subclass, registered in regularizers.regularizerRegistry, is saved with the model and
// loads back with the same options and the same penalty.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { checkOptions } from '../../src/core/validate.js';
import {
  type ConfigDict,
  layers,
  loadModel,
  regularizers,
  Sequential,
  setRandomSeed,
  type Tensor,
  ValueError,
} from '../../src/node.js';
import { mul } from '../../src/ops/arithmetic.js';
import { sum } from '../../src/ops/reduction.js';
import { abs } from '../../src/ops/unary.js';
import { tempDir } from '../io/helpers.js';

/** scale · Σ|w|³ — a penalty no built-in class gives. */
class CubicPenalty extends regularizers.Regularizer {
  readonly className = 'CubicPenalty';
  readonly scale: number;

  constructor(options: { scale?: number } = {}) {
    super();
    checkOptions('CubicPenalty', options, ['scale']);
    this.scale = options.scale ?? 0.01;
  }

  apply(x: Tensor): Tensor {
    const a = abs(x);
    return mul(sum(mul(mul(a, a), a)), this.scale);
  }

  getConfig(): ConfigDict {
    return { scale: this.scale };
  }
}

/** The model's weight penalties, as numbers (a Dense with only a kernel regularizer has one). */
function penaltiesOf(model: Sequential): number[] {
  return model.layers[0]?.losses.map((t) => {
    const v = t.dataSync()[0] as number;
    t.dispose();
    return v;
  }) as number[];
}

const dir = await tempDir();

describe('a custom regularizer class, registered', () => {
  test('unregistered, saving fails before the file is touched, naming the class', async () => {
    setRandomSeed(4);
    const model = new Sequential({
      layers: [new layers.Dense({ units: 3, inputDim: 4, kernelRegularizer: new CubicPenalty({ scale: 0.5 }) })],
    });
    await assert.rejects(
      model.save(join(dir, 'unregistered.dendrite')),
      (e: unknown) =>
        e instanceof ValueError &&
        /kernelRegularizer: its regularizer class "CubicPenalty" is not registered \(registered: L1, L2, L1L2, OrthogonalRegularizer\)/.test(
          e.message,
        ),
    );
    model.dispose();
  });

  test('save → loadModel: the same class, options and penalty', async () => {
    regularizers.regularizerRegistry.register(
      'CubicPenalty',
      (config) => new CubicPenalty(config as { scale?: number }),
    );
    setRandomSeed(4);
    const model = new Sequential({
      layers: [new layers.Dense({ units: 3, inputDim: 4, kernelRegularizer: new CubicPenalty({ scale: 0.5 }) })],
    });
    const path = join(dir, 'custom.dendrite');
    await model.save(path);
    const loaded = (await loadModel(path)) as Sequential;
    const config = loaded.layers[0]?.getConfig() as { kernelRegularizer: unknown };
    assert.deepEqual(config.kernelRegularizer, { className: 'CubicPenalty', config: { scale: 0.5 } });
    const [expected] = penaltiesOf(model);
    assert.ok(expected !== undefined && expected > 0);
    assert.deepEqual(penaltiesOf(loaded), [expected], 'bitwise the same penalty on the same weights');
    // getRegularizer finds it too, so a config names it like a built-in.
    const direct = regularizers.get({ className: 'CubicPenalty', config: { scale: 2 } });
    assert.ok(direct instanceof CubicPenalty && direct.scale === 2);
    // Its own options check runs when a file names an option it does not take.
    assert.throws(
      () => regularizers.get({ className: 'CubicPenalty', config: { scal: 2 } }),
      /^UnknownOptionError: CubicPenalty: unknown option `scal`; did you mean `scale`\?/,
    );
    model.dispose();
    loaded.dispose();
  });
});

test('a registered name is not replaced silently: the built-in L2 stays unless replace is asked for', () => {
  const registry = regularizers.regularizerRegistry;
  assert.throws(() => registry.register('L2', () => new regularizers.L1({ l1: 1 })), {
    name: 'ValueError',
    message: 'regularizer class "L2" is already registered; pass { replace: true } to replace it',
  });
  assert.equal(registry.deserialize({ className: 'L2', config: { l2: 0.5 } }).className, 'L2');
  assert.throws(() => registry.register('', () => new regularizers.L1()), /the class name must be a non-empty string/);
});
