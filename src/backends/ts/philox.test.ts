import assert from 'node:assert/strict';
import { test } from 'node:test';
import { philoxBlock } from './philox.js';

test('Philox4x32-10 matches the Random123 known-answer vector (counter 0, key 0)', () => {
  const out = new Uint32Array(4);
  philoxBlock(0, 0, 0, out);
  assert.deepEqual(Array.from(out), [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]);
});

test('different counters and keys give different blocks', () => {
  const a = new Uint32Array(4);
  const b = new Uint32Array(4);
  philoxBlock(0, 0, 1, a);
  philoxBlock(1, 0, 0, b);
  assert.notDeepEqual(Array.from(a), [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]);
  assert.notDeepEqual(Array.from(a), Array.from(b));
});
