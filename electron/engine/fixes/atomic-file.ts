import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { open, realpath, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import {
  describeFileKind,
  isMissing,
  readRegularFile,
  UnsafeFileError,
  type SafeReadOptions,
} from '../safe-read';

// Writing a file the user depends on (~/.gitconfig, ~/.ssh/config, ~/.git-credentials) must
// never leave it half-written: a crash or a full disk mid-write would turn a fix into a new
// breakage. Write a temp file beside it, fsync, rename over the original (atomic on POSIX
// and NTFS within one volume), then fsync the folder so the rename itself survives a power
// cut (ext4/xfs only persist a rename once the directory is synced).

export interface WriteAtomicOptions {
  /** Permission bits for the result; default: those of the file being replaced, else 0666 less umask. */
  mode?: number;
  /** Owner of a new file when running as root (a replaced file always keeps its own owner). */
  owner?: { uid: number; gid: number };
}

const IS_WINDOWS = process.platform === 'win32';

/** An fs error in plain words, without a stack or a libuv prefix. */
export function describeFsError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'the file or its folder does not exist';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'EISDIR':
      return 'it is a folder, not a file';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'the disk quota is exceeded';
    case 'EROFS':
      return 'the file system is read-only';
    case 'EBUSY':
      return 'the file is in use by another program';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    default:
      return err instanceof Error ? err.message : String(e);
  }
}

/** Makes a rename or a create in `dir` durable. A no-op on Windows, which cannot open a folder for fsync. */
export async function fsyncDir(dir: string): Promise<void> {
  if (IS_WINDOWS) return;
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } catch (e) {
    // Some file systems (certain network and FUSE mounts) refuse fsync on a directory;
    // the data file itself is already synced, so there is nothing better to do there.
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EISDIR') throw e;
  } finally {
    await fh.close();
  }
}

async function renameWithRetry(from: string, to: string): Promise<void> {
  // On Windows a virus scanner or the search indexer briefly holding the target makes
  // rename fail with EPERM/EBUSY; a few short retries is what npm's write-file-atomic does.
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const transient = IS_WINDOWS && (code === 'EPERM' || code === 'EACCES' || code === 'EBUSY');
      if (!transient || attempt >= 5) throw e;
      await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
    }
  }
}

/**
 * Replaces `target` with `data` so that, whatever happens, it holds either the old or the
 * new bytes. A symlink (a ~/.gitconfig managed in a dotfiles repo) is written through, so the
 * link stays a link. Throws an Error with a plain message; the temp file is always removed.
 */
export async function writeFileAtomic(
  target: string,
  data: Buffer | string,
  opts: WriteAtomicOptions = {},
): Promise<void> {
  const fail = (e: unknown): Error => new Error(`Could not write ${target}: ${describeFsError(e)}`);

  let finalPath = path.resolve(target);
  let existing: Stats | undefined;
  try {
    existing = await stat(finalPath);
    finalPath = await realpath(finalPath);
  } catch (e) {
    if (!isMissing(e)) throw fail(e);
  }
  // Renaming over a device, a FIFO or a socket would replace it with a regular file
  // (GIT_CONFIG_GLOBAL=/dev/null in CI): only regular files are ever replaced.
  if (existing?.isDirectory()) throw fail(Object.assign(new Error('EISDIR'), { code: 'EISDIR' }));
  if (existing && !existing.isFile())
    throw new Error(`Could not write ${target}: it is ${describeFileKind(existing)}, not a regular file`);

  const mode = opts.mode ?? (existing ? existing.mode & 0o7777 : undefined);
  const dir = path.dirname(finalPath);
  const temp = path.join(
    dir,
    `.${path.basename(finalPath)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );

  let created = false;
  try {
    // Created private first: the content may be a credential file, and nobody should be
    // able to open the temp file before its final mode is set.
    const fh = await open(temp, 'wx', mode ?? 0o666);
    created = true;
    try {
      // umask may have removed bits from an explicit or inherited mode; chmod is not masked.
      if (mode !== undefined && !IS_WINDOWS) await fh.chmod(mode);
      // Running as root (a fleet script) on a user's file: keep it owned by that user.
      const owner = existing ? { uid: existing.uid, gid: existing.gid } : opts.owner;
      if (owner && !IS_WINDOWS && process.getuid?.() === 0) {
        await fh.chown(owner.uid, owner.gid).catch(() => undefined);
      }
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await renameWithRetry(temp, finalPath);
    created = false;
    await fsyncDir(dir);
  } catch (e) {
    if (created) await unlink(temp).catch(() => undefined);
    throw fail(e);
  }
}

/**
 * The file's bytes and permission bits, or null when it does not exist. Anything but a regular
 * file (or a symlink to one), or one over the cap, is refused before it is read; every error
 * throws plainly.
 */
export async function readFileIfExists(
  file: string,
  options: SafeReadOptions = {},
): Promise<{ data: Buffer; mode: number } | null> {
  try {
    const data = await readRegularFile(file, options);
    const st = await stat(file);
    return { data, mode: st.mode & 0o7777 };
  } catch (e) {
    if (isMissing(e)) return null;
    throw new Error(
      `Could not read ${file}: ${e instanceof UnsafeFileError ? e.reason : describeFsError(e)}`,
    );
  }
}
