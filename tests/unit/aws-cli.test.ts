import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createContext } from '../../electron/engine/context';
import type { Platform } from '../../electron/engine/model';
import { probeAwsCli } from '../../electron/engine/probes/aws-cli';
import type { RunResult, Runner } from '../../electron/engine/runner';
import { recordedResult } from '../support/replay-runner';

const fixture = (name: string) => readFileSync(path.join(__dirname, '..', 'fixtures', 'aws', name), 'utf8');

interface Call {
  command: string;
  args: readonly string[];
  timeoutMs?: number;
}

function replay(outputs: Record<string, Partial<RunResult>>, calls: Call[]): Runner {
  return async (command, args, options) => {
    calls.push({ command, args, timeoutMs: options?.timeoutMs });
    const key = [command, ...args].join(' ');
    const out = outputs[key];
    const base = recordedResult(command, args, { durationMs: 5 });
    if (!out) return { ...base, exitCode: null, notFound: true };
    return { ...base, ...out };
  };
}

function ctxFor(
  platform: Platform,
  env: NodeJS.ProcessEnv,
  files: string[],
  runner: Runner,
  timeoutMs = 15_000,
) {
  const set = new Set(files.map((f) => (platform === 'win32' ? f.toLowerCase() : f)));
  return createContext({
    platform,
    env,
    home: platform === 'win32' ? 'C:\\Users\\dev' : '/home/dev',
    cwd: platform === 'win32' ? 'C:\\work' : '/work',
    runner,
    timeoutMs,
    isFile: async (p) => set.has(platform === 'win32' ? p.toLowerCase() : p),
  });
}

/** %ComSpec% is unset in these contexts: System32's cmd.exe, by its full path. */
const CMD_EXE = 'C:\\Windows\\System32\\cmd.exe';

describe('probeAwsCli on a replayed Windows', () => {
  const msiDir = 'C:\\Program Files\\Amazon\\AWSCLI\\bin';
  const msiCmd = `${msiDir}\\aws.cmd`;
  const v2Exe = 'C:\\Program Files\\Amazon\\AWSCLIV2\\aws.exe';
  const env = { Path: `C:\\Windows\\system32;${msiDir}`, PATHEXT: '.COM;.EXE;.BAT;.CMD' };

  it('runs aws.cmd through cmd.exe /d /s /c with a command line built from the resolved path only', async () => {
    const calls: Call[] = [];
    const cmdLine = `""${msiCmd}" --version"`;
    const runner = replay(
      {
        [`${CMD_EXE} /d /s /c ${cmdLine}`]: {
          stderr: fixture('aws-version.v1.windows.python3.6.0.win10home.txt'),
        },
        [`${v2Exe} --version`]: { stdout: fixture('aws-version.v2.windows.exe-AMD64.txt') },
      },
      calls,
    );
    const facts = await probeAwsCli(ctxFor('win32', env, [msiCmd, v2Exe], runner), ['aws', v2Exe, 'AWS']);
    // Run in parallel: compare as a set.
    expect(calls.map((c) => [c.command, ...c.args]).sort()).toEqual([
      ['C:\\Program Files\\Amazon\\AWSCLIV2\\aws.exe', '--version'],
      [CMD_EXE, '/d', '/s', '/c', `""C:\\Program Files\\Amazon\\AWSCLI\\bin\\aws.cmd" --version"`],
    ]);
    expect(calls.every((c) => c.timeoutMs === 15_000)).toBe(true);
    expect(facts.programs).toHaveLength(2);
    const [first, second] = facts.programs;
    // git's sh never finds aws.cmd for `aws`: it is what a terminal would start instead.
    expect(first).toMatchObject({ program: 'aws', resolvedPath: null, cmdOnly: { path: msiCmd } });
    expect(first?.cmdOnly?.version).toMatchObject({ cliVersion: '1.16.303', installKind: 'windows-msi-v1' });
    expect(second).toMatchObject({ program: v2Exe, resolvedPath: v2Exe });
    expect(second?.version).toMatchObject({ cliVersion: '2.5.2', installKind: 'windows-msi-v2' });
  });

  it('understands a helper path written the MSYS way and a quoted one', async () => {
    const calls: Call[] = [];
    const runner = replay(
      { [`${v2Exe} --version`]: { stdout: fixture('aws-version.v2.windows.exe-AMD64.txt') } },
      calls,
    );
    const facts = await probeAwsCli(ctxFor('win32', { Path: '' }, [v2Exe], runner), [
      '/c/Program Files/Amazon/AWSCLIV2/aws.exe',
      `"${v2Exe}"`,
    ]);
    expect(facts.programs[0]).toEqual({ program: 'aws', resolvedPath: null });
    expect(facts.programs[1]?.resolvedPath).toBe(v2Exe);
    expect(facts.programs[2]?.resolvedPath).toBe(v2Exe);
  });

  it('refuses to run a .cmd whose path cmd.exe would expand', async () => {
    const calls: Call[] = [];
    const odd = 'C:\\tools\\%PATH%\\aws.cmd';
    const facts = await probeAwsCli(
      ctxFor('win32', { Path: 'C:\\tools\\%PATH%' }, [odd], replay({}, calls)),
      [],
    );
    expect(calls).toHaveLength(0);
    expect(facts.programs[0]?.cmdOnly?.path).toBe(odd);
    expect(facts.programs[0]?.cmdOnly?.versionError).toMatch(/cmd\.exe/);
  });
});

describe('probeAwsCli results', () => {
  const env = { PATH: '/usr/local/bin:/usr/bin', AWS_CLI_AUTO_PROMPT: 'on-partial' };

  it('reports not found, a timeout, garbage and a failing program as values', async () => {
    const calls: Call[] = [];
    const runner = replay(
      {
        '/usr/bin/aws --version': { timedOut: true, exitCode: null, signal: 'SIGKILL' },
        '/opt/aws/garbage --version': { stdout: 'Hello world\n' },
        '/opt/aws/broken --version': { exitCode: 1, stderr: "ImportError: No module named 'awscli'\n" },
        '/opt/aws/silent --version': { exitCode: 0 },
      },
      calls,
    );
    const ctx = ctxFor(
      'linux',
      env,
      ['/usr/bin/aws', '/opt/aws/garbage', '/opt/aws/broken', '/opt/aws/silent'],
      runner,
      2500,
    );
    const facts = await probeAwsCli(ctx, [
      '/opt/aws/garbage',
      '/opt/aws/broken',
      '/opt/aws/silent',
      '/opt/missing/aws',
      '/opt/aws/garbage',
    ]);
    expect(facts.envAutoPrompt).toBe('on-partial');
    expect(facts.programs.map((p) => p.program)).toEqual([
      'aws',
      '/opt/aws/garbage',
      '/opt/aws/broken',
      '/opt/aws/silent',
      '/opt/missing/aws',
    ]);
    const [aws, garbage, broken, silent, missing] = facts.programs;
    expect(aws).toEqual({
      program: 'aws',
      resolvedPath: '/usr/bin/aws',
      versionError: 'timed out after 2.5 s',
    });
    expect(garbage?.versionError).toBe('--version printed no version line (exit code 0): Hello world');
    expect(broken?.versionError).toBe(
      "--version printed no version line (exit code 1): ImportError: No module named 'awscli'",
    );
    expect(silent?.versionError).toBe('--version printed nothing (exit code 0)');
    expect(missing).toEqual({ program: '/opt/missing/aws', resolvedPath: null });
    expect(calls).toHaveLength(4);
  });

  it('leaves envAutoPrompt out when the variable is not set', async () => {
    const facts = await probeAwsCli(ctxFor('linux', { PATH: '/nowhere' }, [], replay({}, [])), []);
    expect(facts).toEqual({ programs: [{ program: 'aws', resolvedPath: null }] });
  });

  it('turns a runner that throws into a versionError', async () => {
    const runner: Runner = async () => {
      throw new Error('spawn blew up');
    };
    const facts = await probeAwsCli(ctxFor('linux', { PATH: '/usr/bin' }, ['/usr/bin/aws'], runner), []);
    expect(facts.programs[0]?.versionError).toBe('could not be started: spawn blew up');
  });
});
