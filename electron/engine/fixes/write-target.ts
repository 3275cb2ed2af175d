import type { Stats } from 'node:fs';
import { access, chown, constants, lstat, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { describeFsError } from './atomic-file';
import { describeFileKind, isMissing } from '../safe-read';

// What a fix may write. Settings can point anywhere: GIT_CONFIG_GLOBAL=/dev/null (CI,
// containers), a FIFO, a file its owner made read-only, another user's file. `git config
// --file` writes a new file and renames it over the old one, so it would replace a device
// with a regular file, ignore a read-only mode, and leave a file owned by whoever ran it.
// Only a regular file (or a symlink to one), or a new file in a folder the user owns, is
// ever written; the planner says why not (plan time) and the step refuses (apply time:
// the file may have changed in between).

export type WriteProblem =
  'not-a-file' | 'missing-folder' | 'read-only' | 'other-owner' | 'folder-not-writable' | 'cannot-check';

export interface Owner {
  uid: number;
  gid: number;
}

export interface WritableTarget {
  ok: true;
  file: string;
  /** The file that really changes (a symlink followed). */
  realFile: string;
  exists: boolean;
  /** Who must own the result: the file's owner, or for a new file written by root, its folder's. */
  owner?: Owner;
}

export interface RefusedTarget {
  ok: false;
  file: string;
  problem: WriteProblem;
  /** Plain words, starting with the file's name. */
  reason: string;
}

export type WriteVerdict = WritableTarget | RefusedTarget;

/** Who writes: a POSIX user id (undefined on Windows, where owners are not compared). */
export interface Writer {
  uid?: number;
}

export function currentWriter(): Writer {
  const uid = process.getuid?.();
  return uid === undefined ? {} : { uid };
}

const someoneElse = (w: Writer, uid: number) => w.uid !== undefined && w.uid !== 0 && uid !== w.uid;

async function folderWritable(dir: string): Promise<boolean> {
  return access(dir, constants.W_OK).then(
    () => true,
    () => false,
  );
}

function refusal(file: string) {
  return (problem: WriteProblem, reason: string): RefusedTarget => ({ ok: false, file, problem, reason });
}

async function newFile(file: string, abs: string, w: Writer): Promise<WriteVerdict> {
  const refuse = refusal(file);
  const dir = path.dirname(abs);
  const link = await lstat(abs).catch(() => undefined);
  if (link?.isSymbolicLink()) return refuse('not-a-file', `${file} is a link to a file that does not exist`);
  const d = await stat(dir).catch(() => undefined);
  if (!d?.isDirectory())
    return refuse(
      'missing-folder',
      `${file} cannot be created: ${dir} ${d ? `is ${d.isFile() ? 'a file' : describeFileKind(d)}, not a folder` : 'does not exist'}`,
    );
  if (someoneElse(w, d.uid))
    return refuse(
      'other-owner',
      `${file} does not exist yet, and its folder belongs to user id ${d.uid}, not to you (user id ${w.uid})`,
    );
  if (!(await folderWritable(dir)))
    return refuse('folder-not-writable', `${file} cannot be created: its folder ${dir} is not writable`);
  const realFile = path.join(await realpath(dir), path.basename(abs));
  return {
    ok: true,
    file,
    realFile,
    exists: false,
    ...(w.uid === 0 ? { owner: { uid: d.uid, gid: d.gid } } : {}),
  };
}

/** Whether `file` may be written by `w`, and whose it must stay. Never throws. */
export async function inspectWriteTarget(file: string, w: Writer = currentWriter()): Promise<WriteVerdict> {
  const refuse = refusal(file);
  const abs = path.resolve(file);
  let st: Stats;
  try {
    st = await stat(abs);
  } catch (e) {
    if (isMissing(e)) return newFile(file, abs, w);
    return refuse('cannot-check', `${file} cannot be checked: ${describeFsError(e)}`);
  }
  if (!st.isFile()) return refuse('not-a-file', `${file} is ${describeFileKind(st)}, not a regular file`);
  // The owner's write bit is the owner's intent (root could write anyway; git would ignore it).
  if ((st.mode & 0o200) === 0)
    return refuse(
      'read-only',
      `${file} is read-only (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')})`,
    );
  if (someoneElse(w, st.uid))
    return refuse('other-owner', `${file} belongs to user id ${st.uid}, not to you (user id ${w.uid})`);
  let realFile: string;
  try {
    realFile = await realpath(abs);
  } catch (e) {
    return refuse('cannot-check', `${file} cannot be checked: ${describeFsError(e)}`);
  }
  // git writes <file>.lock beside the real file and renames it over: the folder must be writable.
  if (!(await folderWritable(path.dirname(realFile))))
    return refuse(
      'folder-not-writable',
      `${file} cannot be replaced: git writes the new version beside it, and its folder ${path.dirname(realFile)} is not writable`,
    );
  return { ok: true, file, realFile, exists: true, owner: { uid: st.uid, gid: st.gid } };
}

/** After a write as root: the file goes back to the user it belongs to (never left root-owned). */
export async function keepOwner(target: WritableTarget, w: Writer = currentWriter()): Promise<void> {
  const owner = target.owner;
  if (w.uid !== 0 || !owner) return;
  try {
    const now = await stat(target.realFile);
    if (now.uid !== owner.uid || now.gid !== owner.gid) await chown(target.realFile, owner.uid, owner.gid);
  } catch (e) {
    throw new Error(`Could not give ${target.file} back to user id ${owner.uid}: ${describeFsError(e)}`);
  }
}
