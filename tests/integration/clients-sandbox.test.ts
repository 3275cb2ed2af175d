import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clientGitContext } from '../../electron/engine/clients/git-context';
import type { ClientId } from '../../electron/engine/clients/types';
import { applyFix } from '../../electron/engine/fixes/apply';
import { Journal } from '../../electron/engine/fixes/journal';
import { computeHelperChain } from '../../electron/engine/helper-chain';
import type { FindingCode, ScanReport } from '../../electron/engine/model';
import { probeClients } from '../../electron/engine/probes/clients';
import { probeGit } from '../../electron/engine/probes/git';
import { realRunner } from '../../electron/engine/runner';
import { runScan } from '../../electron/engine/scan';
import { clientSandbox, type ClientLayout, type ClientSandbox } from '../support/client-sandbox';

// Each client installed in a sandboxed HOME with a real git at its embedded path: the scan
// runs THAT git with the client's settings and names the client's cause, and the helper
// chain the doctor computes for the client is the one that git really runs.

const boxes: ClientSandbox[] = [];
afterAll(() => boxes.forEach((b) => b.cleanup()));
const box = (layout: ClientLayout) => {
  const b = clientSandbox(layout);
  boxes.push(b);
  return b;
};

const URL = 'https://git-codecommit.us-east-2.amazonaws.com/v1/repos/demo';
const AWS_GUIDE = '[credential]\n\thelper = !aws codecommit credential-helper $@\n\tUseHttpPath = true\n';
/** A stand-in AWS CLI: logs that the helper ran and answers like the real one. */
const AWS_STUB =
  '[ "$1 $2 $3" = "codecommit credential-helper get" ] || exit 0\necho aws >> "$HOME/aws.log"\necho username=AKIAIOSFODNN7EXAMPLE\necho password=20250101T000000Zabc';

const FORK: ClientLayout = {
  marker: ['Fork.app', 'Contents', 'Info.plist'],
  git: ['Fork.app', 'Contents', 'Resources', 'git-instance', 'bin', 'git'],
};
const DESKTOP: ClientLayout = {
  marker: ['GitHub Desktop.app', 'Contents', 'Info.plist'],
  git: ['GitHub Desktop.app', 'Contents', 'Resources', 'app', 'git', 'bin', 'git'],
};
const SOURCETREE: ClientLayout = {
  marker: ['Sourcetree.app', 'Contents', 'Info.plist'],
  git: ['Sourcetree.app', 'Contents', 'Resources', 'git_local', 'bin', 'git'],
};

function codes(r: ScanReport): FindingCode[] {
  return [...new Set(r.findings.map((f) => f.code))].sort();
}

/** `git credential fill` as the client runs it: the client's git, its settings, its environment. */
async function fillAsClient(b: ClientSandbox, client: ClientId | undefined, gitProgram?: string) {
  const ctx = b.ctx();
  const facts = await probeClients(ctx, {
    ...(client ? { client } : {}),
    ...(gitProgram ? { gitProgram } : {}),
  });
  const gctx = clientGitContext(ctx, facts);
  const git = (await probeGit(gctx)).executables[0]?.path as string;
  const input = 'protocol=https\nhost=git-codecommit.us-east-2.amazonaws.com\npath=v1/repos/demo\n\n';
  const fill = await realRunner(git, ['credential', 'fill'], {
    env: gctx.env,
    cwd: b.home,
    input,
    timeoutMs: 10_000,
  });
  return { facts, gctx, git, fill };
}

describe('the scan runs the client’s own git with the client’s settings', () => {
  it('Fork: its git reads its own system settings (helper = store) before your AWS helper → named, with a fix in your own settings', async () => {
    const b = box({ ...FORK, systemConfig: '[credential]\n\thelper = store\n', globalConfig: AWS_GUIDE });
    const r = await runScan(b.ctx(), { target: { kind: 'url', url: URL }, offline: true, client: 'fork' });
    expect(codes(r)).toEqual(expect.arrayContaining(['client-config-helper-first', 'helper-shadowed']));
    expect(r.client).toMatchObject({ id: 'fork', name: 'Fork', git: b.git });
    expect(r.client?.settingsFiles).toEqual([
      expect.stringContaining('git-instance/etc/gitconfig'),
      path.join(b.home, '.gitconfig'),
    ]);
    const f = r.findings.find((x) => x.code === 'client-config-helper-first');
    expect(f?.evidence).toContainEqual(
      expect.objectContaining({
        kind: 'config',
        value: 'store',
        file: expect.stringContaining('git-instance/etc/gitconfig'),
      }),
    );
    const section = f?.fixes.find((o) => o.id.includes('scoped-section'));
    expect(section?.steps).toContainEqual(expect.objectContaining({ file: path.join(b.home, '.gitconfig') }));
    // Nothing but git ran from inside the client's folder: the client itself never started.
    expect(b.ran.filter((c) => c.includes('/Applications/'))).toEqual(b.ran.filter((c) => c === b.git));
    expect(b.ran).toContain(b.git);
  });

  it('Fork: the offered fix, applied to your own settings, makes Fork’s own git ask the AWS helper first', async () => {
    const b = box({
      ...FORK,
      systemConfig: '[credential]\n\thelper = store\n',
      globalConfig: AWS_GUIDE,
      bin: { aws: AWS_STUB },
    });
    // A password the store helper saved 15 minutes ago: Fork's git hands it out again.
    writeFileSync(
      path.join(b.home, '.git-credentials'),
      'https://AKIAOLDKEYEXAMPLE:20240101T000000Zstale@git-codecommit.us-east-2.amazonaws.com/v1/repos/demo\n',
      { mode: 0o600 },
    );
    const before = await fillAsClient(b, 'fork');
    expect(before.fill.stdout).toContain('username=AKIAOLDKEYEXAMPLE');
    const r = await runScan(b.ctx(), { target: { kind: 'url', url: URL }, offline: true, client: 'fork' });
    const offer = r.findings
      .find((x) => x.code === 'client-config-helper-first')
      ?.fixes.find((o) => o.id.includes('scoped-section'));
    expect(offer?.applicable).toBe(true);
    const out = await applyFix(b.ctx(), offer!, { journal: Journal.forContext(b.ctx()) });
    expect(out.ok).toBe(true);
    // Fork's own file is untouched: its updates would rewrite it anyway.
    expect(
      readFileSync(path.join(path.dirname(path.dirname(b.git as string)), 'etc', 'gitconfig'), 'utf8'),
    ).toBe('[credential]\n\thelper = store\n');
    const after = await fillAsClient(b, 'fork');
    expect(after.fill.stdout).toContain('username=AKIAIOSFODNN7EXAMPLE');
    expect(readFileSync(path.join(b.home, 'aws.log'), 'utf8').trim()).toBe('aws');
    const again = await runScan(b.ctx(), {
      target: { kind: 'url', url: URL },
      offline: true,
      client: 'fork',
    });
    expect(codes(again)).not.toContain('client-config-helper-first');
  });

  it('the same set-up without --client: the terminal’s git (no system helper) has nothing to say', async () => {
    const b = box({ ...FORK, systemConfig: '[credential]\n\thelper = store\n', globalConfig: AWS_GUIDE });
    const env = { ...b.env, GIT_CONFIG_SYSTEM: '/dev/null' };
    const r = await runScan({ ...b.ctx(), env }, { target: { kind: 'url', url: URL }, offline: true });
    expect(codes(r)).not.toContain('client-config-helper-first');
    expect(r.client).toBeUndefined();
  });

  it('GitHub Desktop: real git with Desktop’s credential.helper= and its own helper → the AWS helper can never run there', async () => {
    const b = box({ ...DESKTOP, globalConfig: AWS_GUIDE, bin: { aws: AWS_STUB } });
    const log = path.join(b.home, 'aws.log');
    const r = await runScan(b.ctx(), {
      target: { kind: 'url', url: URL },
      offline: true,
      client: 'github-desktop',
    });
    const f = r.findings.find((x) => x.code === 'client-replaces-helpers');
    expect(f?.explanation).toContain('the AWS helper can never sign in there');
    expect(f?.evidence).toContainEqual(
      expect.objectContaining({ kind: 'config', value: '!aws codecommit credential-helper $@' }),
    );
    expect(f?.fixes.map((o) => o.title)).toEqual(
      expect.arrayContaining(['Sign in with HTTPS Git credentials', 'Clone with SSH']),
    );
    // The real git, run as Desktop runs it, never starts the AWS helper…
    const asDesktop = await fillAsClient(b, 'github-desktop');
    expect(asDesktop.gctx.env.GIT_EXEC_PATH).toBe(
      path.join(path.dirname(path.dirname(b.git as string)), 'libexec', 'git-core'),
    );
    expect(existsSync(log)).toBe(false);
    expect(asDesktop.fill.stderr).toContain("'credential-desktop' is not a git command");
    // …while the terminal's git does.
    const terminal = await fillAsClient(b, undefined);
    expect(terminal.fill.stdout).toContain('username=AKIAIOSFODNN7EXAMPLE');
    expect(readFileSync(log, 'utf8').trim()).toBe('aws');
  });

  it('--git without --client: that git and its own settings are diagnosed', async () => {
    const b = box({
      ...SOURCETREE,
      systemConfig: '[credential]\n\thelper = store\n',
      globalConfig: AWS_GUIDE,
    });
    const r = await runScan(b.ctx(), {
      target: { kind: 'url', url: URL },
      offline: true,
      gitProgram: b.git as string,
    });
    const shadowed = r.findings.find((x) => x.code === 'helper-shadowed');
    expect(shadowed?.evidence).toContainEqual(
      expect.objectContaining({ kind: 'helper', value: 'store', position: 1 }),
    );
    expect(r.checks.find((c) => c.id === 'client-git-config')?.status).toBe('skipped');
  });

  it('--git naming something that is not there: the git checks say so, nothing else runs it', async () => {
    const b = box({ ...SOURCETREE, globalConfig: AWS_GUIDE });
    const r = await runScan(b.ctx(), {
      target: { kind: 'url', url: URL },
      offline: true,
      gitProgram: path.join(b.home, 'nowhere', 'git'),
    });
    const helpers = r.checks.find((c) => c.id === 'helpers');
    expect(helpers).toMatchObject({
      status: 'error',
      message: expect.stringContaining('there is no such file'),
    });
  });
});

// Differential: what computeHelperChain says the client's git runs, against what that git
// really runs (each helper logs its name), for the clients that put settings on top.
describe('the helper chain for a client equals what its git does', () => {
  const logHelper = (name: string) => `"!f() { echo ${name} >> \\"$HOME/helpers.log\\"; }; f"`;
  const ALL = ['system', 'global', 'scoped'];

  it.each([
    ['fork', FORK, ALL],
    ['github-desktop', DESKTOP, ['desktop']],
    ['jetbrains', undefined, []],
    ['sourcetree', SOURCETREE, ALL],
    [undefined, FORK, ALL],
  ] as [ClientId | undefined, ClientLayout | undefined, string[]][])(
    '%s',
    async (client, layout, expected) => {
      const b = box({
        ...(layout ?? { marker: ['IntelliJ IDEA.app', 'Contents', 'Info.plist'] }),
        systemConfig: `[credential]\n\thelper = ${logHelper('system')}\n`,
        globalConfig: `[credential]\n\thelper = ${logHelper('global')}\n[credential "https://git-codecommit.us-east-2.amazonaws.com"]\n\thelper = ${logHelper('scoped')}\n\tUseHttpPath = true\n`,
        bin: { 'git-credential-desktop': 'echo desktop >> "$HOME/helpers.log"' },
      });
      const log = path.join(b.home, 'helpers.log');
      const { gctx, fill } = await fillAsClient(b, client);
      expect(fill.timedOut).toBe(false);
      const ran = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) : [];
      const config = (await probeGit(gctx)).config;
      const chain = computeHelperChain(config, URL);
      const named = chain.helpers.map((h) => /echo (\w+) >>/.exec(h.value)?.[1] ?? h.value);
      expect(named).toEqual(ran);
      expect(ran).toEqual(expected);
    },
  );
});
