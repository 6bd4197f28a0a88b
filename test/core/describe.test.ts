import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describe } from '../../src/core/errors.js';

/** `[[[…]]]` nested `n` deep, built without recursion. */
function nested(n: number): unknown[] {
  let v: unknown[] = [];
  for (let i = 1; i < n; i++) v = [v];
  return v;
}

test('describe: scalars, strings, typed arrays and class instances as before', () => {
  assert.equal(describe('a"b'), '"a\\"b"');
  assert.equal(describe(-0), '-0');
  assert.equal(describe(Number.NaN), 'NaN');
  assert.equal(describe(null), 'null');
  assert.equal(describe(undefined), 'undefined');
  assert.equal(describe(true), 'true');
  assert.equal(describe(10n), '10n');
  assert.equal(describe(new Float32Array(3)), 'Float32Array(3)');
  assert.equal(describe(new Map()), 'Map');
  assert.equal(describe([null, 784]), '[null,784]');
  assert.equal(describe({ a: 1, b: [2, 'x'] }), '{"a":1,"b":[2,"x"]}');
});

test('describe: a function is named, never printed whole', () => {
  function makeModel() {
    return 'a body that should not appear in an error message';
  }
  assert.equal(describe(makeModel), 'function makeModel');
  assert.equal(
    describe(() => 0),
    'function (anonymous)',
  );
});

test('describe: containers are shown three levels deep', () => {
  assert.equal(describe([1, [2, [3, [4, [5]]]]]), '[1,[2,[3,[…]]]]');
  assert.equal(describe({ a: { b: { c: { d: 1 } } } }), '{"a":{"b":{"c":{…}}}}');
  assert.equal(describe([[[[]]]]), '[[[[]]]]', 'an empty array is shown as such at any depth');
});

test('describe: 10⁵-deep and 10⁶-deep nesting is bounded (the old formatter overflowed the stack)', () => {
  for (const n of [1e5, 1e6]) {
    assert.equal(describe(nested(n)), '[[[[…]]]]');
  }
  const parsed = JSON.parse(`${'['.repeat(1e5)}${']'.repeat(1e5)}`);
  assert.equal(describe(parsed), '[[[[…]]]]');
  let deepObject: Record<string, unknown> = {};
  for (let i = 0; i < 1e5; i++) deepObject = { a: deepObject };
  assert.equal(describe(deepObject), '{"a":{"a":{"a":{…}}}}');
});

test('describe: a long array says how many items it leaves out; a huge one costs no more', () => {
  assert.equal(describe([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), '[1,2,3,4,5,6,7,8,… 2 more]');
  const huge = new Array(2 ** 32 - 1);
  assert.equal(
    describe(huge),
    '[undefined,undefined,undefined,undefined,undefined,undefined,undefined,undefined,… 4294967287 more]',
  );
  const keys = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i]));
  assert.equal(describe(keys), '{"k0":0,"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,… 12 more}');
});

test('describe: the result is at most 200 characters, and a long string inside is clipped first', () => {
  const long = 'x'.repeat(1e6);
  const out = describe(long);
  assert.equal(out.length, 200);
  assert.ok(out.startsWith('"xxx') && out.endsWith('…'));
  const wide = describe(Array.from({ length: 8 }, () => Array.from({ length: 8 }, () => 'y'.repeat(50))));
  assert.equal(wide.length, 200);
  assert.ok(wide.endsWith('…'));
});

test('describe: cycles print as [Circular]', () => {
  const a: unknown[] = [1];
  a.push(a);
  assert.equal(describe(a), '[1,[Circular]]');
  const o: Record<string, unknown> = { name: 'o' };
  o.self = o;
  assert.equal(describe(o), '{"name":"o","self":[Circular]}');
  // A repeat that is not a cycle is shown again.
  const shared = [1];
  assert.equal(describe([shared, shared]), '[[1],[1]]');
});

test('describe: never throws, and runs no getter', () => {
  let ran = false;
  const withGetter = {
    get x() {
      ran = true;
      return 1;
    },
  };
  assert.equal(describe(withGetter), '{"x":[getter]}');
  assert.equal(ran, false);
  const hostile = new Proxy(
    {},
    {
      ownKeys() {
        throw new Error('trap');
      },
      getPrototypeOf() {
        return Object.prototype;
      },
    },
  );
  assert.equal(describe(hostile), 'object');
  assert.equal(describe(Object.create(null)), '{}');
});
