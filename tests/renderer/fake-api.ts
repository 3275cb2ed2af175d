import { vi } from 'vitest';
import type { DoctorApi, EventMap, EventName, VerifyResult } from '../../electron/contract';
import type { Verdict } from '../../electron/engine/fixes/verify';
import { previewOf } from '../../electron/engine/fixes/steps';
import type { DetectedClient } from '../../electron/engine/clients/types';
import type { CheckId, Finding, FixOffer, ScanEvent, ScanReport } from '../../electron/engine/model';

// A DoctorApi double for component tests: every channel is a vi.fn with a plausible answer,
// and `emit` plays main's events. Shapes follow electron/contract.ts exactly.

export const URL_403 = 'https://git-codecommit.us-east-1.amazonaws.com/v1/repos/demo';

/** Offers get their preview from the engine, as main's would. */
type Draft = Omit<Finding, 'fixes'> & { fixes: Omit<FixOffer, 'preview'>[] };
const planned = (f: Draft): Finding => ({
  ...f,
  fixes: f.fixes.map((o) => ({ ...o, preview: o.steps.map(previewOf) })),
});

const storeFinding: Finding = planned({
  code: 'cached-codecommit-credentials',
  severity: 'error',
  title: 'A saved password for CodeCommit is used instead of a fresh one',
  explanation:
    'git-credential-store holds a password signed 20 minutes ago; git sends it first and CodeCommit answers 403.',
  evidence: [
    {
      kind: 'store-entry',
      entry: {
        store: 'git-credential-store',
        hostname: 'git-codecommit.us-east-1.amazonaws.com',
        account: 'AKIAEXAMPLE',
        location: '/home/u/.git-credentials',
      },
    },
  ],
  docsUrl: 'https://docs.aws.amazon.com/codecommit/latest/userguide/troubleshooting-ch.html',
  subject: URL_403,
  fixes: [
    {
      id: 'cached-codecommit-credentials:delete:x',
      findingCode: 'cached-codecommit-credentials',
      kind: 'fix',
      title: 'Delete the saved CodeCommit password',
      description: 'Removes the stale entry so the AWS helper is asked every time.',
      steps: [
        {
          type: 'delete-credential',
          entry: {
            store: 'git-credential-store',
            hostname: 'git-codecommit.us-east-1.amazonaws.com',
            account: 'AKIAEXAMPLE',
            location: '/home/u/.git-credentials',
          },
        },
      ],
      reversible: false,
      needsAdmin: false,
      warning: 'Deleting a saved password cannot be undone.',
      applicable: true,
    },
  ],
});

const shadowFinding: Finding = planned({
  code: 'helper-shadowed',
  severity: 'error',
  title: 'Another credential helper answers before the AWS helper',
  explanation: 'git asks helpers in order; "store" comes first and answers with an old password.',
  evidence: [
    {
      kind: 'helper',
      position: 1,
      value: 'store',
      helperKind: 'store',
      scope: 'global',
      file: '/home/u/.gitconfig',
    },
    {
      kind: 'helper',
      position: 2,
      value: '!aws codecommit credential-helper $@',
      helperKind: 'aws',
      scope: 'global',
      file: '/home/u/.gitconfig',
    },
  ],
  fixes: [
    {
      id: 'helper-shadowed:scoped-section:x',
      findingCode: 'helper-shadowed',
      kind: 'fix',
      title: 'Use only the AWS helper for CodeCommit',
      description: 'Adds a section for the CodeCommit host that resets the helper list.',
      steps: [
        {
          type: 'git-config',
          op: 'add',
          file: '/home/u/.gitconfig',
          scope: 'global',
          key: 'credential.https://git-codecommit.us-east-1.amazonaws.com.helper',
          value: '',
        },
        {
          type: 'git-config',
          op: 'add',
          file: '/home/u/.gitconfig',
          scope: 'global',
          key: 'credential.https://git-codecommit.us-east-1.amazonaws.com.helper',
          value: '!aws codecommit credential-helper $@',
        },
      ],
      reversible: true,
      needsAdmin: false,
      applicable: true,
    },
  ],
});

const warningFinding: Finding = planned({
  code: 'aws-cli-autoprompt-on',
  severity: 'warning',
  title: 'The AWS CLI may stop to ask questions',
  explanation: 'cli_auto_prompt = on makes the helper wait for input that git never gives.',
  evidence: [
    {
      kind: 'config',
      scope: 'global',
      file: '/home/u/.aws/config',
      key: 'cli_auto_prompt',
      value: 'on',
      order: 1,
    },
  ],
  fixes: [
    {
      id: 'aws-cli-autoprompt-on:configure',
      findingCode: 'aws-cli-autoprompt-on',
      kind: 'suggestion',
      title: 'Turn auto-prompt off for the helper',
      description: 'Sets cli_auto_prompt = off in the default profile.',
      steps: [
        {
          type: 'git-config',
          op: 'add',
          file: '/home/u/.config/git/config',
          scope: 'global',
          key: 'credential.https://git-codecommit.us-east-1.amazonaws.com.helper',
          value: '!aws --no-cli-auto-prompt codecommit credential-helper $@',
        },
      ],
      reversible: true,
      needsAdmin: false,
      applicable: true,
    },
  ],
});

const noteFinding: Finding = planned({
  code: 'system-scope-helper',
  severity: 'info',
  title: 'A helper is set for every user of this computer',
  explanation: 'The system settings list a helper; only an administrator can change them.',
  evidence: [
    {
      kind: 'config',
      scope: 'system',
      file: '/etc/gitconfig',
      key: 'credential.helper',
      value: 'cache',
      order: 0,
    },
  ],
  fixes: [
    {
      // As the engine plans it (checks/credential-helpers-plans.ts adminUnset): the exact
      // file, never `--system` (which edits only the file git was built with).
      id: 'system-scope-helper:admin-unset:/etc/gitconfig:credential.helper:cache',
      findingCode: 'system-scope-helper',
      kind: 'suggestion',
      title: 'Remove "cache" from the settings for every user (administrator)',
      description:
        "Changes git's settings for every user of this computer (/etc/gitconfig). Run it yourself in an administrator terminal (sudo) if you want it gone everywhere; the scoped section above is enough for CodeCommit.",
      steps: [
        {
          type: 'command',
          argv: [
            'sudo',
            'git',
            'config',
            '--file',
            '/etc/gitconfig',
            '--unset-all',
            'credential.helper',
            '^cache$',
          ],
          admin: true,
          note: 'needs administrator rights',
        },
      ],
      reversible: true,
      needsAdmin: true,
      applicable: false,
    },
  ],
});

export function makeReport(
  findings: Finding[] = [shadowFinding, storeFinding, warningFinding, noteFinding],
): ScanReport {
  const count = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  return {
    schemaVersion: 1,
    tool: { name: 'codecommit-doctor', version: '0.1.0' },
    platform: 'linux',
    startedAt: '2025-01-01T00:00:00.000Z',
    durationMs: 1234,
    target: { kind: 'url', url: URL_403 },
    targets: [],
    checks: [
      { id: 'git', title: 'Git is installed', status: 'pass', durationMs: 40, findings: [] },
      {
        id: 'helpers',
        title: 'Credential helpers',
        status: findings.length ? 'fail' : 'pass',
        durationMs: 80,
        findings,
      },
    ],
    findings,
    summary: { errors: count('error'), warnings: count('warning'), infos: count('info'), checksErrored: 0 },
  };
}

export const CHECKS: { id: CheckId; title: string }[] = [
  { id: 'git', title: 'Git is installed' },
  { id: 'helpers', title: 'Credential helpers' },
];

const verdict403: Verdict = {
  outcome: 'forbidden',
  ok: false,
  headline: 'CodeCommit refused the password (403)',
  short: '403',
  detail: 'fatal: ... 403',
  durationMs: 300,
};
const verdictOk: Verdict = {
  outcome: 'ok',
  ok: true,
  refs: 3,
  headline: 'Works: lists 3 refs',
  short: 'works (3 refs)',
  detail: '',
  durationMs: 250,
};

export interface FakeApi extends DoctorApi {
  emit<E extends EventName>(event: E, payload: EventMap[E]): void;
  /** Plays a whole scan (started → checks → done) for scan s1. */
  playScan(report?: ScanReport): void;
}

export function fakeApi(): FakeApi {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  let verifies = 0;
  const api = {
    appInfo: vi.fn(async () => ({ version: '0.1.0', platform: 'linux' as const, theme: 'light' as const })),
    startScan: vi.fn(async () => ({ scanId: 's1' })),
    applyFix: vi.fn(async ({ fixId }: { scanId: string; fixId: string; run?: string }) => ({
      fixId,
      ok: true,
      journalId: `j-${fixId}`,
      steps: [{ index: 0, description: `did ${fixId}`, ok: true, message: 'verified' }],
      rolledBack: false,
      report: makeReport([]),
    })),
    verify: vi.fn(async (): Promise<VerifyResult> => ({
      results: [{ display: URL_403, verdict: verifies++ === 0 ? verdict403 : verdictOk }],
    })),
    // One Apply click that set up the helper and deleted a stale password: one run.
    history: vi.fn(async () => [
      {
        id: '20250101T000001Z-abce',
        createdAt: '2025-01-01T00:00:01.000Z',
        title: 'Delete the saved CodeCommit password',
        findingCode: 'cached-codecommit-credentials' as const,
        fixId: 'cached-codecommit-credentials:delete:x',
        state: 'applied' as const,
        runId: 'run-20250101T000000Z-abcd',
        steps: [
          { description: 'delete the password', reversible: false, state: 'done' as const, undone: false },
        ],
        files: [],
      },
      {
        id: '20250101T000000Z-abcd',
        createdAt: '2025-01-01T00:00:00.000Z',
        title: 'Use only the AWS helper for CodeCommit',
        findingCode: 'helper-shadowed' as const,
        fixId: 'helper-shadowed:scoped-section:x',
        state: 'applied' as const,
        runId: 'run-20250101T000000Z-abcd',
        steps: [{ description: 'add helper', reversible: true, state: 'done' as const, undone: false }],
        files: ['/home/u/.gitconfig'],
      },
    ]),
    undo: vi.fn(async ({ id }: { id: string }) => ({
      id,
      runId: id,
      restored: ['/home/u/.gitconfig'],
      removed: [],
      reverted: [],
      unchanged: [],
      notUndoable: ['delete the password'],
      entries: [],
    })),
    renderReport: vi.fn(async ({ redaction }: { redaction: { hideAccounts: boolean } }) => ({
      text: `# CodeCommit Doctor report\naccount: ${redaction.hideAccounts ? '<account>' : 'AKIAEXAMPLE'}`,
    })),
    saveReport: vi.fn(async () => ({ saved: true, path: '/home/u/report.md' })),
    copyText: vi.fn(async () => ({ ok: true as const })),
    pickFolder: vi.fn(async () => ({ path: '/home/u/src/demo' })),
    detectClients: vi.fn(async () => ({ clients: [] as DetectedClient[] })),
    openRecording: vi.fn(async () => ({ scanId: null })),
    openDocs: vi.fn(async () => ({ opened: true })),
    on: (event: string, listener: (p: unknown) => void) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
    emit: (event: string, payload: unknown) => {
      for (const l of listeners.get(event) ?? []) l(payload);
    },
    playScan(report = makeReport()) {
      const ev = (event: ScanEvent) => api.emit('scanEvent', { scanId: 's1', event });
      ev({ type: 'scan-started', checks: CHECKS });
      ev({ type: 'check-started', id: 'git', title: 'Git is installed' });
      ev({ type: 'check-finished', result: report.checks[0]! });
      ev({ type: 'check-started', id: 'helpers', title: 'Credential helpers' });
      ev({ type: 'check-finished', result: report.checks[1]! });
      ev({ type: 'scan-finished', report });
      api.emit('scanDone', { scanId: 's1', report });
    },
  };
  return api as unknown as FakeApi;
}
