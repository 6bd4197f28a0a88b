/**
 * Parsing the JSON of a model file (or of `modelFromJSON`) with a bound on its nesting, checked before anything
 * walks it: the readers after this one recurse, and a hostile `[[[[…]]]]` 10⁵ levels deep would exhaust their stack.
 */

import { describe } from '../core/errors.js';

/**
 * How deeply a model file's JSON may nest arrays and objects, counted from the document's root: `[]` is 1 level,
 * `{"a": [1]}` is 2. The deepest legitimate document (a compiled model's optimizer with a learning-rate schedule)
 * is about 8 levels deep.
 */
export const MAX_JSON_DEPTH = 32;

/** Reports a problem at a JSON path (`$.config.layers[0]`); the caller throws its typed error. */
export type JsonFail = (path: string, detail: string) => never;

/** `.key` where the key reads as an identifier, else `["key"]` (clipped, so a 1 MB key makes no 1 MB message). */
function pathStep(key: string | number): string {
  if (typeof key === 'number') return `[${key}]`;
  return /^[A-Za-z_$][\w$]{0,63}$/.test(key) ? `.${key}` : `[${describe(key)}]`;
}

interface Frame {
  readonly value: object;
  readonly depth: number;
  readonly parent: Frame | undefined;
  readonly key: string | number;
}

function pathOf(frame: Frame): string {
  const steps: string[] = [];
  for (let f: Frame | undefined = frame; f?.parent; f = f.parent) steps.push(pathStep(f.key));
  return `$${steps.reverse().join('')}`;
}

/**
 * The path of the first container nested more than `maxDepth` levels deep in `root`, or `undefined` when there is
 * none. The walk keeps its own stack, so any depth is measured without recursion.
 * @example `findTooDeep(JSON.parse('[[[1]]]'), 2)` // '$[0][0]'
 */
export function findTooDeep(root: unknown, maxDepth: number = MAX_JSON_DEPTH): string | undefined {
  if (typeof root !== 'object' || root === null) return undefined;
  const top: Frame = { value: root, depth: 1, parent: undefined, key: '' };
  if (top.depth > maxDepth) return pathOf(top);
  const stack: Frame[] = [top];
  for (let frame = stack.pop(); frame; frame = stack.pop()) {
    const entries: [string | number, unknown][] = Array.isArray(frame.value)
      ? frame.value.map((v, i) => [i, v])
      : Object.entries(frame.value);
    for (const [key, value] of entries) {
      if (typeof value !== 'object' || value === null) continue;
      const child: Frame = { value, depth: frame.depth + 1, parent: frame, key };
      if (child.depth > maxDepth) return pathOf(child);
      stack.push(child);
    }
  }
  return undefined;
}

/**
 * `JSON.parse` (V8's is iterative: any depth parses) followed by {@link findTooDeep}.
 * @throws whatever `fail` throws: for malformed JSON at `$`, for nesting past {@link MAX_JSON_DEPTH} at its path.
 */
export function parseJson(text: string, fail: JsonFail): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    fail('$', `malformed JSON: ${(e as Error).message}`);
  }
  const deep = findTooDeep(value);
  if (deep !== undefined)
    fail(deep, `nested more than ${MAX_JSON_DEPTH} levels deep (no model nests its JSON so deeply)`);
  return value;
}
