import { afterEach, describe, expect, it } from 'vitest';
import { applyFix } from '../../electron/engine/fixes/apply';
import { Journal } from '../../electron/engine/fixes/journal';
import { makeOffer } from '../../electron/engine/fixes/offer';
import { classifyHelper } from '../../electron/engine/helper-chain';
import type { ScanReport } from '../../electron/engine/model';
import { renderReport } from '../../electron/engine/report';
import { maskHelperCommand } from '../../electron/shared/redact';
import { renderReport as renderHuman } from '../../electron/cli/human';
import { createFixSandbox, type FixSandbox } from '../support/fix-sandbox';

// Issue 10 item 2: a literal password inside a helper command was shown everywhere —
// evidence, the helper chain, JSON, the report with every redaction option on. Helper
// commands are evidence, so the probe keeps them with what follows a password key masked,
// and no output path can see the literal.

const LITERALS = ['Lit3ral-PW-one', 'Lit3ral-PW-two', 'Lit3ral-PW-three', 'Lit3ral-PW-four', 'AKsecretVALUE'];
const HELPERS = [
  `!f() { echo username=bob; echo password='${LITERALS[0]}'; }; f`,
  `!printf 'password=%s\\n' ${LITERALS[1]}`,
  `!echo password=${LITERALS[2]}`,
  `!f() { test "$1" = get && printf "username=u\\npassword=%s\\n" "${LITERALS[3]}"; }; f`,
  `!AWS_SECRET_ACCESS_KEY=${LITERALS[4]} aws codecommit credential-helper $@`,
];
const URL = 'https://git-codecommit.us-east-1.amazonaws.com/v1/repos/demo';

const boxes: FixSandbox[] = [];
afterEach(() => {
  for (const b of boxes.splice(0)) b.cleanup();
});

function gitconfigValue(v: string): string {
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

const ALL_REDACTIONS = [
  { hideAccounts: false, hideHome: false, hideRepoNames: false },
  { hideAccounts: true, hideHome: true, hideRepoNames: true },
];

describe('a password written into a helper command', () => {
  it('never reaches the scan, the helper chain, the human output or the report', async () => {
    const b = createFixSandbox({
      // `store` first: the shadowing finding shows the whole chain as evidence.
      global: `[credential]\n\thelper = store\n${HELPERS.map((h) => `\thelper = ${gitconfigValue(h)}\n`).join('')}\tUseHttpPath = true\n`,
    });
    boxes.push(b);
    // git reads the values exactly as written (the sandbox is useless if it does not).
    const listed = await b.git(['config', '--get-all', 'credential.helper']);
    for (const l of LITERALS) expect(listed.stdout).toContain(l);

    const report: ScanReport = await b.scan({ kind: 'url', url: URL });
    const outputs = [
      JSON.stringify(report),
      renderHuman(report, { verbose: true, ascii: false, width: 100 }),
      ...ALL_REDACTIONS.flatMap((r) => [
        renderReport(report, 'markdown', r, { home: b.home }),
        renderReport(report, 'json', r, { home: b.home }),
      ]),
    ];
    for (const out of outputs) for (const l of LITERALS) expect(out).not.toContain(l);
    // The evidence is still there, masked where the password was.
    const shown = JSON.stringify(report.findings.flatMap((f) => f.evidence));
    expect(shown).toContain('echo password=***; }; f');
    expect(shown).toContain("!printf 'password=***' ***");
    expect(shown).toContain('AWS_SECRET_ACCESS_KEY=*** aws codecommit credential-helper $@');
  });
});

describe('plans made from a masked helper line', () => {
  it('are not offered, and a masked value is never written', async () => {
    const b = createFixSandbox({
      global: `[credential]\n\thelper = manager-core --password=${LITERALS[0]}\n\thelper = !aws codecommit credential-helper $@\n\tUseHttpPath = true\n`,
    });
    boxes.push(b);
    const report = await b.scan({ kind: 'url', url: URL });
    const gcm = report.findings.find((f) => f.code === 'gcm-old-name');
    expect(gcm, report.findings.map((f) => f.code).join()).toBeDefined();
    expect(JSON.stringify(gcm)).toContain('manager-core --password=***');
    expect(gcm?.fixes.filter((o) => o.steps.some((s) => s.type === 'git-config'))).toEqual([]);

    const before = b.snapshot();
    const out = await applyFix(
      b.ctx,
      makeOffer(
        { code: 'gcm-old-name' },
        {
          id: 'test:masked',
          kind: 'fix',
          title: 'rename',
          description: '',
          steps: [
            {
              type: 'git-config',
              op: 'replace-all',
              file: b.globalFile,
              scope: 'global',
              key: 'credential.helper',
              value: 'manager --password=***',
              valuePattern: '^manager-core --password=\\*\\*\\*$',
            },
          ],
        },
      ),
      { journal: Journal.forContext(b.ctx) },
    );
    expect(out.ok).toBe(false);
    expect(out.error).toMatch(/masked/);
    expect(b.snapshot()).toEqual(before);
  });
});

describe('maskHelperCommand', () => {
  it.each([
    ["!f() { echo password='x1x1x1'; }; f", '!f() { echo password=***; }; f'],
    ["!printf 'password=%s\\n' x1x1x1", "!printf 'password=***' ***"],
    ['!echo password=x1x1x1', '!echo password=***'],
    [
      '!echo "username=u" "password=x1x1x1" && echo quit=1',
      '!echo "username=u" "password=***" && echo quit=1',
    ],
    ['!helper --password x1x1x1 --verbose', '!helper --password *** --verbose'],
    ['!helper --password=x1x1x1', '!helper --password=***'],
    ['!TOKEN=x1x1x1 aws codecommit credential-helper $@', '!TOKEN=*** aws codecommit credential-helper $@'],
    ["!sshpass -p 'x1x1x1' ssh", '!sshpass -p *** ssh'],
    [
      '!aws --profile dev codecommit credential-helper $@',
      '!aws --profile dev codecommit credential-helper $@',
    ],
    ['store --file ~/.my-credentials', 'store --file ~/.my-credentials'],
    ['/usr/lib/git-core/git-credential-libsecret', '/usr/lib/git-core/git-credential-libsecret'],
    ['manager', 'manager'],
  ])('%s → %s', (raw, masked) => {
    expect(maskHelperCommand(raw)).toBe(masked);
    expect(maskHelperCommand(raw)).not.toContain('x1x1x1');
    // What git would run is classified the same from what may be shown.
    expect(classifyHelper(maskHelperCommand(raw))).toEqual(classifyHelper(raw));
  });
});
