import type { CheckDefinition } from './check';
import { finding } from './check';

export const cloneAddress: CheckDefinition = {
  id: 'address',
  title: 'Clone address',
  needs: [],
  run(facts) {
    const findings = facts.urlProblems.map((p) =>
      finding(p.code, {
        subject: p.input,
        detail: p.reason,
        evidence: [{ kind: 'text', label: 'Address', detail: p.input }],
      }),
    );
    for (const t of facts.targets) {
      if (t.rawUser !== undefined && t.user !== undefined && /[@:/]/.test(t.rawUser)) {
        findings.push(
          finding('url-username-needs-encoding', {
            subject: t.display,
            evidence: [
              { kind: 'text', label: 'Address', detail: t.display },
              { kind: 'text', label: 'User name as written', detail: t.rawUser },
            ],
          }),
        );
      }
    }
    if (facts.targets.length === 0 && facts.urlProblems.length === 0) {
      return { skipped: 'No CodeCommit address to check.' };
    }
    return findings;
  },
};
