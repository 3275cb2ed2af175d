import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../../electron/engine/context';
import { probeAwsCli } from '../../electron/engine/probes/aws-cli';
import { expectHangingProgramKilled, writeHangingProgram } from '../support/hanging-program';

// Real programs on this Linux machine. A pyenv shim for aws-cli 1.x sits first on the
// machine's PATH, so every test builds its own PATH.

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'aws-cli-probe-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('probeAwsCli with real programs', () => {
  it('runs the Debian package /usr/bin/aws', async () => {
    expect(existsSync('/usr/bin/aws')).toBe(true);
    const ctx = createContext({
      platform: 'linux',
      env: { PATH: '/usr/bin:/bin', HOME: tmp },
      home: tmp,
      timeoutMs: 20_000,
    });
    const facts = await probeAwsCli(ctx, ['/usr/bin/aws']);
    expect(facts.programs).toHaveLength(2);
    for (const p of facts.programs) {
      expect(p.resolvedPath).toBe('/usr/bin/aws');
      expect(p.versionError).toBeUndefined();
      expect(p.version?.major).toBe(2);
      expect(p.version?.cliVersion).toMatch(/^2\.\d+\.\d+$/);
      expect(p.version?.installKind).toBe('os-package');
      expect(p.version?.raw).toMatch(
        /^aws-cli\/2\.\S+ Python\/3\.\S+ Linux\/\S+ source\/x86_64\.debian\.\d+/,
      );
    }
  });

  it('gives up on an aws that hangs, within the timeout, and says so', async () => {
    const bin = path.join(tmp, 'bin');
    await rm(bin, { recursive: true, force: true });
    await mkdir(bin);
    const fake = path.join(bin, 'aws');
    const pids = path.join(tmp, 'aws.pids');
    writeHangingProgram(fake, pids);
    const ctx = createContext({
      platform: 'linux',
      env: { PATH: `${bin}:/usr/bin:/bin`, HOME: tmp },
      home: tmp,
      timeoutMs: 1500,
    });
    const started = Date.now();
    const facts = await probeAwsCli(ctx, []);
    expect(facts.programs).toEqual([
      { program: 'aws', resolvedPath: fake, versionError: 'timed out after 1.5 s' },
    ]);
    // The runner's timeout killed aws and its child (not a fast machine: a killed process).
    await expectHangingProgramKilled(pids);
    // Far below the 60 s the program would hang, far above 1.5 s on a busy machine.
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('reports a program that prints nothing useful', async () => {
    const fake = path.join(tmp, 'not-aws');
    await writeFile(fake, '#!/bin/sh\necho "something else" >&2\nexit 3\n');
    await chmod(fake, 0o755);
    const ctx = createContext({
      platform: 'linux',
      env: { PATH: '/nonexistent' },
      home: tmp,
      timeoutMs: 5000,
    });
    const facts = await probeAwsCli(ctx, [fake]);
    expect(facts.programs[0]).toEqual({ program: 'aws', resolvedPath: null });
    expect(facts.programs[1]?.versionError).toBe(
      '--version printed no version line (exit code 3): something else',
    );
  });
});
