import { describe, expect, it } from 'vitest';
import type { ScanReport } from '../../electron/engine/model';
import { fingerprint, shownAccount } from '../../electron/engine/platform/account-name';
import {
  parseRecording,
  RECORDING_VERSION,
  RecordingError,
  type Recording,
} from '../../electron/engine/recording/format';
import { recordingRedactor, redactRecording } from '../../electron/engine/recording/redact';
import { replayContext, replayScan } from '../../electron/engine/recording/replay';
import { UnsafeFileError } from '../../electron/engine/safe-read';

// The recording format, the replay's answers (and its "not recorded"), and the redaction's
// promises, each on a small hand-made recording.

function recording(extra: Partial<Record<keyof Recording, unknown>> = {}): Recording {
  return parseRecording(
    JSON.stringify({
      recordingVersion: RECORDING_VERSION,
      tool: { name: 'codecommit-doctor', version: '0.1.0' },
      recordedAt: '2025-03-01T10:00:00.000Z',
      redaction: { hideAccounts: false, hideHome: false, hideRepoNames: false },
      scan: { target: { kind: 'machine' }, offline: true },
      platform: 'linux',
      home: '/home/user',
      cwd: '/home/user',
      ...extra,
    }),
  );
}

const EMPTY_REPORT = { targets: [], findings: [] } as unknown as ScanReport;

describe('parseRecording', () => {
  it('reads a minimal recording, with empty answers by default', () => {
    const r = recording();
    expect(r.commands).toEqual([]);
    expect(r.env).toEqual({});
    expect(r.timeoutMs).toBe(15_000);
  });

  it.each([
    ['not JSON', '{', /not JSON/],
    [
      'another version',
      JSON.stringify({ recordingVersion: 2 }),
      /version 2 recording; this codecommit-doctor reads version 1/,
    ],
    [
      'not a recording',
      JSON.stringify({ recordingVersion: 1, platform: 'beos' }),
      /not a CodeCommit Doctor recording/,
    ],
    ['an array', '[]', /not a CodeCommit Doctor recording/],
  ])('refuses %s in plain words', (_label, text, message) => {
    expect(() => parseRecording(text)).toThrow(RecordingError);
    expect(() => parseRecording(text)).toThrow(message);
  });

  it('refuses a file that points at other files unless a test loader resolves them', () => {
    const json = JSON.stringify({
      ...recording(),
      commands: [{ command: 'git', args: ['--version'], stdoutFile: '../../../etc/passwd' }],
    });
    expect(() => parseRecording(json)).toThrow(
      /refers to another file \(\.\.\/\.\.\/\.\.\/etc\/passwd\): only a self-contained/,
    );
    const resolved = parseRecording(json, { resolveFile: (n) => `read ${n}` });
    expect(resolved.commands[0]?.stdout).toBe('read ../../../etc/passwd');
  });

  it('a file has exactly one of text, textFile or error', () => {
    expect(() => recording({ files: { '/a': {} } })).toThrow(/exactly one of text, textFile or error/);
    expect(() => recording({ files: { '/a': { text: '', error: { code: 'ENOENT' } } } })).toThrow(
      RecordingError,
    );
  });
});

describe('a replay answers from the recording only', () => {
  it('programs: recorded answers in order, then the last one again; strict: "not recorded"', async () => {
    const rec = recording({
      commands: [
        { command: 'security', args: ['dump-keychain'], stdout: 'first' },
        { command: 'security', args: ['dump-keychain'], stdout: 'second' },
      ],
    });
    const lenient = replayContext(rec);
    const outs = [];
    for (let i = 0; i < 3; i++) outs.push((await lenient.runner('security', ['dump-keychain'])).stdout);
    expect(outs).toEqual(['first', 'second', 'second']);
    const strict = replayContext(rec, { strict: true });
    await strict.runner('security', ['dump-keychain']);
    await strict.runner('security', ['dump-keychain']);
    const third = await strict.runner('security', ['dump-keychain']);
    expect(third).toMatchObject({
      exitCode: null,
      notFound: false,
      error: 'not recorded: security dump-keychain',
    });
    expect(strict.replay.notRecorded).toEqual(['the program run security dump-keychain']);
  });

  it('a recorded cwd or input must match; absent, any does', async () => {
    const ctx = replayContext(
      recording({
        commands: [
          { command: 'git', args: ['config', '-l'], cwd: '/repo', stdout: 'in repo' },
          { command: 'git', args: ['--version'], stdout: 'git version 2.39.5' },
        ],
      }),
    );
    expect((await ctx.runner('git', ['config', '-l'], { cwd: '/other' })).error).toMatch(/not recorded/);
    expect((await ctx.runner('git', ['config', '-l'], { cwd: '/repo' })).stdout).toBe('in repo');
    expect((await ctx.runner('git', ['--version'], { cwd: '/anywhere' })).stdout).toBe('git version 2.39.5');
  });

  it('files: text held to the caller cap, the recorded refusal as the safe reader throws it, errno codes', async () => {
    const ctx = replayContext(
      recording({
        files: {
          '/home/user/.aws/config': { text: '[default]\nregion = eu-west-1\n' },
          '/home/user/.aws/credentials': {
            error: { code: 'ENOTREGULAR', reason: 'it is a named pipe (FIFO), not a regular file' },
          },
          '/home/user/.ssh/config': { error: { code: 'EACCES' } },
        },
      }),
    );
    expect((await ctx.readFile('/home/user/.aws/config')).toString()).toContain('eu-west-1');
    await expect(ctx.readFile('/home/user/.aws/config', { maxBytes: 4 })).rejects.toMatchObject({
      code: 'ETOOLARGE',
    });
    const fifo = await ctx.readFile('/home/user/.aws/credentials').catch((e: unknown) => e);
    expect(fifo).toBeInstanceOf(UnsafeFileError);
    expect(fifo).toMatchObject({
      code: 'ENOTREGULAR',
      reason: 'it is a named pipe (FIFO), not a regular file',
    });
    await expect(ctx.readFile('/home/user/.ssh/config')).rejects.toMatchObject({ code: 'EACCES' });
    await expect(ctx.readFile('/elsewhere')).rejects.toMatchObject({ code: 'ENOTRECORDED' });
    expect(ctx.replay.notRecorded).toEqual(['the file /elsewhere']);
  });

  it('"unlisted": "absent": what the recording does not list does not exist, silently', async () => {
    const ctx = replayContext(recording({ unlisted: 'absent', isFile: { '/usr/bin/git': true } }));
    expect(await ctx.isFile('/usr/bin/git')).toBe(true);
    expect(await ctx.isFile('/usr/local/bin/git')).toBe(false);
    await expect(ctx.readFile('/home/user/.gitconfig')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await ctx.listDir('/Applications')).toEqual([]);
    expect(ctx.replay.notRecorded).toEqual([]);
  });

  it("the clock is the recording's; AWS is never asked (an offline recording has no account phase to give)", async () => {
    const ctx = replayContext(recording());
    expect(ctx.now().toISOString()).toBe('2025-03-01T10:00:00.000Z');
    await expect(ctx.accountPhase!({ targets: [] } as never)).rejects.toThrow(/not in this recording/);
  });

  it("a whole scan on a recording that holds nothing: every check runs, the gaps fail the replay's own line", async () => {
    const report = await replayScan(recording({ env: { PATH: '/usr/bin', HOME: '/home/user' } }));
    expect(report.replay).toMatchObject({ recordedAt: '2025-03-01T10:00:00.000Z', recordedWith: '0.1.0' });
    expect(report.replay?.notRecorded).toContain('whether /usr/bin/git is a file');
    const line = report.checks.find((c) => c.id === 'scan');
    expect(line).toMatchObject({ status: 'error', title: 'Replaying the recording' });
    expect(line?.message).toContain('whether /usr/bin/git is a file');
    expect(report.summary.checksErrored).toBeGreaterThan(0);
    expect(report.checks.find((c) => c.id === 'git')?.findings.map((f) => f.code)).toEqual(['git-not-found']);
  });
});

describe('redaction of a recording', () => {
  const redactor = (hide: boolean, platform: Recording['platform'] = 'linux', home = '/home/alice') =>
    recordingRedactor(
      { hideAccounts: hide, hideHome: hide, hideRepoNames: hide },
      home,
      platform,
      EMPTY_REPORT,
    );

  it('a session token becomes the fingerprint the store adapter would have shown, raw or %25-encoded', () => {
    const full = 'ASIAZZEXAMPLEREC0001%IQoJb3JpZ2luX2VjRECORDED+Zq9=';
    const rr = redactor(false);
    const raw = rr.text(`'user': '${full}'`);
    const encoded = rr.text(`https://${encodeURIComponent(full)}:pw@git-codecommit.us-east-1.amazonaws.com`);
    expect(raw).not.toContain('IQoJ');
    expect(encoded).not.toContain('IQoJ');
    const fromRaw = /'user': '([^']+)'/.exec(raw)?.[1] as string;
    const fromEncoded = decodeURIComponent(/https:\/\/([^:]+):/.exec(encoded)?.[1] as string);
    expect(shownAccount(fromRaw)).toEqual(shownAccount(full));
    expect(shownAccount(fromEncoded)).toEqual({
      account: 'ASIAZZEXAMPLEREC0001',
      tokenFingerprint: fingerprint(full),
    });
  });

  it('a rule that masks "to the end" stops at the NUL of git config -z', () => {
    const rr = redactor(false);
    const z =
      'global\0file:/x\0credential.helper\n!echo password=hunter22\0global\0file:/x\0credential.usehttppath\ntrue\0';
    const out = rr.text(z);
    expect(out).not.toContain('hunter22');
    expect(out.split('\0')).toHaveLength(z.split('\0').length);
    expect(out).toContain('credential.usehttppath\ntrue\0');
  });

  it('hidden details keep their shape: the checks read the placeholders as they read the originals', () => {
    const rr = redactor(true);
    expect(rr.text('AKIAIOSFODNN7EXAMPLE')).toMatch(/^AKIA[A-Z0-9]{16}$/);
    expect(rr.text('AKIAIOSFODNN7EXAMPLE')).not.toBe('AKIAIOSFODNN7EXAMPLE');
    expect(rr.text('arn:aws:iam::123456789012:user/alice')).toMatch(/^arn:aws:iam::\d{12}:user\/alice$/);
    expect(rr.text('arn:aws:iam::123456789012:user/alice')).not.toContain('123456789012');
    expect(rr.text('bob-at-123456789012')).toMatch(/^redacted-user-\d+-at-\d{12}$/);
    expect(rr.text('/home/alice/.gitconfig')).toBe('/home/user/.gitconfig');
    const win = recordingRedactor(
      { hideAccounts: false, hideHome: true, hideRepoNames: false },
      'C:\\Users\\alice',
      'win32',
      EMPTY_REPORT,
    );
    expect(win.text('file:C:/Users/alice/.gitconfig and C:\\Users\\alice\\.aws\\config')).toBe(
      'file:C:/Users/user/.gitconfig and C:\\Users\\user\\.aws\\config',
    );
  });

  it('the environment: secrets as ***, the login name hidden with the home', () => {
    const raw = recording({
      home: '/home/alice',
      env: { HOME: '/home/alice', USER: 'alice', AWS_SESSION_TOKEN: 'IQoJsecret', AWS_PROFILE: 'dev' },
    });
    const out = redactRecording(raw, redactor(true));
    expect(out.env).toEqual({
      HOME: '/home/user',
      USER: 'user',
      AWS_SESSION_TOKEN: '***',
      AWS_PROFILE: 'dev',
    });
    expect(out.home).toBe('/home/user');
  });

  it('git config -z keeps only what the git probe reads, masked as the probe masks it', () => {
    const stdout = [
      'global\0file:/home/alice/.gitconfig\0user.email\nalice@example.com\0',
      "global\0file:/home/alice/.gitconfig\0credential.helper\n!f() { echo password='s3cr3t-literal'; }; f\0",
      'local\0file:.git/config\0remote.origin.url\nhttps://bob:pa55word@git-codecommit.us-east-1.amazonaws.com/v1/repos/x\0',
    ].join('');
    const raw = recording({
      commands: [
        { command: 'git', args: ['config', '--list', '--show-origin', '--show-scope', '-z'], stdout },
      ],
    });
    const out = redactRecording(raw, redactor(false)).commands[0]?.stdout ?? '';
    expect(out).not.toMatch(/alice@example\.com|s3cr3t-literal|pa55word/);
    expect(out).toContain('credential.helper\n!f() { echo password=***; }; f\0');
    expect(out).toContain(
      'remote.origin.url\nhttps://bob:***@git-codecommit.us-east-1.amazonaws.com/v1/repos/x\0',
    );
  });
});
