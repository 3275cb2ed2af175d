import os from 'node:os';
import type { EngineContext } from '../context';
import { pathFor } from '../context';
import type { OpenSshFacts, SshHostFacts, SshPublicKeyInfo } from '../model';
import { firstLine } from '../runner';
import { shellWords } from '../helper-chain';

// The OpenSSH client git starts for ssh:// remotes, asked without connecting anywhere:
// `ssh -V` for its version and `ssh -G <host>` for the settings it would use — the algorithm
// lists after every Host block, Include and system-wide file (OpenSSH 8.8 dropped ssh-rsa from
// both defaults, and CodeCommit's SSH endpoints offer only ssh-rsa; CodeCommit user guide,
// troubleshooting-ssh). Two things keep it a look, not an act:
// - ssh -G evaluates `Match exec`, which starts a program: when the user's settings have one,
//   ssh is not asked and the check says why;
// - ssh reads the settings of the account it runs as (its home from the password database,
//   not HOME): when the scan's home is another one (a sandbox, root looking at a user's HOME),
//   ssh is pointed at that home's file with -F (then the system-wide file is not read).

/** `ssh -V` → 9.2 (OpenSSH_9.2p1, OpenSSH_for_Windows_8.6p1). */
export function opensshRelease(version: string): OpenSshFacts['release'] {
  const m = /OpenSSH_(?:for_Windows_)?(\d+)\.(\d+)/.exec(version);
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

/** Reads one SSH string (uint32 length + bytes) at `at`; null past the end. */
function sshString(blob: Buffer, at: number): { value: Buffer; next: number } | null {
  if (at + 4 > blob.length) return null;
  const len = blob.readUInt32BE(at);
  if (at + 4 + len > blob.length) return null;
  return { value: blob.subarray(at + 4, at + 4 + len), next: at + 4 + len };
}

function bitLength(n: Buffer): number {
  let i = 0;
  while (i < n.length && n[i] === 0) i++;
  if (i === n.length) return 0;
  return (n.length - i - 1) * 8 + (32 - Math.clz32(n[i] as number));
}

/** A `.pub` file's first line → its type, and for RSA the modulus size (what IAM counts). */
export function publicKeyInfo(text: string): SshPublicKeyInfo | null {
  const first = text.split(/\r?\n/).find((l) => l.trim()) ?? '';
  const m = /^(\S+)\s+([A-Za-z0-9+/]+={0,2})(?:\s|$)/.exec(first.trim());
  if (!m?.[1] || !m[2]) return null;
  const blob = Buffer.from(m[2], 'base64');
  const type = sshString(blob, 0);
  // The blob names its own type: a file whose label and blob disagree is not that key.
  if (!type || type.value.toString('latin1') !== m[1]) return null;
  if (m[1] !== 'ssh-rsa') return { type: m[1] };
  const e = sshString(blob, type.next);
  const n = e && sshString(blob, e.next);
  return n ? { type: 'ssh-rsa', bits: bitLength(n.value) } : { type: 'ssh-rsa' };
}

/**
 * The ssh program git starts: GIT_SSH_COMMAND's first word, else GIT_SSH, else `ssh`. Null
 * when that is not OpenSSH (PuTTY's plink, TortoisePlink…): its settings are elsewhere.
 */
export function sshProgram(env: NodeJS.ProcessEnv): { program: string } | { other: string } {
  const command = env.GIT_SSH_COMMAND?.trim();
  const program = command ? (shellWords(command)[0] ?? 'ssh') : env.GIT_SSH?.trim() || 'ssh';
  const base = (program.split(/[\\/]/).pop() ?? program).toLowerCase();
  return base === 'ssh' || base === 'ssh.exe' ? { program } : { other: program };
}

/** `Match … exec …` anywhere in the user's settings: ssh -G would start that program. */
export function runsProgramsToMatch(configText: string | undefined): boolean {
  return configText !== undefined && /^[ \t]*match\b[^\n]*\bexec\b/im.test(configText);
}

function sameDir(a: string, b: string, platform: EngineContext['platform']): boolean {
  const p = pathFor(platform);
  const norm = (x: string) => p.resolve(x).replace(/[\\/]+$/, '');
  return platform === 'win32' ? norm(a).toLowerCase() === norm(b).toLowerCase() : norm(a) === norm(b);
}

/** -F for ssh when the scan's home is not the one ssh reads by itself (see the top of the file). */
export function configFlag(
  ctx: EngineContext,
  configFile: string,
  configExists: boolean,
): string | undefined {
  let own: string | undefined;
  try {
    own = os.userInfo().homedir;
  } catch {
    own = undefined;
  }
  if (own && sameDir(own, ctx.home, ctx.platform)) return undefined;
  if (configExists) return configFile;
  return ctx.platform === 'win32' ? 'NUL' : '/dev/null';
}

/** `ssh -G` output → the two lists (`pubkeyacceptedkeytypes` before OpenSSH 8.5). */
export function parseSshG(stdout: string): NonNullable<SshHostFacts['effective']> | null {
  const values = new Map<string, string>();
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^(\S+)\s+(.*)$/.exec(line.trim());
    if (m?.[1] && m[2] !== undefined && !values.has(m[1].toLowerCase())) values.set(m[1].toLowerCase(), m[2]);
  }
  const hostKey = values.get('hostkeyalgorithms');
  const pubkey = values.get('pubkeyacceptedalgorithms') ?? values.get('pubkeyacceptedkeytypes');
  if (hostKey === undefined || pubkey === undefined) return null;
  const list = (s: string) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  return { hostKeyAlgorithms: list(hostKey), pubkeyAcceptedAlgorithms: list(pubkey) };
}

export interface AskedSsh {
  openssh: OpenSshFacts;
  effective: Map<string, { effective?: SshHostFacts['effective']; error?: string }>;
}

/** `ssh -V` once and `ssh -G <host>` per host, through the runner; never a connection. */
export async function askOpenSsh(
  ctx: EngineContext,
  hosts: readonly string[],
  config: { file: string; exists: boolean; text?: string },
): Promise<AskedSsh> {
  const effective: AskedSsh['effective'] = new Map();
  const which = sshProgram(ctx.env);
  if ('other' in which) {
    return {
      openssh: { program: which.other, error: `git uses ${which.other} for SSH, not OpenSSH` },
      effective,
    };
  }
  const run = (args: string[]) => ctx.runner(which.program, args, { env: ctx.env, timeoutMs: ctx.timeoutMs });
  const flag = configFlag(ctx, config.file, config.exists);
  const openssh: OpenSshFacts = { program: which.program, ...(flag ? { configFlag: flag } : {}) };
  const v = await run(['-V']);
  if (v.notFound)
    return { openssh: { ...openssh, error: `${which.program} is not installed or not on PATH` }, effective };
  const version = firstLine(`${v.stderr}\n${v.stdout}`);
  if (version) openssh.version = version;
  const release = opensshRelease(version);
  if (release) openssh.release = release;
  const blocked = runsProgramsToMatch(config.text)
    ? `${config.file} decides with a program (Match exec), which the doctor does not start`
    : undefined;
  await Promise.all(
    hosts.map(async (host) => {
      if (blocked) return void effective.set(host, { error: blocked });
      const r = await run([...(flag ? ['-F', flag] : []), '-G', host]);
      const parsed = r.exitCode === 0 && !r.timedOut ? parseSshG(r.stdout) : null;
      if (parsed) return void effective.set(host, { effective: parsed });
      const why = r.timedOut
        ? 'ssh -G did not finish in time'
        : firstLine(r.stderr) || `ssh -G failed (exit code ${String(r.exitCode)})`;
      effective.set(host, { error: why });
    }),
  );
  return { openssh, effective };
}
