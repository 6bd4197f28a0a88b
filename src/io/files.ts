/**
 * Node file access for model files: the store behind file paths, installed by the Node entry point (io/node.ts).
 * Nothing in the platform-neutral root imports this module.
 */

import { DendriteError, describe, ValueError } from '../core/errors.js';
import { ModelSaveError } from './errors.js';
import { MAX_MODEL_FILE_SIZE as MAX_FILE_SIZE } from './store.js';
import { END_RECORD_SEARCH, findEndRecord } from './zip.js';

/**
 * Writes `chunks` to `path` so that the path only ever holds a complete file: the bytes go to a temporary file
 * in the same directory (`.<name>.tmp-<pid>-<random>`), which is flushed to disk (fsync) and renamed over the
 * target, then the directory is flushed so the rename itself survives a power cut. A process killed at any
 * moment leaves either the previous file or the new one; a failure removes the temporary file.
 *
 * Saving over an existing file keeps its permissions (a model kept private with mode 0600 stays 0600): the
 * temporary file takes them before it is renamed. A new file gets 0644, less the umask.
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
  // Through a symbolic link, the file it points to is replaced (written aside in the target's folder), not the
  // link itself: renaming over the link would turn it into a plain file and leave the target stale.
  const link = await fs.lstat(path).then(
    (st) => st.isSymbolicLink(),
    () => false,
  );
  const resolved = link ? await fs.realpath(path).catch(() => path) : path;
  const dir = dirname(resolved);
  const name = basename(resolved);
  if (typeof path !== 'string' || path.length === 0) {
    throw new ValueError(`Expected a file path (a non-empty string). Received: ${describe(path)}`);
  }
  if (!overwrite && (await exists(fs, path))) {
    throw new ValueError(`Cannot save to "${path}": the file exists and \`overwrite\` is false`);
  }
  // Replacing a directory, FIFO or device with a model file is never what was meant; rename() would fail on a
  // directory anyway, after the whole file was written aside.
  const target = await fs.stat(path).catch(() => undefined);
  if (target && !target.isFile()) throw new ModelSaveError(path, `it is ${kindOf(target)}, not a file`);
  // The permission bits only: set-user-ID and the like are not copied onto a file this process wrote.
  const mode = overwrite
    ? await fs.stat(path).then(
        (st) => (st.isFile() ? st.mode & 0o777 : undefined),
        () => undefined,
      )
    : undefined;
  await removeStaleTemporaries(fs, dir, name);
  const tmp = join(dir, `.${name}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 10)}`);
  try {
    const handle = await fs.open(tmp, 'wx', mode ?? 0o644);
    try {
      // open()'s mode is filtered by the umask; chmod is not, so the saved file's bits come back exactly.
      if (mode !== undefined) await handle.chmod(mode);
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
    if (overwrite) await fs.rename(tmp, resolved);
    else {
      // link() fails if the target appeared meanwhile, where rename() would silently replace it.
      try {
        await fs.link(tmp, resolved);
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
    if ((e as NodeJS.ErrnoException).code !== undefined && !(e instanceof DendriteError)) {
      throw new ModelSaveError(path, describeFsError(e, 'write'));
    }
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

type Stats = import('node:fs').Stats;

/** What a path that is not a regular file is, in words. */
function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/** A file-system error while opening or reading, in the terms of the path given. */
function describeFsError(e: unknown, action: 'read' | 'write' = 'read'): string {
  const { code, message } = e as NodeJS.ErrnoException;
  switch (code) {
    case 'ENOENT':
      return action === 'read' ? 'no such file' : 'the folder it would go in does not exist';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'the file system is read-only';
    case 'EISDIR':
      return 'it is a directory, not a model file';
    case 'ENOTDIR':
      return 'a component of the path is a file, not a directory';
    case 'ENAMETOOLONG':
      return 'the path is too long for the file system';
    case 'ELOOP':
      return 'too many levels of symbolic links (a symbolic link that loops back on itself?)';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return `cannot ${action} the file (${code ?? ''}${code ? ': ' : ''}${message ?? String(e)})`;
  }
}

/**
 * Reads a whole model file, checking first, from the file's metadata and its last bytes only, that it can be one:
 * a regular file (a FIFO would block the read forever, a device never end), under 4 GiB, ending in a ZIP
 * end-of-central-directory record (a multi-gigabyte file of zeros is refused without reading it).
 * @param fail reports a problem with the file as a whole; every file-system error comes through it, in words.
 */
export async function readModelFile(path: string, fail: (detail: string) => never): Promise<Uint8Array> {
  if (typeof path !== 'string' || path.length === 0) {
    throw new ValueError(`Expected a file path (a non-empty string). Received: ${describe(path)}`);
  }
  const fs = await import('node:fs/promises');
  const { constants } = await import('node:fs');
  const checkStats = (stats: Stats): number => {
    if (!stats.isFile()) {
      fail(stats.isDirectory() ? 'it is a directory, not a model file' : `it is ${kindOf(stats)}, not a model file`);
    }
    if (stats.size > MAX_FILE_SIZE) fail(`the file is ${stats.size} bytes; a model file is under 4 GiB`);
    return stats.size;
  };
  let handle: Awaited<ReturnType<Fs['open']>> | undefined;
  try {
    // stat before open: opening a FIFO for reading blocks until a writer comes, which may be never.
    checkStats(await fs.stat(path));
    // O_NONBLOCK in case the path became a FIFO since; it changes nothing for a regular file's reads.
    handle = await fs.open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const size = checkStats(await handle.stat());
    const h = handle;
    const readAt = async (position: number, length: number): Promise<Uint8Array> => {
      const bytes = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await h.read(bytes, done, length - done, position + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return done === length ? bytes : bytes.subarray(0, done);
    };
    const tailLength = Math.min(size, END_RECORD_SEARCH);
    findEndRecord(await readAt(size - tailLength, tailLength), size, await readAt(0, Math.min(size, 8)), (_, detail) =>
      fail(detail),
    );
    return await readAt(0, size);
  } catch (e) {
    if (e instanceof DendriteError) throw e;
    return fail(describeFsError(e));
  } finally {
    await handle?.close();
  }
}
