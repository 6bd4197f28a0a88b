import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getNumThreads, setBackend, setNumThreads, ValueError } from '../../src/node.js';

test('setNumThreads names the argument, the expectation and the value it received', () => {
  assert.throws(
    () => setNumThreads(0),
    new ValueError('Invalid value received for argument `n`. Expected a positive integer. Received: n=0'),
  );
  assert.throws(() => setNumThreads(1.5), ValueError);
});

test('the TypeScript backend reports one thread whatever setNumThreads said', () => {
  setBackend('ts');
  setNumThreads(2);
  assert.equal(getNumThreads(), 1);
});
