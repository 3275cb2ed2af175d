import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createContext } from '../../electron/engine/context';
import type { FixOffer } from '../../electron/engine/model';
import { runScan } from '../../electron/engine/scan';
import { makeReport, URL_403 } from './fake-api';

// The component tests' fake findings must be what the engine produces, or the renderer is
// tested against offers that never exist. The administrator's command for an all-users
// helper is planned here by the real engine (a sandboxed system file holding "cache") and
// compared with the fake's, the file's path being the only difference.

describe('the fake data follows the engine', () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'fake-data-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it("the administrator's command names the exact file (git config --file), never --system", async () => {
    const system = path.join(home, 'etc-gitconfig');
    writeFileSync(system, '[credential]\n\thelper = cache\n');
    writeFileSync(
      path.join(home, '.gitconfig'),
      '[credential]\n\thelper = !aws codecommit credential-helper $@\n\tUseHttpPath = true\n',
    );
    const env = {
      PATH: process.env.PATH,
      HOME: home,
      GIT_CONFIG_GLOBAL: path.join(home, '.gitconfig'),
      GIT_CONFIG_SYSTEM: system,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      AWS_CONFIG_FILE: path.join(home, '.aws', 'config'),
    };
    const ctx = createContext({ env, home, cwd: home, timeoutMs: 10_000, lookupHost: async () => [] });
    const real = await runScan(ctx, { target: { kind: 'url', url: URL_403 }, offline: true });
    const admin = (offers: FixOffer[]) => {
      const o = offers.find((x) => x.id.includes(':admin-unset:'));
      if (!o) throw new Error('no administrator offer');
      const { id, kind, title, description, steps, needsAdmin, applicable } = o;
      return JSON.parse(
        JSON.stringify({ id, kind, title, description, steps, needsAdmin, applicable }).replaceAll(
          system,
          '/etc/gitconfig',
        ),
      ) as unknown;
    };
    const planned = real.findings.find((f) => f.code === 'system-scope-helper');
    const fake = makeReport().findings.find((f) => f.code === 'system-scope-helper');
    expect(fake && admin(fake.fixes)).toEqual(planned && admin(planned.fixes));
    expect(JSON.stringify(fake)).not.toContain('--system');
  });
});
