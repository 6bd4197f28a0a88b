import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import '../../src/index.js';
import {
  Constant,
  deserializeInitializer,
  GlorotNormal,
  GlorotUniform,
  getInitializer,
  HeNormal,
  HeUniform,
  Identity,
  INITIALIZER_NAMES,
  type Initializer,
  type InitializerString,
  LecunNormal,
  LecunUniform,
  Ones,
  Orthogonal,
  RandomNormal,
  RandomUniform,
  serializeInitializer,
  TruncatedNormal,
  VarianceScaling,
  Zeros,
} from '../../src/initializers/index.js';

type Class = abstract new (...args: never[]) => Initializer;

const IDENTIFIERS: [InitializerString, Class][] = [
  ['zeros', Zeros],
  ['Zeros', Zeros],
  ['zero', Zeros],
  ['ones', Ones],
  ['one', Ones],
  ['constant', Constant],
  ['identity', Identity],
  ['randomNormal', RandomNormal],
  ['random_normal', RandomNormal],
  ['RandomNormal', RandomNormal],
  ['normal', RandomNormal],
  ['randomUniform', RandomUniform],
  ['random_uniform', RandomUniform],
  ['uniform', RandomUniform],
  ['truncatedNormal', TruncatedNormal],
  ['truncated_normal', TruncatedNormal],
  ['varianceScaling', VarianceScaling],
  ['variance_scaling', VarianceScaling],
  ['glorotUniform', GlorotUniform],
  ['glorot_uniform', GlorotUniform],
  ['GlorotUniform', GlorotUniform],
  ['glorotNormal', GlorotNormal],
  ['glorot_normal', GlorotNormal],
  ['heUniform', HeUniform],
  ['he_uniform', HeUniform],
  ['heNormal', HeNormal],
  ['he_normal', HeNormal],
  ['HeNormal', HeNormal],
  ['lecunUniform', LecunUniform],
  ['lecun_uniform', LecunUniform],
  ['leCunUniform', LecunUniform],
  ['lecunNormal', LecunNormal],
  ['lecun_normal', LecunNormal],
  ['LeCunNormal', LecunNormal],
  ['orthogonal', Orthogonal],
  ['Orthogonal', Orthogonal],
];

describe('getInitializer', () => {
  for (const [id, cls] of IDENTIFIERS) {
    test(`'${id}' → ${cls.name}`, () => {
      const init = getInitializer(id);
      assert.equal(init.constructor, cls);
      assert.equal(init.className, cls.name);
    });
  }

  test('every listed camelCase name resolves', () => {
    for (const name of INITIALIZER_NAMES) assert.doesNotThrow(() => getInitializer(name), name);
  });

  test('a name builds the class with its default options', () => {
    assert.deepEqual(getInitializer('variance_scaling').getConfig(), {
      scale: 1,
      mode: 'fanIn',
      distribution: 'truncatedNormal',
      seed: null,
    });
  });

  test('an Initializer is returned as is', () => {
    const init = new HeNormal({ seed: 1 });
    assert.equal(getInitializer(init), init);
  });

  test('{ className, config } deserializes, Keras 3 class names included', () => {
    const init = getInitializer({ className: 'Constant', config: { value: 2 } });
    assert.ok(init instanceof Constant);
    assert.deepEqual(Array.from(init.apply([2]).dataSync()), [2, 2]);
    assert.ok(getInitializer({ className: 'OrthogonalInitializer', config: { gain: 2 } }) instanceof Orthogonal);
    assert.ok(getInitializer({ className: 'IdentityInitializer', config: {} }) instanceof Identity);
  });

  test('unknown name: ValueError listing the names', () => {
    assert.throws(
      () => getInitializer('glorot_unifrom' as never),
      /^ValueError: Unknown initializer\. Expected one of zeros, zero, ones, .*glorotUniform, .*orthogonal \(or the snake_case or class name\)\. Received: "glorot_unifrom"$/,
    );
  });

  test('unknown class name and wrong types', () => {
    assert.throws(
      () => getInitializer({ className: 'Xavier', config: {} }),
      /^ValueError: Unknown initializer class\. Expected one of Zeros, .*Received: "Xavier"$/,
    );
    assert.throws(
      () => getInitializer(5 as never),
      /^ValueError: Could not interpret initializer identifier\. Expected a name, an Initializer or \{ className, config \}\. Received: 5$/,
    );
  });

  test('a config the constructor rejects fails on load too', () => {
    assert.throws(() => deserializeInitializer({ className: 'RandomNormal', config: { stddev: -2 } }), /stddev=-2/);
  });
});

describe('getConfig round trip', () => {
  const seeded: Initializer[] = [
    new RandomNormal({ mean: 1, stddev: 2, seed: 3 }),
    new RandomUniform({ minval: -2, maxval: 5, seed: 3 }),
    new TruncatedNormal({ mean: -1, stddev: 0.5, seed: 3 }),
    new VarianceScaling({ scale: 2.5, mode: 'fan_out', distribution: 'uniform', seed: 3 }),
    new GlorotUniform({ seed: 3 }),
    new GlorotNormal({ seed: 3 }),
    new HeUniform({ seed: 3 }),
    new HeNormal({ seed: 3 }),
    new LecunUniform({ seed: 3 }),
    new LecunNormal({ seed: 3 }),
    new Orthogonal({ gain: 0.5, seed: 3 }),
  ];
  const plain: Initializer[] = [
    new Zeros(),
    new Ones(),
    new Constant({ value: 7 }),
    new Identity({ gain: 3 }),
    new HeNormal(),
  ];

  for (const init of [...seeded, ...plain]) {
    test(`${init.className}: new Cls(getConfig()) has the same config and, seeded, the same values`, () => {
      const Cls = init.constructor as new (config: unknown) => Initializer;
      const copy = new Cls(init.getConfig());
      assert.deepEqual(copy.getConfig(), init.getConfig());
      assert.equal(copy.className, init.className);
      if (seeded.includes(init)) assert.deepEqual(copy.apply([4, 3]).dataSync(), init.apply([4, 3]).dataSync());
    });

    test(`${init.className}: serialize → deserialize → JSON-equal`, () => {
      const s = serializeInitializer(init);
      assert.equal(s.className, init.className);
      const back = deserializeInitializer(JSON.parse(JSON.stringify(s)));
      assert.deepEqual(serializeInitializer(back), s);
    });
  }

  test('configs are exactly Keras’s fields (camelCase)', () => {
    assert.deepEqual(new GlorotUniform().getConfig(), { seed: null });
    assert.deepEqual(new Orthogonal({ seed: 1 }).getConfig(), { gain: 1, seed: 1 });
    assert.deepEqual(new Zeros().getConfig(), {});
  });
});
