#!/usr/bin/env node
// The `dendrite` command (`npx dendrite`, `npm start`). The CLI is TypeScript compiled either to dist/ (an
// installed package, `npm run build`) or to build/ (a working copy, `npm run compile`). The working copy wins
// when both exist, so `npm start` always runs what was just compiled; with neither, say how to build.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const candidates = ['../build/src/cli/main.js', '../dist/cli/main.js'].map((p) => new URL(p, import.meta.url));
const cli = candidates.find((url) => existsSync(fileURLToPath(url)));
if (!cli) {
  process.stderr.write(
    'dendrite: the CLI is not compiled yet. Run `npm run compile` (or `npm start`) first; installed from git, ' +
      'Dendrite builds dist/ in its prepare script, which --ignore-scripts skips.\n',
  );
  process.exit(1);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
