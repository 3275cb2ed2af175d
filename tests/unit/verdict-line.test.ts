import { describe, expect, it } from 'vitest';
import { exitCodeFor, renderJamf } from '../../electron/cli/human';
import type { Finding, LiveResult, ScanReport } from '../../electron/engine/model';
import { verdictLine } from '../../electron/shared/verdict';

// The one sentence that sums a scan up, the --jamf line and the exit code, for every state
// of the live check: "No problems found" and OK/0 only when the clone was tried and worked.

const works: LiveResult = {
  tried: true,
  headline: 'Right now, cloning works: lists 2 refs',
  verdict: {
    outcome: 'ok',
    ok: true,
    refs: 2,
    headline: 'Works: lists 2 refs',
    short: 'works (2 refs)',
    detail: '',
    durationMs: 5,
  },
};
const fails: LiveResult = {
  tried: true,
  headline: 'Right now, git says: 403 — CodeCommit refused the password (403)',
  verdict: {
    outcome: 'forbidden',
    ok: false,
    headline: 'CodeCommit refused the password (403)',
    short: '403',
    detail: '',
    durationMs: 5,
  },
  explainedBy: [],
};
const offline: LiveResult = {
  tried: false,
  reason: '--offline: the repository was not contacted',
  headline: 'x',
};

const f = (code: string, severity: Finding['severity']) => ({ code, severity }) as unknown as Finding;

function report(live: LiveResult | undefined, findings: Finding[] = [], checksErrored = 0): ScanReport {
  const n = (s: Finding['severity']) => findings.filter((x) => x.severity === s).length;
  return {
    ...(live ? { live } : {}),
    findings,
    checks: [],
    summary: { errors: n('error'), warnings: n('warning'), infos: n('info'), checksErrored },
  } as unknown as ScanReport;
}

describe('verdictLine, --jamf and the exit code', () => {
  const cases: [string, ScanReport, string, string, number][] = [
    ['works, nothing found', report(works), 'No problems found: cloning works.', '<result>OK</result>', 0],
    [
      'works, a note only',
      report(works, [f('vpce-endpoint', 'info')]),
      'No problems found: cloning works (1 note).',
      '<result>OK</result>',
      0,
    ],
    [
      'works, a warning',
      report(works, [f('cached-codecommit-credentials', 'warning')]),
      'Cloning works right now; these will break it later: cached-codecommit-credentials (1 warning).',
      '<result>PROBLEMS: cached-codecommit-credentials</result>',
      1,
    ],
    [
      'works, a check could not run',
      report(works, [], 1),
      'Cloning works right now; 1 check could not run.',
      '(the fake report has no check results to name)',
      1,
    ],
    [
      'fails, explained',
      report(fails, [f('helper-shadowed', 'error')]),
      '1 problem; the clone fails right now.',
      '<result>PROBLEMS: helper-shadowed</result>',
      1,
    ],
    [
      'fails, and (by a bug) no finding says so',
      report(fails),
      'The clone fails right now.',
      '<result>PROBLEMS: clone-fails</result>',
      1,
    ],
    [
      'not tried, nothing found',
      report(offline),
      "Nothing wrong found in this computer's settings — the clone itself was not tried (--offline: the repository was not contacted).",
      '<result>OK (not tried)</result>',
      3,
    ],
    [
      'not tried, a problem',
      report(offline, [f('helper-shadowed', 'error')]),
      '1 problem; the clone itself was not tried.',
      '<result>PROBLEMS: helper-shadowed</result>',
      1,
    ],
    [
      'a report without a live result',
      report(undefined),
      "Nothing wrong found in this computer's settings — the clone itself was not tried.",
      '<result>OK (not tried)</result>',
      3,
    ],
  ];
  for (const [name, r, line, jamf, code] of cases) {
    it(name, () => {
      expect(verdictLine(r)).toBe(line);
      if (!name.includes('could not run')) expect(renderJamf(r)).toBe(`${jamf}\n`);
      expect(exitCodeFor(r)).toBe(code);
    });
  }

  it('"No problems found" only when the clone was tried and worked', () => {
    for (const [name, r] of cases)
      expect(verdictLine(r).startsWith('No problems found'), name).toBe(
        r.live?.tried === true &&
          r.live.verdict?.ok === true &&
          r.summary.errors + r.summary.warnings + r.summary.checksErrored === 0,
      );
  });
});
