import { constants, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';

// Every file the engine reads comes from someone else's machine: ~/.aws/config may be a FIFO
// (reading it waits for a writer forever, even with --offline), ~/.git-credentials a link to
// /dev/zero (reading it fills the memory). So a file is read only when it is a regular file (or
// a symlink to one), checked before it is opened — a device is never opened at all — and again
// on the open descriptor, opened non-blocking so a FIFO swapped in between cannot block; and
// never past a size cap. Anything else is refused with an error that says what the path is.

/** Default cap: far above any settings, credential or key file a person has. */
export const DEFAULT_MAX_READ_BYTES = 16 * 1024 * 1024;

const CHUNK = 64 * 1024;

/** A path that is not a regular file, or one too large to read. `code` is stable for callers. */
export class UnsafeFileError extends Error {
  override name = 'UnsafeFileError';
  constructor(
    readonly file: string,
    readonly code: 'ENOTREGULAR' | 'ETOOLARGE',
    /** Plain words without the path ("it is a named pipe (FIFO), not a regular file"). */
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

/** What a path that is not a regular file is, in plain words. */
export function describeFileKind(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function notRegular(file: string, st: Stats): UnsafeFileError {
  return new UnsafeFileError(file, 'ENOTREGULAR', `it is ${describeFileKind(st)}, not a regular file`);
}

function tooLarge(file: string, maxBytes: number): UnsafeFileError {
  const size =
    maxBytes >= 1024 * 1024
      ? `${Math.round(maxBytes / (1024 * 1024))} MiB`
      : `${Math.round(maxBytes / 1024)} KiB`;
  return new UnsafeFileError(
    file,
    'ETOOLARGE',
    `it is larger than ${size}, too large to be what it should be`,
  );
}

export interface SafeReadOptions {
  /** Refuse files larger than this (default DEFAULT_MAX_READ_BYTES). */
  maxBytes?: number;
}

/** A reader with readRegularFile's contract (the EngineContext's `readFile`). */
export type FileReader = (file: string, options?: SafeReadOptions) => Promise<Buffer>;

/**
 * The bytes of `file` when it is a regular file (or a symlink to one) of at most `maxBytes`.
 * Throws UnsafeFileError otherwise; a missing file or a permission error throws the usual
 * ErrnoException (ENOENT, EACCES…), so callers keep telling "absent" from "refused".
 */
export async function readRegularFile(file: string, options: SafeReadOptions = {}): Promise<Buffer> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_READ_BYTES;
  const before = await stat(file);
  if (!before.isFile()) throw notRegular(file, before);
  if (before.size > maxBytes) throw tooLarge(file, maxBytes);
  // O_NONBLOCK: had the path become a FIFO since the stat, open() would otherwise wait for a writer.
  const flags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);
  const fh = await open(file, flags);
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw notRegular(file, st);
    // The size may be 0 (/proc) or change while reading: read to the end, at most one byte past the cap.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total));
      const { bytesRead } = await fh.read(buf, 0, buf.length, total);
      if (bytesRead === 0) break;
      chunks.push(buf.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) throw tooLarge(file, maxBytes);
    }
    return Buffer.concat(chunks, total);
  } finally {
    await fh.close();
  }
}

/** readRegularFile (or the context's reader, `read`) as UTF-8 text. */
export async function readRegularText(
  file: string,
  options: SafeReadOptions = {},
  read: FileReader = readRegularFile,
): Promise<string> {
  return (await read(file, options)).toString('utf8');
}

/** Why a read failed, in plain words without the path: the refusal's reason, or the errno's code. */
export function readFailure(e: unknown): string {
  if (e instanceof UnsafeFileError) return e.reason;
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder, not a regular file';
    case 'ENOTRECORDED':
      return 'not in the recording being replayed';
    default:
      return code ?? (e instanceof Error ? e.message : String(e));
  }
}

/** A missing file (or a missing folder on its path): the caller treats it as absent. */
export function isMissing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
