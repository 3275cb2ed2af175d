import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Debian ships git-credential-libsecret as source only (/usr/share/doc/git/contrib), so the
// tests build it once with `make` (needs gcc, make, pkg-config, libsecret-1-dev) and keep
// the binary under the temp folder, keyed by a hash of the source so a git upgrade rebuilds.

const SOURCE_DIR = '/usr/share/doc/git/contrib/credential/libsecret';

export async function ensureGitCredentialLibsecret(): Promise<string> {
  const source = readFileSync(join(SOURCE_DIR, 'git-credential-libsecret.c'));
  const key = createHash('sha256').update(source).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), `codecommit-doctor-libsecret-${key}`);
  const binary = join(dir, 'git-credential-libsecret');
  if (existsSync(binary)) return binary;

  // Built in a private folder and renamed into place, so test files building at the same
  // time never see a half-written binary.
  const build = mkdtempSync(join(tmpdir(), 'codecommit-doctor-libsecret-build-'));
  try {
    cpSync(SOURCE_DIR, build, { recursive: true });
    execFileSync('make', ['-C', build], { stdio: 'pipe', timeout: 120_000 });
    try {
      renameSync(build, dir);
    } catch (e) {
      if (!existsSync(binary)) throw e;
    }
  } finally {
    rmSync(build, { recursive: true, force: true });
  }
  if (!existsSync(binary)) throw new Error(`building git-credential-libsecret did not produce ${binary}`);
  return binary;
}
