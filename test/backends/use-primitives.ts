// Imported first by suites-on-primitives.test.ts: points the conformance suites it imports next at the
// primitive-only backend (describeEachBackend reads DENDRITE_BACKENDS when test/util/backends.ts loads), and makes it
// the active backend for the suites that do not go through describeEachBackend.
import { setBackend } from '../../src/index.js';
import { PRIMITIVE } from './primitive-backend.js';

process.env.DENDRITE_BACKENDS = PRIMITIVE;
setBackend(PRIMITIVE);
