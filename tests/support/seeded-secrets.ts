import { spawnSync } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';

// Secrets planted where a real machine keeps them, and a grep for every form they could
// leak in. Issue 10's done-when: the seeded-secrets scan extended to every output path
// (human, JSON, report, history, journal files, state dir, IPC payloads). The seeds are
// the hostile cases of items 1-3:
// - a password with `/`, `?` and `#` in a clone address (and a plain one in a remote);
// - literal passwords inside credential helper commands, in every form git users write;
// - the AWS helper's `<key id>%<session token>` user name saved as a store's account.

export const HOST = 'git-codecommit.us-east-1.amazonaws.com';
export const URL_PASSWORD = 'se3d/Pa$s#w0rd?x';
export const REMOTE_PASSWORD = 'Seed-Pw-Two-q9Zk';
/** A clone address git cannot even parse (the password's `/` ends the host for git). */
export const SEEDED_URL = `https://bob:${URL_PASSWORD}@${HOST}/v1/repos/seeded`;
/** A working address with a password: it becomes a target, with a helper chain and plans. */
export const REMOTE_URL = `https://alice:${REMOTE_PASSWORD}@${HOST}/v1/repos/seeded`;
export const PLAIN_URL = `https://${HOST}/v1/repos/seeded`;

export const HELPER_LITERALS = ['Lit3ral-PW-one', 'Lit3ral-PW-two', 'Lit3ral-PW-three', 'Lit3ral-PW-four'];
const HELPERS = [
  `!f() { echo username=bob; echo password='${HELPER_LITERALS[0]}'; }; f`,
  `!printf 'password=%s\\n' ${HELPER_LITERALS[1]}`,
  `!echo password=${HELPER_LITERALS[2]}`,
  `!f() { test "$1" = get && printf "username=u\\npassword=%s\\n" "${HELPER_LITERALS[3]}"; }; f`,
];

export const KEY_ID = 'ASIAZZEXAMPLESEED001';
export const SESSION_TOKEN = 'IQoJb3JpZ2luX2VjSEEDEDsessionTOKEN+Zq9=';
export const SESSION_ACCOUNT = `${KEY_ID}%${SESSION_TOKEN}`;

/** Every piece of a seed that would show a leak, in the forms git and URLs write them. */
export function needles(): string[] {
  const out = new Set<string>();
  for (const secret of [URL_PASSWORD, REMOTE_PASSWORD, SESSION_TOKEN, ...HELPER_LITERALS]) {
    out.add(secret);
    out.add(encodeURIComponent(secret));
    // What a mask that kept the structure would leave if it kept too much.
    for (const piece of secret.split(/[/?#@+=]/)) if (piece.length >= 4) out.add(piece);
  }
  return [...out];
}

/** The seeds found in a text (empty: nothing leaked). */
export function findSeeds(text: string): string[] {
  return needles().filter((n) => text.includes(n));
}

export function expectNoSeeds(label: string, text: string): void {
  expect(findSeeds(text), `${label} leaks a seeded secret`).toEqual([]);
}

/** Every regular file under a folder (sockets, FIFOs and the like are left alone). */
export function filesUnder(dir: string): { file: string; text: string; mode: number }[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const file = path.join(dir, name);
    const st = lstatSync(file);
    if (st.isDirectory()) return filesUnder(file);
    return st.isFile() ? [{ file, text: readFileSync(file).toString('latin1'), mode: st.mode & 0o777 }] : [];
  });
}

/**
 * No seed in any file under `dir`. The journal's backups (`journal/<id>/files/<n>`) are
 * byte-for-byte copies of the user's own settings files, kept for undo: a secret the user
 * wrote into ~/.gitconfig is in its copy too, so those are held to the original's privacy
 * instead (owner-only) — the journal never ADDS a secret: entry.json is grepped like the rest.
 */
export function expectNoSeedsUnder(dir: string): number {
  const files = filesUnder(dir);
  for (const { file, text, mode } of files) {
    if (/[/\\]journal[/\\][^/\\]+[/\\]files[/\\]/.test(file))
      expect(mode & 0o077, `${file} is readable by others`).toBe(0);
    else expectNoSeeds(file, text);
  }
  return files.length;
}

function quoted(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * A global gitconfig with the helper commands: `store` first, so the AWS helper is
 * shadowed and the scan shows the whole chain as evidence.
 */
export function seededGitConfig(): string {
  return [
    '[credential]',
    '\thelper = store',
    ...HELPERS.map((h) => `\thelper = ${quoted(h)}`),
    '\thelper = !aws codecommit credential-helper $@',
    '\tUseHttpPath = true',
    // A live check (verify) must not leave the machine: CodeCommit is this machine's closed port.
    '[http]',
    `\tcurloptResolve = ${HOST}:443:127.0.0.1`,
    '',
  ].join('\n');
}

/** `~/.git-credentials` as git writes it: the session account percent-encoded. */
export function seedCredentialStore(file: string): void {
  const user = encodeURIComponent(SESSION_ACCOUNT);
  writeFileSync(file, `https://${user}:20250101T000000Zdeadbeef@${HOST}\n`, { mode: 0o600 });
}

/** A libsecret item for the session account, stored by the real git-credential-libsecret. */
export function seedLibsecret(helper: string, env: NodeJS.ProcessEnv): void {
  const r = spawnSync(
    'git',
    ['-c', 'credential.helper=', '-c', `credential.helper=${helper}`, 'credential', 'approve'],
    {
      env: { ...env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' },
      input: `protocol=https\nhost=${HOST}\nusername=${SESSION_ACCOUNT}\npassword=20250101T000000Zfeedface\n\n`,
      encoding: 'utf8',
      timeout: 15_000,
    },
  );
  if (r.status !== 0) throw new Error(`git credential approve failed: ${r.stderr}`);
}
