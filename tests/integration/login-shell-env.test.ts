import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startupEnvironment } from '../../electron/engine/login-shell-env';
import { realRunner } from '../../electron/engine/runner';

// The start-up read of the login shell's environment, against a real login shell (bash here;
// a Mac's is zsh, started the same way with -ilc): start-up files that print, that wait for a
// keyboard, and that never finish. The platform is given as macOS: the function itself runs
// the same on any POSIX system.

const homes: string[] = [];
afterAll(() => homes.forEach((h) => rmSync(h, { recursive: true, force: true })));

function home(profile: string): string {
  const h = mkdtempSync(path.join(tmpdir(), 'ccd-login-shell-'));
  homes.push(h);
  writeFileSync(path.join(h, '.bash_profile'), profile);
  return h;
}

const finder = (h: string): NodeJS.ProcessEnv => ({ HOME: h, SHELL: '/bin/bash', PATH: '/usr/bin:/bin' });

describe('startupEnvironment with a real login shell', () => {
  it('reads what the start-up files export, whatever else they print or ask', async () => {
    const h = home(
      [
        'echo "Welcome — a start-up file that talks"',
        'read -r answer  # stdin is closed: this returns at once',
        'export PATH="/opt/custom bin:$PATH"',
        'export AWS_PROFILE=dev',
        "export MULTI='one",
        "PATH=/not/really'",
        '',
      ].join('\n'),
    );
    const r = await startupEnvironment({ platform: 'darwin', env: finder(h), home: h, runner: realRunner });
    expect(r.origin).toEqual({ source: 'login-shell', shell: '/bin/bash' });
    expect(r.env.PATH?.split(':')[0]).toBe('/opt/custom bin');
    expect(r.env.AWS_PROFILE).toBe('dev');
    expect(r.env.MULTI).toBeUndefined();
  });

  it('a start-up file that never finishes: stopped at the time limit with what it started, then the usual folders', async () => {
    const marker = `${31 + Math.random()}`;
    const h = home(`sleep ${marker}\n`);
    const started = performance.now();
    const r = await startupEnvironment({
      platform: 'darwin',
      env: finder(h),
      home: h,
      runner: realRunner,
      timeoutMs: 1000,
    });
    expect(performance.now() - started).toBeLessThan(6000);
    expect(r.origin.source).toBe('fallback');
    expect(r.origin.note).toContain('/bin/bash did not answer within 1 s');
    expect(r.env.PATH).toBe(`/opt/homebrew/bin:/usr/local/bin:${h}/.local/bin:/usr/bin:/bin`);
    // The shell's process group was ended: its `sleep` is gone too.
    const left = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
    expect(left).not.toContain(`sleep ${marker}`);
  }, 15_000);
});
