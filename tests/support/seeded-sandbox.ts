import path from 'node:path';
import { createFixSandbox, type FixSandbox } from './fix-sandbox';
import { ensureGitCredentialLibsecret } from './libsecret-helper';
import { startSecretService, type SecretService } from './secret-service';
import {
  REMOTE_URL,
  SEEDED_URL,
  seedCredentialStore,
  seededGitConfig,
  seedLibsecret,
} from './seeded-secrets';

// The sandbox issue 10 seeds with secrets (seeded-secrets.ts): the helper commands in the
// global settings, a session account in ~/.git-credentials and in a real Secret Service, and
// a repository whose remotes hold passwords.

export interface SeededSandbox {
  sb: FixSandbox;
  ss: SecretService;
  /** The repository folder with the `origin` (SEEDED_URL) and `other` (REMOTE_URL) remotes. */
  repo: string;
  stop(): Promise<void>;
}

export async function createSeededSandbox(): Promise<SeededSandbox> {
  const helper = await ensureGitCredentialLibsecret();
  const ss = await startSecretService();
  const sb = createFixSandbox({
    global: seededGitConfig(),
    env: { DBUS_SESSION_BUS_ADDRESS: ss.env.DBUS_SESSION_BUS_ADDRESS as string },
  });
  seedCredentialStore(path.join(sb.home, '.git-credentials'));
  seedLibsecret(helper, ss.env);
  const repo = path.join(sb.home, 'seeded');
  await sb.git(['init', '-q', repo]);
  await sb.git(['-C', repo, 'remote', 'add', 'origin', SEEDED_URL]);
  await sb.git(['-C', repo, 'remote', 'add', 'other', REMOTE_URL]);
  return {
    sb,
    ss,
    repo,
    async stop() {
      sb.cleanup();
      await ss.stop();
    },
  };
}
