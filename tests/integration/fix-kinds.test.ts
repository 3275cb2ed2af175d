import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../../electron/engine/context';
import { applyFix } from '../../electron/engine/fixes/apply';
import { realRunner } from '../../electron/engine/runner';
import { runScan } from '../../electron/engine/scan';
import { Journal } from '../../electron/engine/fixes/journal';
import type {
  FindingCode,
  FixOffer,
  HelperChain,
  ScanReport,
  TargetInput,
} from '../../electron/engine/model';
import { ensureGitCredentialLibsecret } from '../support/libsecret-helper';
import { startSecretService, type SecretService } from '../support/secret-service';
import { createFixSandbox, fakeAws, writeExecutable, type FixSandbox } from '../support/fix-sandbox';

// Each fix kind against real git 2.39 config files in a sandboxed HOME: plan from a real
// scan, apply with a real journal, then ask git itself (config -z listing) which helpers
// it would call. A fix must make the AWS helper answer first with UseHttpPath for the
// CodeCommit URL, leave github.com's chain alone, and undo must restore every byte.

const CC = 'https://git-codecommit.us-east-1.amazonaws.com/v1/repos/r1';
const GH = 'https://github.com/x/y';
const AWS = '!aws codecommit credential-helper $@';

const boxes: FixSandbox[] = [];
afterEach(() => {
  for (const b of boxes.splice(0)) b.cleanup();
});

function box(opts: Parameters<typeof createFixSandbox>[0]): FixSandbox {
  const b = createFixSandbox(opts);
  boxes.push(b);
  return b;
}

function chainShape(c: HelperChain): { helpers: string[]; useHttpPath: boolean } {
  return { helpers: c.helpers.map((h) => h.value), useHttpPath: c.useHttpPath };
}

function offerFor(report: ScanReport, code: FindingCode, subject?: string): FixOffer {
  const f = report.findings.find((x) => x.code === code && (!subject || x.subject === subject));
  expect(f, `finding ${code} in ${report.findings.map((x) => x.code).join(',')}`).toBeDefined();
  // The manager-core rename is a suggestion (it changes GCM's behaviour for every host):
  // the user picks it, so it is applied here like any picked suggestion.
  const o = f!.fixes.find((x) => (x.kind === 'fix' || code === 'gcm-old-name') && x.applicable);
  expect(o, `an applicable fix for ${code}`).toBeDefined();
  return o!;
}

interface Round {
  offer: FixOffer;
  ccBefore: HelperChain;
}

/** Scan → plan → apply → git agrees → undo → bytes equal. Returns the offer for extra checks. */
async function fixAndUndo(
  b: FixSandbox,
  target: TargetInput,
  code: FindingCode,
  opts: {
    url?: string;
    files?: string[];
    subject?: string;
    githubMayChange?: boolean;
  } = {},
): Promise<Round> {
  const url = opts.url ?? CC;
  const files = opts.files ?? [b.globalFile, b.systemFile];
  const before = b.snapshot(files);
  const ccBefore = await b.chain(url);
  const ghBefore = await b.chain(GH);
  const report = await runScan(b.ctx, { target, offline: true });
  const offer = offerFor(report, code, opts.subject);
  const journal = Journal.forContext(b.ctx);
  const outcome = await applyFix(b.ctx, offer, { journal });
  expect(outcome.error).toBeUndefined();
  expect(outcome.ok).toBe(true);

  const cc = await b.chain(url);
  expect(cc.helpers[0]?.kind, JSON.stringify(chainShape(cc))).toBe('aws');
  expect(cc.useHttpPath).toBe(true);
  if (!opts.githubMayChange) expect(chainShape(await b.chain(GH))).toEqual(chainShape(ghBefore));

  // The same finding is gone after the fix (a second scan plans nothing for it).
  const again = await runScan(b.ctx, { target, offline: true });
  const still = again.findings.filter(
    (f) => f.code === code && (!opts.subject || f.subject === opts.subject),
  );
  expect(still.length).toBe(0);

  await journal.undo(outcome.journalId as string);
  const after = b.snapshot(files);
  for (const f of files) {
    expect(after.get(f) === null ? null : after.get(f)!.toString('hex'), f).toEqual(
      before.get(f) === null ? null : before.get(f)!.toString('hex'),
    );
  }
  return { offer, ccBefore };
}

const gitConfigSteps = (o: FixOffer) => o.steps.flatMap((s) => (s.type === 'git-config' ? [s] : []));

describe('helper-shadowed', () => {
  for (const helper of ['osxkeychain', 'manager', 'store']) {
    it(`system-scope ${helper} before the AWS helper → scoped section in global config`, async () => {
      const b = box({
        system: `[credential]\n\thelper = ${helper}\n`,
        global: `[user]\n\tname = Someone\n[credential]\n\thelper = ${AWS}\n\tUseHttpPath = true\n`,
      });
      // Installed, as on the Mac or Windows computer this stands for: a helper git cannot
      // start does not shadow anything (helper-cannot-start.test.ts).
      if (helper !== 'store')
        writeExecutable(path.join(b.bin, `git-credential-${helper}`), '#!/bin/sh\nexit 0\n');
      const { offer, ccBefore } = await fixAndUndo(b, { kind: 'url', url: CC }, 'helper-shadowed');
      expect(ccBefore.helpers[0]?.value).toBe(helper);
      expect(gitConfigSteps(offer).map((s) => [s.file, s.op, s.key, s.value])).toEqual([
        [b.globalFile, 'add', 'credential.https://git-codecommit.us-east-1.amazonaws.com.helper', ''],
        [b.globalFile, 'add', 'credential.https://git-codecommit.us-east-1.amazonaws.com.helper', AWS],
        [
          b.globalFile,
          'set',
          'credential.https://git-codecommit.us-east-1.amazonaws.com.UseHttpPath',
          'true',
        ],
      ]);
    });
  }

  it('a repository-local helper after the reset → the section goes to the repository config', async () => {
    const b = box({ global: `[credential]\n\thelper = ${AWS}\n\tUseHttpPath = true\n` });
    const repo = path.join(b.home, 'work', 'r1');
    mkdirSync(repo, { recursive: true });
    expect((await b.git(['init', '-q', repo])).code).toBe(0);
    expect((await b.git(['-C', repo, 'remote', 'add', 'origin', CC])).code).toBe(0);
    // The repository resets the list and names its own helper: a global section would be
    // cleared by that reset (local is read after global), so only a local one works.
    expect((await b.git(['-C', repo, 'config', '--add', 'credential.helper', ''])).code).toBe(0);
    expect((await b.git(['-C', repo, 'config', '--add', 'credential.helper', 'store'])).code).toBe(0);
    const local = path.join(repo, '.git', 'config');

    const chainIn = async (url: string) => {
      const r = await b.git(['-C', repo, 'config', '--list', '--show-origin', '--show-scope', '-z']);
      const { parseConfigZ } = await import('../../electron/engine/probes/git-config-parse');
      const { computeHelperChain } = await import('../../electron/engine/helper-chain');
      return computeHelperChain(parseConfigZ(r.stdout), url);
    };
    const before = b.snapshot([b.globalFile, local]);
    const ghBefore = chainShape(await chainIn(GH));
    const report = await b.scan({ kind: 'dir', path: repo });
    const code = report.findings.find(
      (f) => f.code === 'helper-shadowed' || f.code === 'helper-not-configured',
    )?.code as FindingCode;
    expect(code).toBeDefined();
    const offer = offerFor(report, code);
    expect(new Set(gitConfigSteps(offer).map((s) => `${s.scope}:${s.file}`))).toEqual(
      new Set([`local:${local}`]),
    );
    const journal = Journal.forContext(b.ctx);
    const out = await applyFix(b.ctx, offer, { journal });
    expect(out.ok, out.error).toBe(true);
    const cc = await chainIn(CC);
    expect(cc.helpers[0]?.kind).toBe('aws');
    expect(cc.useHttpPath).toBe(true);
    expect(chainShape(await chainIn(GH))).toEqual(ghBefore);
    await journal.undo(out.journalId as string);
    const after = b.snapshot([b.globalFile, local]);
    expect(after.get(local)?.equals(before.get(local) as Buffer)).toBe(true);
    expect(after.get(b.globalFile)?.equals(before.get(b.globalFile) as Buffer)).toBe(true);
  });
});

describe('AWS helper repairs', () => {
  it('helper-usehttppath-missing', async () => {
    const b = box({ global: `[credential]\n\thelper = ${AWS}\n` });
    await fixAndUndo(b, { kind: 'url', url: CC }, 'helper-usehttppath-missing');
  });

  it('helper-not-configured with no global config file at all: the fix creates it, undo removes it', async () => {
    const b = box({});
    expect(existsSync(b.globalFile)).toBe(false);
    await fixAndUndo(b, { kind: 'url', url: CC }, 'helper-not-configured');
    expect(existsSync(b.globalFile)).toBe(false);
  });

  it('helper-not-configured keeps a GitHub helper configured for github.com', async () => {
    const b = box({
      global: `[credential "https://github.com"]\n\thelper = store\n[credential]\n\thelper = cache --timeout=60\n`,
    });
    await fixAndUndo(b, { kind: 'url', url: CC }, 'helper-not-configured');
  });

  it('aws-cli-autoprompt-on → the section helper passes --no-cli-auto-prompt', async () => {
    const b = box({
      global: `[credential]\n\thelper = ${AWS}\n\tUseHttpPath = true\n`,
      env: { AWS_CLI_AUTO_PROMPT: 'on' },
    });
    // The helper's own --no-cli-auto-prompt makes it immune, so the finding goes away.
    const { offer } = await fixAndUndo(b, { kind: 'url', url: CC }, 'aws-cli-autoprompt-on');
    expect(gitConfigSteps(offer).map((s) => s.value)).toContain(
      '!aws --no-cli-auto-prompt codecommit credential-helper $@',
    );
  });

  it('aws-cli-not-found → an absolute path to an installed aws (planner sees it via ctx.isFile)', async () => {
    const b = box({ awsOnPath: false, global: `[credential]\n\thelper = ${AWS}\n\tUseHttpPath = true\n` });
    // /usr/bin has a real `aws` on this machine: PATH gets only links to what git needs.
    const tools = path.join(b.root, 'tools');
    mkdirSync(tools);
    const { symlinkSync } = await import('node:fs');
    for (const t of ['git', 'sh', 'grep', 'sed'])
      symlinkSync(`/usr/bin/${t}`.replace('/usr/bin/sh', '/bin/sh'), path.join(tools, t));
    b.env.PATH = `${b.bin}:${tools}`;
    const installed = fakeAws(path.join(b.root, 'opt'));
    const real = b.ctx.isFile;
    // The planner's known install locations are fixed paths; only the first one is redirected.
    b.ctx = createContext({
      ...b.ctx,
      env: b.env,
      isFile: async (p) =>
        p === '/usr/local/bin/aws' ? true : /(^|\/)aws$/.test(p) && !p.startsWith(b.root) ? false : real(p),
    });
    const { offer } = await fixAndUndo(b, { kind: 'url', url: CC }, 'aws-cli-not-found');
    expect(
      gitConfigSteps(offer).map((s) => s.value),
      JSON.stringify(offer),
    ).toContain('!"/usr/local/bin/aws" codecommit credential-helper $@');
    expect(existsSync(installed)).toBe(true);
  });
});

describe('scoped-section-misses-host', () => {
  const global = `[credential "https://git-codecommit.*.amazonaws.com"]\n\thelper = ${AWS}\n\tUseHttpPath = true\n`;
  for (const [label, url, section] of [
    [
      'FIPS',
      'https://git-codecommit-fips.us-east-1.amazonaws.com/v1/repos/r1',
      'git-codecommit-fips.us-east-1.amazonaws.com',
    ],
    [
      'China',
      'https://git-codecommit.cn-north-1.amazonaws.com.cn/v1/repos/r1',
      'git-codecommit.cn-north-1.amazonaws.com.cn',
    ],
    [
      'VPC endpoint',
      'https://vpce-0123456789abcdef0-abcdefgh.git-codecommit.us-east-1.vpce.amazonaws.com/v1/repos/r1',
      'vpce-0123456789abcdef0-abcdefgh.git-codecommit.us-east-1.vpce.amazonaws.com',
    ],
    [
      'a port',
      'https://git-codecommit.us-east-1.amazonaws.com:8443/v1/repos/r1',
      'git-codecommit.us-east-1.amazonaws.com:8443',
    ],
  ] as const) {
    it(`${label}: one section for the exact host`, async () => {
      const b = box({ global });
      const { offer } = await fixAndUndo(b, { kind: 'url', url }, 'scoped-section-misses-host', { url });
      expect(new Set(gitConfigSteps(offer).map((s) => s.key.replace(/\.[^.]+$/, '')))).toEqual(
        new Set([`credential.https://${section}`]),
      );
      // The standard host keeps working through the wildcard section too.
      const std = await b.chain(CC);
      expect(std.helpers[0]?.kind).toBe('aws');
    });
  }
});

describe('gcm-old-name', () => {
  // The rename is offered only where git can run `git credential-manager` (GCM 2.3+ is
  // installed under that name): a stand-in on the sandbox's PATH answers --version.
  const withGcm = (b: FixSandbox): FixSandbox => {
    const gcm = path.join(b.bin, 'git-credential-manager');
    writeFileSync(gcm, '#!/bin/sh\n[ "$1" = "--version" ] && echo 2.5.1+d34a4e3f5a\nexit 0\n', {
      mode: 0o755,
    });
    return b;
  };

  it('replace-all manager-core → manager, only that value', async () => {
    const global =
      `[credential]\n\thelper = manager-core\n` +
      `[credential "https://git-codecommit.us-east-1.amazonaws.com"]\n\thelper =\n\thelper = ${AWS}\n\tUseHttpPath = true\n`;
    const b = withGcm(box({ global }));
    const { offer } = await fixAndUndo(b, { kind: 'url', url: CC }, 'gcm-old-name', {
      githubMayChange: true,
    });
    expect(gitConfigSteps(offer)).toEqual([
      expect.objectContaining({
        op: 'replace-all',
        file: b.globalFile,
        key: 'credential.helper',
        value: 'manager',
        valuePattern: '^manager-core$',
      }),
    ]);
  });

  it('after the rename github.com gets exactly "manager" in place of "manager-core"', async () => {
    const b = withGcm(box({ global: `[credential]\n\thelper = manager-core\n\thelper = store\n` }));
    const report = await b.scan({ kind: 'url', url: CC });
    const offer = offerFor(report, 'gcm-old-name');
    const out = await applyFix(b.ctx, offer, { journal: Journal.forContext(b.ctx) });
    expect(out.ok, out.error).toBe(true);
    expect(chainShape(await b.chain(GH)).helpers).toEqual(['manager', 'store']);
  });

  it('"manager-core --flag" is renamed in place, not joined by a second helper line', async () => {
    // git --replace-all with a value pattern that matches nothing APPENDS (git 2.39.5).
    const b = withGcm(box({ global: `[credential]\n\thelper = manager-core --no-ui\n\thelper = store\n` }));
    const report = await b.scan({ kind: 'url', url: CC });
    const offer = offerFor(report, 'gcm-old-name');
    const out = await applyFix(b.ctx, offer, { journal: Journal.forContext(b.ctx) });
    expect(out.ok, out.error).toBe(true);
    expect(chainShape(await b.chain(GH)).helpers).toEqual(['manager --no-ui', 'store']);
  });

  it("a repository's own manager-core is renamed in that repository's file, whatever folder the doctor runs in", async () => {
    // git lists the repository's config as `.git/config`, relative to the top of the work
    // tree: a plan that kept it relative would edit the .git/config of the doctor's own folder.
    const b = withGcm(box({ global: `[credential]\n\thelper = store\n` }));
    const repo = path.join(b.home, 'r-local');
    expect((await b.git(['init', '-q', repo])).code).toBe(0);
    expect((await b.git(['-C', repo, 'config', 'credential.helper', 'manager-core'])).code).toBe(0);
    expect((await b.git(['-C', repo, 'remote', 'add', 'origin', CC])).code).toBe(0);
    const offer = offerFor(await b.scan({ kind: 'dir', path: path.join(repo) }), 'gcm-old-name');
    const local = path.join(repo, '.git', 'config');
    expect(gitConfigSteps(offer)).toEqual([
      expect.objectContaining({ file: local, key: 'credential.helper' }),
    ]);
    const out = await applyFix(b.ctx, offer, { journal: Journal.forContext(b.ctx) });
    expect(out.ok, out.error).toBe(true);
    expect((await b.git(['-C', repo, 'config', '--local', '--get-all', 'credential.helper'])).stdout).toBe(
      'manager\n',
    );
  });

  it('the same rename applied twice (two copies of the doctor) refuses the second time and adds nothing', async () => {
    // git --replace-all with a pattern that matches nothing appends: a second rename would
    // add another "manager" line. The step checks there is something to rename first.
    const b = withGcm(box({ global: `[credential]\n\thelper = manager-core\n\thelper = store\n` }));
    const offer = offerFor(await b.scan({ kind: 'url', url: CC }), 'gcm-old-name');
    expect((await applyFix(b.ctx, offer, { journal: Journal.forContext(b.ctx) })).ok).toBe(true);
    const after = readFileSync(b.globalFile, 'utf8');
    const again = await applyFix(b.ctx, offer, { journal: Journal.forContext(b.ctx) });
    expect(again.ok).toBe(false);
    expect(again.error).toMatch(/no value matching \^manager-core\$ any more/);
    expect(readFileSync(b.globalFile, 'utf8')).toBe(after);
    expect(chainShape(await b.chain(GH)).helpers).toEqual(['manager', 'store']);
  });
});

describe('url-username-needs-encoding', () => {
  it('with the AWS helper, the user name goes: git drops the password it signs when the address names a user', async () => {
    const b = box({ global: `[credential]\n\thelper = ${AWS}\n\tUseHttpPath = true\n` });
    const repo = path.join(b.home, 'r1');
    expect((await b.git(['init', '-q', repo])).code).toBe(0);
    const raw = 'https://me@corp.example@git-codecommit.us-east-1.amazonaws.com/v1/repos/r1';
    expect((await b.git(['-C', repo, 'remote', 'add', 'origin', raw])).code).toBe(0);
    const report = await b.scan({ kind: 'dir', path: repo });
    expect(offerFor(report, 'url-username-needs-encoding').steps).toEqual([
      {
        type: 'remote-set-url',
        dir: repo,
        remote: 'origin',
        from: raw,
        to: 'https://git-codecommit.us-east-1.amazonaws.com/v1/repos/r1',
      },
    ]);
  });

  it('git remote set-url with the user name percent-encoded; undo restores .git/config', async () => {
    // Git credentials saved by a storing helper (no AWS helper): the user name is needed, encoded.
    const b = box({ global: `[credential]\n\thelper = store\n` });
    const repo = path.join(b.home, 'r1');
    expect((await b.git(['init', '-q', repo])).code).toBe(0);
    const raw = 'https://me@corp.example@git-codecommit.us-east-1.amazonaws.com/v1/repos/r1';
    expect((await b.git(['-C', repo, 'remote', 'add', 'origin', raw])).code).toBe(0);
    const local = path.join(repo, '.git', 'config');
    const before = readFileSync(local);
    const report = await b.scan({ kind: 'dir', path: repo });
    const offer = offerFor(report, 'url-username-needs-encoding');
    expect(offer.steps).toEqual([
      {
        type: 'remote-set-url',
        dir: repo,
        remote: 'origin',
        from: raw,
        to: 'https://me%40corp.example@git-codecommit.us-east-1.amazonaws.com/v1/repos/r1',
      },
    ]);
    const journal = Journal.forContext(b.ctx);
    const out = await applyFix(b.ctx, offer, { journal });
    expect(out.ok, out.error).toBe(true);
    expect((await b.git(['-C', repo, 'remote', 'get-url', 'origin'])).stdout.trim()).toBe(
      'https://me%40corp.example@git-codecommit.us-east-1.amazonaws.com/v1/repos/r1',
    );
    await journal.undo(out.journalId as string);
    expect(readFileSync(local).equals(before)).toBe(true);
  });
});

describe('a remote whose address holds a password (issue 10 item 1)', () => {
  it('the plan shows the password masked, git gets the real one back, the mask is never written', async () => {
    // Git credentials saved by git's store helper (no AWS helper): the user name is kept, encoded.
    const b = box({ global: `[credential]\n\thelper = store\n` });
    const repo = path.join(b.home, 'r1');
    expect((await b.git(['init', '-q', repo])).code).toBe(0);
    const host = 'git-codecommit.us-east-1.amazonaws.com/v1/repos/r1';
    const raw = `https://me@corp.example:pa55-w0rd-Zq@${host}`;
    expect((await b.git(['-C', repo, 'remote', 'add', 'origin', raw])).code).toBe(0);
    const report = await b.scan({ kind: 'dir', path: repo });
    expect(JSON.stringify(report)).not.toContain('pa55-w0rd-Zq');
    const offer = offerFor(report, 'url-username-needs-encoding');
    expect(offer.steps).toEqual([
      expect.objectContaining({
        from: `https://me@corp.example:***@${host}`,
        to: `https://me%40corp.example:***@${host}`,
      }),
    ]);
    const journal = Journal.forContext(b.ctx);
    const out = await applyFix(b.ctx, offer, { journal });
    expect(out.ok, out.error).toBe(true);
    expect(JSON.stringify(out)).not.toContain('pa55-w0rd-Zq');
    expect((await b.git(['-C', repo, 'config', '--get-all', 'remote.origin.url'])).stdout).toBe(
      `https://me%40corp.example:pa55-w0rd-Zq@${host}\n`,
    );
  });

  it('a remote changed since the plan is left alone', async () => {
    const b = box({ global: `[credential]\n\thelper = ${AWS}\n\tUseHttpPath = true\n` });
    const repo = path.join(b.home, 'r1');
    expect((await b.git(['init', '-q', repo])).code).toBe(0);
    const raw = 'https://me@corp.example:first-Pw@git-codecommit.us-east-1.amazonaws.com/v1/repos/r1';
    expect((await b.git(['-C', repo, 'remote', 'add', 'origin', raw])).code).toBe(0);
    const offer = offerFor(await b.scan({ kind: 'dir', path: repo }), 'url-username-needs-encoding');
    const changed = raw.replace('/r1', '/r2');
    expect((await b.git(['-C', repo, 'remote', 'set-url', 'origin', changed])).code).toBe(0);
    const out = await applyFix(b.ctx, offer, { journal: Journal.forContext(b.ctx) });
    expect(out.ok).toBe(false);
    expect(out.error).toMatch(/changed since this plan was made/);
    expect((await b.git(['-C', repo, 'remote', 'get-url', 'origin'])).stdout.trim()).toBe(changed);
  });
});

describe('delete cached CodeCommit credentials', () => {
  it('credential-store file: only the CodeCommit line goes, mode 600 kept, github.com still filled', async () => {
    const b = box({
      global:
        `[credential]\n\thelper = store\n` +
        `[credential "https://git-codecommit.us-east-1.amazonaws.com"]\n\thelper =\n\thelper = ${AWS}\n\tUseHttpPath = true\n`,
    });
    const store = path.join(b.home, '.git-credentials');
    const gh = 'https://octo:gh-token-Qw3@github.com\n';
    writeFileSync(
      store,
      `${gh}https://AKIAIOSFODNN7EXAMPLE:cc-stale-Pz1@git-codecommit.us-east-1.amazonaws.com\n` +
        'https://evil:x@git-codecommit.us-east-1.amazonaws.com.evil.com\n',
      { mode: 0o600 },
    );
    // git's own store helper is the judge: asked through the store alone (past the AWS
    // helper), it answers the CodeCommit host before the fix and not after; github.com always.
    const fill = async (host: string) =>
      (
        await realRunner(
          'git',
          ['-c', 'credential.helper=', '-c', 'credential.helper=store', 'credential', 'fill'],
          {
            env: b.env,
            input: `protocol=https\nhost=${host}\n\n`,
            timeoutMs: 10_000,
          },
        )
      ).stdout;
    const CC_HOST = 'git-codecommit.us-east-1.amazonaws.com';
    expect(await fill(CC_HOST)).toContain('username=AKIAIOSFODNN7EXAMPLE\npassword=cc-stale-Pz1\n');
    const report = await b.scan({ kind: 'url', url: CC });
    const offer = offerFor(report, 'cached-codecommit-credentials');
    expect(offer.warning).toMatch(/cannot be undone/);
    const out = await applyFix(b.ctx, offer, { journal: Journal.forContext(b.ctx) });
    expect(out.ok, out.error).toBe(true);
    expect(readFileSync(store, 'utf8')).toBe(
      `${gh}https://evil:x@git-codecommit.us-east-1.amazonaws.com.evil.com\n`,
    );
    expect(statSync(store).mode & 0o777).toBe(0o600);
    expect(await fill('github.com')).toContain('username=octo\npassword=gh-token-Qw3\n');
    expect(await fill(CC_HOST)).not.toMatch(/AKIAIOSFODNN7EXAMPLE|cc-stale-Pz1/);
  });

  describe('libsecret (real gnome-keyring)', () => {
    let ss: SecretService;
    let helper: string;
    beforeAll(async () => {
      helper = await ensureGitCredentialLibsecret();
      ss = await startSecretService();
    }, 120_000);
    afterAll(async () => ss?.stop());

    it('deletes only the CodeCommit item; github.com still filled', async () => {
      const b = box({
        global:
          `[credential]\n\thelper = ${helper}\n` +
          `[credential "https://git-codecommit.us-east-1.amazonaws.com"]\n\thelper =\n\thelper = ${AWS}\n\tUseHttpPath = true\n`,
        env: { DBUS_SESSION_BUS_ADDRESS: ss.env.DBUS_SESSION_BUS_ADDRESS as string },
      });
      const cred = (verb: string, input: string, extra: string[] = []) =>
        realRunner('git', [...extra, 'credential', verb], { env: b.env, input, timeoutMs: 15_000 });
      // Written straight through the libsecret helper, as git would after a prompt.
      const only = ['-c', 'credential.helper=', '-c', `credential.helper=${helper}`];
      expect(
        (await cred('approve', 'protocol=https\nhost=github.com\nusername=octo\npassword=gh-Lk2\n\n', only))
          .exitCode,
      ).toBe(0);
      expect(
        (
          await cred(
            'approve',
            'protocol=https\nhost=git-codecommit.us-east-1.amazonaws.com\nusername=AKIAIOSFODNN7EXAMPLE\npassword=cc-Jm5\n\n',
            only,
          )
        ).exitCode,
      ).toBe(0);
      const report = await b.scan({ kind: 'url', url: CC });
      const offer = offerFor(report, 'cached-codecommit-credentials');
      expect(offer.steps.every((s) => s.type === 'delete-credential' && s.entry.store === 'libsecret')).toBe(
        true,
      );
      const out = await applyFix(b.ctx, offer, { journal: Journal.forContext(b.ctx) });
      expect(out.ok, out.error).toBe(true);
      const gh = await cred('fill', 'protocol=https\nhost=github.com\n\n', only);
      expect(gh.stdout).toContain('username=octo');
      const cc = await cred('fill', 'protocol=https\nhost=git-codecommit.us-east-1.amazonaws.com\n\n', only);
      expect(cc.stdout).not.toContain('AKIAIOSFODNN7EXAMPLE');
    }, 60_000);
  });
});
