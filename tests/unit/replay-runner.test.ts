import { describe, expect, it } from 'vitest';
import { replayRunner } from '../support/replay-runner';

describe('replayRunner', () => {
  it('returns the recorded result over defaults and passes when every call matched', async () => {
    const runner = replayRunner([
      { command: 'cmdkey', args: ['/list'], result: { exitCode: 1, stdout: 'x' } },
    ]);
    const r = await runner('cmdkey', ['/list'], { timeoutMs: 7 });
    expect(r).toMatchObject({
      command: 'cmdkey',
      args: ['/list'],
      exitCode: 1,
      stdout: 'x',
      stderr: '',
      timedOut: false,
      notFound: false,
    });
    expect(runner.calls).toEqual([{ command: 'cmdkey', args: ['/list'], options: { timeoutMs: 7 } }]);
    expect(() => runner.assertDone()).not.toThrow();
  });

  it('rejects a call with different argv and still fails assertDone when the rejection was swallowed', async () => {
    const runner = replayRunner([{ command: 'cmdkey', args: ['/delete:git:https://a'] }]);
    await expect(runner('cmdkey', ['/delete:git:https://b'])).rejects.toThrow(/expected/);
    expect(() => runner.assertDone()).toThrow(/expected \["cmdkey","\/delete:git:https:\/\/a"\], got/);
  });

  it('fails on calls beyond the script and on calls never made', async () => {
    const extra = replayRunner([]);
    await expect(extra('security', ['dump-keychain'])).rejects.toThrow(/unexpected call #1/);
    expect(() => extra.assertDone()).toThrow(/unexpected call/);
    const missing = replayRunner([{ command: 'security', args: ['dump-keychain'] }]);
    expect(() => missing.assertDone()).toThrow(/1 expected call\(s\) not made/);
  });
});
