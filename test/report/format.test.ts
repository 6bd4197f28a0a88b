import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  coefficientFormatter,
  escapeHtml,
  formatCoefficient,
  formatFixed,
  formatNumber,
  formatPercent,
  formatSeconds,
} from '../../src/report/format.js';

test('formatNumber: three significant digits, no trailing zeros, typographic minus, non-finite spelled', () => {
  assert.equal(formatNumber(0.012345), '0.0123');
  assert.equal(formatNumber(1.934), '1.93');
  assert.equal(formatNumber(0.3), '0.3');
  assert.equal(formatNumber(1234.5), '1235');
  assert.equal(formatNumber(-0.25), '−0.25');
  assert.equal(formatNumber(0), '0');
  assert.equal(formatNumber(Number.NaN), 'NaN');
  assert.equal(formatNumber(Number.POSITIVE_INFINITY), '∞');
});

test('formatFixed: fixed decimals, and never a negative zero', () => {
  assert.equal(formatFixed(0.01234, 3), '0.012');
  assert.equal(formatFixed(-0.0001, 3), '0.000');
  assert.equal(formatFixed(-0.027, 3), '−0.027');
});

test('formatPercent: whole percents from 10%, two digits below, one below 1%', () => {
  assert.equal(formatPercent(0.62), '62%');
  assert.equal(formatPercent(0.033), '3.3%');
  assert.equal(formatPercent(0.004), '0.4%');
  assert.equal(formatPercent(0), '0%');
  assert.equal(formatPercent(1), '100%');
});

test('formatCoefficient: exponent form for small values, plain otherwise; one form for a whole sweep', () => {
  assert.equal(formatCoefficient(1e-5), '1e-5');
  assert.equal(formatCoefficient(3.16e-4), '3.16e-4');
  assert.equal(formatCoefficient(0.05), '0.05');
  assert.equal(formatCoefficient(0), '0');
  const c = coefficientFormatter([1e-5, 1e-3, 0.1]);
  assert.deepEqual([1e-5, 0.1, 0].map(c), ['1e-5', '1e-1', '0']);
  assert.equal(coefficientFormatter([0.05, 0.5])(0.5), '0.5');
});

test('formatSeconds', () => {
  assert.equal(formatSeconds(0.42), '0.42 s');
  assert.equal(formatSeconds(73), '1 min 13 s');
});

test('escapeHtml escapes the five characters that can open markup or close an attribute', () => {
  assert.equal(
    escapeHtml(`<script>alert("x" & 'y')</script>`),
    '&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;',
  );
  assert.equal(escapeHtml('L2 + Dropout'), 'L2 + Dropout');
});
