import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRecordedVariable, isSecretVariable, recordedEnv } from '../../electron/engine/recording/env';

// A recording keeps the environment variables the engine reads, and only those: a variable the
// engine starts reading must be recorded too, or a replay would see it unset and reason about
// another computer. This reads the engine's sources for every variable it names.

const ENGINE = path.resolve(__dirname, '..', '..', 'electron', 'engine');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return name.endsWith('.ts') ? [p] : [];
  });
}

/** Every variable name the engine reads: `env.X`, `env['X']`, `` env[`X_${…}`] `` (its prefix), `envVar(env, 'X')`, constants named *_ENV. */
function variablesRead(): Map<string, string> {
  const found = new Map<string, string>();
  const patterns = [
    /\benv\.([A-Z][A-Za-z0-9_]*)/g,
    /\benv\[\s*['"`]([^'"`$]+)/g,
    /\benvVar\(\s*[\w.]+\s*,\s*['"]([^'"]+)['"]/g,
    /\b[A-Z_]+_ENV\s*=\s*['"]([A-Z_]+)['"]/g,
  ];
  for (const file of sources(ENGINE)) {
    const text = readFileSync(file, 'utf8');
    for (const re of patterns)
      for (const m of text.matchAll(re)) found.set(m[1] as string, path.relative(ENGINE, file));
    if (/\bpathVar\(/.test(text)) found.set('PATH', path.relative(ENGINE, file));
  }
  return found;
}

describe('the variables a recording keeps', () => {
  it('covers every variable the engine reads (a new read must be recorded too)', () => {
    const read = variablesRead();
    // Not vacuous: the reads the engine is known for are found.
    for (const known of [
      'HOME',
      'PATH',
      'AWS_PROFILE',
      'GIT_CONFIG_GLOBAL',
      'LOCALAPPDATA',
      'CODECOMMIT_DOCTOR_STATE_DIR',
    ])
      expect([...read.keys()]).toContain(known);
    const missing = [...read].filter(([name]) => !isRecordedVariable(name)).map(([n, f]) => `${n} (${f})`);
    expect(missing).toEqual([]);
  });

  it('keeps nothing else, and keeps only the presence of secrets', () => {
    const env = recordedEnv({
      HOME: '/home/a',
      Path: 'C:\\Windows',
      GITHUB_TOKEN: 'ghp_x',
      HTTPS_PROXY: 'http://u:p@proxy',
      AWS_SECRET_ACCESS_KEY: 's',
      AWS_WEB_IDENTITY_TOKEN_FILE: '/t',
    });
    expect(Object.keys(env).sort()).toEqual([
      'AWS_SECRET_ACCESS_KEY',
      'AWS_WEB_IDENTITY_TOKEN_FILE',
      'HOME',
      'Path',
    ]);
    expect(isSecretVariable('AWS_SECRET_ACCESS_KEY')).toBe(true);
    expect(isSecretVariable('AWS_SESSION_TOKEN')).toBe(true);
    expect(isSecretVariable('AWS_WEB_IDENTITY_TOKEN_FILE')).toBe(false);
    expect(isSecretVariable('AWS_ACCESS_KEY_ID')).toBe(false);
  });
});
