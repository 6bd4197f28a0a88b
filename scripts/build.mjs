// `npm run build`, and `prepare`: compiles src/ into dist/, the package's entry points (tsc -p tsconfig.build.json).
// npm runs `prepare` at `npm install` in a checkout, at `npm pack`, and when a project installs Dendrite from a git
// URL or a folder, so that every route ends with a dist/. dist/ is emptied first: a file deleted from src/ must not
// linger in the package.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const config = join(root, 'tsconfig.build.json');

// A packed copy (the tarball, or a folder unpacked from one) ships dist/ without the sources: nothing to build,
// and its dist/ must survive.
if (!existsSync(config)) process.exit(0);

let tsc;
try {
  tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
} catch {
  // npm links a folder dependency without installing its devDependencies; say so rather than `tsc: not found`.
  process.stderr.write(
    `dendrite: building dist/ needs TypeScript, a devDependency; run \`npm install\` in ${root} first\n`,
  );
  process.exit(1);
}
rmSync(join(root, 'dist'), { recursive: true, force: true });
const r = spawnSync(process.execPath, [tsc, '-p', config], { stdio: 'inherit' });
process.exit(r.status ?? 1);
