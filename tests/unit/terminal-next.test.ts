import { describe, expect, it } from 'vitest';
import type { Asker } from '../../electron/cli/fix-flow';
import { closingLine } from '../../electron/cli/next-line';
import { ADDRESS_TRIES, askTarget, WHAT_TO_CLONE } from '../../electron/cli/wizard';
import { layout } from '../../electron/cli/layout';
import type { Finding, FixOffer, LiveResult, ScanReport, TargetInput } from '../../electron/engine/model';

// Issue 14, the terminal: the closing line says what to do next, and the terminal wizard
// asks again after an address it cannot use.

const URL = 'https://git-codecommit.us-east-2.amazonaws.com/v1/repos/demo';

function offer(kind: 'runnable' | 'advice'): FixOffer {
  return {
    id: 'x',
    findingCode: 'helper-shadowed',
    kind: 'fix',
    title: 't',
    description: 'd',
    steps: [],
    preview: [],
    reversible: true,
    needsAdmin: false,
    applicable: kind === 'runnable',
  };
}

function report(o: {
  target?: TargetInput;
  errors?: number;
  fixes?: FixOffer[];
  live?: LiveResult;
  replay?: boolean;
}): ScanReport {
  const findings = o.fixes
    ? [{ code: 'helper-shadowed', severity: 'error', fixes: o.fixes, evidence: [] } as unknown as Finding]
    : [];
  return {
    target: o.target ?? { kind: 'url', url: URL },
    findings,
    summary: { errors: o.errors ?? findings.length, warnings: 0, infos: 0, checksErrored: 0 },
    ...(o.live ? { live: o.live } : {}),
    ...(o.replay ? { replay: { recordedAt: '', recordedWith: '', notRecorded: [] } } : {}),
  } as unknown as ScanReport;
}

const works: LiveResult = {
  tried: true,
  headline: 'Right now, cloning works',
  verdict: { outcome: 'ok', ok: true, headline: '', short: '', detail: '', durationMs: 1 },
};
const fails: LiveResult = {
  tried: true,
  headline: 'Right now, git says: 403',
  verdict: { outcome: 'forbidden', ok: false, headline: '', short: '', detail: '', durationMs: 1 },
};
const text = (r: ScanReport) => {
  const l = closingLine(r);
  return l ? layout(l, { width: Infinity, color: false }).join('\n') : null;
};

describe('the closing line', () => {
  it('a fix the doctor can run: the fix command for the same target', () => {
    expect(text(report({ fixes: [offer('runnable')], live: fails }))).toBe(
      `Next: codecommit-doctor fix --repo ${URL} (shows each change and asks first)`,
    );
    expect(text(report({ target: { kind: 'dir', path: '/src/my repo' }, fixes: [offer('runnable')] }))).toBe(
      "Next: codecommit-doctor fix --dir '/src/my repo' (shows each change and asks first)",
    );
  });

  it('the clone works and nothing to fix: the clone command', () => {
    expect(text(report({ live: works }))).toBe(`You can clone now: git clone ${URL}`);
  });

  it('something wrong that nothing here fixes (advice only, or an unexplained failure): a recording for the helpdesk', () => {
    const helpdesk = `Send this report to your helpdesk: codecommit-doctor diagnose --repo ${URL} --record codecommit-doctor-report.json`;
    expect(text(report({ fixes: [offer('advice')], live: fails }))).toBe(helpdesk);
    expect(text(report({ errors: 0, live: fails }))).toBe(helpdesk);
  });

  it('nothing found, the clone not tried: the command that tries it', () => {
    const notTried: LiveResult = { tried: false, headline: 'not tried', reason: '--offline' };
    expect(text(report({ live: notTried }))).toBe(
      `To try the clone itself: codecommit-doctor verify --repo ${URL}`,
    );
    expect(text(report({ target: { kind: 'machine' }, live: notTried }))).toBe(
      'To try a clone too: codecommit-doctor diagnose --repo CLONE-URL',
    );
  });

  it('never prints a password from the address, and says nothing under a replay', () => {
    const withPassword = report({
      target: { kind: 'url', url: 'https://me:s3cret@git-codecommit.us-east-2.amazonaws.com/v1/repos/demo' },
      fixes: [offer('runnable')],
    });
    expect(text(withPassword)).not.toContain('s3cret');
    expect(text(report({ fixes: [offer('runnable')], replay: true }))).toBeNull();
  });
});

function scripted(answers: string[]): Asker & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    ask: (q) => {
      asked.push(q);
      return Promise.resolve(answers.shift() ?? '');
    },
    close: () => undefined,
  };
}

function sink(): NodeJS.WritableStream & { text: string } {
  const s = { text: '', write: (c: string) => ((s.text += c), true) };
  return s as unknown as NodeJS.WritableStream & { text: string };
}

describe('the terminal wizard asks for the address again', () => {
  const look = { ascii: false, width: 80, color: false };

  it('"Did you mean …?" yes: the corrected address', async () => {
    const asker = scripted(['git clone http://git-codecommit.us-east-2.amazonaws.com/v1/repos/demo', 'y']);
    const out = sink();
    expect(await askTarget(asker, out, look, '/')).toEqual({ kind: 'url', url: URL });
    expect(asker.asked[1]).toContain(`Did you mean ${URL}? [y/N]`);
  });

  it('"Did you mean …?" no: the question again; a good address goes on', async () => {
    const asker = scripted(['git-codecommit.us-east-2.amazonaws.com/demo', 'n', URL]);
    const out = sink();
    expect(await askTarget(asker, out, look, '/')).toEqual({ kind: 'url', url: URL });
    expect(asker.asked.filter((q) => q === WHAT_TO_CLONE)).toHaveLength(2);
    expect(out.text).toContain('This address will not work: The address must start with https://.');
  });

  it('an address with no guess: an example, and the question again; after three, null', async () => {
    const asker = scripted(['demo', 'demo', 'demo']);
    const out = sink();
    expect(await askTarget(asker, out, look, '/')).toBeNull();
    expect(asker.asked).toHaveLength(ADDRESS_TRIES);
    expect(out.text).toContain(
      'For example: https://git-codecommit.us-east-2.amazonaws.com/v1/repos/my-repo',
    );
  });

  it('Enter (or the end of input) still means the whole computer; a folder is a folder', async () => {
    expect(await askTarget(scripted(['']), sink(), look, '/')).toEqual({ kind: 'machine' });
    expect(await askTarget(scripted(['/tmp']), sink(), look, '/')).toEqual({ kind: 'dir', path: '/tmp' });
  });
});
