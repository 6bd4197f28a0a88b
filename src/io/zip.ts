/**
 * The model file's container: a ZIP archive whose entries are all *stored* (method 0, no compression).
 *
 * Why by hand rather than a library: stored entries need only headers and a CRC-32 (about 200 lines), the
 * reader must check every CRC and every offset and say which entry is at fault (general-purpose unzippers such
 * as fflate skip the CRC check), and the package root must keep loading in a browser with no extra dependency.
 * Compression would buy little: float weights barely compress. The archive opens with any unzip tool.
 *
 * NOTE: no ZIP64, so an archive (and each entry) stays under 4 GiB; the writer refuses anything larger.
 */

/** One archive entry to write: its name and its bytes, given as chunks so large weights are never concatenated. */
export interface ZipEntryInput {
  readonly name: string;
  readonly chunks: readonly Uint8Array[];
}

/** Reports a problem with the archive or one entry; the caller's function throws its typed error. */
export type ZipFail = (entry: string, detail: string) => never;

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const LOCAL_HEADER_SIZE = 30;
const CENTRAL_HEADER_SIZE = 46;
const EOCD_SIZE = 22;
/** The largest value a 32-bit ZIP field holds; 0xffffffff itself means "see ZIP64". */
export const ZIP_MAX_SIZE = 0xfffffffe;
/** Version 2.0 (the first with stored entries in every reader), made on Unix so that permissions travel. */
const VERSION_NEEDED = 20;
const VERSION_MADE_BY = (3 << 8) | VERSION_NEEDED;
/** Regular file, rw-r--r--, in the high half of the external attributes (Unix convention). */
const EXTERNAL_ATTRIBUTES = 0o100644 * 0x10000;
/** The archive structure, when a problem is not in one entry. */
export const ARCHIVE = 'ZIP archive';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256 * 4);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  // Slicing-by-4 tables: four bytes per step, several times faster than a byte at a time on large weights.
  for (let n = 0; n < 256; n++) {
    let c = table[n] as number;
    for (let k = 1; k < 4; k++) {
      c = (table[c & 0xff] as number) ^ (c >>> 8);
      table[k * 256 + n] = c >>> 0;
    }
  }
  return table;
})();

/** Continues a CRC-32 (ISO-HDLC, as ZIP uses) over `bytes`; start with 0. */
export function crc32(bytes: Uint8Array, crc = 0): number {
  const t = CRC_TABLE;
  let c = ~crc >>> 0;
  let i = 0;
  const n = bytes.length;
  for (; i + 4 <= n; i += 4) {
    c ^=
      (bytes[i] as number) |
      ((bytes[i + 1] as number) << 8) |
      ((bytes[i + 2] as number) << 16) |
      ((bytes[i + 3] as number) << 24);
    c =
      (t[768 + (c & 0xff)] as number) ^
      (t[512 + ((c >>> 8) & 0xff)] as number) ^
      (t[256 + ((c >>> 16) & 0xff)] as number) ^
      (t[c >>> 24] as number);
  }
  for (; i < n; i++) c = (t[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return ~c >>> 0;
}

/** MS-DOS time and date (2-second resolution, years 1980–2107), the ZIP header's timestamp, in UTC. */
function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.min(Math.max(date.getUTCFullYear(), 1980), 2107);
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

function asciiBytes(name: string): Uint8Array {
  if (!/^[\x20-\x7e]+$/.test(name)) throw new RangeError(`ZIP entry names are printable ASCII here. Received: ${name}`);
  return Uint8Array.from(name, (ch) => ch.charCodeAt(0));
}

/**
 * The archive as a list of chunks to write in order (headers between the entries' own chunks, which are not
 * copied). @throws {RangeError} when the archive would exceed 4 GiB (the limit without ZIP64).
 */
export function buildZip(entries: readonly ZipEntryInput[], modified: Date): Uint8Array[] {
  const { time, date } = dosDateTime(modified);
  const out: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = asciiBytes(entry.name);
    let size = 0;
    let crc = 0;
    for (const chunk of entry.chunks) {
      size += chunk.length;
      crc = crc32(chunk, crc);
    }
    if (size > ZIP_MAX_SIZE || offset + LOCAL_HEADER_SIZE + name.length + size > ZIP_MAX_SIZE) {
      throw new RangeError(`the archive would exceed 4 GiB (entry ${entry.name} holds ${size} bytes)`);
    }
    const local = new Uint8Array(LOCAL_HEADER_SIZE + name.length);
    const l = new DataView(local.buffer);
    l.setUint32(0, LOCAL_HEADER, true);
    l.setUint16(4, VERSION_NEEDED, true);
    l.setUint16(6, 0, true); // flags: none (no data descriptor, names are ASCII)
    l.setUint16(8, 0, true); // method: stored
    l.setUint16(10, time, true);
    l.setUint16(12, date, true);
    l.setUint32(14, crc, true);
    l.setUint32(18, size, true);
    l.setUint32(22, size, true);
    l.setUint16(26, name.length, true);
    l.setUint16(28, 0, true);
    local.set(name, LOCAL_HEADER_SIZE);

    const header = new Uint8Array(CENTRAL_HEADER_SIZE + name.length);
    const c = new DataView(header.buffer);
    c.setUint32(0, CENTRAL_HEADER, true);
    c.setUint16(4, VERSION_MADE_BY, true);
    c.setUint16(6, VERSION_NEEDED, true);
    c.setUint16(8, 0, true);
    c.setUint16(10, 0, true);
    c.setUint16(12, time, true);
    c.setUint16(14, date, true);
    c.setUint32(16, crc, true);
    c.setUint32(20, size, true);
    c.setUint32(24, size, true);
    c.setUint16(28, name.length, true);
    // extra length, comment length, disk number, internal attributes: all 0
    c.setUint32(38, EXTERNAL_ATTRIBUTES, true);
    c.setUint32(42, offset, true);
    header.set(name, CENTRAL_HEADER_SIZE);
    central.push(header);

    out.push(local, ...entry.chunks);
    offset += local.length + size;
  }
  const centralSize = central.reduce((n, h) => n + h.length, 0);
  if (offset + centralSize + EOCD_SIZE > ZIP_MAX_SIZE) throw new RangeError('the archive would exceed 4 GiB');
  const end = new Uint8Array(EOCD_SIZE);
  const e = new DataView(end.buffer);
  e.setUint32(0, END_OF_CENTRAL_DIRECTORY, true);
  e.setUint16(8, entries.length, true);
  e.setUint16(10, entries.length, true);
  e.setUint32(12, centralSize, true);
  e.setUint32(16, offset, true);
  out.push(...central, end);
  return out;
}

/** How many of an archive's last bytes can hold its end-of-central-directory record (with its comment). */
export const END_RECORD_SEARCH = EOCD_SIZE + 0xffff;

/**
 * Finds the end-of-central-directory record (the last one whose comment runs exactly to the end of the archive)
 * in the archive's last bytes alone, so that a file can be refused before the rest of it is read.
 * @param tail the archive's last `min(size, END_RECORD_SEARCH)` bytes.
 * @param size the archive's size in bytes.
 * @param head its first bytes (8 are enough), to tell a truncated archive from something else.
 * @returns the record's offset in the archive.
 */
export function findEndRecord(tail: Uint8Array, size: number, head: Uint8Array, fail: ZipFail): number {
  const found = `the file is ${size} bytes`;
  if (size < EOCD_SIZE) {
    fail(
      ARCHIVE,
      `not a ZIP archive, or truncated: ${found}, shorter than the 22-byte end-of-central-directory record`,
    );
  }
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  const lowest = Math.max(0, tail.length - END_RECORD_SEARCH);
  for (let p = tail.length - EOCD_SIZE; p >= lowest; p--) {
    // Requiring the comment length to reach the end exactly rules out the signature bytes turning up in weights.
    if (
      view.getUint32(p, true) === END_OF_CENTRAL_DIRECTORY &&
      p + EOCD_SIZE + view.getUint16(p + 20, true) === tail.length
    ) {
      return size - tail.length + p;
    }
  }
  const looksZip =
    head.length >= 4 && new DataView(head.buffer, head.byteOffset, 4).getUint32(0, true) === LOCAL_HEADER;
  return fail(
    ARCHIVE,
    looksZip
      ? `truncated: it starts as a ZIP archive but has no end-of-central-directory record (${found})`
      : `not a ZIP archive: no end-of-central-directory record (${found}, starting ${hexStart(head)})`,
  );
}

function findEndOfCentralDirectory(bytes: Uint8Array, fail: ZipFail): number {
  const tail = bytes.subarray(Math.max(0, bytes.length - END_RECORD_SEARCH));
  return findEndRecord(tail, bytes.length, bytes.subarray(0, 8), fail);
}

function hexStart(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/**
 * Reads a stored-only ZIP archive: every header, offset and size is checked against the file and against the
 * other entries, and every entry's CRC-32 is verified. Returns each entry's bytes (views into `bytes`).
 * @param maxEntries more entries than this is an error (a model file has four).
 */
export function readZip(bytes: Uint8Array, fail: ZipFail, maxEntries = 16): Map<string, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(bytes, fail);
  const disk = view.getUint16(eocd + 4, true);
  const centralDisk = view.getUint16(eocd + 6, true);
  const count = view.getUint16(eocd + 8, true);
  const total = view.getUint16(eocd + 10, true);
  const centralSize = view.getUint32(eocd + 12, true);
  const centralOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || centralSize === 0xffffffff || centralOffset === 0xffffffff) {
    fail(ARCHIVE, 'ZIP64 archives are not supported (a model file stays under 4 GiB)');
  }
  if (disk !== 0 || centralDisk !== 0 || count !== total)
    fail(ARCHIVE, 'multi-part (spanned) archives are not supported');
  if (count > maxEntries) fail(ARCHIVE, `expected at most ${maxEntries} entries. Received: ${count}`);
  if (centralOffset + centralSize > eocd) {
    fail(
      ARCHIVE,
      `the central directory (bytes ${centralOffset}–${centralOffset + centralSize}) runs past its end record at byte ${eocd}: the file is truncated or corrupted`,
    );
  }

  const entries = new Map<string, Uint8Array>();
  const regions: [number, number, string][] = [];
  let p = centralOffset;
  for (let i = 0; i < count; i++) {
    if (p + CENTRAL_HEADER_SIZE > centralOffset + centralSize || view.getUint32(p, true) !== CENTRAL_HEADER) {
      fail(ARCHIVE, `central directory entry ${i} at byte ${p} is damaged (bad signature or out of bounds)`);
    }
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const crc = view.getUint32(p + 16, true);
    const compressedSize = view.getUint32(p + 20, true);
    const size = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const localOffset = view.getUint32(p + 42, true);
    const next = p + CENTRAL_HEADER_SIZE + nameLength + extraLength + commentLength;
    if (next > centralOffset + centralSize) fail(ARCHIVE, `central directory entry ${i} runs past the directory`);
    const name = new TextDecoder('utf-8', { fatal: false }).decode(
      bytes.subarray(p + CENTRAL_HEADER_SIZE, p + CENTRAL_HEADER_SIZE + nameLength),
    );
    if (entries.has(name)) fail(name, 'the archive holds this entry twice');
    if (flags & 0x1) fail(name, 'the entry is encrypted');
    if (method !== 0 || compressedSize !== size) {
      fail(name, `the entry is compressed (method ${method}); model files store their entries uncompressed`);
    }
    if (localOffset + LOCAL_HEADER_SIZE > centralOffset || view.getUint32(localOffset, true) !== LOCAL_HEADER) {
      fail(name, `no local header at byte ${localOffset}: the file is truncated or corrupted`);
    }
    const localNameLength = view.getUint16(localOffset + 26, true);
    const localExtraLength = view.getUint16(localOffset + 28, true);
    const localName = bytes.subarray(
      localOffset + LOCAL_HEADER_SIZE,
      localOffset + LOCAL_HEADER_SIZE + localNameLength,
    );
    const sameName =
      localNameLength === nameLength && localName.every((b, j) => b === bytes[p + CENTRAL_HEADER_SIZE + j]);
    if (view.getUint16(localOffset + 8, true) !== 0 || !sameName) {
      fail(name, `the local header at byte ${localOffset} disagrees with the central directory`);
    }
    const start = localOffset + LOCAL_HEADER_SIZE + localNameLength + localExtraLength;
    const end = start + size;
    if (end > centralOffset) {
      fail(
        name,
        `the entry's ${size} bytes (from byte ${start}) run past the data area (byte ${centralOffset}): the file is truncated`,
      );
    }
    const data = bytes.subarray(start, end);
    const actual = crc32(data);
    if (actual !== crc) {
      fail(
        name,
        `CRC-32 mismatch: the archive records 0x${crc.toString(16).padStart(8, '0')}, the data gives ` +
          `0x${actual.toString(16).padStart(8, '0')}. The file is corrupted`,
      );
    }
    entries.set(name, data);
    regions.push([localOffset, end, name]);
    p = next;
  }
  regions.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < regions.length; i++) {
    const [prevStart, prevEnd, prevName] = regions[i - 1] as [number, number, string];
    const [start, , name] = regions[i] as [number, number, string];
    if (start < prevEnd) fail(name, `the entry overlaps entry ${prevName} (bytes ${prevStart}–${prevEnd})`);
  }
  return entries;
}
