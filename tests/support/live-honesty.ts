import { expect } from 'vitest';
import { exitCodeFor, renderJamf, renderReport } from '../../electron/cli/human';
import type { ScanReport } from '../../electron/engine/model';

// Issue 12's rule, for one report and the exit code the CLI gave for it: the human output,
// the --jamf line and the exit code never claim health while the live check fails, nor when
// it was not tried; "No problems found" only when the clone worked and nothing was found.
// The human and Jamf texts are rendered from the JSON report by the CLI's own renderers, so
// one diagnose run per scenario covers every output.

const flat = (s: string) => s.replace(/\s+/g, ' ');

export function expectHonest(report: ScanReport, code: number): void {
  const human = renderReport(report, { verbose: false, ascii: false, width: 100 });
  const jamf = renderJamf(report);
  expect(code, 'the CLI exits with exitCodeFor(report)').toBe(exitCodeFor(report));
  const live = report.live;
  expect(live, 'every report says what git does right now').toBeDefined();
  if (!live) return;
  // The report opens with it.
  expect(flat(human.split('\n\n')[1] ?? '')).toContain(flat(live.headline));
  const problems = report.findings.some((f) => f.severity !== 'info') || report.summary.checksErrored > 0;
  if (!live.tried) {
    expect(code).toBe(problems ? 1 : 3);
    expect(human).not.toContain('No problems found');
    expect(jamf).not.toBe('<result>OK</result>\n');
    if (!problems) expect(jamf).toBe('<result>OK (not tried)</result>\n');
    return;
  }
  if (!live.verdict?.ok) {
    expect(code).toBe(1);
    expect(human).not.toContain('No problems found');
    expect(human).not.toContain('Cloning works');
    expect(jamf).toMatch(/^<result>PROBLEMS: /);
    // Either findings explain it, or unexplained-failure says nothing does.
    const codes = report.findings.filter((f) => f.severity === 'error').map((f) => f.code);
    const by = live.explainedBy ?? [];
    if (by.length > 0) for (const c of by) expect(codes).toContain(c);
    else expect(codes.some((c) => c === 'unexplained-failure' || c.startsWith('connection-'))).toBe(true);
    return;
  }
  if (problems) {
    expect(code).toBe(1);
    expect(human).not.toContain('No problems found');
  } else {
    expect(code).toBe(0);
    expect(human).toMatch(/^No problems found: cloning works/m);
    expect(jamf).toBe('<result>OK</result>\n');
  }
}
