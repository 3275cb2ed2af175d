import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfigList, parseConfigZ, unquoteC } from '../../electron/engine/probes/git-config-parse';

const FIX = path.join(__dirname, '../fixtures/git');
const read = (f: string) => readFileSync(path.join(FIX, f), 'utf8');

describe('parseConfigZ on real git 2.39.5 -z output', () => {
  const entries = parseConfigZ(read('git-config-list-z.linux.sandbox.bin'));

  it('reads scope, origin, key and value of every entry in order', () => {
    expect(entries.map((e) => e.order)).toEqual(entries.map((_, i) => i));
    expect(entries[0]).toEqual({
      scope: 'system',
      originType: 'file',
      origin: '/tmp/gcap/home/system',
      key: 'credential.helper',
      value: 'store --file /tmp/x',
      order: 0,
    });
    expect(entries.filter((e) => e.scope === 'local').length).toBe(4);
    expect(entries).toHaveLength(17);
  });

  it('tells a valueless key (null) from an empty value', () => {
    const valueless = entries.find((e) => e.key === 'credential.usehttppath');
    expect(valueless?.value).toBeNull();
    const reset = entries.filter(
      (e) => e.key === 'credential.https://Git-CodeCommit.us-east-1.amazonaws.com.helper',
    );
    expect(reset.map((e) => e.value)).toEqual(['', '!aws codecommit credential-helper $@']);
  });

  it('keeps the URL subsection case and lowercases the variable', () => {
    expect(entries.map((e) => e.key)).toContain(
      'credential.https://Git-CodeCommit.us-east-1.amazonaws.com.usehttppath',
    );
  });

  it('reads the double-quoted Windows helper as git unescaped it', () => {
    const h = entries.find(
      (e) => e.key === 'credential.https://git-codecommit.*.amazonaws.com/v1/repos.helper',
    );
    expect(h?.value).toBe(
      '!"C:\\Program Files\\Amazon\\AWSCLI\\bin\\aws.cmd" --profile dev codecommit credential-helper $@',
    );
  });

  it('reads command-line -c entries (empty value, valueless, mixed-case subsection)', () => {
    const cmd = entries.filter((e) => e.scope === 'command');
    expect(cmd).toEqual([
      {
        scope: 'command',
        originType: 'command line',
        origin: '',
        key: 'credential.helper',
        value: '',
        order: 14,
      },
      {
        scope: 'command',
        originType: 'command line',
        origin: '',
        key: 'credential.HTTPS://Example.COM.helper',
        value: 'cache',
        order: 15,
      },
      {
        scope: 'command',
        originType: 'command line',
        origin: '',
        key: 'core.askpass',
        value: null,
        order: 16,
      },
    ]);
  });

  it('handles output without --show-scope and a missing trailing NUL', () => {
    const e = parseConfigZ('file:/a\0credential.helper\nosxkeychain\0file:/a\0credential.usehttppath');
    expect(e).toEqual([
      {
        scope: 'unknown',
        originType: 'file',
        origin: '/a',
        key: 'credential.helper',
        value: 'osxkeychain',
        order: 0,
      },
      {
        scope: 'unknown',
        originType: 'file',
        origin: '/a',
        key: 'credential.usehttppath',
        value: null,
        order: 1,
      },
    ]);
  });

  it('skips garbage and resynchronises', () => {
    const e = parseConfigZ('junk\0more junk\0global\0file:/h/.gitconfig\0user.name\nX\0global\0nofile\0x\0');
    expect(e).toEqual([
      {
        scope: 'global',
        originType: 'file',
        origin: '/h/.gitconfig',
        key: 'user.name',
        value: 'X',
        order: 0,
      },
    ]);
    expect(parseConfigZ('')).toEqual([]);
  });

  it('keeps a value with newlines (only the first LF separates key and value)', () => {
    const e = parseConfigZ('local\0file:.git/config\0alias.x\nline1\nline2\0');
    expect(e[0]?.value).toBe('line1\nline2');
  });

  it('never throws on arbitrary input (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string(),
            fc.constantFrom('global', 'file:/x', 'command line:', 'a.b\nc', 'credential.helper', '\0', '\n'),
          ),
          {
            maxLength: 30,
          },
        ),
        (parts) => {
          const out = parseConfigZ(parts.join('\0'));
          for (const e of out) expect(e.key).toMatch(/\./);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('unquoteC', () => {
  it('undoes quote_c_style', () => {
    expect(unquoteC('"C:\\\\Users\\\\admin/.config/git/config"')).toBe('C:\\Users\\admin/.config/git/config');
    expect(unquoteC('"caf\\303\\251 \\"q\\""')).toBe('café "q"');
    expect(unquoteC('/plain/path')).toBe('/plain/path');
  });
});

describe('parseConfigList on real human-form samples', () => {
  it('reads TAB-separated lines with scope (macOS Homebrew)', () => {
    expect(
      parseConfigList(read('git-config-list-show-origin-show-scope.macos.homebrew.single-line.txt')),
    ).toEqual([
      {
        scope: 'system',
        originType: 'file',
        origin: '/opt/homebrew/etc/gitconfig',
        key: 'credential.helper',
        value: 'osxkeychain',
        order: 0,
      },
    ]);
  });

  it('reads TAB-separated lines without scope (Xcode, GCM shell helper)', () => {
    const e = parseConfigList(read('git-config-list-show-origin.macos.xcode-git.grep-credential.txt'));
    expect(e.map((x) => [x.scope, x.origin, x.key, x.value])).toEqual([
      [
        'unknown',
        '/Applications/Xcode.app/Contents/Developer/usr/share/git-core/gitconfig',
        'credential.helper',
        'osxkeychain',
      ],
      ['unknown', '/Users/sho/.gitconfig', 'credential.helper', '!git-credential-manager-core'],
    ]);
    expect(
      parseConfigList(read('git-config-list-show-origin.macos.xcode-git.grep-credential.b.txt')),
    ).toHaveLength(1);
    expect(
      parseConfigList(read('git-config-list-show-origin.macos.homebrew-git.grep-credential.txt')),
    ).toHaveLength(2);
  });

  it('keeps values containing spaces (terminal log)', () => {
    const e = parseConfigList(
      read('git-config-list-show-origin.macos.homebrew-git.terminal-log.partial.txt'),
    );
    expect(e).toHaveLength(9);
    expect(e[7]).toMatchObject({
      key: 'filter.lfs.clean',
      value: 'git-lfs clean -- %f',
      origin: '/Users/liqiongyu/.gitconfig',
    });
  });

  it('reads tab-expanded-to-spaces Windows output, origin paths with spaces included', () => {
    const e = parseConfigList(read('git-config-list-show-origin.windows.git-for-windows.devops-36.txt'));
    expect(e).toHaveLength(47);
    const helper = e.find((x) => x.key === 'credential.helper');
    expect(helper).toMatchObject({ origin: 'C:/Program Files/Git/etc/gitconfig', value: 'manager' });
    expect(e.find((x) => x.key === 'credential.https://dev.azure.com.usehttppath')?.value).toBe('true');
    expect(e.find((x) => x.key === 'http.sslcainfo')?.value).toBe(
      'C:/Program Files/Git/mingw64/etc/ssl/certs/ca-bundle.crt',
    );
    expect(e.at(-1)).toMatchObject({
      origin: '.git/config',
      key: 'branch.main.merge',
      value: 'refs/heads/main',
    });
  });

  it('reads scopes and a C-quoted origin with expanded tabs (Windows)', () => {
    const q = parseConfigList(
      read('git-config-list-show-origin-show-scope.windows.quoted-path.tetsuyainfra-dotfiles.txt'),
    );
    expect(q[0]).toMatchObject({
      scope: 'global',
      origin: 'C:\\Users\\admin/.config/git/config',
      key: 'credential.helper',
      value: 'cache',
    });
    expect(q.map((x) => x.scope)).toEqual(['global', 'global', 'local']);
    const plain = parseConfigList(
      read('git-config-list-show-origin-show-scope.windows.tetsuyainfra-dotfiles.txt'),
    );
    // The author's `...` lines are not entries.
    expect(plain.map((x) => [x.scope, x.origin, x.key])).toEqual([
      ['system', 'C:/Program Files/Git/etc/gitconfig', 'init.defaultbranch'],
      ['global', 'C:/Users/admin/.gitconfig', 'user.name'],
      ['local', '.git/config', 'core.repositoryformatversion'],
    ]);
  });

  it('never throws on arbitrary text (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        expect(Array.isArray(parseConfigList(s))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
