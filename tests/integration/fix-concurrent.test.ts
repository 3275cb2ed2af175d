import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { ensureCliBuilt, spawnCli } from '../support/cli-run';
import { createFixSandbox, type FixSandbox } from '../support/fix-sandbox';

// Two fixes started at once on the same settings (two terminals, a fleet script run twice):
// the journal's lock covers the plan's re-check and the apply, so the second one finds the
// cure already in place and changes nothing — no duplicate helper lines.

const URL = 'https://git-codecommit.us-east-2.amazonaws.com/v1/repos/demo';
const HOST = 'git-codecommit.us-east-2.amazonaws.com';
const boxes: FixSandbox[] = [];
afterEach(() => {
  for (const b of boxes.splice(0)) b.cleanup();
});
beforeAll(ensureCliBuilt, 120_000);

const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;

/** Collects a child's output; `asked` settles when it prints its first y/N question. */
function watch(child: ChildProcess) {
  let out = '';
  let onAsk: () => void = () => undefined;
  const asked = new Promise<void>((r) => (onAsk = r));
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('[y/N]')) onAsk();
  });
  const done = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  return { asked, done, out: () => out };
}

describe('two fixes at once', () => {
  it('the second finds the section in place and adds no duplicate lines', async () => {
    // A storing helper before the AWS helper: the cure is the exact-host section.
    const sb = createFixSandbox({
      global:
        '[credential]\n\thelper = store\n\thelper = !aws codecommit credential-helper $@\n\tUseHttpPath = true\n',
    });
    boxes.push(sb);
    // Both plan from the same settings (each waits at its question), then both say yes.
    const args = ['fix', '--repo', URL, '--no-verify', '--offline', '--only', 'helper-shadowed'];
    const spawned = [spawnCli(args, sb.env), spawnCli(args, sb.env)];
    const children = spawned.map(watch);
    await Promise.all(children.map((r) => r.asked));
    for (const child of spawned) child.stdin?.end('y\n');
    await Promise.all(children.map((r) => r.done));
    const global = readFileSync(sb.globalFile, 'utf8');
    expect(count(global, new RegExp(`\\[credential "https://${HOST.replace(/\./g, '\\.')}"\\]`, 'g'))).toBe(
      1,
    );
    // The user's own line, and one in the section.
    expect(count(global, /helper = !aws codecommit credential-helper \$@/g)).toBe(2);
    expect(count(global, /^\s*helper = $/gm)).toBe(1);
    expect(count(global, /UseHttpPath = true/gi)).toBe(2);
    // One applied it; the other said plainly that it was already in place.
    const outs = children.map((r) => r.out()).join('\n');
    expect(outs).toMatch(/already/i);
    expect((await sb.chain(URL)).helpers[0]?.kind).toBe('aws');
  }, 120_000);
});
