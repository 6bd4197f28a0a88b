import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ValueError } from '../../src/index.js';
import { pythonFormat, pythonRepr } from '../../src/training/callbacks/python-format.js';

// Expected strings come from CPython 3 (`format(value, spec)`), including its round-half-even of the exact
// binary value, which JavaScript's toFixed does not do (0.625.toFixed(2) is '0.63').
const FLOATS: [number, string, string][] = [
  [0.41234, '.2f', '0.41'],
  [0.625, '.2f', '0.62'],
  [0.875, '.2f', '0.88'],
  [2.5, '.0f', '2'],
  [9.995, '.2f', '9.99'],
  [-0, '.2f', '-0.00'],
  [1e22, '.1f', '10000000000000000000000.0'],
  [0.012345, '.4e', '1.2345e-02'],
  [9.9999, '.3e', '1.000e+01'],
  [123456, 'e', '1.234560e+05'],
  [1234567, 'g', '1.23457e+06'],
  [0.0001234, '.3g', '0.000123'],
  [12, '.3', '12.0'],
  [123, '.3', '1.23e+02'],
  [0.123, '.1%', '12.3%'],
  [1234.5, ',.1f', '1,234.5'],
  [0.5, '+.2f', '+0.50'],
  [-0.001, 'z.2f', '0.00'],
  [3, '^9.1f', '   3.0   '],
  [Infinity, '08.2f', '00000inf'],
  [Number.NaN, '.2f', 'nan'],
  [Number.NaN, 'E', 'NAN'],
  [0.1, '', '0.1'],
  [1, '', '1.0'],
];

describe('pythonFormat', () => {
  test('float fields match Python', () => {
    for (const [value, spec, expected] of FLOATS) {
      assert.equal(pythonFormat(`{x:${spec}}`, { x: value }), expected, `format(${value}, '${spec}')`);
    }
  });

  test('integer fields match Python', () => {
    const cases: [number, string, string][] = [
      [5, '', '5'],
      [5, '02d', '05'],
      [123, '02d', '123'],
      [7, '.2f', '7.00'],
      [1234567, ',', '1,234,567'],
      [255, '#x', '0xff'],
      [-5, '05d', '-0005'],
    ];
    for (const [value, spec, expected] of cases) {
      assert.equal(pythonFormat(`{epoch:${spec}}`, { epoch: value }, ['epoch']), expected, `'${spec}'`);
    }
  });

  test('a checkpoint path with several fields, braces and conversions', () => {
    const values = { epoch: 3, loss: 0.123456, val_loss: 0.41234 };
    assert.equal(
      pythonFormat('ckpt/{epoch:02d}-{val_loss:.2f}-{loss:.4e}.keras', values, ['epoch']),
      'ckpt/03-0.41-1.2346e-01.keras',
    );
    assert.equal(pythonFormat('{{epoch}}-{epoch}-{loss!r:>10}', values, ['epoch']), '{epoch}-3-  0.123456');
  });

  test('an unknown key names the key and the available keys', () => {
    assert.throws(
      () => pythonFormat('w-{acc:.2f}', { epoch: 1, loss: 0.5 }, ['epoch']),
      (e: Error) => e instanceof ValueError && /no value named "acc"\. Available keys: epoch, loss/.test(e.message),
    );
  });

  test('rejects what Python rejects, and fields it cannot serve', () => {
    const reject = (template: string, pattern: RegExp) =>
      assert.throws(() => pythonFormat(template, { epoch: 1, loss: 0.5 }, ['epoch']), pattern, template);
    reject('{loss:d}', /format code 'd' needs an integer/);
    reject('{loss:q}', /unknown format code 'q'/);
    reject('{epoch:.2}', /precision is not allowed/);
    reject('{loss:.2f', /unmatched '\{'/);
    reject('loss}', /single '\}'/);
    reject('{}', /positional field/);
    reject('{0}', /positional field/);
    reject('{loss:.{p}f}', /nested fields/);
    reject('{loss.real}', /attribute or index/);
    reject('{loss!x}', /unknown conversion/);
  });
});

describe('pythonRepr', () => {
  test('matches Python repr(float)', () => {
    const cases: [number, string][] = [
      [1, '1.0'],
      [0.1, '0.1'],
      [0.1 + 0.2, '0.30000000000000004'],
      [1e-5, '1e-05'],
      [0.0001, '0.0001'],
      [1e16, '1e+16'],
      [1234567890123456, '1234567890123456.0'],
      [1.5e300, '1.5e+300'],
      [-0, '-0.0'],
      [-2.5, '-2.5'],
      [Number.NaN, 'nan'],
      [-Infinity, '-inf'],
    ];
    for (const [value, expected] of cases) assert.equal(pythonRepr(value), expected);
  });
});
