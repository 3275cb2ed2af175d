import { describe, expect, it } from 'vitest';
import { createContext } from '../../electron/engine/context';
import { replayScan } from '../../electron/engine/recording/replay';
import type { Runner } from '../../electron/engine/runner';
import { SECURITY } from '../../electron/engine/platform/darwin/keychain-read';
import { dumpBlock } from '../support/fix-inventory';
import { searchListOutput } from '../support/keychain-replay';
import { recordedResult } from '../support/replay-runner';
import { comparable, recordScan } from '../support/recording';

// Two things a live scan knows that a recording used to drop, so the replay of a Mac said
// something else than the live scan: a command's output cut at the runner's cap (`truncated`:
// the keychain then counts as not read in full), and where the PATH came from (the app
// started from Finder reads the login shell's: the report says so).

const HOME = '/Users/ana';
const LOGIN = `${HOME}/Library/Keychains/login.keychain-db`;

function mac(runner: Runner, pathOrigin?: { source: 'login-shell'; shell: string }) {
  return createContext({
    platform: 'darwin',
    env: { HOME, PATH: '/opt/homebrew/bin:/usr/bin:/bin' },
    home: HOME,
    cwd: HOME,
    runner,
    timeoutMs: 5_000,
    isFile: async () => false,
    listDir: async () => [],
    lookupHost: async () => [],
    ...(pathOrigin ? { pathOrigin } : {}),
  });
}

const CUT = dumpBlock({
  kind: 'inet',
  host: 'git-codecommit.us-east-1.amazonaws.com',
  account: 'AKIAIOSFODNN7EXAMPLE',
  path: '/v1/repos/demo',
  keychain: LOGIN,
});

describe('what a recording keeps so its replay says what the live scan said', () => {
  it('an output cut at the runner’s cap: recorded as cut, and the replay warns about the keychain as the live scan did', async () => {
    const runner: Runner = async (command, args) => {
      if (command !== SECURITY) return recordedResult(command, args, { notFound: true, exitCode: null });
      if (args[0] === 'list-keychains')
        return recordedResult(command, args, { stdout: searchListOutput([LOGIN]) });
      return recordedResult(command, args, { stdout: CUT, truncated: true });
    };
    const { report, recording } = await recordScan(mac(runner), { kind: 'machine' });
    const stores = report.checks.find((c) => c.id === 'stores');
    expect(stores?.message).toContain('was not read in full');
    expect(recording.commands.filter((c) => c.args[0] === 'dump-keychain').map((c) => c.truncated)).toEqual([
      true,
      true,
    ]);
    expect(comparable(await replayScan(recording))).toEqual(comparable(report));
  });

  it('where the PATH came from (the login shell, for the app started from Finder): the replay says the same', async () => {
    const runner: Runner = async (command, args) =>
      recordedResult(command, args, { notFound: true, exitCode: null });
    const origin = { source: 'login-shell' as const, shell: '/bin/zsh' };
    const { report, recording } = await recordScan(mac(runner, origin), { kind: 'machine' });
    expect(report.environment).toMatchObject(origin);
    expect((await replayScan(recording)).environment).toEqual(report.environment);
  });
});
