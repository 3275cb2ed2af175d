import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding, FixOffer, ScanReport } from '../../electron/engine/model';
import type { ScanOptions } from '../../electron/engine/scan';
import { createHandlers } from '../../electron/main/handlers';
import { fakeNative, recorder, sandboxContext, waitForDone } from '../support/handler-sandbox';
import { makeReport, URL_403 } from '../renderer/fake-api';

// "What do you clone with?" through IPC: main finds the installed clients by their files
// (the engine's detection), and the scan — and the re-scan after a fix — runs for the
// client the person chose. An unknown client never reaches the engine.

const URL = URL_403;

function reportWith(offers: FixOffer[]): ScanReport {
  const finding = { code: 'helper-not-configured', severity: 'error', title: 't', explanation: 'e' };
  return makeReport([{ ...finding, evidence: [], fixes: offers } as unknown as Finding]);
}

const OFFER = {
  id: 'helper-not-configured:add:x',
  findingCode: 'helper-not-configured',
  kind: 'fix',
  title: 'Add the helper',
  description: 'd',
  steps: [],
  preview: [],
  reversible: true,
  needsAdmin: false,
  applicable: true,
} as unknown as FixOffer;

describe('detectClients and the client choice, at the handler table', () => {
  const sandbox = sandboxContext();
  afterAll(() => sandbox.cleanup());

  it('finds a JetBrains IDE laid out in the sandbox home (files only)', async () => {
    const h = createHandlers({ ctx: sandbox.ctx, native: fakeNative(), emit: () => undefined, version: '1' });
    expect(await h.detectClients({})).toEqual({ ok: true, value: { clients: [] } });
    const options = path.join(sandbox.home, '.config', 'JetBrains', 'IntelliJIdea2024.1', 'options');
    mkdirSync(options, { recursive: true });
    writeFileSync(path.join(options, 'git.xml'), '<application/>');
    const reply = await h.detectClients({});
    expect(reply).toEqual({
      ok: true,
      value: { clients: [{ id: 'jetbrains', name: expect.stringMatching(/JetBrains/), marker: options }] },
    });
  });

  it('the scan and the re-scan after a fix run for the chosen client; an unknown one is refused', async () => {
    const seen: ScanOptions[] = [];
    const rec = recorder();
    const h = createHandlers({
      ctx: sandbox.ctx,
      native: fakeNative(),
      emit: rec.emit,
      version: '1',
      engine: {
        runScan: async (_ctx, options) => (seen.push(options), reportWith([OFFER])),
        applyFix: async (_ctx, offer) => ({ fixId: offer.id, ok: true, steps: [], rolledBack: false }),
      },
    });
    const started = await h.startScan({ target: { kind: 'url', url: URL }, client: 'github-desktop' });
    if (!started.ok) throw new Error(started.error);
    await waitForDone(rec.events, started.value.scanId);
    expect(seen.map((o) => o.client)).toEqual(['github-desktop']);
    const applied = await h.applyFix({ scanId: started.value.scanId, fixId: OFFER.id });
    expect(applied.ok).toBe(true);
    expect(seen.map((o) => o.client)).toEqual(['github-desktop', 'github-desktop']);

    const terminal = await h.startScan({ target: { kind: 'machine' } });
    if (!terminal.ok) throw new Error(terminal.error);
    await waitForDone(rec.events, terminal.value.scanId);
    expect(seen[2]?.client).toBeUndefined();

    const refused = await h.startScan({ target: { kind: 'machine' }, client: 'notepad' });
    expect(refused).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Invalid request for startScan: client/),
    });
    expect(seen).toHaveLength(3);
  });
});
