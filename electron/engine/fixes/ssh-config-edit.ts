import SSHConfig, { LineType, type Directive, type Line } from 'ssh-config';
import type { EngineContext } from '../context';
import type { FixStep, SshAllow } from '../model';
import { askOpenSsh } from '../probes/ssh-client';
import { readRegularText } from '../safe-read';

// One `Host <pattern>` block of ~/.ssh/config, edited through the ssh-config parser so
// comments and every other block stay as they are. A new block goes before the first
// Host/Match: OpenSSH uses the first value it finds, so a later `Host *` cannot override it.

type SshConfigStep = Extract<FixStep, { type: 'ssh-config-host' }>;

const valueText = (v: Directive['value']) =>
  (typeof v === 'string' ? v : v.map((x) => x.val).join(' ')).trim();

function isDirective(l: Line): l is Directive {
  return l.type === LineType.DIRECTIVE;
}

/**
 * The value that lets `algorithm` in: the list the block already sets, with it added (a `+`
 * or `^` list stays one), else `+<algorithm>`. Null for a `-` list (it removes algorithms:
 * adding to it would mean the opposite) — that is for the person to change.
 */
export function allowedValue(existing: string | undefined, algorithm: string): string | null {
  if (existing === undefined || existing.trim() === '') return `+${algorithm}`;
  const v = existing.trim();
  if (v.startsWith('-')) return null;
  const names = v.replace(/^[+^]/, '').split(',');
  return names.includes(algorithm) ? v : `${v},${algorithm}`;
}

/** Whether the block's own lines can be edited to allow every algorithm (no `-` list in the way). */
export function canAllow(text: string, hostPattern: string, allow: readonly SshAllow[]): boolean {
  const block = findBlock(SSHConfig.parse(text), hostPattern);
  const current = (kw: string) =>
    block && 'config' in block
      ? (block.config.find((l) => isDirective(l) && l.param.toLowerCase() === kw.toLowerCase()) as
          Directive | undefined)
      : undefined;
  return allow.every((a) => {
    const line = current(a.keyword);
    return allowedValue(line ? valueText(line.value) : undefined, a.algorithm) !== null;
  });
}

function findBlock(config: SSHConfig, hostPattern: string): Line | undefined {
  return config.find((l) => isDirective(l) && /^host$/i.test(l.param) && valueText(l.value) === hostPattern);
}

/**
 * A new line after the block's last directive, indented like it; the blank lines that
 * followed it follow the new one (the parser keeps them in the line's `after`).
 */
function insertAfterLast(lines: SSHConfig, param: string, value: string): void {
  let last = -1;
  lines.forEach((l, i) => {
    if (isDirective(l)) last = i;
  });
  const prev = last >= 0 ? (lines[last] as Directive) : undefined;
  if (!prev) {
    lines.append({ [param]: value });
    return;
  }
  const line: Directive = {
    type: LineType.DIRECTIVE,
    param,
    separator: ' ',
    value,
    before: prev.before,
    after: prev.after,
  };
  prev.after = '\n';
  lines.splice(last + 1, 0, line);
}

/** Sets `set` (param → value) and allows `allow` in the `Host <hostPattern>` block; adds the block when missing. */
export function editSshBlock(
  text: string,
  hostPattern: string,
  set: readonly [string, string][],
  allow: readonly SshAllow[] = [],
): string {
  const config = SSHConfig.parse(text);
  const section = findBlock(config, hostPattern);
  if (section && 'config' in section) {
    // SSHConfig has its own find(), without Array's type-guard overload.
    const lineOf = (param: string) =>
      section.config.find((l) => isDirective(l) && l.param.toLowerCase() === param.toLowerCase()) as
        Directive | undefined;
    const put = (param: string, value: string) => {
      const line = lineOf(param);
      if (line) line.value = value;
      else insertAfterLast(section.config, param, value);
    };
    for (const [param, value] of set) put(param, value);
    for (const a of allow) {
      const line = lineOf(a.keyword);
      const value = allowedValue(line ? valueText(line.value) : undefined, a.algorithm);
      if (value === null)
        throw new Error(`${a.keyword} in "Host ${hostPattern}" removes algorithms; change it yourself`);
      put(a.keyword, value);
    }
    return config.toString();
  }
  const block: Record<string, string> = { Host: hostPattern };
  for (const [param, value] of set) block[param] = value;
  for (const a of allow)
    block[a.keyword] = block[a.keyword] ? `${block[a.keyword]},${a.algorithm}` : `+${a.algorithm}`;
  config.prepend(block, true);
  return config.toString();
}

/**
 * After the file is written: ssh itself must now list every allowed algorithm for the host
 * (an earlier line — a top-level setting, an earlier `Host *` — wins over the block in
 * OpenSSH). Throws with what is still missing; the caller puts the file back.
 */
export async function proveAllowed(ctx: EngineContext, step: SshConfigStep): Promise<void> {
  const allow = step.allow ?? [];
  if (allow.length === 0 || !step.proveHost) return;
  const text = await readRegularText(step.file, { maxBytes: 1024 * 1024 });
  const asked = await askOpenSsh(ctx, [step.proveHost], { file: step.file, exists: true, text });
  const got = asked.effective.get(step.proveHost);
  if (!got?.effective) {
    throw new Error(
      `ssh could not confirm the change for ${step.proveHost}: ${got?.error ?? asked.openssh.error ?? 'no answer'}`,
    );
  }
  const lists = {
    HostKeyAlgorithms: got.effective.hostKeyAlgorithms,
    PubkeyAcceptedAlgorithms: got.effective.pubkeyAcceptedAlgorithms,
  };
  const missing = allow.filter((a) => !lists[a.keyword].includes(a.algorithm));
  if (missing.length > 0) {
    throw new Error(
      `ssh still does not allow ${missing.map((a) => `${a.algorithm} (${a.keyword})`).join(', ')} for ${step.proveHost}: an earlier line in ${step.file} sets it first`,
    );
  }
}
