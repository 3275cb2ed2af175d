import { describe, expect, it } from 'vitest';
import { parseArgs, USAGE, UsageError } from '../../electron/cli/args';
import { askClient } from '../../electron/cli/wizard';
import type { Asker } from '../../electron/cli/fix-flow';
import { CLIENT_CHOICES } from '../../electron/engine/clients';
import { createContext } from '../../electron/engine/context';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

describe('--client and --git', () => {
  it('diagnose, fix and verify take every name of the engine’s list, and --git', () => {
    for (const name of CLIENT_CHOICES) {
      for (const cmd of ['diagnose', 'fix', 'verify'])
        expect(
          parseArgs([cmd, '--repo', 'https://h/r', '--client', name, '--git', '/opt/x/git']),
        ).toMatchObject({
          name: cmd,
          client: name,
          gitProgram: '/opt/x/git',
        });
    }
    expect(parseArgs(['diagnose', '--client=github-desktop'])).toMatchObject({ client: 'github-desktop' });
    expect(parseArgs(['diagnose'])).not.toHaveProperty('client');
  });

  it('an unknown client is a usage error that lists the valid names', () => {
    let err: unknown;
    try {
      parseArgs(['diagnose', '--client', 'sublime-merge']);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    const message = (err as Error).message;
    expect(message).toContain('"sublime-merge"');
    for (const name of [
      'terminal',
      'github-desktop',
      'sourcetree',
      'fork',
      'tower',
      'vscode',
      'jetbrains',
      'visual-studio',
      'other',
    ])
      expect(message).toContain(name);
    expect(() => parseArgs(['fix', '--git', ''])).toThrow(UsageError);
    expect(() => parseArgs(['diagnose', '--replay', 'f', '--client', 'fork'])).toThrow(/--client/);
  });

  it('the usage text names both options and every client', () => {
    expect(USAGE).toContain('--client NAME');
    expect(USAGE).toContain('--git PATH');
    for (const name of CLIENT_CHOICES) expect(USAGE).toContain(name);
  });
});

function scripted(answers: string[]): Asker & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    ask: async (q) => {
      asked.push(q);
      return answers.shift() ?? '';
    },
    close: () => undefined,
  };
}

describe('the terminal wizard asks what you clone with', () => {
  const home = mkdtempSync(path.join(tmpdir(), 'ccd-wizard-'));
  const marker = path.join(home, 'Applications', 'Fork.app', 'Contents', 'Info.plist');
  mkdirSync(path.dirname(marker), { recursive: true });
  writeFileSync(marker, '');
  const ctx = createContext({
    platform: 'darwin',
    env: { HOME: home, PATH: '/usr/bin:/bin' },
    home,
    cwd: home,
  });

  it('the installed client is marked and is what Enter picks', async () => {
    const a = scripted(['']);
    expect(await askClient(ctx, a)).toBe('fork');
    expect(a.asked[0]).toContain('What do you clone with?');
    expect(a.asked[0]).toMatch(/Fork \(installed\) {2}← Enter/);
    expect(a.asked[0]).not.toMatch(/GitHub Desktop \(installed\)/);
  });

  it('a number or a name picks; anything else asks again', async () => {
    expect(await askClient(ctx, scripted(['1']))).toBe('terminal');
    const again = scripted(['nonsense', 'github-desktop']);
    expect(await askClient(ctx, again)).toBe('github-desktop');
    expect(again.asked).toHaveLength(2);
  });

  it('with nothing installed, Enter is the terminal', async () => {
    rmSync(path.join(home, 'Applications'), { recursive: true, force: true });
    expect(await askClient(ctx, scripted(['']))).toBe('terminal');
  });
});
