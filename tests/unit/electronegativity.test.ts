import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Electronegativity over electron/: any finding not reviewed in .electronegativity-accepted.json
// fails the build (checklist: every item is either handled or a written-down decision).

const ROOT = path.resolve(__dirname, '..', '..');

describe('electronegativity', () => {
  it('reports nothing beyond the accepted, justified findings', async () => {
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        [path.join(ROOT, 'scripts', 'electronegativity.mjs'), '--json'],
        { cwd: ROOT, timeout: 170_000 },
        (error, stdout) =>
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout }),
      );
    });
    const result = JSON.parse(stdout) as { total: number; unexpected: unknown[]; stale: unknown[] };
    expect(result.unexpected).toEqual([]);
    expect(result.stale).toEqual([]);
    expect(code).toBe(0);
  }, 180_000);
});
