import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CONSTRAINT_NAMES,
  type Constraint,
  type ConstraintString,
  deserializeConstraint,
  FunctionConstraint,
  getConstraint,
  MaxNorm,
  MinMaxNorm,
  NonNeg,
  serializeConstraint,
  UnitNorm,
} from '../../src/constraints/index.js';
import { clipByValue, tensor } from '../../src/index.js';
import { assertClose } from '../util/assert.js';

const IDENTIFIERS: [ConstraintString, new () => Constraint][] = [
  ['maxNorm', MaxNorm],
  ['max_norm', MaxNorm],
  ['MaxNorm', MaxNorm],
  ['nonNeg', NonNeg],
  ['non_neg', NonNeg],
  ['NonNeg', NonNeg],
  ['unitNorm', UnitNorm],
  ['unit_norm', UnitNorm],
  ['UnitNorm', UnitNorm],
  ['minMaxNorm', MinMaxNorm],
  ['min_max_norm', MinMaxNorm],
  ['MinMaxNorm', MinMaxNorm],
];

describe('getConstraint', () => {
  for (const [id, cls] of IDENTIFIERS) {
    test(`'${id}' → ${cls.name} with default options`, () => {
      const c = getConstraint(id);
      assert.ok(c instanceof cls);
      assert.deepEqual(c.getConfig(), new cls().getConfig());
    });
  }

  test('the names list matches', () =>
    assert.deepEqual(CONSTRAINT_NAMES, ['maxNorm', 'nonNeg', 'unitNorm', 'minMaxNorm']));

  test('null and undefined mean no constraint', () => {
    assert.equal(getConstraint(null), undefined);
    assert.equal(getConstraint(undefined), undefined);
  });

  test('a Constraint is returned as is; a function is wrapped and applied', () => {
    const c = new MaxNorm({ maxValue: 3 });
    assert.equal(getConstraint(c), c);
    const f = getConstraint((w) => clipByValue(w, -1, 1));
    assert.ok(f instanceof FunctionConstraint);
    assertClose(f.apply(tensor([-3, 0.5, 2])), [-1, 0.5, 1]);
  });

  test('{ className, config } deserializes', () => {
    const c = getConstraint({
      className: 'MinMaxNorm',
      config: { minValue: 0.5, maxValue: 2, rate: 0.1, axis: [0, 1] },
    });
    assert.ok(c instanceof MinMaxNorm);
    assert.deepEqual(c.getConfig(), { minValue: 0.5, maxValue: 2, rate: 0.1, axis: [0, 1] });
  });

  test('unknown name, unknown class, wrong type', () => {
    assert.throws(
      () => getConstraint('max_nrom' as never),
      /^ValueError: Unknown constraint\. Expected one of maxNorm, nonNeg, unitNorm, minMaxNorm \(or the snake_case or class name\)\. Received: "max_nrom"$/,
    );
    assert.throws(
      () => getConstraint({ className: 'Clip', config: {} }),
      /^ValueError: Unknown constraint class\. Expected one of MaxNorm, NonNeg, UnitNorm, MinMaxNorm\. Received: "Clip"$/,
    );
    assert.throws(
      () => getConstraint(3 as never),
      /^ValueError: Could not interpret constraint identifier\..*Received: 3$/,
    );
  });
});

describe('constraint configs round-trip', () => {
  const all: Constraint[] = [
    new MaxNorm({ maxValue: 3, axis: 1 }),
    new NonNeg(),
    new UnitNorm({ axis: [0, 1] }),
    new MinMaxNorm({ minValue: 0.2, maxValue: 0.9, rate: 0.3, axis: -1 }),
  ];
  for (const c of all) {
    test(`${c.className}: new Cls(getConfig()) and JSON deserialize give the same config`, () => {
      const Cls = c.constructor as new (config: unknown) => Constraint;
      assert.deepEqual(new Cls(c.getConfig()).getConfig(), c.getConfig());
      const s = serializeConstraint(c);
      assert.deepEqual(serializeConstraint(deserializeConstraint(JSON.parse(JSON.stringify(s)))), s);
    });
  }

  test('configs are Keras’s fields in camelCase', () => {
    assert.deepEqual(new MaxNorm().getConfig(), { maxValue: 2, axis: 0 });
    assert.deepEqual(new MinMaxNorm().getConfig(), { minValue: 0, maxValue: 1, rate: 1, axis: 0 });
    assert.deepEqual(new UnitNorm().getConfig(), { axis: 0 });
    assert.deepEqual(new NonNeg().getConfig(), {});
  });
});
