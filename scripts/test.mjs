// The whole suite: type-check and compile (tsc), lint and format check (Biome), then Node's test runner
// over every compiled *.test.js. Extra arguments go to `node --test` (e.g. --test-name-pattern=softmax).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

// Only tsc's output: build/ also holds the native addon (build/Release, from node-gyp at `npm install`).
for (const dir of ['src', 'test', 'bench', 'examples']) rmSync(join('build', dir), { recursive: true, force: true });
run('npx', ['tsc', '-p', 'tsconfig.json']);
if (!process.env.SKIP_LINT) run('npx', ['biome', 'check', '.']);
// Every test process starts by loading the Node entry point, as `import 'dendrite'` does under Node (the package's
// `node` condition): the native backend and file paths are there even for a test that imports src/index.js, the
// platform-neutral root. test/browser/ checks that root on its own, in Chromium.
run(process.execPath, [
  '--expose-gc',
  `--import=${pathToFileURL(join('build', 'src', 'node.js')).href}`,
  '--test',
  '--test-reporter=tap',
  '--test-concurrency=2',
  ...process.argv.slice(2),
  'build/src/',
  'build/test/',
]);
