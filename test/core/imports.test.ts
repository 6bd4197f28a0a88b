import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

// Levels of the architecture, lowest first. A file may import its own level or lower ones only.
// Backends implement the interface and may use the pure helpers of core (dtype, shape, errors, and the size guard
// that every allocation passes), nothing else.
const LEVELS: Record<string, number> = {
  core: 0,
  ops: 1,
  gradients: 2,
  activations: 3,
  initializers: 3,
  regularizers: 3,
  constraints: 3,
  losses: 3,
  metrics: 3,
  optimizers: 3,
  data: 3,
  layers: 4,
  training: 5,
  models: 6,
  io: 7,
  cli: 8,
  report: 8,
};
const BACKEND_ALLOWED = ['backends/', 'core/dtype.ts', 'core/shape.ts', 'core/errors.ts', 'core/memory-limit.ts'];
const CORE_MAY_USE = ['backends/backend.ts', 'backends/kernel-names.ts'];

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'|^\s*import\s+'([^']+)'/gm)];
  return specs
    .map((m) => m[1] ?? m[2])
    .filter((s): s is string => s?.startsWith('.') ?? false)
    .map((s) => relative(root, resolve(dirname(file), s.replace(/\.js$/, '.ts'))));
}

const layerOf = (path: string): number => LEVELS[path.split('/')[0] ?? ''] ?? -1;

test('imports point one way: core ← ops ← gradients ← (regularizers, losses, …) ← layers ← training ← models ← cli; backends see only the interface', () => {
  const violations: string[] = [];
  for (const file of sources(root)) {
    const from = relative(root, file);
    if (from === 'index.ts' || from === 'node.ts') continue; // the entry points wire everything together
    for (const to of importsOf(file)) {
      // The command line and the report are the package's users: they may use its public root.
      if ((to === 'index.ts' || to === 'node.ts') && layerOf(from) >= (LEVELS.cli as number)) continue;
      if (from.startsWith('backends/')) {
        if (!BACKEND_ALLOWED.some((p) => to.startsWith(p))) violations.push(`${from} → ${to}`);
        continue;
      }
      if (to.startsWith('backends/')) {
        if (!CORE_MAY_USE.includes(to)) violations.push(`${from} → ${to} (only the backend interface is visible)`);
        continue;
      }
      const a = layerOf(from);
      const b = layerOf(to);
      if (a < 0 || b < 0) violations.push(`${from} → ${to} (unknown layer)`);
      else if (b > a) violations.push(`${from} → ${to} (upward)`);
    }
  }
  assert.deepEqual(violations, []);
});

test('the import scanner sees imports (guards against a regex that silently matches nothing)', () => {
  const engine = importsOf(join(root, 'core/engine.ts'));
  assert.ok(engine.includes('core/tensor.ts'), `found: ${engine.join(', ')}`);
});
