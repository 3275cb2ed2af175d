import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyFix } from '../../electron/engine/fixes/apply';
import { Journal } from '../../electron/engine/fixes/journal';
import type { FixStep } from '../../electron/engine/model';
import { createFixSandbox, type FixSandbox } from '../support/fix-sandbox';
import { offerOf, sectionSteps as sectionStepsFor } from '../support/section-offer';

// Bad input while applying: a config git cannot parse, a config path that cannot be
// written, a store that refuses. Each must end in a clear error with every file exactly as
// it was. Tests run as root here, so chmod alone does not stop git from writing: the
// unwritable config is a path whose parent is a regular file (ENOTDIR stops root too), and
// the read-only credential file relies on the adapter's own mode-bit check.

const HOST = 'git-codecommit.us-east-1.amazonaws.com';
const boxes: FixSandbox[] = [];
afterEach(() => {
  for (const b of boxes.splice(0)) b.cleanup();
});

const sectionSteps = (file: string) => sectionStepsFor(file, HOST);
const offer = offerOf;

describe('bad input while applying a fix', () => {
  it('a config git cannot parse: the fix fails clearly, rolled back, bytes unchanged', async () => {
    const garbage = '[user]\n\tname = A\n[credential\n\thelper = store\n';
    const b = createFixSandbox({ global: garbage });
    boxes.push(b);
    const report = await b.scan({ kind: 'url', url: `https://${HOST}/v1/repos/r1` });
    // The scan finishes (no throw) and says why it cannot reason about helpers: git's own
    // parse error, with the line and the file.
    const parseError = /fatal: bad config line 3 in file .*\.gitconfig$/;
    const git = report.checks.find((c) => c.id === 'git');
    expect(git?.status).toBe('error');
    expect(git?.message).toMatch(/^Git cannot read its settings: /);
    expect(git?.message).toMatch(parseError);
    const helpers = report.checks.find((c) => c.id === 'helpers');
    expect(helpers?.status).toBe('error');
    expect(helpers?.message).toMatch(parseError);
    const out = await applyFix(b.ctx, offer(sectionSteps(b.globalFile)), {
      journal: Journal.forContext(b.ctx),
    });
    expect(out.ok).toBe(false);
    expect(out.error).toMatch(/^git config failed: fatal: bad config line 3 in file .*\.gitconfig$/);
    expect(out.rolledBack).toBe(true);
    expect(readFileSync(b.globalFile, 'utf8')).toBe(garbage);
  });

  it('an unwritable config path (its parent is a file): clear error, nothing created', async () => {
    const b = createFixSandbox({});
    boxes.push(b);
    const blocker = path.join(b.root, 'not-a-dir');
    writeFileSync(blocker, 'x');
    const file = path.join(blocker, 'gitconfig');
    const out = await applyFix(b.ctx, offer(sectionSteps(file)), { journal: Journal.forContext(b.ctx) });
    expect(out.ok).toBe(false);
    // Refused before git runs: the file's folder is not a folder (write-target.ts).
    expect(out.error).toBe(`Not changed: ${file} cannot be created: ${blocker} is a file, not a folder.`);
    expect(out.steps.map((s) => s.ok)).toEqual([false]);
    expect(readFileSync(blocker, 'utf8')).toBe('x');
  });

  it('a config path that is a directory: clear error, the directory untouched', async () => {
    const b = createFixSandbox({});
    boxes.push(b);
    const dir = path.join(b.root, 'cfgdir');
    mkdirSync(dir);
    const out = await applyFix(b.ctx, offer(sectionSteps(dir)), { journal: Journal.forContext(b.ctx) });
    expect(out.ok).toBe(false);
    expect(out.error).toBe(`Not changed: ${dir} is a folder, not a regular file.`);
    expect(out.steps.map((s) => s.ok)).toEqual([false]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a store that refuses deletion after a config step: error, config rolled back byte-identical', async () => {
    const global = `[credential]\n\thelper = store\n`;
    const b = createFixSandbox({ global });
    boxes.push(b);
    const store = path.join(b.home, '.git-credentials');
    const content = `https://octo:gh-Qw3@github.com\nhttps://AKIAIOSFODNN7EXAMPLE:cc-Pz1@${HOST}\n`;
    writeFileSync(store, content, { mode: 0o600 });
    chmodSync(store, 0o400);
    const steps: FixStep[] = [
      ...sectionSteps(b.globalFile),
      {
        type: 'delete-credential',
        entry: {
          store: 'git-credential-store',
          hostname: HOST,
          account: 'AKIAIOSFODNN7EXAMPLE',
          location: store,
          protocol: 'https',
        },
      },
    ];
    const out = await applyFix(b.ctx, offer(steps), { journal: Journal.forContext(b.ctx) });
    expect(out.ok).toBe(false);
    expect(out.error).toMatch(/read-only/);
    expect(out.steps.map((s) => s.ok)).toEqual([true, true, true, false]);
    expect(out.rolledBack).toBe(true);
    expect(readFileSync(b.globalFile, 'utf8')).toBe(global);
    expect(readFileSync(store, 'utf8')).toBe(content);
  });
});
