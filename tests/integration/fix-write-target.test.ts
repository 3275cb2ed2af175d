import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyFix } from '../../electron/engine/fixes/apply';
import { writeFileAtomic } from '../../electron/engine/fixes/atomic-file';
import { Journal } from '../../electron/engine/fixes/journal';
import { computeHelperChain } from '../../electron/engine/helper-chain';
import type { Finding, FixOffer, ScanReport } from '../../electron/engine/model';
import { parseConfigZ } from '../../electron/engine/probes/git-config-parse';
import { runCli } from '../support/cli-run';
import type { FixSandbox } from '../support/fix-sandbox';
import { sandboxPool } from '../support/sandbox-pool';
import { offerOf, sectionSteps as sectionStepsFor } from '../support/section-offer';

// A fix writes only regular files (issue 10, item 5). GIT_CONFIG_GLOBAL=/dev/null is common
// in CI and containers; `git config --file /dev/null` renames a regular file over the
// device, and undo then leaves an empty file. Real git, a real character device made with
// mknod (1,3 = what /dev/null is), a real FIFO, the built CLI.

const HOST = 'git-codecommit.us-east-2.amazonaws.com';
const URL = `https://${HOST}/v1/repos/demo`;
const pool = sandboxPool({}, { cli: true });

/** A sandbox whose GIT_CONFIG_GLOBAL is a character device like /dev/null; a system-wide `store` answers. */
function deviceSandbox(): { b: FixSandbox; dev: string } {
  const dev = path.join(pool.tempDir('ccd-device-'), 'null-device');
  execFileSync('mknod', [dev, 'c', '1', '3']);
  const b = pool.sandbox({ system: '[credential]\n\thelper = store\n', env: { GIT_CONFIG_GLOBAL: dev } });
  return { b, dev };
}

const sectionSteps = (file: string) => sectionStepsFor(file, HOST);

const filesWritten = (report: ScanReport) =>
  report.findings.flatMap((f) =>
    f.fixes.flatMap((o) => o.steps.flatMap((s) => (s.type === 'git-config' ? [s.file] : []))),
  );

function finding(report: ScanReport, code: string): Finding {
  const f = report.findings.find((x) => x.code === code);
  expect(f, code).toBeDefined();
  return f as Finding;
}

describe('a fix writes only regular files', () => {
  it('GIT_CONFIG_GLOBAL is a character device: no plan writes it, the plan says why and what works', async () => {
    const { b, dev } = deviceSandbox();
    const report = await b.scan({ kind: 'url', url: URL });
    expect(filesWritten(report)).not.toContain(dev);
    const f = finding(report, 'helper-not-configured');
    const said = f.fixes.find((o) => o.description.includes(dev));
    expect(said?.description).toMatch(/GIT_CONFIG_GLOBAL/);
    expect(said?.description).toMatch(/character device/);
    expect(said?.description).toMatch(/--dir/);
    expect(said?.applicable).toBe(false);

    const fix = await runCli(['fix', '--repo', URL, '--yes', '--no-verify', '--offline'], b.env);
    expect(fix.stdout).not.toMatch(/✓ In .*null-device/);
    expect(statSync(dev).isCharacterDevice()).toBe(true);
    const history = JSON.parse((await runCli(['history', '--json'], b.env)).stdout) as { entries: unknown[] };
    expect(history.entries).toEqual([]);
  });

  it("with --dir: the section goes into the repository's own settings, and git then asks the AWS helper first", async () => {
    const { b, dev } = deviceSandbox();
    const repo = path.join(b.root, 'clone');
    await b.git(['init', '-q', repo]);
    await b.git(['-C', repo, 'remote', 'add', 'origin', URL]);
    const report = await b.scan({ kind: 'dir', path: repo });
    expect(filesWritten(report)).not.toContain(dev);
    const fix = finding(report, 'helper-not-configured').fixes.find((o) => o.kind === 'fix');
    expect(fix?.applicable).toBe(true);
    expect(fix?.description).toContain(dev);
    const out = await applyFix(b.ctx, fix as FixOffer, { journal: Journal.forContext(b.ctx) });
    expect(out.ok, out.error).toBe(true);
    const listed = await b.git(['config', '--list', '--show-origin', '--show-scope', '-z'], repo);
    const chain = computeHelperChain(parseConfigZ(listed.stdout), URL);
    expect(chain.helpers.map((h) => h.kind)).toEqual(['aws']);
    expect(chain.useHttpPath).toBe(true);
    expect(statSync(dev).isCharacterDevice()).toBe(true);
  });

  it('apply time: a step aimed at a device or a FIFO refuses in plain words, changes nothing, never hangs', async () => {
    const { b, dev } = deviceSandbox();
    const fifo = path.join(b.root, 'fifo-config');
    execFileSync('mkfifo', [fifo]);
    for (const [file, kind] of [
      [dev, /character device/],
      [fifo, /named pipe/],
    ] as const) {
      const out = await applyFix(b.ctx, offerOf(sectionSteps(file)), { journal: Journal.forContext(b.ctx) });
      expect(out.ok).toBe(false);
      expect(out.error).toMatch(kind);
      expect(out.error).toContain(file);
    }
    expect(statSync(dev).isCharacterDevice()).toBe(true);
    expect(statSync(fifo).isFIFO()).toBe(true);
    // Nothing in the journal could put a regular file where the device was.
    const undo = await runCli(['undo', '--last'], b.env);
    expect(undo.stderr).not.toMatch(/\n {4}at /);
    expect(statSync(dev).isCharacterDevice()).toBe(true);
  }, 20_000);

  it('writeFileAtomic never renames a file over a device or a FIFO', async () => {
    const { b, dev } = deviceSandbox();
    const fifo = path.join(b.root, 'fifo');
    execFileSync('mkfifo', [fifo]);
    await expect(writeFileAtomic(dev, 'x')).rejects.toThrow(/character device/);
    await expect(writeFileAtomic(fifo, 'x')).rejects.toThrow(/named pipe/);
    expect(statSync(dev).isCharacterDevice()).toBe(true);
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(b.root).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    writeFileSync(path.join(b.root, 'plain'), 'a');
    await writeFileAtomic(path.join(b.root, 'plain'), 'b');
    expect(existsSync(path.join(b.root, 'plain'))).toBe(true);
  });
});
