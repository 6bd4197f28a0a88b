import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ValueError } from '../../src/core/errors.js';
import { loadCsv, parseCsv } from '../../src/data/node.js';

const dir = mkdtempSync(join(tmpdir(), 'dendrite-csv-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Asserts a ValueError whose message contains every fragment. */
async function rejects(promise: Promise<unknown>, ...fragments: string[]): Promise<void> {
  await assert.rejects(promise, (e: Error) => {
    assert.ok(e instanceof ValueError, `${e.name}: ${e.message}`);
    for (const f of fragments) assert.ok(e.message.includes(f), `"${e.message}" lacks "${f}"`);
    return true;
  });
}

test('loadCsv: numeric features and string classes, named in order of first appearance', async () => {
  const path = file(
    'iris.csv',
    'sepal_length,sepal_width,species\n5.1,3.5,setosa\n7.0,3.2,versicolor\n6.3,3.3,virginica\n4.9,3.0,setosa\n',
  );
  const d = await loadCsv(path, { target: 'species' });
  assert.equal(d.name, 'iris');
  assert.equal(d.numSamples, 4);
  assert.equal(d.numFeatures, 2);
  assert.equal(d.numClasses, 3);
  assert.deepEqual(d.classNames, ['setosa', 'versicolor', 'virginica']);
  assert.deepEqual(Array.from(d.labels), [0, 1, 2, 0]);
  assert.deepEqual(d.features, Float32Array.from([5.1, 3.5, 7.0, 3.2, 6.3, 3.3, 4.9, 3.0]));
  assert.match(d.description, /4 rows, 2 numeric features, target "species" \(3 classes\)/);
});

test('loadCsv: an integer target is used as class ids, in any column position; CRLF, spaces and exponents', async () => {
  const path = file('ids.csv', 'label, x , y\r\n2, 1e-3 ,-4\r\n0,+.5,6.\r\n\r\n1,7,8\r\n');
  const d = await loadCsv(path, { target: 'label' });
  assert.deepEqual(Array.from(d.labels), [2, 0, 1]);
  assert.equal(d.numClasses, 3);
  assert.equal(d.classNames, undefined);
  assert.deepEqual(d.features, Float32Array.from([0.001, -4, 0.5, 6, 7, 8]));
  // Ids need not all appear: the largest id sets numClasses.
  assert.equal(parseCsv('x,y\n1,0\n2,4\n', { target: 'y' }).numClasses, 5);
});

test('loadCsv: RFC 4180 quoting (delimiters, doubled quotes and line breaks inside quotes), other delimiters', async () => {
  const text = '\uFEFF"x","the ""label"", quoted"\n"1.5","a, b"\n2,"line\nbreak"\n"3", "a, b"\n';
  const d = await loadCsv(file('quoted.csv', text), { target: 'the "label", quoted' });
  assert.deepEqual(d.classNames, ['a, b', 'line\nbreak']);
  assert.deepEqual(Array.from(d.labels), [0, 1, 0]);
  assert.deepEqual(d.features, Float32Array.from([1.5, 2, 3]));
  const tsv = parseCsv('x\ty\tclass\n1\t2\tno\n3\t4\tyes\n', { target: 'class', delimiter: '\t' });
  assert.deepEqual(tsv.features, Float32Array.from([1, 2, 3, 4]));
  const semi = parseCsv('x;class\n"1.5";"a;b"\n', { target: 'class', delimiter: ';' });
  assert.deepEqual([semi.numSamples, semi.classNames], [1, ['a;b']]);
});

test('loadCsv: a missing file names the path', async () => {
  const path = join(dir, 'nope', 'missing.csv');
  await rejects(loadCsv(path, { target: 'y' }), 'cannot read the CSV file', JSON.stringify(path), 'no such file');
  await rejects(loadCsv(dir, { target: 'y' }), 'it is a directory');
});

test('loadCsv: a target that is not a column lists the columns', async () => {
  const path = file('cols.csv', 'a,b,label\n1,2,3\n');
  await rejects(loadCsv(path, { target: 'class' }), `${path} has no column "class"`, 'one of: "a", "b", "label"');
});

test('loadCsv: a non-numeric or empty cell names the file, the line (header = 1), the column and the text', async () => {
  const path = file('bad.csv', 'age,height,label\n31,1.80,a\n27,"1,75",b\n40,1.62,a\n');
  await rejects(
    loadCsv(path, { target: 'label' }),
    `${path}, line 3, column "height"`,
    'expected a number',
    'Received: "1,75"',
  );
  const empty = file('empty-cell.csv', 'age,height,label\n31,1.80,a\n\n27,1.7,b\n,1.62,a\n');
  await rejects(loadCsv(empty, { target: 'label' }), `${empty}, line 5, column "age"`, 'Received: an empty cell');
  // A quoted line break moves the lines after it: the count is of lines in the file, not of records.
  const multi = file('multi.csv', 'x,label\n1,"two\nlines"\nn/a,c\n');
  await rejects(loadCsv(multi, { target: 'label' }), `${multi}, line 4, column "x"`, 'Received: "n/a"');
  for (const text of ['NaN', 'Infinity', '0x10', '1,2']) {
    assert.throws(() => parseCsv(`x,y\n"${text}",0\n`, { target: 'y' }), /expected a number/, text);
  }
});

test('parseCsv: every other malformed input is a ValueError that says where', () => {
  const cases: [string, object, RegExp][] = [
    ['', { target: 'y' }, /is empty\. Expected a header row/],
    ['x,y\n', { target: 'y' }, /a header but no data rows/],
    ['x,y\n1,0\n2\n', { target: 'y' }, /line 3: expected 2 cells .* Received: 1/],
    ['x,y\n1,"0\n', { target: 'y' }, /line 2: a quoted cell is never closed/],
    ['x,y\n1,"a"b\n', { target: 'y' }, /line 2: unexpected "b" after a quoted cell/],
    ['x,y\n1,\n', { target: 'y' }, /line 2, column "y": the label is empty/],
    ['x,x,y\n1,2,0\n', { target: 'y' }, /line 1: the column name "x" appears twice/],
    ['y\n1\n', { target: 'y' }, /only the target column/],
    [
      'x,y\n1,0\n',
      {},
      /argument `target` of parseCsv\. Expected the name of the label column\. Received: target=undefined/,
    ],
    ['x,y\n1,0\n', { target: 'y', delimiter: '::' }, /argument `delimiter` of parseCsv/],
    ['x,y\n1,0\n', { target: 'y', sep: ';' }, /unknown option `sep`/],
  ];
  for (const [text, options, message] of cases) {
    assert.throws(
      () => parseCsv(text, options as { target: string }),
      (e: Error) => e instanceof ValueError && message.test(e.message),
      message.source,
    );
  }
});
