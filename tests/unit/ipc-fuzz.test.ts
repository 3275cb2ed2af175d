import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CHANNELS, requestSchemas, type Channel } from '../../electron/contract';
import { Journal } from '../../electron/engine/fixes/journal';
import type { ScanReport } from '../../electron/engine/model';
import { createHandlers } from '../../electron/main/handlers';
import { fakeNative, recorder, sandboxContext } from '../support/handler-sandbox';

// Whatever a compromised renderer sends, every handler answers with an envelope: a
// validation error or a valid result, never a throw, never a hang, never a polluted
// prototype.

const sandbox = sandboxContext();
afterAll(() => sandbox.cleanup());

const cannedReport: ScanReport = {
  schemaVersion: 1,
  tool: { name: 'codecommit-doctor', version: '0' },
  platform: 'linux',
  startedAt: '2025-01-01T00:00:00.000Z',
  durationMs: 1,
  target: { kind: 'machine' },
  targets: [],
  checks: [],
  findings: [],
  summary: { errors: 0, warnings: 0, infos: 0, checksErrored: 0 },
};

const native = fakeNative();
const rec = recorder();
const handlers = createHandlers({
  ctx: sandbox.ctx,
  native,
  emit: rec.emit,
  version: '0',
  journal: Journal.forContext(sandbox.ctx, { lockTimeoutMs: 200 }),
  // The scan itself is covered by handlers.test.ts; here it must only be fast.
  engine: { runScan: async () => cannedReport },
});

const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'];

/** Objects shaped like the channel's request, with wrong, huge or hostile values. */
function nearValid(channel: Channel): fc.Arbitrary<unknown> {
  const shape = (requestSchemas[channel] as unknown as { shape: Record<string, unknown> }).shape;
  const keys = [...Object.keys(shape), ...POLLUTING_KEYS];
  const value = fc.oneof(
    fc.anything({
      maxDepth: 3,
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
      withNullPrototype: true,
      withSparseArray: true,
    }),
    fc.string({ maxLength: 3000 }),
    fc.constant('x'.repeat(1_100_000)),
    fc.constantFrom(
      'https://evil.example/',
      'javascript:alert(1)',
      'file:///etc/passwd',
      '../../etc/passwd',
      'last',
      '',
      'machine',
    ),
    fc.record({
      kind: fc.constantFrom('url', 'dir', 'machine', '__proto__'),
      url: fc.string(),
      path: fc.string(),
    }),
    fc.record({ hideAccounts: fc.anything(), hideHome: fc.boolean(), hideRepoNames: fc.boolean() }),
  );
  return fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: keys.length });
}

function withPollution(v: unknown): unknown {
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    Object.defineProperty(o, '__proto__', {
      value: { polluted: true },
      enumerable: true,
      configurable: true,
      writable: true,
    });
  }
  return v;
}

const payload = (channel: Channel) =>
  fc.oneof(
    fc.anything({
      maxDepth: 4,
      withBigInt: true,
      withNullPrototype: true,
      withObjectString: true,
      withBoxedValues: true,
    }),
    nearValid(channel),
    nearValid(channel).map(withPollution),
  );

function isEnvelope(r: unknown): boolean {
  if (!r || typeof r !== 'object') return false;
  const e = r as { ok?: unknown; error?: unknown; value?: unknown };
  return (
    (e.ok === false && typeof e.error === 'string' && e.error.length > 0 && !/\n\s+at /.test(e.error)) ||
    (e.ok === true && 'value' in e)
  );
}

describe('IPC fuzz: every channel survives any payload', () => {
  for (const channel of CHANNELS) {
    it(channel, async () => {
      await fc.assert(
        fc.asyncProperty(payload(channel), async (request) => {
          const reply = await handlers[channel](request);
          expect(isEnvelope(reply), JSON.stringify(reply)?.slice(0, 300)).toBe(true);
          if (!reply.ok && reply.error.startsWith('Invalid request'))
            expect(reply.error).toMatch(new RegExp(`^Invalid request for ${channel}: `));
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        }),
        { numRuns: 60 },
      );
    });
  }

  it('never opened a non-allowlisted URL', () => {
    for (const url of native.opened)
      expect(url).toMatch(/^https:\/\/(docs\.aws\.amazon\.com|docs\.amazonaws\.cn|git-scm\.com)\//);
  });
});
