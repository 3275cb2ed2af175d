import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createContext } from '../../electron/engine/context';
import { applyFix } from '../../electron/engine/fixes/apply';
import { Journal } from '../../electron/engine/fixes/journal';
import { runScan } from '../../electron/engine/scan';

// A repository folder whose HTTPS remote has helper trouble is also offered the two other
// ways in: git-remote-codecommit (when installed) and SSH (when the user has a key).

const homes: string[] = [];
afterAll(() => homes.forEach((h) => rmSync(h, { recursive: true, force: true })));

const URL = 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/shop';

function setup(opts: { grc: boolean; sshKey: boolean }) {
  const home = mkdtempSync(path.join(tmpdir(), 'ccd-forms-'));
  homes.push(home);
  const bin = path.join(home, 'bin');
  mkdirSync(bin);
  if (opts.grc) {
    writeFileSync(path.join(bin, 'git-remote-codecommit'), '#!/bin/sh\nexit 0\n');
    chmodSync(path.join(bin, 'git-remote-codecommit'), 0o755);
  }
  if (opts.sshKey) {
    mkdirSync(path.join(home, '.ssh'));
    writeFileSync(
      path.join(home, '.ssh', 'id_rsa.pub'),
      'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 me@laptop\n',
    );
  }
  writeFileSync(path.join(home, '.gitconfig'), '');
  const env = {
    HOME: home,
    PATH: `${bin}:/usr/bin:/bin`,
    GIT_CONFIG_GLOBAL: path.join(home, '.gitconfig'),
    GIT_CONFIG_NOSYSTEM: '1',
    CODECOMMIT_DOCTOR_STATE_DIR: path.join(home, 'state'),
  };
  const repo = path.join(home, 'repo');
  execFileSync('git', ['init', '-q', repo], { env });
  execFileSync('git', ['-C', repo, 'remote', 'add', 'origin', URL], { env });
  return { home, env, repo, ctx: createContext({ env, home, cwd: home, platform: 'linux' }) };
}

describe('other ways in for a repository folder', () => {
  it('offers git-remote-codecommit and SSH as suggestions, applies one, and undo puts the URL back', async () => {
    const s = setup({ grc: true, sshKey: true });
    const report = await runScan(s.ctx, { target: { kind: 'dir', path: s.repo }, offline: true });
    const offers = report.findings.flatMap((f) => f.fixes);
    const grc = offers.find((o) => o.id.includes('use-remote-codecommit'));
    const ssh = offers.find((o) => o.id.includes('use-ssh'));
    expect(grc?.kind).toBe('suggestion');
    expect(grc?.steps).toEqual([
      {
        type: 'remote-set-url',
        dir: s.repo,
        remote: 'origin',
        from: URL,
        to: 'codecommit::eu-west-1://shop',
      },
    ]);
    expect(ssh?.steps[0]).toMatchObject({ to: 'ssh://git-codecommit.eu-west-1.amazonaws.com/v1/repos/shop' });

    const config = path.join(s.repo, '.git', 'config');
    const before = readFileSync(config);
    const journal = Journal.forContext(s.ctx);
    const outcome = await applyFix(s.ctx, grc!, { journal });
    expect(outcome.ok).toBe(true);
    expect(
      execFileSync('git', ['-C', s.repo, 'remote', 'get-url', 'origin'], {
        env: s.env,
        encoding: 'utf8',
      }).trim(),
    ).toBe('codecommit::eu-west-1://shop');
    await journal.undo('last');
    expect(readFileSync(config).equals(before)).toBe(true);
  });

  it('offers neither without git-remote-codecommit or an SSH key', async () => {
    const s = setup({ grc: false, sshKey: false });
    const report = await runScan(s.ctx, { target: { kind: 'dir', path: s.repo }, offline: true });
    const ids = report.findings.flatMap((f) => f.fixes.map((o) => o.id));
    expect(ids.some((id) => id.includes('use-remote-codecommit') || id.includes('use-ssh'))).toBe(false);
    expect(ids.some((id) => id.includes('scoped-section'))).toBe(true);
  });
});
