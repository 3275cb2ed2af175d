import { describe, expect, it } from 'vitest';
import { MAX_OUTPUT_BYTES, realRunner } from '../../electron/engine/runner';

// Output is kept up to MAX_OUTPUT_BYTES per stream; a listing cut there must say so
// (issue 11 item 8), or the entries after the cut would be lost without a word.

describe('the runner says when it cut output at its cap', () => {
  it('one byte past the cap on stdout: truncated, and exactly the cap kept', async () => {
    const r = await realRunner('head', ['-c', String(MAX_OUTPUT_BYTES + 1), '/dev/zero'], {
      timeoutMs: 20_000,
    });
    expect(r.exitCode).toBe(0);
    expect(r.truncated).toBe(true);
    expect(r.stdout.length).toBe(MAX_OUTPUT_BYTES);
  });

  it('on stderr too', async () => {
    const r = await realRunner('sh', ['-c', `head -c ${MAX_OUTPUT_BYTES + 10} /dev/zero >&2`], {
      timeoutMs: 20_000,
    });
    expect(r.truncated).toBe(true);
    expect(r.stdout).toBe('');
  });

  it('exactly the cap: not truncated (the field is absent)', async () => {
    const r = await realRunner('head', ['-c', String(MAX_OUTPUT_BYTES), '/dev/zero'], { timeoutMs: 20_000 });
    expect(r.stdout.length).toBe(MAX_OUTPUT_BYTES);
    expect('truncated' in r).toBe(false);
  });
});
