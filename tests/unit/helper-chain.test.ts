import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  classifyHelper,
  computeHelperChain,
  parseGitBool,
  urlMatchesSection,
} from '../../electron/engine/helper-chain';
import type { ConfigEntry } from '../../electron/engine/model';
import { parseConfigList, parseConfigZ } from '../../electron/engine/probes/git-config-parse';

const CC = 'https://git-codecommit.us-east-1.amazonaws.com/v1/repos/r';

function entries(lines: [string, string | null][]): ConfigEntry[] {
  return lines.map(([key, value], order) => ({
    scope: 'global',
    originType: 'file',
    origin: '/h/.gitconfig',
    key,
    value,
    order,
  }));
}

describe('urlMatchesSection (urlmatch.c rules)', () => {
  it('matches one host label per *', () => {
    expect(urlMatchesSection('https://git-codecommit.*.amazonaws.com', CC)).toBe(true);
    expect(
      urlMatchesSection(
        'https://git-codecommit.*.amazonaws.com',
        'https://git-codecommit-fips.us-east-1.amazonaws.com/v1/repos/r',
      ),
    ).toBe(false);
    expect(
      urlMatchesSection(
        'https://git-codecommit.*.amazonaws.com',
        'https://git-codecommit.cn-north-1.amazonaws.com.cn/v1/repos/r',
      ),
    ).toBe(false);
    expect(
      urlMatchesSection(
        'https://git-codecommit.*.amazonaws.com',
        'https://vpce-1a2b-c3d4.git-codecommit.us-east-1.vpce.amazonaws.com/v1/repos/r',
      ),
    ).toBe(false);
    expect(urlMatchesSection('https://git-*.us-east-1.amazonaws.com', CC)).toBe(false);
  });

  it('compares the host case-insensitively and the scheme exactly', () => {
    expect(urlMatchesSection('https://GIT-CodeCommit.US-EAST-1.amazonaws.com', CC)).toBe(true);
    expect(urlMatchesSection('http://git-codecommit.us-east-1.amazonaws.com', CC)).toBe(false);
  });

  it('requires the same port, with 443 normalised away', () => {
    expect(urlMatchesSection('https://git-codecommit.us-east-1.amazonaws.com:443', CC)).toBe(true);
    expect(
      urlMatchesSection(
        'https://git-codecommit.us-east-1.amazonaws.com',
        'https://git-codecommit.us-east-1.amazonaws.com:8443/v1/repos/r',
      ),
    ).toBe(false);
    expect(
      urlMatchesSection(
        'https://git-codecommit.us-east-1.amazonaws.com:8443',
        'https://git-codecommit.us-east-1.amazonaws.com:8443/v1/repos/r',
      ),
    ).toBe(true);
  });

  it('matches a path prefix only on a / boundary', () => {
    expect(urlMatchesSection('https://git-codecommit.us-east-1.amazonaws.com/v1/repos', CC)).toBe(true);
    expect(urlMatchesSection('https://git-codecommit.us-east-1.amazonaws.com/v1/repos/', CC)).toBe(true);
    expect(urlMatchesSection('https://git-codecommit.us-east-1.amazonaws.com/v1/rep', CC)).toBe(false);
    expect(urlMatchesSection('https://git-codecommit.us-east-1.amazonaws.com/v1/repos/r2', CC)).toBe(false);
  });

  it('requires the section user to equal the URL user', () => {
    expect(urlMatchesSection('https://alice@git-codecommit.us-east-1.amazonaws.com', CC)).toBe(false);
    expect(
      urlMatchesSection(
        'https://alice@git-codecommit.us-east-1.amazonaws.com',
        'https://alice@git-codecommit.us-east-1.amazonaws.com/v1/repos/r',
      ),
    ).toBe(true);
    expect(
      urlMatchesSection(
        'https://git-codecommit.us-east-1.amazonaws.com',
        'https://alice@git-codecommit.us-east-1.amazonaws.com/v1/repos/r',
      ),
    ).toBe(true);
  });

  it('falls back to partial matching for a section without a scheme (exact, case-sensitive)', () => {
    expect(urlMatchesSection('git-codecommit.us-east-1.amazonaws.com', CC)).toBe(true);
    expect(urlMatchesSection('GIT-codecommit.us-east-1.amazonaws.com', CC)).toBe(false);
    expect(urlMatchesSection('git-codecommit.us-east-1.amazonaws.com/v1/repos/r', CC)).toBe(true);
    expect(urlMatchesSection('git-codecommit.us-east-1.amazonaws.com/v1/repos', CC)).toBe(false);
  });

  it('never matches another host', () => {
    expect(urlMatchesSection('https://github.com', CC)).toBe(false);
    expect(urlMatchesSection('https://*.com', CC)).toBe(false);
  });
});

describe('computeHelperChain', () => {
  it('applies every matching helper in config order and resets on an empty value', () => {
    const chain = computeHelperChain(
      entries([
        ['credential.helper', 'osxkeychain'],
        ['credential.https://git-codecommit.us-east-1.amazonaws.com.helper', ''],
        [
          'credential.https://git-codecommit.us-east-1.amazonaws.com.helper',
          '!aws codecommit credential-helper $@',
        ],
        ['credential.https://git-codecommit.us-east-1.amazonaws.com.usehttppath', 'true'],
        ['credential.https://github.com.helper', 'manager'],
        ['credential.helper', 'cache --timeout 900'],
      ]),
      CC,
    );
    expect(chain.helpers.map((h) => [h.value, h.kind, h.storing])).toEqual([
      ['!aws codecommit credential-helper $@', 'aws', false],
      ['cache --timeout 900', 'cache', true],
    ]);
    expect(chain.resets.map((e) => e.order)).toEqual([1]);
    expect(chain.useHttpPath).toBe(true);
    expect(chain.useHttpPathEntry?.order).toBe(3);
    expect(chain.fatal).toBeUndefined();
  });

  it('lets a later false useHttpPath win', () => {
    const chain = computeHelperChain(
      entries([
        ['credential.usehttppath', 'yes'],
        ['credential.https://git-codecommit.us-east-1.amazonaws.com.usehttppath', '0'],
      ]),
      CC,
    );
    expect(chain.useHttpPath).toBe(false);
    expect(chain.useHttpPathEntry?.order).toBe(1);
  });

  it('reports the fatal error git 2.39 raises for a valueless matching key', () => {
    const chain = computeHelperChain(
      entries([
        ['credential.helper', 'store'],
        ['credential.usehttppath', null],
      ]),
      CC,
    );
    expect(chain.fatal?.message).toBe("missing value for 'credential.usehttppath'");
    expect(chain.fatal?.entry.order).toBe(1);
    expect(chain.useHttpPath).toBe(true);
    // A valueless key in a section that does not match is never looked at by git.
    const other = computeHelperChain(entries([['credential.https://github.com.usehttppath', null]]), CC);
    expect(other.fatal).toBeUndefined();
  });

  it('splits the key at the last dot', () => {
    const chain = computeHelperChain(
      entries([['credential.https://git-codecommit.us-east-1.amazonaws.com/v1/repos/r.helper', 'store']]),
      CC,
    );
    expect(chain.helpers).toHaveLength(1);
  });

  it('reads the real captured config: a scoped reset shuts out the system store helper', () => {
    const file = readFileSync(
      path.join(__dirname, '../fixtures/git/git-config-list-z.linux.sandbox.bin'),
      'utf8',
    );
    // Without the command-line entries (they reset everything).
    const config = parseConfigZ(file).filter((e) => e.scope !== 'command');
    // The valueless `useHttpPath` makes git die right there, before any helper runs.
    const dies = computeHelperChain(config, CC);
    expect(dies.fatal?.message).toBe("missing value for 'credential.usehttppath'");
    expect(dies.helpers.map((h) => h.kind)).toEqual(['store', 'osxkeychain']);
    const chain = computeHelperChain(
      config.filter((e) => e.value !== null),
      CC,
    );
    expect(chain.fatal).toBeUndefined();
    expect(chain.helpers.map((h) => h.kind)).toEqual(['aws', 'aws']);
    expect(chain.helpers[1]).toMatchObject({
      awsProfile: 'dev',
      awsProgram: 'C:\\Program Files\\Amazon\\AWSCLI\\bin\\aws.cmd',
    });
    expect(chain.resets).toHaveLength(1);
    expect(chain.useHttpPath).toBe(true);
  });

  it('reads a Windows sample: system manager helper applies to CodeCommit', () => {
    const file = readFileSync(
      path.join(
        __dirname,
        '../fixtures/git/git-config-list-show-origin.windows.git-for-windows.devops-36.txt',
      ),
      'utf8',
    );
    const chain = computeHelperChain(parseConfigList(file), CC);
    expect(chain.helpers.map((h) => [h.kind, h.entry.origin])).toEqual([
      ['manager', 'C:/Program Files/Git/etc/gitconfig'],
    ]);
    expect(chain.useHttpPath).toBe(false);
  });
});

describe('classifyHelper', () => {
  it('recognises the AWS helper in its many spellings', () => {
    expect(classifyHelper('!aws codecommit credential-helper $@')).toEqual({
      kind: 'aws',
      storing: false,
      awsProgram: 'aws',
    });
    expect(
      classifyHelper('!"C:\\Program Files\\Amazon\\AWSCLI\\bin\\aws.cmd" codecommit credential-helper $@'),
    ).toMatchObject({
      kind: 'aws',
      awsProgram: 'C:\\Program Files\\Amazon\\AWSCLI\\bin\\aws.cmd',
    });
    expect(
      classifyHelper(
        '!"C:\\\\Program Files\\\\Amazon\\\\AWSCLI\\\\bin\\\\aws.cmd" codecommit credential-helper $@',
      ).awsProgram,
    ).toBe('C:\\Program Files\\Amazon\\AWSCLI\\bin\\aws.cmd');
    expect(classifyHelper('!/usr/local/bin/aws --profile dev codecommit credential-helper $@')).toEqual({
      kind: 'aws',
      storing: false,
      awsProgram: '/usr/local/bin/aws',
      awsProfile: 'dev',
    });
    expect(classifyHelper("!aws --profile='my profile' codecommit credential-helper $@").awsProfile).toBe(
      'my profile',
    );
    expect(classifyHelper('!aws codecommit --profile=x credential-helper $@').kind).toBe('other');
    expect(classifyHelper('!aws codecommit credential-helper --profile=x $@')).toMatchObject({
      kind: 'aws',
      awsProfile: 'x',
    });
    expect(classifyHelper('!AWS_PROFILE=ci aws codecommit credential-helper $@')).toMatchObject({
      kind: 'aws',
      awsProfile: 'ci',
    });
    expect(classifyHelper('!aws s3 ls').kind).toBe('other');
  });

  it('recognises named and path helpers', () => {
    const kinds: [string, string, boolean][] = [
      ['osxkeychain', 'osxkeychain', true],
      ['manager', 'manager', true],
      ['manager-core', 'manager-core', true],
      ['!git-credential-manager-core', 'manager-core', true],
      ['wincred', 'wincred', true],
      ['store --file ~/.cc-creds', 'store', true],
      ['cache --timeout=3600', 'cache', true],
      ['libsecret', 'libsecret', true],
      ['/usr/share/doc/git/contrib/credential/libsecret/git-credential-libsecret', 'libsecret', true],
      ['C:/Program\\ Files/Git/mingw64/libexec/git-core/git-credential-manager.exe', 'manager', true],
      ['gnome-keyring', 'gnome-keyring', true],
      ['netrc', 'netrc', false],
      ['!f() { echo username=x; }; f', 'other', false],
      ['lastpass', 'other', false],
    ];
    for (const [value, kind, storing] of kinds)
      expect([value, classifyHelper(value)]).toEqual([value, { kind, storing }]);
  });
});

describe('parseGitBool', () => {
  it('follows git_config_bool', () => {
    for (const t of ['true', 'YES', 'on', '1', '0x10', '2k', null]) expect(parseGitBool(t)).toBe(true);
    for (const f of ['false', 'No', 'off', '0', '', '0k']) expect(parseGitBool(f)).toBe(false);
    for (const bad of ['maybe', '1x', 'tru']) expect(parseGitBool(bad)).toBeUndefined();
  });
});
