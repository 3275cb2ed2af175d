import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Journal } from '../../electron/engine/fixes/journal';

// The journal lives in a folder of our own, but nothing there is trusted to be a regular
// file: a named pipe as entry.json or .lock used to hang `history` and `undo` for ever.

const root = mkdtempSync(path.join(os.tmpdir(), 'ccd-journal-fifo-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function journalWith(files: Record<string, 'fifo'>): Journal {
  const dir = mkdtempSync(path.join(root, 'j-'));
  for (const rel of Object.keys(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    execFileSync('mkfifo', [path.join(dir, rel)]);
  }
  return new Journal(dir, { lockTimeoutMs: 500 });
}

/** Settles within `ms`, or says it hung (a FIFO read never returns). */
function within<T>(p: Promise<T>, ms = 5000): Promise<T | 'hung'> {
  return Promise.race([p, new Promise<'hung'>((r) => setTimeout(() => r('hung'), ms).unref())]);
}

describe('the journal refuses files that are not regular files', () => {
  it('history lists an entry whose entry.json is a FIFO as unreadable, without hanging', async () => {
    const j = journalWith({ '20261129T100000Z-abcd/entry.json': 'fifo' });
    const h = await within(j.history());
    expect(h).not.toBe('hung');
    const [e] = h as Awaited<ReturnType<Journal['history']>>;
    expect(e?.id).toBe('20261129T100000Z-abcd');
    expect(e?.note).toMatch(/named pipe/);
  });

  it('a FIFO .lock makes begin fail with a clear message, without hanging', async () => {
    const j = journalWith({ '.lock': 'fifo' });
    const r = await within(
      j
        .begin({ title: 't', findingCode: 'helper-shadowed', fixId: 'f', steps: [] })
        .then(() => 'began' as const)
        .catch((e: Error) => e.message),
    );
    expect(r).not.toBe('hung');
    expect(r).not.toBe('began');
    expect(r).toMatch(/lock/i);
  });
});
