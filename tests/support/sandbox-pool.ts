import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll } from 'vitest';
import { ensureCliBuilt } from './cli-run';
import { createFixSandbox, type FixSandbox } from './fix-sandbox';

// Sandboxes and temporary folders a test file makes, removed after each test; with `cli`,
// the CLI is built once before the file's tests.

export interface SandboxPool {
  sandbox(opts?: Parameters<typeof createFixSandbox>[0]): FixSandbox;
  tempDir(prefix: string): string;
}

export function sandboxPool(
  defaults: Parameters<typeof createFixSandbox>[0] = {},
  o: { cli?: boolean } = {},
): SandboxPool {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanups.splice(0)) c();
  });
  if (o.cli) beforeAll(ensureCliBuilt, 120_000);
  return {
    sandbox(opts = {}) {
      const b = createFixSandbox({ ...defaults, ...opts });
      cleanups.push(b.cleanup);
      return b;
    },
    tempDir(prefix) {
      const d = mkdtempSync(path.join(tmpdir(), prefix));
      cleanups.push(() => rmSync(d, { recursive: true, force: true }));
      return d;
    },
  };
}
