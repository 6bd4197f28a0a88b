#!/usr/bin/env node
// The `dendrite` command (`npx dendrite`, `npm start`). The CLI is TypeScript compiled to build/; a fresh clone
// has no build/ until `npm run compile`, so this launcher says so instead of failing on a missing module.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../build/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('dendrite: the CLI is not compiled yet. Run `npm run compile` (or `npm start`) first.\n');
  process.exit(1);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
