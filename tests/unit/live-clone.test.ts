import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogEntry, FINDING_CODES } from '../../electron/engine/checks';
import { checkFindings, type CheckOutcome } from '../../electron/engine/checks/check';
import {
  EXPLAINS,
  EXPLAINS_ANY,
  explainedBy,
  explainersOf,
  liveClone,
  liveResult,
} from '../../electron/engine/checks/live-clone';
import type { Verdict, VerifyOutcome } from '../../electron/engine/fixes/verify';
import type { About, Facts, Finding, FindingCode, LiveFacts } from '../../electron/engine/model';
import { resolveUrlTarget } from '../../electron/engine/targets';

// What "explains" a failed live check, decided by one map (live-clone.ts EXPLAINS): a finding
// of severity error, about the address tried (or no address in particular), whose cause
// produces what git ran into.

const HTTPS = 'https://git-codecommit.us-east-1.amazonaws.com/v1/repos/demo';
const SSH = 'ssh://APKAEIBAERJR2EXAMPLE@git-codecommit.us-east-1.amazonaws.com/v1/repos/demo';
const no = { ok: false as const, error: 'not collected', timedOut: false, durationMs: 0 };
const ok = <T>(value: T) => ({ ok: true as const, value, durationMs: 0 });

function verdict(outcome: VerifyOutcome): Verdict {
  return {
    outcome,
    ok: outcome === 'ok',
    headline: outcome === 'ok' ? 'Works: lists 2 refs' : `git ran into ${outcome}`,
    short: outcome === 'ok' ? 'works (2 refs)' : outcome,
    detail: outcome === 'ok' ? '' : `fatal: ${outcome}`,
    durationMs: 10,
    ...(outcome === 'ok' ? { refs: 2 } : { nextStep: `next step for ${outcome}` }),
  };
}

function facts(outcome: VerifyOutcome | null, url = HTTPS): Facts {
  const { targets, urlProblems } = resolveUrlTarget(url);
  const live: LiveFacts =
    outcome === null
      ? { tried: false, reason: '--offline: the repository was not contacted' }
      : {
          tried: true,
          target: 'target-1',
          display: url,
          verdict: verdict(outcome),
          helpers: ['store', '!aws codecommit credential-helper $@'],
          activity: { asked: true, ran: [0], answered: 0 },
          trace: ['12:00:00.000 trace: built-in: git ls-remote -- x'],
        };
  return {
    platform: 'linux',
    targets,
    urlProblems,
    git: ok({ executables: [{ path: '/usr/bin/git' }], version: '2.39.5', config: [], helperPrograms: {} }),
    awsCli: ok({ programs: [] }),
    awsConfig: no,
    stores: no,
    ssh: no,
    remoteCodecommit: no,
    account: no,
    clients: no,
    live: ok(live),
  };
}

function finding(code: FindingCode, about?: About): Finding {
  return {
    code,
    severity: catalogEntry(code).severity,
    title: '',
    explanation: '',
    evidence: [],
    fixes: [],
    ...(about ? { about } : {}),
  };
}

const FAILURES = Object.keys(EXPLAINS) as Exclude<VerifyOutcome, 'ok'>[];
const OWN: FindingCode[] = [
  'unexplained-failure',
  'connection-tls',
  'connection-dns',
  'connection-proxy',
  'connection-blocked',
];

describe('what explains a failed live check', () => {
  it('the map names only real codes, and every failure outcome has an entry', () => {
    for (const codes of [...Object.values(EXPLAINS), EXPLAINS_ANY])
      for (const c of codes) expect(FINDING_CODES).toContain(c);
    const all: VerifyOutcome[] = [
      'forbidden',
      'unauthorized',
      'repo-not-found',
      'username-wanted',
      'helper-error',
      'dns',
      'tls',
      'timeout',
      'proxy',
      'connect',
      'ssh-denied',
      'remote-helper-missing',
      'other',
    ];
    expect(FAILURES.sort()).toEqual(all.sort());
  });

  it('property: one error finding explains a failure exactly when the map says so', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FAILURES), fc.constantFrom(...FINDING_CODES), (outcome, code) => {
        const f = facts(outcome);
        const by = explainedBy(f, [finding(code)]);
        const expected =
          catalogEntry(code).severity === 'error' && explainersOf(outcome, 'https').includes(code);
        return by.length === (expected ? 1 : 0);
      }),
      { numRuns: 2000 },
    );
  });

  it('a 403: a stale password, an IAM denial, a clock off explain it; SSH, region and remote-helper findings do not', () => {
    const f = facts('forbidden');
    for (const c of [
      'helper-shadowed',
      'iam-gitpull-denied',
      'clock-skew',
      'aws-credentials-expired',
      'git-credentials-inactive',
    ] as FindingCode[])
      expect(explainedBy(f, [finding(c)]), c).toEqual([c]);
    for (const c of [
      'ssh-config-missing',
      'repo-not-found-in-region',
      'remote-codecommit-not-on-path',
      'ssh-key-inactive',
    ] as FindingCode[])
      expect(explainedBy(f, [finding(c)]), c).toEqual([]);
  });

  it('warnings and notes never explain a failure (a saved password, a system-wide helper, a VPC endpoint)', () => {
    const f = facts('forbidden');
    expect(
      explainedBy(f, [
        finding('cached-codecommit-credentials'),
        finding('system-scope-helper'),
        finding('vpce-endpoint'),
        finding('iam-gitpush-denied'),
      ]),
    ).toEqual([]);
    // Only the severity decides: the same code as a warning explains nothing.
    expect(explainedBy(f, [{ ...finding('helper-shadowed'), severity: 'warning' }])).toEqual([]);
  });

  it('git asking for a user name is not explained by a permission or a clock: git never sent a password', () => {
    const f = facts('username-wanted');
    expect(
      explainedBy(f, [finding('iam-gitpull-denied'), finding('clock-skew'), finding('helper-shadowed')]),
    ).toEqual([]);
    expect(explainedBy(f, [finding('scoped-section-misses-host')])).toEqual(['scoped-section-misses-host']);
  });

  it('a finding about another remote or host does not explain this one; one about this host or a profile does', () => {
    const f = facts('forbidden');
    expect(explainedBy(f, [finding('helper-shadowed', { kind: 'remote', key: 'target-2' })])).toEqual([]);
    expect(
      explainedBy(f, [
        finding('helper-shadowed', { kind: 'host', hostname: 'git-codecommit.eu-west-1.amazonaws.com' }),
      ]),
    ).toEqual([]);
    expect(explainedBy(f, [finding('helper-shadowed', { kind: 'remote', key: 'target-1' })])).toEqual([
      'helper-shadowed',
    ]);
    expect(
      explainedBy(f, [
        finding('scoped-section-misses-host', {
          kind: 'host',
          hostname: 'git-codecommit.us-east-1.amazonaws.com',
        }),
      ]),
    ).toEqual(['scoped-section-misses-host']);
    expect(explainedBy(f, [finding('aws-credentials-expired', { kind: 'profile', profile: 'dev' })])).toEqual(
      ['aws-credentials-expired'],
    );
  });

  it('git-remote-codecommit signs by itself: its failure ("other") is explained by the profile it signs with', () => {
    const cc = facts('other', 'codecommit::us-east-1://demo');
    expect(explainedBy(cc, [finding('aws-profile-no-credentials')])).toEqual(['aws-profile-no-credentials']);
    expect(explainedBy(facts('other'), [finding('aws-profile-no-credentials')])).toEqual([]);
  });

  it('a timeout over SSH is the network (port 22), over HTTPS it is not', () => {
    expect(explainersOf('timeout', 'ssh')).toContain('connection-blocked');
    expect(explainersOf('timeout', 'https')).not.toContain('connection-blocked');
  });
});

describe('the live-clone check', () => {
  const run = (f: Facts) => liveClone.run(f);

  it('not tried: skipped, as needed, with the reason; works: passes with what git listed', () => {
    expect(run(facts(null))).toEqual({
      kind: 'skipped',
      reason: '--offline: the repository was not contacted',
      needed: true,
    });
    expect(run(facts('ok'))).toEqual({
      kind: 'found',
      findings: [],
      message: 'Right now, cloning works: lists 2 refs.',
    });
  });

  it('the network refusing is its own finding; anything else is unexplained until another check explains it', () => {
    const code = (f: Facts) => checkFindings(liveClone, f).map((x) => x.code);
    expect(code(facts('tls'))).toEqual(['connection-tls']);
    expect(code(facts('dns'))).toEqual(['connection-dns']);
    expect(code(facts('proxy'))).toEqual(['connection-proxy']);
    expect(code(facts('connect'))).toEqual(['connection-blocked']);
    expect(code(facts('timeout', SSH))).toEqual(['connection-blocked']);
    expect(code(facts('timeout'))).toEqual(['unexplained-failure']);
    for (const o of [
      'forbidden',
      'unauthorized',
      'username-wanted',
      'helper-error',
      'repo-not-found',
      'ssh-denied',
      'other',
    ] as const)
      expect(code(facts(o)), o).toEqual(['unexplained-failure']);
  });

  it('unexplained-failure carries git words, the helpers, who answered, the trace and the versions', () => {
    const [f] = checkFindings(liveClone, facts('forbidden'));
    const labels = f?.evidence.map((e) =>
      e.kind === 'text' ? e.label : e.kind === 'program' ? `program ${e.name}` : e.kind,
    );
    expect(labels).toEqual([
      'git says',
      'Helper 1',
      'Helper 2',
      'Answered by',
      'program git',
      expect.stringMatching(/^Trace/),
    ]);
    expect(f?.evidence).toContainEqual({ kind: 'text', label: 'Answered by', detail: 'helper 1: store' });
    expect(f?.evidence).toContainEqual({
      kind: 'program',
      name: 'git',
      path: '/usr/bin/git',
      version: '2.39.5',
    });
    expect(f?.explanation).toContain('Right now, git says: git ran into forbidden.');
  });

  it('settle: explained by another finding, the failure stays (status fail) without unexplained-failure', () => {
    const f = facts('forbidden');
    const own = run(f);
    const settled = liveClone.settle?.(own, [finding('helper-shadowed')], f) as CheckOutcome<string>;
    expect(settled).toMatchObject({ kind: 'found', findings: [], failed: true });
    expect(settled.kind === 'found' && settled.message).toContain(
      'The findings below explain it: helper-shadowed.',
    );
    const alone = liveClone.settle?.(own, [finding('ssh-config-missing')], f);
    expect(alone).toBe(own);
  });

  it('the report result: first line, who answered, and what explains it', () => {
    expect(liveResult(facts('forbidden'), [finding('helper-shadowed')])).toMatchObject({
      tried: true,
      headline: 'Right now, git says: forbidden — git ran into forbidden',
      answeredBy: 'helper 1: store',
      explainedBy: ['helper-shadowed'],
    });
    expect(liveResult(facts('forbidden'), [finding('unexplained-failure')]).explainedBy).toEqual([]);
    expect(liveResult(facts(null), [])).toEqual({
      tried: false,
      reason: '--offline: the repository was not contacted',
      headline: 'The clone itself was not tried: --offline: the repository was not contacted',
    });
    for (const c of OWN) expect(catalogEntry(c).severity).toBe('error');
  });
});
