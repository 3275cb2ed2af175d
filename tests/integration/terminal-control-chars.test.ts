import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../electron/cli/human';
import { terminalProgress } from '../../electron/cli/progress';
import { terminalText } from '../../electron/cli/terminal-text';
import { runCli } from '../support/cli-run';
import { sandboxPool } from '../support/sandbox-pool';

// Issue 10 item 17: text from the outside world (an address, a saved account name, a
// config value, a remote name, a file name) reached the terminal raw, so an ESC sequence
// in it could retitle or clear the window, also inside the y/N question. Every control
// character is shown escaped, visibly; ordinary Unicode stays as it is.

const TITLE = '\x1b]0;PWNED\x07';
const CLEAR = '\x1b[2J\x1b[H';
const C1 = '\u009b31m';
const BIDI = '\u202eevil';
const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;
const AWS = '!aws codecommit credential-helper $@';

const pool = sandboxPool({}, { cli: true });

describe('terminalText', () => {
  it('escapes C0, DEL, C1 and bidi controls visibly, keeps newlines, tabs and Unicode', () => {
    expect(terminalText(`a${TITLE}b`)).toBe('a\\x1b]0;PWNED\\x07b');
    expect(terminalText(`x\ry\x7f${C1}${BIDI}`)).toBe('x\\ry\\x7f\\x9b31m\\u202eevil');
    expect(terminalText('line one\n\tJosé 日本 ✓ 👩‍💻')).toBe('line one\n\tJosé 日本 ✓ 👩‍💻');
    expect(terminalText(terminalText(TITLE))).toBe(terminalText(TITLE));
  });

  it('the live progress line shows check titles escaped', () => {
    const written: string[] = [];
    const stream = Object.assign(
      { write: (s: string) => void written.push(s) },
      { isTTY: true, columns: 200 },
    ) as unknown as NodeJS.WriteStream;
    const p = terminalProgress(stream);
    p.onEvent({ type: 'check-started', id: 'git', title: `evil${TITLE}` });
    expect(written.join('')).toContain('evil\\x1b]0;PWNED\\x07');
    expect(written.join('').replace(/\r\x1b\[2K/g, '')).not.toMatch(RAW_CONTROL);
  });
});

describe('the CLI never writes a control character it did not mean to', () => {
  it('diagnose and fix (with its y/N question) on a folder whose settings hold ESC sequences', async () => {
    const b = pool.sandbox({ global: `[credential]\n\thelper = ${AWS}\n\tUseHttpPath = true\n` });
    const repo = path.join(b.home, `repo${CLEAR}`);
    mkdirSync(repo);
    expect((await b.git(['init', '-q', repo])).code).toBe(0);
    // A remote name and an address as only a config file can hold them.
    writeFileSync(
      path.join(repo, '.git', 'config'),
      `[remote "origin${TITLE}"]\n\turl = https://me@corp${BIDI}@git-codecommit.us-east-1.amazonaws.com/v1/repos/r1\n`,
      { flag: 'a' },
    );
    writeFileSync(
      path.join(b.home, '.git-credentials'),
      `https://stale%1B%5D0%3Bacct%07:pw@git-codecommit.us-east-1.amazonaws.com\n`,
      { mode: 0o600 },
    );
    const diagnose = await runCli(['diagnose', '--dir', repo, '--offline'], b.env);
    const fix = await runCli(['fix', '--dir', repo, '--offline', '--no-verify'], b.env, {
      input: 'n\nn\nn\n',
    });
    for (const [label, out] of [
      ['diagnose', diagnose.stdout],
      ['fix', fix.stdout],
      ['fix stderr', fix.stderr],
    ] as const) {
      expect(out, label).not.toMatch(RAW_CONTROL);
    }
    expect(diagnose.stdout).toContain('origin\\x1b]0;PWNED\\x07');
    expect(diagnose.stdout).toContain('stale\\x1b]0;acct\\x07');
    // The consent question names the remote, escaped.
    expect(fix.stdout).toMatch(/remote "origin\\x1b\]0;PWNED\\x07"\? \[y\/N\]/);

    // Applied, listed in the history, undone: each says what it did, escaped.
    const yes = await runCli(['fix', '--dir', repo, '--offline', '--no-verify', '--yes'], b.env);
    const history = await runCli(['history'], b.env);
    const undo = await runCli(['undo', '--last'], b.env);
    const usage = await runCli(['diagnose', '--dir', path.join(b.home, `missing${TITLE}`)], b.env);
    expect(history.stdout).toContain('origin\\x1b]0;PWNED\\x07');
    for (const [label, out] of [
      ['fix --yes', yes.stdout],
      ['history', history.stdout],
      ['undo', undo.stdout],
      ['usage error', usage.stderr],
    ] as const) {
      expect(out, label).not.toMatch(RAW_CONTROL);
    }
  });

  it('the human report escapes whatever the scan quotes', () => {
    const text = renderReport(
      {
        schemaVersion: 1,
        tool: { name: 'codecommit-doctor', version: '0' },
        platform: 'linux',
        startedAt: '2025-01-01T00:00:00.000Z',
        durationMs: 1,
        target: { kind: 'dir', path: `/tmp/x${CLEAR}` },
        targets: [],
        checks: [
          {
            id: 'git',
            title: 'X',
            status: 'fail',
            durationMs: 1,
            message: `m${TITLE}`,
            findings: [],
          },
        ],
        findings: [],
        summary: { errors: 1, warnings: 0, infos: 0, checksErrored: 0 },
      },
      { verbose: true, ascii: false, width: 100 },
    );
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text).toContain('/tmp/x\\x1b[2J\\x1b[H');
  });
});
