// Regularizer, constraint and initializer options are strict: an unknown key is an UnknownOptionError with a
// suggestion (Keras raises TypeError "unexpected keyword argument"), and a bad value a ValueError naming it.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { constraints, initializers, regularizers, UnknownOptionError, ValueError } from '../../src/index.js';

/** `fn` throws an UnknownOptionError whose message is exactly `message`. */
function unknownOption(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof UnknownOptionError, `expected UnknownOptionError, got ${e}`);
    assert.equal(e.message, message);
    return true;
  });
}

describe('regularizers', () => {
  test('unknown keys, in the factories and the classes', () => {
    unknownOption(
      () => regularizers.l1l2({ l_1: 0.1 } as never),
      'regularizers.l1l2: unknown option `l_1`; did you mean `l1`? Expected one of l1, l2. Received: l_1=0.1',
    );
    unknownOption(
      () => new regularizers.L1L2({ l1: 0.1, l3: 0.2 } as never),
      'L1L2: unknown option `l3`; did you mean `l1`? Expected one of l1, l2. Received: l3=0.2',
    );
    unknownOption(
      () => regularizers.l1({ l2: 0.1 } as never),
      'L1: unknown option `l2`; did you mean `l1`? Expected one of l1. Received: l2=0.1',
    );
    unknownOption(
      () => regularizers.l2({ weight: 0.1 } as never),
      'L2: unknown option `weight`. Expected one of l2. Received: weight=0.1',
    );
    unknownOption(
      () => new regularizers.OrthogonalRegularizer({ factor: 0.1, mod: 'rows' } as never),
      'OrthogonalRegularizer: unknown option `mod`; did you mean `mode`? Expected one of factor, mode. Received: mod="rows"',
    );
  });

  test('negative, NaN and infinite factors are ValueErrors naming the factor (Keras 3: validate_float_arg)', () => {
    // Keras 3.15: L1(-0.1), L1(nan), L1(inf) raise "Invalid value for argument l1: expected a non-negative float".
    for (const [bad, shown] of [
      [-0.1, '-0.1'],
      [Number.NaN, 'NaN'],
      [Number.POSITIVE_INFINITY, 'Infinity'],
    ] as const) {
      const expected = (arg: string, owner: string) =>
        `Invalid value received for argument \`${arg}\` of ${owner}. Expected a non-negative finite number. Received: ${arg}=${shown}`;
      const is = (arg: string, owner: string) => (e: unknown) =>
        e instanceof ValueError && e.message === expected(arg, owner);
      assert.throws(() => regularizers.l1(bad), is('l1', 'L1'));
      assert.throws(() => regularizers.l2({ l2: bad }), is('l2', 'L2'));
      assert.throws(() => regularizers.l1l2(0.01, bad), is('l2', 'L1L2'));
      assert.throws(() => regularizers.l1l2({ l1: bad }), is('l1', 'L1L2'));
      assert.throws(
        () => new regularizers.OrthogonalRegularizer({ factor: bad }),
        is('factor', 'OrthogonalRegularizer'),
      );
    }
    assert.equal(regularizers.l1(0).l1, 0, 'zero is allowed, as in Keras');
    assert.throws(
      () => regularizers.l1(null as never),
      /^ValueError: L1: the options must be an object\. Received: null$/,
    );
  });
});

describe('constraints', () => {
  test('unknown keys, in the factories and the classes', () => {
    unknownOption(
      () => constraints.maxNorm({ max_value: 2 } as never),
      'MaxNorm: unknown option `max_value`; did you mean `maxValue`? Expected one of maxValue, axis. Received: max_value=2',
    );
    unknownOption(
      () => constraints.unitNorm({ axes: 1 } as never),
      'UnitNorm: unknown option `axes`; did you mean `axis`? Expected one of axis. Received: axes=1',
    );
    unknownOption(
      () => constraints.minMaxNorm({ minValue: 0.5, maxvalue: 1 } as never),
      'MinMaxNorm: unknown option `maxvalue`; did you mean `maxValue`? Expected one of minValue, maxValue, rate, axis. Received: maxvalue=1',
    );
    unknownOption(
      () => new constraints.NonNeg({ axis: 0 } as never),
      'NonNeg: unknown option `axis`. Expected one of . Received: axis=0',
    );
    unknownOption(
      () => constraints.deserializeConstraint({ className: 'NonNeg', config: { axis: 0 } }),
      'NonNeg: unknown option `axis`. Expected one of . Received: axis=0',
    );
  });

  test('maxNorm(-1) and maxValue 0 name maxValue', () => {
    assert.throws(
      () => constraints.maxNorm(-1),
      /^ValueError: Invalid value received for argument `maxValue` of MaxNorm\. Expected a positive finite number\. Received: maxValue=-1$/,
    );
    assert.throws(
      () => constraints.maxNorm({ maxValue: 0 }),
      /Expected a positive finite number\. Received: maxValue=0$/,
    );
  });
});

describe('initializers', () => {
  test('unknown keys in every class and factory', () => {
    unknownOption(
      () => initializers.glorotUniform({ sed: 1 } as never),
      'GlorotUniform: unknown option `sed`; did you mean `seed`? Expected one of seed. Received: sed=1',
    );
    unknownOption(
      () => initializers.randomNormal({ std: 1 } as never),
      'RandomNormal: unknown option `std`. Expected one of mean, stddev, seed. Received: std=1',
    );
    unknownOption(
      () => initializers.randomUniform({ minVal: -1 } as never),
      'RandomUniform: unknown option `minVal`; did you mean `minval`? Expected one of minval, maxval, seed. Received: minVal=-1',
    );
    unknownOption(
      () => initializers.varianceScaling({ scale: 2, distrib: 'uniform' } as never),
      'VarianceScaling: unknown option `distrib`. Expected one of scale, mode, distribution, seed. Received: distrib="uniform"',
    );
    unknownOption(
      () => initializers.constant({ val: 1 } as never),
      'Constant: unknown option `val`. Expected one of value. Received: val=1',
    );
    unknownOption(
      () => initializers.orthogonal({ gain: 1, seeds: 1 } as never),
      'Orthogonal: unknown option `seeds`; did you mean `seed`? Expected one of gain, seed. Received: seeds=1',
    );
    unknownOption(
      () => new initializers.Zeros({ value: 1 } as never),
      'Zeros: unknown option `value`. Expected one of . Received: value=1',
    );
    for (const [make, name] of [
      [(o: object) => new initializers.GlorotNormal(o), 'GlorotNormal'],
      [(o: object) => new initializers.HeUniform(o), 'HeUniform'],
      [(o: object) => new initializers.HeNormal(o), 'HeNormal'],
      [(o: object) => new initializers.LecunUniform(o), 'LecunUniform'],
      [(o: object) => new initializers.LecunNormal(o), 'LecunNormal'],
      [(o: object) => new initializers.TruncatedNormal(o), 'TruncatedNormal'],
      [(o: object) => new initializers.Identity(o), 'Identity'],
      [(o: object) => new initializers.Ones(o as never), 'Ones'],
    ] as const) {
      assert.throws(
        () => make({ mode: 'fanIn' }),
        (e: unknown) => e instanceof UnknownOptionError && e.owner === name && e.option === 'mode',
        name,
      );
    }
  });
});
