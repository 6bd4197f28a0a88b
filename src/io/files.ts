/**
 * Node file access for model files. `node:fs` is imported inside the functions, so the package root still loads
 * in a browser bundle (where only these two functions fail).
 */

import { describe, ValueError } from '../core/errors.js';

/** What a model file may weigh: the ZIP container has no ZIP64, so 4 GiB. */
const MAX_FILE_SIZE = 0xffffffff;

/**
 * Writes `chunks` to `path` so that the path only ever holds a complete file: the bytes go to a temporary file
 * in the same directory (`.<name>.tmp-<pid>-<random>`), which is flushed to disk (fsync) and renamed over the
 * target, then the directory is flushed so the rename itself survives a power cut. A process killed at any
 * moment leaves either the previous file or the new one; a failure removes the temporary file.
 *
 * Temporary files left by processes that were killed are removed by the next save to the same path.
 * @throws {ValueError} when `overwrite` is false and the path exists.
 */
export async function writeFileAtomic(
  path: string,
  chunks: readonly Uint8Array[],
  { overwrite }: { overwrite: boolean },
): Promise<void> {
  const fs = await import('node:fs/promises');
  const { basename, dirname, join } = await import('node:path');
  const dir = dirname(path);
  const name = basename(path);
  if (!overwrite && (await exists(fs, path))) {
    throw new ValueError(`Cannot save to "${path}": the file exists and \`overwrite\` is false`);
  }
  await removeStaleTemporaries(fs, dir, name);
  const tmp = join(dir, `.${name}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 10)}`);
  try {
    const handle = await fs.open(tmp, 'wx', 0o644);
    try {
      let position = 0;
      for (const chunk of chunks) {
        // write() may write less than asked (a large chunk, a full pipe); go on until the chunk is out.
        let done = 0;
        while (done < chunk.length) {
          const { bytesWritten } = await handle.write(chunk, done, chunk.length - done, position);
          done += bytesWritten;
          position += bytesWritten;
        }
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (overwrite) await fs.rename(tmp, path);
    else {
      // link() fails if the target appeared meanwhile, where rename() would silently replace it.
      try {
        await fs.link(tmp, path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
          throw new ValueError(`Cannot save to "${path}": the file exists and \`overwrite\` is false`);
        }
        throw e;
      }
      await fs.unlink(tmp);
    }
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
  await syncDirectory(fs, dir);
}

type Fs = typeof import('node:fs/promises');

async function exists(fs: Fs, path: string): Promise<boolean> {
  try {
    await fs.lstat(path);
    return true;
  } catch {
    return false;
  }
}

/** Flushes a directory's entries (the rename). Some systems (Windows) cannot open a directory: nothing to do there. */
async function syncDirectory(fs: Fs, dir: string): Promise<void> {
  let handle: Awaited<ReturnType<Fs['open']>> | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Best effort: the file itself is complete and renamed; only durability across a power cut is at stake.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Removes `.<name>.tmp-<pid>-…` files whose process is gone (killed mid-save); a live process's are kept. */
async function removeStaleTemporaries(fs: Fs, dir: string, name: string): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return; // a missing directory makes the write itself fail, with the system's message
  }
  const prefix = `.${name}.tmp-`;
  const { join } = await import('node:path');
  for (const entry of names) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)-[a-z0-9]+$/.exec(entry.slice(prefix.length))?.[1]);
    if (!Number.isSafeInteger(pid) || pid === process.pid || isAlive(pid)) continue;
    await fs.rm(join(dir, entry), { force: true }).catch(() => undefined);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Reads a whole model file, refusing one larger than the format allows before reading it.
 * @param fail reports a problem with the file as a whole.
 */
export async function readModelFile(path: string, fail: (detail: string) => never): Promise<Uint8Array> {
  if (typeof path !== 'string' || path.length === 0) {
    throw new ValueError(`Expected a file path (a non-empty string). Received: ${describe(path)}`);
  }
  const fs = await import('node:fs/promises');
  let handle: Awaited<ReturnType<typeof fs.open>>;
  try {
    handle = await fs.open(path, 'r');
  } catch (e) {
    const code = (e as { code?: string }).code;
    // A missing or unreadable file is the commonest loading mistake: say so in the file's own terms.
    if (code === 'ENOENT') fail('no such file');
    if (code === 'EISDIR') fail('it is a directory, not a model file');
    if (code === 'EACCES') fail('permission denied');
    throw e;
  }
  try {
    const { size } = await handle.stat();
    if (size > MAX_FILE_SIZE) fail(`the file is ${size} bytes; a model file is under 4 GiB`);
    const bytes = new Uint8Array(size);
    let done = 0;
    while (done < size) {
      const { bytesRead } = await handle.read(bytes, done, size - done, done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done === size ? bytes : bytes.subarray(0, done);
  } finally {
    await handle.close();
  }
}
