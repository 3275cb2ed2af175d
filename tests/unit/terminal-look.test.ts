import { describe, expect, it } from 'vitest';
import { kept, layout, prose, tone } from '../../electron/cli/layout';
import { colorWanted, wrapWidth } from '../../electron/cli/style';
import { beforeAfterWords, verdictWords } from '../../electron/cli/verdict-words';
import { EXPLAINS } from '../../electron/engine/checks/live-clone';
import type { Verdict, VerifyOutcome } from '../../electron/engine/fixes/verify';

// Issue 14, the terminal: when there is colour, how text wraps, and verdicts in words.

describe('colorWanted', () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };
  it.each([
    ['a terminal', tty, {}, false, true],
    ['a pipe', pipe, {}, false, false],
    ['a terminal, --no-color', tty, {}, true, false],
    ['a terminal, NO_COLOR=1', tty, { NO_COLOR: '1' }, false, false],
    ['a terminal, NO_COLOR=0 (any non-empty value)', tty, { NO_COLOR: '0' }, false, false],
    ['a terminal, NO_COLOR empty (does not count)', tty, { NO_COLOR: '' }, false, true],
    ['a terminal, TERM=dumb', tty, { TERM: 'dumb' }, false, false],
    ['a pipe, FORCE_COLOR=1', pipe, { FORCE_COLOR: '1' }, false, true],
    ['a pipe, FORCE_COLOR empty', pipe, { FORCE_COLOR: '' }, false, true],
    ['a terminal, FORCE_COLOR=0', tty, { FORCE_COLOR: '0' }, false, false],
    ['a pipe, FORCE_COLOR=1 and NO_COLOR=1', pipe, { FORCE_COLOR: '1', NO_COLOR: '1' }, false, false],
    ['a pipe, FORCE_COLOR=1 and --no-color', pipe, { FORCE_COLOR: '1' }, true, false],
  ] as const)('%s', (_, stream, env, flag, want) => {
    expect(colorWanted(stream, env, flag)).toBe(want);
  });
});

describe('wrapWidth', () => {
  it('a terminal: its columns, 80 when it does not say; a pipe: no wrapping unless COLUMNS says', () => {
    expect(wrapWidth({ isTTY: true, columns: 132 }, {})).toBe(132);
    expect(wrapWidth({ isTTY: true }, {})).toBe(80);
    expect(wrapWidth({ isTTY: false }, {})).toBe(Infinity);
    expect(wrapWidth({ isTTY: false }, { COLUMNS: '100' })).toBe(100);
    expect(wrapWidth({ isTTY: false }, { COLUMNS: 'wide' })).toBe(Infinity);
    expect(wrapWidth({ isTTY: false }, { COLUMNS: '5' })).toBe(Infinity);
  });
});

const plain = (width: number) => ({ width, color: false });

describe('layout', () => {
  it('wraps at spaces to the width, continuation lines on the hanging indent', () => {
    const lines = layout('one two three four five six seven', plain(16), '  ', '    ');
    expect(lines).toEqual(['  one two three', '    four five', '    six seven']);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(16);
  });

  it('never splits a word, a URL or a kept command: longer than the line, it gets a line of its own', () => {
    const url = 'https://docs.aws.amazon.com/codecommit/latest/userguide/troubleshooting-ch.html';
    expect(layout(['More: ', kept(url)], plain(40), '', '  ')).toEqual(['More:', `  ${url}`]);
    const cmd =
      "git config --file /home/a/.gitconfig --add credential.helper '!aws codecommit credential-helper $@'";
    expect(layout(['Run ', kept(cmd), ' then retry.'], plain(30))).toEqual(['Run', cmd, 'then retry.']);
    // A host name with hyphens is one word.
    expect(layout('for git-codecommit.us-east-1.amazonaws.com now', plain(20))).toEqual([
      'for',
      'git-codecommit.us-east-1.amazonaws.com',
      'now',
    ]);
  });

  it('Infinity: one line per paragraph, whatever its length', () => {
    const long = 'word '.repeat(100).trim();
    expect(layout(long, plain(Infinity))).toEqual([long]);
  });

  it('prose keeps the given phrases whole', () => {
    const spans = prose(
      'List them with: aws codecommit list-repositories --region us-east-1; then pick one.',
      ['aws codecommit list-repositories --region us-east-1'],
    );
    const lines = layout(spans, plain(30));
    expect(lines).toContain('aws codecommit list-repositories --region us-east-1;');
  });

  it('colour: SGR codes only around spans with a tone, one run per tone, and no colour code when off', () => {
    const p = [tone('bad-strong', 'Problem'), ' (x): ', tone('strong', 'two words')];
    expect(layout(p, { width: 80, color: true })).toEqual([
      '\x1b[1;31mProblem\x1b[0m (x): \x1b[1mtwo words\x1b[0m',
    ]);
    expect(layout(p, { width: 80, color: false })).toEqual(['Problem (x): two words']);
    // Width counts what shows, not the codes: the same breaks with and without colour.
    const strip = (l: string) => l.replace(/\x1b\[[\d;]*m/g, '');
    expect(layout(p, { width: 12, color: true }).map(strip)).toEqual(layout(p, plain(12)));
  });

  it('escapes what it is given before colouring: an outside ESC never reaches the terminal raw', () => {
    const evil = 'name\x1b]0;pwned\x07\x1b[2J';
    for (const color of [true, false]) {
      const out = layout([tone('strong', evil), ' ', kept(evil), ` ${evil}`], { width: 80, color }).join(
        '\n',
      );
      expect(out.replace(/\x1b\[[\d;]*m/g, '')).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
      expect(out).toContain('name\\x1b]0;pwned\\x07\\x1b[2J');
    }
  });
});

describe('verdicts in words', () => {
  const v = (outcome: VerifyOutcome, extra: Partial<Verdict> = {}): Verdict => ({
    outcome,
    ok: outcome === 'ok',
    headline: 'h',
    short: 's',
    detail: '',
    durationMs: 1,
    ...extra,
  });
  // EXPLAINS has an entry per failure outcome (the type demands it): every outcome, and ok.
  const OUTCOMES: VerifyOutcome[] = ['ok', ...(Object.keys(EXPLAINS) as VerifyOutcome[])];

  it('every outcome is a phrase, never the short form or an arrow', () => {
    for (const o of OUTCOMES) {
      const words = verdictWords(v(o, { refs: 3 }));
      expect(words, o).toMatch(/^[a-z].* [a-z]/);
      expect(words).not.toContain('→');
    }
    expect(verdictWords(v('connect'))).toBe('could not reach the server (no network connection)');
    expect(verdictWords(v('dns'))).toBe('could not find the server (DNS lookup failed)');
    expect(verdictWords(v('helper-error', { followedBy: 'forbidden' }))).toBe(
      'the credential helper failed, then the server refused the password (403)',
    );
  });

  it('before and after: one sentence', () => {
    expect(beforeAfterWords(v('forbidden'), v('ok', { refs: 1 }))).toBe(
      'before the fixes: the server refused the password (403); now: cloning works (git lists 1 ref).',
    );
    expect(beforeAfterWords(v('dns'), v('dns'))).toBe(
      'before and after the fixes: could not find the server (DNS lookup failed).',
    );
  });
});
