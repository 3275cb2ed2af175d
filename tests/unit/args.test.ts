import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../electron/cli/args';

describe('parseArgs', () => {
  it('reads diagnose with each target kind', () => {
    expect(parseArgs(['diagnose', '--repo', 'https://x/y', '--json'])).toMatchObject({
      name: 'diagnose',
      target: { kind: 'url', url: 'https://x/y' },
      json: true,
    });
    expect(parseArgs(['diagnose', '--dir=/tmp/r'])).toMatchObject({
      target: { kind: 'dir', path: '/tmp/r' },
    });
    expect(parseArgs(['diagnose'])).toMatchObject({
      target: { kind: 'machine' },
      json: false,
      offline: false,
    });
    expect(parseArgs(['diagnose', '--timeout', '2.5'])).toMatchObject({ timeoutMs: 2500 });
  });

  it('reads fix with --only lists, dry run and consent flags', () => {
    expect(
      parseArgs([
        'fix',
        '--repo',
        'u',
        '--only',
        'helper-shadowed,cached-codecommit-credentials',
        'gcm-old-name',
        '--yes',
      ]),
    ).toMatchObject({
      name: 'fix',
      only: ['helper-shadowed', 'cached-codecommit-credentials', 'gcm-old-name'],
      yes: true,
      dryRun: false,
      verify: true,
    });
    expect(parseArgs(['fix', '--dry-run', '--no-verify'])).toMatchObject({ dryRun: true, verify: false });
  });

  it('reads undo, history and verify', () => {
    expect(parseArgs(['undo'])).toEqual({ name: 'undo', id: 'last' });
    expect(parseArgs(['undo', '--last'])).toEqual({ name: 'undo', id: 'last' });
    expect(parseArgs(['undo', '20261122T101010Z-0001'])).toEqual({
      name: 'undo',
      id: '20261122T101010Z-0001',
    });
    expect(parseArgs(['history', '--json'])).toEqual({ name: 'history', json: true });
    expect(parseArgs(['verify', '--repo', 'u'])).toMatchObject({
      name: 'verify',
      target: { kind: 'url', url: 'u' },
    });
  });

  it.each([
    [['diagnose', '--repo'], '--repo needs a value'],
    [['diagnose', '--repo', 'a', '--dir', 'b'], 'either --repo or --dir'],
    [['diagnose', '--json', '--jamf'], 'either --json or --jamf'],
    [['diagnose', '--bogus'], 'Unknown option "--bogus"'],
    [['diagnose', '--timeout', 'soon'], '--timeout must be'],
    [['diagnose', '--json=yes'], 'takes no value'],
    [['fix', '--only', 'not-a-code'], 'unknown finding code "not-a-code"'],
    [['verify'], 'verify needs --repo URL or --dir PATH'],
    [['undo', 'a', 'b'], 'one fix ID'],
    [['frobnicate'], 'Unknown command "frobnicate"'],
    [['diagnose', '--repo', '   '], '--repo is empty'],
  ])('rejects %j naming the argument', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });

  it.each(['0', '-1', 'NaN', 'Infinity', '1e-9', '0.5', '0.999', '601', '1e3', '0x10', ' 5', '5s', ''])(
    '--timeout %j is a usage error naming --timeout, never a silent default',
    (v) => {
      for (const cmd of [['diagnose'], ['fix'], ['verify', '--repo', 'u']]) {
        expect(() => parseArgs([...cmd, '--timeout', v]), `${cmd[0]} ${v}`).toThrow(UsageError);
        expect(() => parseArgs([...cmd, `--timeout=${v}`]), `${cmd[0]} ${v}`).toThrow(
          /--timeout must be a number of seconds from 1 to 600/,
        );
      }
    },
  );

  it.each([
    ['1', 1000],
    ['2.5', 2500],
    ['600', 600_000],
    ['15', 15_000],
  ])('--timeout %s is %i ms for every command that takes it', (v, ms) => {
    expect(parseArgs(['diagnose', '--timeout', v])).toMatchObject({ timeoutMs: ms });
    expect(parseArgs(['fix', '--timeout', v])).toMatchObject({ timeoutMs: ms });
    expect(parseArgs(['verify', '--repo', 'u', '--timeout', v])).toMatchObject({ timeoutMs: ms });
  });

  it("reads --record (with the report's redaction by default, or --redact) and --replay", () => {
    expect(parseArgs(['diagnose', '--record', 'r.json', '--offline'])).toMatchObject({
      record: { file: 'r.json', redaction: { hideAccounts: true, hideHome: true, hideRepoNames: false } },
      offline: true,
    });
    expect(parseArgs(['diagnose', '--record=r.json', '--redact', 'repos'])).toMatchObject({
      record: { redaction: { hideAccounts: false, hideHome: false, hideRepoNames: true } },
    });
    expect(parseArgs(['diagnose', '--record', 'r.json', '--redact', 'none'])).toMatchObject({
      record: { redaction: { hideAccounts: false, hideHome: false, hideRepoNames: false } },
    });
    expect(parseArgs(['diagnose', '--replay', 'r.json', '--json'])).toMatchObject({
      replay: 'r.json',
      json: true,
    });
  });

  it.each([
    [['diagnose', '--record', 'a', '--replay', 'b'], /either --record or --replay/],
    [['diagnose', '--redact', 'home'], /--redact goes with --record/],
    [
      ['diagnose', '--record', 'a', '--redact', 'home,emails'],
      /"emails" is not one of accounts, home, repos, none/,
    ],
    [['diagnose', '--record', 'a', '--redact', 'none,home'], /none stands alone/],
    [['diagnose', '--replay', 'a', '--repo', 'https://x'], /--repo come from the recording/],
    [['diagnose', '--replay', 'a', '--offline', '--dir', '/x'], /--dir, --offline come from the recording/],
    [['fix', '--replay', 'a'], /Fixes are never applied from a replay/],
    [['fix', '--dry-run', '--replay=a'], /Fixes are never applied from a replay/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });

  it('never throws anything but a UsageError', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string(),
            fc.constantFrom(
              'diagnose',
              'fix',
              '--repo',
              '--only',
              '--dir',
              '--timeout',
              '--record',
              '--replay',
              '--redact',
            ),
          ),
        ),
        (argv) => {
          try {
            parseArgs(argv);
          } catch (e) {
            expect(e).toBeInstanceOf(UsageError);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
