import { before, describe } from 'node:test';
import { ENGINE } from '../../src/core/engine.js';
import { setBackend } from '../../src/node.js';

/**
 * Backends the conformance suites run on: every registered backend by default, or the
 * comma-separated list in DENDRITE_BACKENDS (e.g. `DENDRITE_BACKENDS=native npm test`).
 */
export const BACKENDS: readonly string[] = process.env.DENDRITE_BACKENDS
  ? process.env.DENDRITE_BACKENDS.split(',').filter(Boolean)
  : ENGINE.backendNames();

/**
 * Tests a backend may skip, each with its reason. Empty for the reference backend;
 * a new backend lists what it does not support yet, one reason per line.
 */
export const SKIPS: Readonly<Record<string, Readonly<Record<string, string>>>> = {};

/** Runs `fn` once per backend under test, inside a describe block named after it. */
export function describeEachBackend(name: string, fn: (backend: string) => void): void {
  for (const backend of BACKENDS) {
    describe(`${name} [${backend}]`, () => {
      before(() => setBackend(backend));
      fn(backend);
    });
  }
}

/** The reason to skip `testName` on `backend`, or undefined (pass to `test(name, { skip })`). */
export function skipReason(backend: string, testName: string): string | undefined {
  return SKIPS[backend]?.[testName];
}
