import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyFix } from '../../electron/engine/fixes/apply';
import { Journal } from '../../electron/engine/fixes/journal';
import type { Runner } from '../../electron/engine/runner';
import { runScan } from '../../electron/engine/scan';
import { simKeychain, type Item } from '../support/fix-inventory';
import { replayedMac } from '../support/keychain-replay';

// The "one click" promise on a replayed Mac (issue 11, done-when): with UseHttpPath, Apple's
// osxkeychain keeps one internet password per repository, all under one access-key account
// (git contrib/credential/osxkeychain: the path is part of the item's key), and a user may
// have them in more than one keychain of the search list. One scan, one offered fix, one
// apply: afterwards the keychains list no CodeCommit item at all, and GitHub's items are
// exactly as they were. `security` answers as Apple's SecurityTool does (keychain_find.c:
// delete-*-password removes the first match among the keychains named, exit 44 when none).

const HOME = '/Users/ana';
const LOGIN = `${HOME}/Library/Keychains/login.keychain-db`;
const WORK = `${HOME}/Library/Keychains/work.keychain-db`;
/** Holds nothing but CodeCommit items: empty afterwards, which is not "not read". */
const CI = `${HOME}/Library/Keychains/ci.keychain-db`;
const HOST = 'git-codecommit.us-east-1.amazonaws.com';
const KEY = 'AKIAIOSFODNN7EXAMPLE';

const repo = (name: string, keychain: string): Item => ({
  kind: 'inet',
  host: HOST,
  account: KEY,
  path: `/v1/repos/${name}`,
  keychain,
});

const GITHUB: Item[] = [
  { kind: 'inet', host: 'github.com', account: 'octocat', keychain: LOGIN },
  { kind: 'inet', host: 'github.com', account: 'octocat', path: '/octo/repo', keychain: WORK },
  { kind: 'genp', host: 'github.com', account: 'octocat', keychain: LOGIN },
];

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function mac(items: Item[]) {
  // Only `security` answers: everything else is not installed here (the stores need nothing else).
  const keychain = simKeychain(items);
  const runner: Runner = keychain.runner;
  const ctx = replayedMac(runner, HOME);
  const journalDir = mkdtempSync(path.join(os.tmpdir(), 'ccd-one-click-'));
  dirs.push(journalDir);
  return { ctx, keychain, journal: new Journal(journalDir) };
}

describe('a replayed Mac: one click deletes every stale per-repository Keychain item', () => {
  it('N items with paths in three keychains of the search list (and one without a path): one fix, none left, GitHub untouched', async () => {
    const stale: Item[] = [
      // Saved before UseHttpPath was set: no path. `-s` without `-p` matches every path, so
      // this one must be deleted last or it would take a path item with it.
      { kind: 'inet', host: HOST, account: KEY, keychain: LOGIN },
      repo('alpha', LOGIN),
      repo('beta', LOGIN),
      repo('gamma', WORK),
      repo('delta', WORK),
      repo('epsilon', WORK),
      repo('zeta', CI),
    ];
    const { ctx, keychain, journal } = mac([GITHUB[0]!, ...stale, ...GITHUB.slice(1)]);

    const report = await runScan(ctx, { target: { kind: 'machine' }, offline: true });
    const finding = report.findings.find((f) => f.code === 'cached-codecommit-credentials');
    expect(finding, JSON.stringify(report.checks.map((c) => [c.id, c.status, c.message]))).toBeDefined();
    const shown = finding!.evidence.flatMap((e) => (e.kind === 'store-entry' ? [e.entry] : []));
    expect(shown).toHaveLength(stale.length);
    expect(new Set(shown.map((e) => e.location))).toEqual(new Set([LOGIN, WORK, CI]));

    const offers = finding!.fixes.filter((o) => o.kind === 'fix');
    expect(offers).toHaveLength(1);
    const offer = offers[0]!;
    expect(offer.steps).toHaveLength(stale.length);
    // Every step's preview names its repository and keychain: what the person consents to.
    const described = offer.preview.map((s) => s.description);
    for (const name of ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta']) {
      expect(described.filter((d) => d.includes(`${HOST}/v1/repos/${name}, account ${KEY}`))).toHaveLength(1);
    }
    expect(described.filter((d) => d.includes(`(${WORK})`))).toHaveLength(3);

    const out = await applyFix(ctx, offer, { journal });
    expect(out.error).toBeUndefined();
    expect(out.ok).toBe(true);
    expect(out.steps.map((s) => s.message)).toEqual(stale.map(() => 'deleted 1'));

    // The after-listing proves it: no CodeCommit item in any keychain, GitHub's exactly as before.
    expect(keychain.items.filter((i) => i.host === HOST)).toEqual([]);
    expect(keychain.items).toEqual(GITHUB);
    const again = await runScan(ctx, { target: { kind: 'machine' }, offline: true });
    expect(again.findings.filter((f) => f.code === 'cached-codecommit-credentials')).toEqual([]);
    // …and it read every keychain of the search list (the emptied one too): a pass, not "could not check".
    expect(again.checks.find((c) => c.id === 'stores')?.status).toBe('pass');
    // No delete ever ran without naming a keychain and the account.
    const deletes = keychain.calls.filter((c) => c[1] === 'delete-internet-password');
    expect(deletes.length).toBeGreaterThan(0);
    for (const d of deletes) {
      expect(d).toContain(KEY);
      expect([LOGIN, WORK, CI]).toContain(d[d.length - 1]);
    }
  });
});
