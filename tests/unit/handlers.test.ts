import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journal } from '../../electron/engine/fixes/journal';
import type { FixOffer, ScanReport } from '../../electron/engine/model';
import { runScan } from '../../electron/engine/scan';
import { createHandlers, plainError, type HandlerTable, type NativeApi } from '../../electron/main/handlers';
import { REPLAY_NO_FIX, REPLAY_NO_VERIFY } from '../../electron/shared/replay-note';
import { isTrustedSender, resolveAppFile } from '../../electron/main/security';
import {
  fakeNative,
  recorder,
  sandboxContext,
  waitForDone,
  type FakeNative,
} from '../support/handler-sandbox';
import { recordScan } from '../support/recording';

const URL = 'https://git-codecommit.us-east-1.amazonaws.com/v1/repos/demo';

function offers(report: ScanReport): FixOffer[] {
  return report.findings.flatMap((f) => f.fixes);
}

describe('createHandlers with a sandboxed HOME', () => {
  const sandbox = sandboxContext();
  const rec = recorder();
  let native: FakeNative;
  let h: HandlerTable;
  let scanId = '';
  let report: ScanReport;

  beforeAll(async () => {
    native = fakeNative();
    h = createHandlers({
      ctx: sandbox.ctx,
      native,
      emit: rec.emit,
      version: '9.9.9',
      journal: Journal.forContext(sandbox.ctx),
    });
    const started = await h.startScan({ target: { kind: 'url', url: URL }, offline: true });
    if (!started.ok) throw new Error(started.error);
    scanId = started.value.scanId;
    report = (await waitForDone(rec.events, scanId)).report;
  });
  afterAll(() => sandbox.cleanup());

  it('answers startScan at once and streams scanEvent then scanDone for that scan', () => {
    expect(scanId).toMatch(/^[0-9a-f-]{36}$/);
    const forScan = rec.events.filter(
      (e) => e.payload && 'scanId' in e.payload && e.payload.scanId === scanId,
    );
    expect(forScan[0]).toMatchObject({ event: 'scanEvent', payload: { event: { type: 'scan-started' } } });
    expect(forScan.at(-1)?.event).toBe('scanDone');
    expect(forScan.some((e) => e.event === 'scanEvent' && e.payload.event.type === 'check-finished')).toBe(
      true,
    );
    expect(report.target).toEqual({ kind: 'url', url: URL });
    // An empty sandboxed git config has no AWS helper: the doctor must say so.
    expect(report.findings.map((f) => f.code)).toContain('helper-not-configured');
  });

  it('rejects a malformed request with a validation message, not a throw', async () => {
    const r = await h.startScan({ target: { kind: 'ftp', url: 1 } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^Invalid request for startScan: /);
    const r2 = await h.applyFix(null);
    expect(r2).toMatchObject({ ok: false, error: expect.stringMatching(/^Invalid request for applyFix/) });
  });

  it('applyFix refuses a fix id this scan did not offer, and an unknown scan', async () => {
    expect(await h.applyFix({ scanId, fixId: 'helper-not-configured:made-up' })).toEqual({
      ok: false,
      error: 'That fix is not one this scan offered.',
    });
    expect(await h.applyFix({ scanId: 'nope', fixId: 'x' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/no longer available/),
    });
  });

  it('applyFix refuses admin / not-applicable offers even when the id is real', async () => {
    const admin: FixOffer = {
      id: 'system-scope-helper:admin-unset:/etc/gitconfig:credential.helper:x',
      findingCode: 'system-scope-helper',
      kind: 'suggestion',
      title: 'Remove the system helper',
      description: 'needs admin',
      steps: [
        {
          type: 'command',
          argv: ['sudo', 'git', 'config', '--system', '--unset-all', 'credential.helper'],
          admin: true,
          note: '',
        },
      ],
      preview: [],
      reversible: false,
      needsAdmin: true,
      applicable: false,
    };
    let applied = 0;
    const fakeReport: ScanReport = { ...report, findings: [{ ...report.findings[0]!, fixes: [admin] }] };
    const r2 = recorder();
    const h2 = createHandlers({
      ctx: sandbox.ctx,
      native,
      emit: r2.emit,
      version: '9.9.9',
      engine: {
        runScan: async () => fakeReport,
        applyFix: async () => {
          applied++;
          return { fixId: admin.id, ok: true, steps: [], rolledBack: false };
        },
      },
    });
    const s = await h2.startScan({ target: { kind: 'machine' } });
    if (!s.ok) throw new Error(s.error);
    await waitForDone(r2.events, s.value.scanId);
    const r = await h2.applyFix({ scanId: s.value.scanId, fixId: admin.id });
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/do yourself/) });
    expect(applied).toBe(0);
  });

  it('applyFix runs a planned, applicable offer, re-scans and stores the fresh report', async () => {
    const offer = offers(report).find(
      (o) => o.applicable && !o.needsAdmin && o.findingCode === 'helper-not-configured',
    );
    expect(offer, JSON.stringify(offers(report).map((o) => o.id))).toBeDefined();
    const r = await h.applyFix({ scanId, fixId: offer!.id });
    if (!r.ok) throw new Error(r.error);
    expect(r.value.ok).toBe(true);
    expect(r.value.journalId).toBeTruthy();
    expect(r.value.report.findings.map((f) => f.code)).not.toContain('helper-not-configured');
    const hist = await h.history({});
    expect(hist.ok && hist.value.some((e) => e.fixId === offer!.id)).toBe(true);
    // The fresh report replaced the old one: the same offer is no longer there to apply twice.
    expect(await h.applyFix({ scanId, fixId: offer!.id })).toMatchObject({ ok: false });
  });

  it('renders and saves a redacted report from the stored scan', async () => {
    const r = await h.renderReport({
      scanId,
      format: 'markdown',
      redaction: { hideAccounts: true, hideHome: true, hideRepoNames: true },
    });
    if (!r.ok) throw new Error(r.error);
    expect(r.value.text).toContain('# CodeCommit Doctor report');
    expect(r.value.text).not.toContain(sandbox.home);
    expect(r.value.text).not.toContain('/v1/repos/demo');
    const saved = await h.saveReport({
      scanId,
      format: 'json',
      redaction: { hideAccounts: false, hideHome: false, hideRepoNames: false },
    });
    expect(saved).toMatchObject({ ok: true, value: { saved: true } });
    expect(native.saved.at(-1)?.name).toMatch(/^codecommit-doctor-.*\.json$/);
    expect(() => JSON.parse(native.saved.at(-1)!.content)).not.toThrow();
  });

  it('openDocs opens allowlisted AWS docs and refuses anything else', async () => {
    expect(
      await h.openDocs({ url: 'https://docs.aws.amazon.com/codecommit/latest/userguide/setting-up.html' }),
    ).toEqual({
      ok: true,
      value: { opened: true },
    });
    for (const url of [
      'https://evil.example.com/codecommit/',
      'http://docs.aws.amazon.com/codecommit/x',
      'https://user:pw@docs.aws.amazon.com/codecommit/x',
      'https://docs.aws.amazon.com.evil.com/codecommit/',
      'file:///etc/passwd',
    ]) {
      const r = await h.openDocs({ url });
      expect(r.ok ? r.value.opened : false).toBe(false);
    }
    expect(native.opened).toEqual([
      'https://docs.aws.amazon.com/codecommit/latest/userguide/setting-up.html',
    ]);
  });

  it('appInfo, copyText, pickFolder go through NativeApi', async () => {
    expect(await h.appInfo({})).toEqual({
      ok: true,
      value: { version: '9.9.9', platform: sandbox.ctx.platform, theme: 'dark' },
    });
    expect(await h.copyText({ text: 'hello' })).toEqual({ ok: true, value: { ok: true } });
    expect(native.copied).toEqual(['hello']);
    expect(await h.pickFolder({})).toEqual({ ok: true, value: { path: null } });
  });

  it('verify of a whole-computer scan has no addresses to try', async () => {
    const s = await h.startScan({ target: { kind: 'machine' }, offline: true });
    if (!s.ok) throw new Error(s.error);
    await waitForDone(rec.events, s.value.scanId);
    expect(await h.verify({ scanId: s.value.scanId })).toEqual({ ok: true, value: { results: [] } });
  });
});

describe('fix runs in the app: one Apply click is one run', () => {
  it('fixes applied with one run label share a run; undoing that run puts all of them back, and only them', async () => {
    const sandbox = sandboxContext();
    const real = await runScan(sandbox.ctx, { target: { kind: 'url', url: URL }, offline: true });
    const finding = real.findings[0]!;
    const offer = (n: number): FixOffer => ({
      id: `${finding.code}:test-${n}`,
      findingCode: finding.code,
      kind: 'fix',
      title: `Fix ${n}`,
      description: 'writes a line',
      steps: [],
      preview: [],
      reversible: true,
      needsAdmin: false,
      applicable: true,
    });
    const report: ScanReport = { ...real, findings: [{ ...finding, fixes: [1, 2, 3, 4].map(offer) }] };
    const first = path.join(sandbox.home, 'first');
    const second = path.join(sandbox.home, 'second');
    await writeFile(first, 'original\n');
    await writeFile(second, 'untouched\n');
    const fileOf = (o: FixOffer) => (o.id.endsWith('-3') ? second : first);
    const rec = recorder();
    const h = createHandlers({
      ctx: sandbox.ctx,
      native: fakeNative(),
      emit: rec.emit,
      version: '1',
      journal: Journal.forContext(sandbox.ctx),
      engine: {
        runScan: async () => report,
        applyFix: async (_ctx, o, { journal }) => {
          const tx = await journal.begin({
            title: o.title,
            findingCode: o.findingCode,
            fixId: o.id,
            steps: [{ description: `append to ${fileOf(o)}`, reversible: true }],
          });
          await tx.backupFile(fileOf(o));
          await tx.stepStarted(0);
          await appendFile(fileOf(o), `${o.id}\n`);
          await tx.stepDone(0);
          await tx.finish('applied');
          return { fixId: o.id, ok: true, journalId: tx.id, steps: [], rolledBack: false };
        },
      },
    });
    const s = await h.startScan({ target: { kind: 'url', url: URL } });
    if (!s.ok) throw new Error(s.error);
    await waitForDone(rec.events, s.value.scanId);
    const apply = async (n: number, run?: string) => {
      const r = await h.applyFix({ scanId: s.value.scanId, fixId: offer(n).id, ...(run ? { run } : {}) });
      if (!r.ok) throw new Error(r.error);
      return r.value;
    };
    const a = await apply(1, 'click-1');
    const b = await apply(2, 'click-1');
    const c = await apply(3, 'click-2');
    const d = await apply(4);
    expect(a.runId).toBe(`run-${a.journalId}`);
    expect(b.runId).toBe(a.runId);
    expect(c.runId).toBe(`run-${c.journalId}`);
    expect(d.runId).toBeUndefined();

    const hist = await h.history({});
    if (!hist.ok) throw new Error(hist.error);
    expect(hist.value.map((e) => [e.id, e.runId])).toEqual([
      [d.journalId, `run-${d.journalId}`],
      [c.journalId, c.runId],
      [b.journalId, a.runId],
      [a.journalId, a.runId],
    ]);

    // Undo the newest first (d), then the first click's run: both of its fixes come out.
    expect(await h.undo({ id: d.runId ?? `run-${d.journalId}` })).toMatchObject({ ok: true });
    const undone = await h.undo({ id: a.runId! });
    if (!undone.ok) throw new Error(undone.error);
    expect(undone.value.entries.map((e) => e.id)).toEqual([b.journalId, a.journalId]);
    expect(await readFile(first, 'utf8')).toBe('original\n');
    expect(await readFile(second, 'utf8')).toBe(`untouched\n${offer(3).id}\n`);
    // A bad run label is refused by the schema, not passed on.
    expect(await h.applyFix({ scanId: s.value.scanId, fixId: offer(1).id, run: '../x' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Invalid request for applyFix: run/),
    });
    sandbox.cleanup();
  });
});

describe('Open a recording… (helpdesk): main replays it, and never fixes or verifies from it', () => {
  const sandbox = sandboxContext();
  afterAll(() => sandbox.cleanup());

  async function opened(pick: NativeApi['pickRecording']) {
    const rec = recorder();
    const native = { ...fakeNative(), ...(pick ? { pickRecording: pick } : {}) };
    const h = createHandlers({ ctx: sandbox.ctx, native, emit: rec.emit, version: '9.9.9' });
    return { h, rec, reply: await h.openRecording({}) };
  }

  it('a recording replays to its report; Apply and the live check are refused with the plain reason', async () => {
    const file = path.join(sandbox.home, 'recording.json');
    const { recording } = await recordScan(
      sandbox.ctx,
      { kind: 'url', url: URL },
      {
        hideAccounts: true,
        hideHome: true,
        hideRepoNames: false,
      },
    );
    await writeFile(file, JSON.stringify(recording));
    const { h, rec, reply } = await opened(async () => file);
    if (!reply.ok || reply.value.scanId === null) throw new Error(JSON.stringify(reply));
    const { scanId } = reply.value;
    const { report } = await waitForDone(rec.events, scanId);
    expect(report.replay).toMatchObject({ recordedWith: recording.tool.version, notRecorded: [] });
    expect(report.findings.map((f) => f.code)).toContain('helper-not-configured');
    const fix = offers(report).find((o) => o.applicable);
    expect(fix, 'an offer this computer could apply, were it this computer').toBeDefined();
    expect(await h.applyFix({ scanId, fixId: fix!.id })).toEqual({ ok: false, error: REPLAY_NO_FIX });
    expect(await h.verify({ scanId })).toEqual({ ok: false, error: REPLAY_NO_VERIFY });
    // The report of a replay is the recorded computer's, with its home hidden as asked.
    const md = await h.renderReport({
      scanId,
      format: 'json',
      redaction: { hideAccounts: true, hideHome: true, hideRepoNames: false },
    });
    expect(md.ok && md.value.text).toContain('~/.gitconfig');
    expect(md.ok && md.value.text).not.toContain('/home/user/');
  });

  it('cancelled: no scan; not a recording: a plain error; no dialog here: said so', async () => {
    expect((await opened(async () => null)).reply).toEqual({ ok: true, value: { scanId: null } });
    const bad = path.join(sandbox.home, 'not-a-recording.json');
    await writeFile(bad, '{"schemaVersion":1}');
    const refused = (await opened(async () => bad)).reply;
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error).toMatch(
      /^This file cannot be replayed: .*is not a CodeCommit Doctor recording/,
    );
    expect((await opened(undefined)).reply).toEqual({
      ok: false,
      error: 'Opening a recording is not available here.',
    });
  });
});

describe('handler errors', () => {
  it('a crashing scan still ends with scanDone and an error check', async () => {
    const sandbox = sandboxContext();
    const rec = recorder();
    const h = createHandlers({
      ctx: sandbox.ctx,
      native: fakeNative(),
      emit: rec.emit,
      version: '1',
      engine: {
        runScan: async () => {
          throw new Error('boom\n    at secret (/home/x/file.js:1:1)');
        },
      },
    });
    const s = await h.startScan({ target: { kind: 'machine' } });
    if (!s.ok) throw new Error(s.error);
    const done = await waitForDone(rec.events, s.value.scanId);
    expect(done.report.checks[0]).toMatchObject({
      status: 'error',
      message: 'The checks stopped unexpectedly: boom',
    });
    sandbox.cleanup();
  });

  it('plainError keeps one line and scrubs secrets', () => {
    expect(plainError(new Error('fetch https://u:pa55@host failed\n at x'))).toBe(
      'fetch https://u:<redacted>@host failed',
    );
    expect(plainError({})).toBe('Something went wrong');
  });
});

describe('main-process security decisions', () => {
  const root = '/opt/app/out/renderer';
  it('serves app:// files only inside the renderer folder', () => {
    // Legitimate requests map to one exact file. URL parsing folds `..` and `%2e%2e`
    // segments before resolveAppFile sees them, so those land inside the root (a 404 there).
    const served: [string, string][] = [
      ['app://doctor/', `${root}/index.html`],
      ['app://doctor', `${root}/index.html`],
      ['app://doctor/assets/index.js', `${root}/assets/index.js`],
      ['app://doctor/assets/a%20b.css', `${root}/assets/a b.css`],
      ['app://doctor/../../etc/passwd', `${root}/etc/passwd`],
      ['app://doctor/%2e%2e/%2e%2e/etc/passwd', `${root}/etc/passwd`],
      ['app://doctor/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc/passwd', `${root}/etc/passwd`],
    ];
    for (const [url, file] of served) expect(resolveAppFile(root, url), url).toBe(file);
  });

  it('refuses every hostile app:// request', () => {
    const hostile: [string, string][] = [
      ['app://evil/index.html', 'another host'],
      ['app://doctor.evil/index.html', 'a host that starts like ours'],
      ['app://doctor:8080/index.html', 'a port'],
      ['app:///index.html', 'no host'],
      ['file:///etc/passwd', 'another scheme'],
      ['https://doctor/index.html', 'another scheme, our host'],
      ['app://doctor/%00', 'a NUL'],
      ['app://doctor/index.html%00.js', 'a NUL before an extension'],
      ['app://doctor/..%5c..%5cwindows', 'encoded backslashes'],
      ['app://doctor/assets\\index.js', 'a raw backslash'],
      ['app://doctor/assets/%2e%2e%2f', 'the renderer folder itself'],
      ['app://doctor/%E0%A4%A', 'a malformed escape'],
      ['not a url', 'no URL at all'],
    ];
    for (const [url, why] of hostile) expect(resolveAppFile(root, url), `${url}: ${why}`).toBeNull();
  });

  it('trusts only our window showing app://doctor', () => {
    expect(isTrustedSender('app://doctor/index.html', 3, 3)).toBe(true);
    expect(isTrustedSender('app://doctor/index.html', 4, 3)).toBe(false);
    expect(isTrustedSender('https://evil.example/', 3, 3)).toBe(false);
    expect(isTrustedSender('app://other/index.html', 3, 3)).toBe(false);
    expect(isTrustedSender(null, 3, 3)).toBe(false);
    expect(isTrustedSender('app://doctor/', 3, undefined)).toBe(false);
  });
});
