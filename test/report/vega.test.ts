import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MissingDependencyError } from '../../src/core/errors.js';
import { loadVega, missingVega } from '../../src/report/vega.js';

/** What Node throws for `import('vega')` where the package is not installed. */
function notFound(name: string): Error {
  return Object.assign(new Error(`Cannot find package '${name}' imported from /project/dist/report/vega.js`), {
    code: 'ERR_MODULE_NOT_FOUND',
  });
}

test('vega or vega-lite not installed: a MissingDependencyError that names both and the command', () => {
  for (const name of ['vega', 'vega-lite']) {
    const e = missingVega(notFound(name), 'dendrite compare draws its report');
    assert.ok(e instanceof MissingDependencyError);
    assert.equal(e.name, 'MissingDependencyError');
    assert.deepEqual(e.packages, ['vega', 'vega-lite']);
    assert.equal(
      e.message,
      'dendrite compare draws its report with vega and vega-lite (optional dependencies of dendrite, not installed): ' +
        'npm install vega vega-lite',
    );
  }
});

test('any other failure to import passes through unchanged (a package missing inside vega is not "install vega")', () => {
  const inner = notFound('d3-array');
  assert.equal(missingVega(inner, 'x'), inner);
  const other = new SyntaxError('Unexpected token');
  assert.equal(missingVega(other, 'x'), other);
  assert.equal(missingVega(undefined, 'x'), undefined);
});

test('installed (as in this working copy): both load, once', async () => {
  const a = await loadVega();
  assert.equal(typeof a.vega.View, 'function');
  assert.equal(typeof a.vegaLite.compile, 'function');
  assert.equal(await loadVega(), a);
});
