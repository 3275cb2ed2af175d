import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScanReport } from '../../electron/engine/model';
import { renderReport } from '../../electron/engine/report';
import { replayScan } from '../../electron/engine/recording/replay';
import { readRecording, RECORDINGS, replayRecording } from '../support/recording';

// macOS and Windows computers as recordings (tests/fixtures/recordings/<os>/*.json): the format
// `codecommit-doctor diagnose --record` writes. A recording a user sends becomes a test by
// copying it there: it replays, whole, like every other one below; then say what it shows.
// (`<os>/stores/` holds store-adapter recordings: a listing or a deletion, not a whole scan.)

const ALL = readdirSync(RECORDINGS, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap(({ name: os }) =>
    readdirSync(path.join(RECORDINGS, os))
      .filter((f) => f.endsWith('.json'))
      .map((f) => `${os}/${f}`),
  );

const finding = (r: ScanReport, code: string) => r.findings.find((f) => f.code === code);
const argvOf = (r: ScanReport, code: string, kind: 'fix' | 'suggestion') =>
  finding(r, code)
    ?.fixes.filter((o) => o.kind === kind)
    .map((o) => o.preview.map((p) => p.argv));

describe('every recording replays, and holds every answer its scan asks for', () => {
  it.each(ALL)('%s', async (file) => {
    const r = await replayRecording(file);
    expect(r.platform).toBe(file.split('/')[0]);
    expect(r.replay?.notRecorded).toEqual([]);
    expect(r.checks.some((c) => c.id === 'scan')).toBe(false);
  });
});

describe('what a recording lacks fails the check that needed it, visibly, never the replay', () => {
  it.each([
    [
      'list-keychains',
      'stores',
      /security list-keychains could not (start|run): not recorded: \/usr\/bin\/security list-keychains/,
    ],
    ['config', 'git', /Git cannot read its settings: not recorded/],
  ])('without the %s run, the %s check errors and says why', async (dropped, check, message) => {
    const rec = readRecording(path.join(RECORDINGS, 'darwin/homebrew-keychain-first.json'));
    const r = await replayScan({ ...rec, commands: rec.commands.filter((c) => !c.args.includes(dropped)) });
    const affected = r.checks.find((c) => c.id === check);
    expect(affected?.status).toBe('error');
    expect(affected?.message).toMatch(message);
    expect(r.checks.at(-1)).toMatchObject({ id: 'scan', status: 'error', title: 'Replaying the recording' });
    expect(r.replay?.notRecorded).toHaveLength(1);
  });
});

describe('a Mac with Homebrew git (darwin/homebrew-keychain-first.json)', () => {
  it("Homebrew's osxkeychain answers before the AWS helper: shadowed, for every user; the fix is the user's own", async () => {
    const r = await replayRecording('darwin/homebrew-keychain-first.json');
    expect(r.findings.map((f) => f.code)).toEqual(['helper-shadowed', 'system-scope-helper']);
    expect(finding(r, 'helper-shadowed')?.evidence).toEqual([
      expect.objectContaining({
        kind: 'helper',
        value: 'osxkeychain',
        scope: 'system',
        file: '/opt/homebrew/etc/gitconfig',
      }),
      expect.objectContaining({
        kind: 'helper',
        helperKind: 'aws',
        scope: 'global',
        file: '/Users/nicolas/.gitconfig',
      }),
    ]);
    const key = 'credential.https://git-codecommit.us-east-2.amazonaws.com';
    expect(argvOf(r, 'helper-shadowed', 'fix')).toEqual([
      [
        ['git', 'config', '--file', '/Users/nicolas/.gitconfig', '--add', `${key}.helper`, ''],
        [
          'git',
          'config',
          '--file',
          '/Users/nicolas/.gitconfig',
          '--add',
          `${key}.helper`,
          '!aws codecommit credential-helper $@',
        ],
        [
          'git',
          'config',
          '--file',
          '/Users/nicolas/.gitconfig',
          '--replace-all',
          `${key}.UseHttpPath`,
          'true',
        ],
      ],
    ]);
    // The keychain was read (its CodeCommit item is an HTTPS Git credential, kept on purpose).
    expect(r.checks.find((c) => c.id === 'stores')?.status).toBe('pass');
  });
});

describe('Windows with Git for Windows (win32/git-for-windows-manager-first.json)', () => {
  it("Git for Windows' own settings put GCM first: shadowed, for every user; the fix goes in C:/Users/ana/.gitconfig", async () => {
    const r = await replayRecording('win32/git-for-windows-manager-first.json');
    expect(r.findings.map((f) => f.code)).toEqual(['helper-shadowed', 'system-scope-helper']);
    expect(finding(r, 'helper-shadowed')?.evidence[0]).toMatchObject({
      kind: 'helper',
      value: 'manager',
      scope: 'system',
      file: 'C:/Program Files/Git/etc/gitconfig',
    });
    expect(argvOf(r, 'helper-shadowed', 'fix')?.[0]?.[0]).toEqual([
      'git',
      'config',
      '--file',
      'C:/Users/ana/.gitconfig',
      '--add',
      'credential.https://git-codecommit.us-east-2.amazonaws.com.helper',
      '',
    ]);
    expect(r.checks.find((c) => c.id === 'aws-cli')?.status).toBe('pass');
  });
});

describe('the shareable report of a replay says it is one', () => {
  it('names the recording (when, made with which version) and what it lacked; a live scan has no such line', async () => {
    const r = await replayRecording('darwin/homebrew-keychain-first.json');
    const none = { hideAccounts: false, hideHome: false, hideRepoNames: false };
    const text = renderReport(r, 'markdown', none, { home: '/Users/x' });
    expect(text).toContain(
      `- Replayed: a recording made ${r.replay?.recordedAt} with codecommit-doctor ${r.replay?.recordedWith}; nothing on this computer was read, and no fix can be applied from it`,
    );
    expect(text).not.toContain('Not in the recording');
    const lacking = { ...r, replay: { ...r.replay!, notRecorded: ['the program run git --version'] } };
    expect(renderReport(lacking, 'markdown', none, { home: '/Users/x' })).toContain(
      '- Not in the recording: the program run git --version',
    );
    const { replay: _gone, ...live } = r;
    expect(renderReport(live, 'markdown', none, { home: '/Users/x' })).not.toContain('- Replayed:');
  });
});
