import { afterAll, describe, expect, it } from 'vitest';
import type { Verdict } from '../../electron/engine/fixes/verify';
import type { Finding, ScanReport } from '../../electron/engine/model';
import { previewOf } from '../../electron/engine/fixes/steps';
import { iamNamesIn } from '../../electron/engine/report-story';
import { createHandlers } from '../../electron/main/handlers';
import { fakeNative, recorder, sandboxContext } from '../support/handler-sandbox';

// The report tells the story of the session, not only the last re-scan: what was wrong when
// the scan ran, what was changed and in which file, what git said before and after, and
// what is left. Account names include IAM user names when the person hides them.

const URL = 'https://git-codecommit.us-east-1.amazonaws.com/v1/repos/demo';
const ARN = 'arn:aws:iam::111122223333:user/carol.dev';

const shadowed: Finding = {
  code: 'helper-shadowed',
  severity: 'error',
  title: 'Another credential helper answers before the AWS helper',
  explanation: 'Git asks "store" first.',
  evidence: [],
  subject: URL,
  fixes: [
    {
      id: 'helper-shadowed:scoped-section:x',
      findingCode: 'helper-shadowed',
      kind: 'fix',
      title: 'Use only the AWS helper for git-codecommit.us-east-1.amazonaws.com',
      description: 'Adds a section.',
      steps: [
        {
          type: 'git-config',
          op: 'set',
          file: '/home/carol/.gitconfig',
          scope: 'global',
          key: 'credential.https://git-codecommit.us-east-1.amazonaws.com.UseHttpPath',
          value: 'true',
        },
      ],
      preview: [],
      reversible: true,
      needsAdmin: false,
      applicable: true,
    },
  ],
};
shadowed.fixes[0]!.preview = shadowed.fixes[0]!.steps.map(previewOf);

const pushDenied: Finding = {
  code: 'iam-gitpush-denied',
  severity: 'warning',
  title: 'Your AWS identity may not push to this repository',
  explanation: 'No policy allows it.',
  evidence: [{ kind: 'text', label: 'Checked for', detail: ARN }],
  subject: URL,
  fixes: [],
};

function report(findings: Finding[]): ScanReport {
  const count = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  return {
    schemaVersion: 1,
    tool: { name: 'codecommit-doctor', version: '0.1.0' },
    platform: 'linux',
    startedAt: '2025-01-01T00:00:00.000Z',
    durationMs: 10,
    target: { kind: 'url', url: URL },
    targets: [
      {
        key: 'target-1',
        display: URL,
        source: 'the address you gave',
        transport: 'https',
        hostname: 'git-codecommit.us-east-1.amazonaws.com',
        codecommit: {
          hostname: 'git-codecommit.us-east-1.amazonaws.com',
          region: 'us-east-1',
          kind: 'standard',
          china: false,
        },
        repo: 'demo',
      },
    ],
    checks: [],
    findings,
    summary: { errors: count('error'), warnings: count('warning'), infos: 0, checksErrored: 0 },
  };
}

const verdict = (ok: boolean): Verdict => ({
  outcome: ok ? 'ok' : 'forbidden',
  ok,
  headline: ok ? 'Works: lists 2 refs' : 'CodeCommit refused the password (403)',
  short: ok ? 'works (2 refs)' : '403',
  detail: '',
  durationMs: 1,
});

const sandbox = sandboxContext();
afterAll(() => sandbox.cleanup());

async function session(apply: boolean) {
  const rec = recorder();
  let scans = 0;
  let tries = 0;
  const h = createHandlers({
    ctx: sandbox.ctx,
    native: fakeNative(),
    emit: rec.emit,
    version: '0.1.0',
    engine: {
      runScan: async () => (scans++ === 0 ? report([shadowed, pushDenied]) : report([pushDenied])),
      applyFix: async () => ({ fixId: shadowed.fixes[0]!.id, ok: true, steps: [], rolledBack: false }),
      verifyRemote: async () => verdict(tries++ > 0),
    },
  });
  const started = await h.startScan({ target: { kind: 'url', url: URL } });
  if (!started.ok) throw new Error(started.error);
  const { scanId } = started.value;
  await expect.poll(() => rec.events.some((e) => e.event === 'scanDone')).toBe(true);
  await h.verify({ scanId });
  if (apply) {
    expect(await h.applyFix({ scanId, fixId: shadowed.fixes[0]!.id })).toMatchObject({ ok: true });
    await h.verify({ scanId });
  }
  const render = async (hideAccounts: boolean) => {
    const r = await h.renderReport({
      scanId,
      format: 'markdown',
      redaction: { hideAccounts, hideHome: false, hideRepoNames: false },
    });
    if (!r.ok) throw new Error(r.error);
    return r.value.text;
  };
  return { render, h, scanId };
}

function section(text: string, title: string): string {
  const start = text.indexOf(`### ${title}`);
  expect(start, title).toBeGreaterThanOrEqual(0);
  const end = text.indexOf('\n#', start + 4);
  return text.slice(start, end < 0 ? undefined : end);
}

describe('the report tells the story', () => {
  it('what was wrong, what was changed (with the file), before → after, what is left', async () => {
    const { render } = await session(true);
    const text = await render(false);
    expect(text).toContain('## What happened');
    // What was wrong: the first scan's findings, though the latest re-scan no longer has one of them.
    expect(section(text, 'What was wrong')).toContain('helper-shadowed');
    expect(section(text, 'What was changed')).toContain(
      '✓ Use only the AWS helper for git-codecommit.us-east-1.amazonaws.com — applied; changed `/home/carol/.gitconfig`',
    );
    expect(section(text, 'Before → after')).toContain(`${'`'}${URL}${'`'}: 403 → works (2 refs)`);
    const left = section(text, 'What is left');
    expect(left).toContain('iam-gitpush-denied');
    expect(left).not.toContain('helper-shadowed');
  });

  it('says nothing was changed when nothing was, and shows the one try there was', async () => {
    const { render } = await session(false);
    const text = await render(false);
    expect(section(text, 'What was changed')).toContain('Nothing: no fix was applied.');
    expect(section(text, 'Before → after')).toContain(': 403 — CodeCommit refused the password (403)');
    expect(section(text, 'What is left')).toContain('helper-shadowed');
  });

  it('hides IAM user names with the account names, and says so', async () => {
    const { render } = await session(true);
    expect(await render(false)).toContain('carol.dev');
    const hidden = await render(true);
    expect(hidden).not.toContain('carol.dev');
    expect(hidden).not.toContain('111122223333');
    expect(hidden).toContain('IAM user names');
  });
});

describe('iamNamesIn', () => {
  it('finds IAM user names and role session names, not role names, without trailing punctuation', () => {
    expect(
      iamNamesIn([
        'Signed in as default: arn:aws:iam::111122223333:user/alice.',
        'arn:aws:iam::210987654321:role/dev',
        'arn:aws:sts::123456789012:assumed-role/Admin/carol@corp.com now',
        { principal: 'arn:aws:iam::111122223333:user/team/bob' },
        { userName: 'dave' },
      ]).sort(),
    ).toEqual(['alice', 'bob', 'carol@corp.com', 'dave']);
  });
});
