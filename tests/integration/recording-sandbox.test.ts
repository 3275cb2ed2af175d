import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetInput } from '../../electron/engine/model';
import { replayScan } from '../../electron/engine/recording/replay';
import type { Redaction } from '../../electron/engine/report';
import { createFixSandbox, type FixSandbox } from '../support/fix-sandbox';
import { ensureGitCredentialLibsecret } from '../support/libsecret-helper';
import { comparable, recordScan, SHOW_EVERYTHING } from '../support/recording';
import { startSecretService, type SecretService } from '../support/secret-service';

// Issue 11's done-when: `diagnose --record` then `--replay` of a real Linux sandbox — real
// git, a real credential-store file, a real Secret Service (gnome-keyring on a private bus)
// with git-credential-libsecret's item — gives the same report, timings aside. Hidden
// details (home, account names, IDs) are hidden consistently: the replay of a redacted
// recording is the live report through the same redaction.

const HOST = 'git-codecommit.us-east-2.amazonaws.com';
const URL = `https://${HOST}/v1/repos/demo`;
const SESSION_ACCOUNT = 'ASIAZZEXAMPLEREC0001%IQoJb3JpZ2luX2VjRECORDEDsessionTOKEN+Zq9=';
const REDACTED: Redaction = { hideAccounts: true, hideHome: true, hideRepoNames: true };

let ss: SecretService;
let sb: FixSandbox;
let repo: string;

beforeAll(async () => {
  const helper = await ensureGitCredentialLibsecret();
  ss = await startSecretService();
  sb = createFixSandbox({
    // Another helper first (a stale password wins), a libsecret helper, and the AWS helper.
    global: [
      '[credential]',
      '\thelper = store',
      `\thelper = ${helper}`,
      '\thelper = !aws codecommit credential-helper $@',
      '\tUseHttpPath = true',
      '[user]',
      '\temail = alice@example.com',
      '',
    ].join('\n'),
    env: { DBUS_SESSION_BUS_ADDRESS: ss.env.DBUS_SESSION_BUS_ADDRESS as string },
  });
  // The AWS helper's user names, saved by the helpers before it: a session account
  // (`<key id>%<token>`, percent-encoded as git writes it) and a long-term key id.
  writeFileSync(
    path.join(sb.home, '.git-credentials'),
    `https://${encodeURIComponent(SESSION_ACCOUNT)}:20250101T000000Zdeadbeef@${HOST}\nhttps://octocat:ghp_notreal@github.com\n`,
    { mode: 0o600 },
  );
  // git-credential-libsecret's own item for the CodeCommit host (the keyring the scan lists).
  const approve = spawnSync(
    'git',
    ['-c', 'credential.helper=', '-c', `credential.helper=${helper}`, 'credential', 'approve'],
    {
      env: { ...sb.env, GIT_CONFIG_NOSYSTEM: '1' },
      input: `protocol=https\nhost=${HOST}\nusername=AKIAIOSFODNN7EXAMPLE\npassword=20250101T000000Zfeedface\n\n`,
      encoding: 'utf8',
      timeout: 15_000,
    },
  );
  expect(approve.status, approve.stderr).toBe(0);
  repo = path.join(sb.home, 'demo');
  await sb.git(['init', '-q', repo]);
  await sb.git(['-C', repo, 'remote', 'add', 'origin', URL]);
}, 180_000);

afterAll(async () => {
  sb?.cleanup();
  await ss?.stop();
});

// Made when the test runs: the repository folder exists only after beforeAll.
const targets: [string, () => TargetInput][] = [
  ['an address', () => ({ kind: 'url', url: URL })],
  ['a repository folder', () => ({ kind: 'dir', path: repo })],
  ['the whole computer', () => ({ kind: 'machine' })],
];

describe('record, then replay, a real Linux sandbox', () => {
  it.each(targets)(
    '%s: the replay reports exactly what the live scan did',
    async (_label, target) => {
      const { report, recording } = await recordScan(sb.ctx, target(), SHOW_EVERYTHING);
      // Not vacuous: the sandbox's stores and helpers are in the report.
      const stores = report.findings.flatMap((f) =>
        f.evidence.flatMap((e) => (e.kind === 'store-entry' ? [e.entry.store] : [])),
      );
      expect(new Set(stores)).toEqual(new Set(['git-credential-store', 'libsecret']));
      expect(report.findings.map((f) => f.code)).toContain('helper-shadowed');
      const replayed = await replayScan(recording);
      expect(replayed.replay?.notRecorded).toEqual([]);
      expect(comparable(replayed)).toEqual(comparable(report));
    },
    60_000,
  );

  it.each(targets)(
    '%s: redacted, the replay is the live report redacted the same way',
    async (_label, target) => {
      const { report, recording, json, redactor } = await recordScan(sb.ctx, target(), REDACTED);
      if (process.env.DUMP_RECORDING) writeFileSync(process.env.DUMP_RECORDING, json);
      expect(json).not.toContain(sb.home);
      for (const hidden of ['AKIAIOSFODNN7EXAMPLE', 'ASIAZZEXAMPLEREC0001', 'alice@example.com', 'demo'])
        expect(json).not.toContain(hidden);
      const replayed = await replayScan(recording);
      expect(replayed.replay?.notRecorded).toEqual([]);
      expect(comparable(replayed)).toEqual(comparable(redactor.value(report)));
    },
    60_000,
  );
});
