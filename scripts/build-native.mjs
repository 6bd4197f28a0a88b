// `npm install` / `npm run build:native`: builds the native backend (binding.gyp → build/Release/dendrite_native.node)
// with the node-gyp that npm bundles. Installation must succeed without it, so any failure prints one line, records
// the reason in build/native-unavailable.txt (Dendrite's loader reports it) and exits 0; Dendrite then runs on the
// TypeScript backend. DENDRITE_SKIP_NATIVE=1 skips the build.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const marker = join(root, 'build', 'native-unavailable.txt');

function unavailable(reason) {
  const line = reason.replace(/\s+/g, ' ').trim().slice(0, 400);
  process.stderr.write(`dendrite: native backend unavailable (${line}); using the TypeScript backend\n`);
  try {
    mkdirSync(dirname(marker), { recursive: true });
    writeFileSync(marker, `${line}\n`);
  } catch {
    // The message above is what matters; the marker only improves the loader's explanation.
  }
  process.exit(0);
}

try {
  if (process.env.DENDRITE_SKIP_NATIVE === '1') unavailable('DENDRITE_SKIP_NATIVE=1');
  // npm installs a git dependency by running `npm install` in a throw-away clone (for `prepare`, which builds dist/),
  // packing that clone and installing the tarball, whose own `install` builds the addon where it stays. Building it in
  // the clone as well would cost a minute for nothing. npm's pacote marks that install with _PACOTE_NO_PREPARE_.
  if (process.env._PACOTE_NO_PREPARE_) {
    process.stdout.write('dendrite: native backend left to the installed copy (npm is preparing a git dependency)\n');
    process.exit(0);
  }
  rmSync(marker, { force: true });
  // npm sets npm_config_node_gyp for its scripts; otherwise look beside the npm that ships with this Node.
  const candidates = [
    process.env.npm_config_node_gyp,
    join(dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
  ].filter((p) => p && existsSync(p));
  const gyp = candidates[0];
  if (!gyp) unavailable('node-gyp not found (it ships with npm)');
  // `configure` + `build`, not `rebuild`: node-gyp's clean step deletes all of build/, which also holds tsc's output
  // (build/src, build/test, …). Remove just the old addon, so that a failed build cannot leave a stale one behind.
  rmSync(join(root, 'build', 'Release', 'dendrite_native.node'), { force: true });
  const nodedir = [];
  // Outside npm (no npm_config_nodedir), build against the headers installed beside this Node when there are any,
  // rather than letting node-gyp try to download them.
  const prefix = join(dirname(process.execPath), '..');
  if (!process.env.npm_config_nodedir && existsSync(join(prefix, 'include', 'node', 'node_api.h'))) {
    nodedir.push(`--nodedir=${prefix}`);
  }
  for (const step of ['configure', 'build']) {
    const r = spawnSync(process.execPath, [gyp, step, ...nodedir], { cwd: root, encoding: 'utf8' });
    if (r.error) unavailable(`node-gyp could not start: ${r.error.message}`);
    if (r.status === 0) continue;
    const log = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
    const cause = log
      .split('\n')
      .find(
        (l) =>
          /error|not found|No such/i.test(l) &&
          !/gyp ERR! (stack|System|command|cwd|node -v|node-gyp -v|not ok)/.test(l),
      );
    unavailable(`node-gyp ${step} failed: ${cause ?? `exit status ${r.status}`}`);
  }
  if (!existsSync(join(root, 'build', 'Release', 'dendrite_native.node'))) {
    unavailable('node-gyp finished but build/Release/dendrite_native.node is missing');
  }
  process.stdout.write('dendrite: native backend built (build/Release/dendrite_native.node)\n');
} catch (e) {
  unavailable(`unexpected error: ${e instanceof Error ? e.message : String(e)}`);
}
