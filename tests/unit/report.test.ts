import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { JournalEntrySummary } from '../../electron/engine/fixes/journal';
import type { ScanReport } from '../../electron/engine/model';
import { redactSecrets, renderReport } from '../../electron/engine/report';

// AWS's documented example credentials (IAM user guide) and a SigV4-shaped git password.
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const SESSION_TOKEN =
  'IQoJb3JpZ2luX2VjEPT//////////wEaCXVzLWVhc3QtMSJHMEUCIQDexampleexampleexampleexampleexampleexampleAiBexampleexampleexampleexample0123456789ABCDEF';
const SIGNED_PASSWORD = '20240102T030405Z' + 'ab12'.repeat(16);
const URL_PASSWORD = 'hunter2-SeCrEt';
const HOME = '/home/alice';
const KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const GIT_USER = 'alice-at-123456789012';

function seededReport(): ScanReport {
  const url = `https://${GIT_USER}:${URL_PASSWORD}@git-codecommit.eu-west-1.amazonaws.com/v1/repos/payroll-service`;
  return {
    schemaVersion: 1,
    tool: { name: 'codecommit-doctor', version: '0.1.0' },
    platform: 'linux',
    startedAt: '2025-01-02T03:04:05.000Z',
    durationMs: 1234,
    target: { kind: 'url', url },
    targets: [
      {
        display: url,
        source: 'the address you gave',
        transport: 'https',
        hostname: 'git-codecommit.eu-west-1.amazonaws.com',
        codecommit: {
          hostname: 'git-codecommit.eu-west-1.amazonaws.com',
          region: 'eu-west-1',
          kind: 'standard',
          china: false,
        },
        repo: 'payroll-service',
        user: GIT_USER,
        rawUser: GIT_USER,
      },
    ],
    checks: [
      { id: 'git', title: 'Git is installed', status: 'pass', durationMs: 3, findings: [] },
      {
        id: 'stores',
        title: 'Saved passwords',
        status: 'fail',
        durationMs: 9,
        findings: [],
        message: `aws_secret_access_key = ${SECRET_KEY}`,
      },
    ],
    findings: [
      {
        code: 'cached-codecommit-credentials',
        severity: 'error',
        title: 'A saved password for CodeCommit is out of date',
        explanation: `git sends username=${KEY_ID}%${SESSION_TOKEN} and password=${SIGNED_PASSWORD} from ${HOME}/.git-credentials`,
        evidence: [
          {
            kind: 'store-entry',
            entry: {
              store: 'git-credential-store',
              hostname: 'git-codecommit.eu-west-1.amazonaws.com',
              account: GIT_USER,
              location: `${HOME}/.git-credentials`,
            },
          },
          {
            kind: 'config',
            scope: 'global',
            file: `${HOME}/.gitconfig`,
            key: 'credential.helper',
            value: `!aws --profile ${KEY_ID} codecommit credential-helper $@`,
          },
          { kind: 'text', label: 'token', detail: `aws_session_token=${SESSION_TOKEN}` },
          { kind: 'text', label: 'raw secret', detail: `key ${SECRET_KEY} signed ${SIGNED_PASSWORD}` },
        ],
        docsUrl: 'https://docs.aws.amazon.com/codecommit/latest/userguide/troubleshooting-ch.html',
        subject: 'git-codecommit.eu-west-1.amazonaws.com',
        fixes: [
          {
            id: 'cached-codecommit-credentials:delete:x',
            findingCode: 'cached-codecommit-credentials',
            kind: 'fix',
            title: 'Delete the saved password',
            description: `Removes the entry for ${GIT_USER} in role arn:aws:iam::210987654321:role/dev`,
            steps: [],
            reversible: false,
            needsAdmin: false,
            warning: 'This cannot be undone.',
            applicable: true,
          },
        ],
      },
    ],
    summary: { errors: 1, warnings: 0, infos: 0, checksErrored: 0 },
  } as unknown as ScanReport;
}

const history: JournalEntrySummary[] = [
  {
    id: '20250102T030405Z-abcd',
    createdAt: '2025-01-02T03:04:05.000Z',
    title: 'Add the AWS helper',
    findingCode: 'helper-not-configured',
    fixId: 'helper-not-configured:configure',
    state: 'applied',
    runId: 'run-20250102T030405Z-abcd',
    steps: [
      {
        description: `git config --file ${HOME}/.gitconfig --add credential.helper`,
        reversible: true,
        state: 'done',
        undone: false,
      },
    ],
    files: [`${HOME}/.gitconfig`],
  },
];

const NONE = { hideAccounts: false, hideHome: false, hideRepoNames: false };
const ALL = { hideAccounts: true, hideHome: true, hideRepoNames: true };
const SECRETS = [SECRET_KEY, SESSION_TOKEN, SIGNED_PASSWORD, URL_PASSWORD, SESSION_TOKEN.slice(0, 60)];

describe('renderReport', () => {
  for (const format of ['markdown', 'json'] as const) {
    for (const [label, redaction] of [
      ['no redaction', NONE],
      ['full redaction', ALL],
    ] as const) {
      it(`never lets a seeded secret through (${format}, ${label})`, () => {
        const text = renderReport(seededReport(), format, redaction, { home: HOME, history });
        for (const s of SECRETS) expect(text).not.toContain(s);
        expect(text).toContain('<redacted');
      });
    }
  }

  it('writes a helpdesk Markdown report with glyphs, status words, evidence, docs, fixes and history', () => {
    const text = renderReport(seededReport(), 'markdown', NONE, { home: HOME, history });
    expect(text).toMatch(/^# CodeCommit Doctor report/);
    expect(text).toContain('1 problem, 0 warnings, 0 notes.');
    expect(text).toContain('[✓] Git is installed — passed');
    expect(text).toContain('[✗] Saved passwords — problem found');
    expect(text).toContain('### 1. Problem: A saved password for CodeCommit is out of date');
    expect(text).toContain('(git-credential-store: /home/alice/.git-credentials)');
    expect(text).toContain(
      '<https://docs.aws.amazon.com/codecommit/latest/userguide/troubleshooting-ch.html>',
    );
    expect(text).toContain('**Delete the saved password** — fix, cannot be undone');
    expect(text).toContain('## Fixes applied on this computer');
    expect(text).toContain('**Add the AWS helper**');
    // Without hideAccounts the names stay: a helpdesk may need them.
    expect(text).toContain(GIT_USER);
    expect(text).toContain(KEY_ID);
  });

  it('replaces home, accounts, key IDs, account IDs and repo names with stable placeholders', () => {
    const text = renderReport(seededReport(), 'markdown', ALL, { home: HOME, history });
    for (const s of [HOME, 'alice', KEY_ID, '123456789012', '210987654321', 'payroll-service'])
      expect(text).not.toContain(s);
    expect(text).toContain('~/.git-credentials');
    expect(text).toContain('<account-1>');
    expect(text).toContain('<key-1>');
    expect(text).toContain('<account-id-1>');
    expect(text).toContain('/v1/repos/<repo-1>');
    // Stable: the same user name gets the same placeholder everywhere.
    expect(text.match(/<account-1>/g)?.length).toBeGreaterThan(2);
    expect(text).not.toContain('<account-2>');
  });

  it('keeps JSON valid and redacted string by string', () => {
    const text = renderReport(seededReport(), 'json', ALL, { home: HOME, history });
    const parsed = JSON.parse(text) as {
      report: ScanReport;
      history: JournalEntrySummary[];
      redaction: unknown;
    };
    expect(parsed.redaction).toEqual(ALL);
    expect(parsed.report.targets[0]?.repo).toBe('<repo-1>');
    expect(parsed.report.targets[0]?.user).toBe('<account-1>');
    expect(parsed.history[0]?.files[0]).toBe('~/.gitconfig');
    expect(parsed.report.summary.errors).toBe(1);
  });

  it('replaces a Windows home whatever its slashes or case', () => {
    const r = seededReport();
    r.findings[0]!.evidence = [
      { kind: 'file', path: 'c:/users/Bob/.gitconfig', exists: true },
      { kind: 'file', path: 'C:\\Users\\Bob\\.aws\\config', exists: false },
    ];
    const text = renderReport(r, 'markdown', { ...NONE, hideHome: true }, { home: 'C:\\Users\\Bob' });
    expect(text).toContain('~/.gitconfig');
    expect(text).toContain('~\\.aws\\config');
    expect(text).not.toMatch(/Users/i);
  });

  it('does not replace a folder that only starts like the home', () => {
    const r = seededReport();
    r.findings[0]!.evidence = [{ kind: 'file', path: '/home/alicesmith/x', exists: true }];
    const text = renderReport(r, 'markdown', { ...NONE, hideHome: true }, { home: HOME });
    expect(text).toContain('/home/alicesmith/x');
  });
});

describe('redactSecrets', () => {
  it('an SSO or aws login token cache (JSON): every token, client secret and key, whatever its shape', () => {
    const jwt =
      'eyJraWQiOiJrZXktMTU2NDAyODA5OSIsImFsZyI6IkVTMzg0In0.eyJzZXJpYWxpemVkIjoie1wiY2xpZW50SWRcIjp7In0.MGUCMQDIUCpOMw2sk-ab_cd';
    const cache = `{"startUrl": "https://corp.awsapps.com/start", "accessToken": "aoa-SEEDED.tok", "refreshToken": "aor-SEEDED", "clientSecret": "${jwt}", "expiresAt": "2020-01-01T00:00:00Z"}`;
    const out = redactSecrets(cache);
    expect(out).not.toMatch(/SEEDED|MGUCMQ|eyJ/);
    expect(out).toContain('"expiresAt": "2020-01-01T00:00:00Z"');
    expect(out).toContain('"startUrl": "https://corp.awsapps.com/start"');
  });

  it('leaves ordinary text, paths and git SHAs alone', () => {
    const plain =
      'credential.helper = !aws codecommit credential-helper $@ (your settings: /home/a/.gitconfig) 3f786850e387550fdab836ed7e6dc881de23001b';
    expect(redactSecrets(plain)).toBe(plain);
  });

  it('scrubs any secret key shape embedded in arbitrary text', () => {
    const keyChar = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+');
    const key = fc
      .array(keyChar, { minLength: 37, maxLength: 37 })
      .map((cs) => `A${cs.join('')}b7`.slice(0, 40))
      .map((k) => k.replace(/^(.)/, 'A'));
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), key, fc.string({ maxLength: 30 }), (before, k, after) => {
        const text = `${before} ${k} ${after}`;
        expect(redactSecrets(text)).not.toContain(k);
      }),
      { numRuns: 300 },
    );
  });
});
