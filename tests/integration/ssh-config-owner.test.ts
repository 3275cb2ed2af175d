import { chownSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createContext } from '../../electron/engine/context';
import { runAccountStep } from '../../electron/engine/fixes/account-apply';
import { Journal } from '../../electron/engine/fixes/journal';

// Root (a fleet script, sudo) writing a user's ~/.ssh/config must leave the folder and the
// file theirs: ssh refuses a config file or ~/.ssh that another user owns.

const root = mkdtempSync(path.join(os.tmpdir(), 'ccd-ssh-owner-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const asRoot = process.getuid?.() === 0;

describe.runIf(asRoot)('the SSH Host block, written by root into a user home', () => {
  it('creates ~/.ssh and the config as the home folder’s owner', async () => {
    const home = path.join(root, 'home');
    mkdirSync(home);
    chownSync(home, 1000, 1000);
    const ctx = createContext({ platform: 'linux', env: { HOME: home }, home, cwd: home });
    const journal = Journal.forContext(
      createContext({ env: { CODECOMMIT_DOCTOR_STATE_DIR: path.join(root, 'state') } }),
    );
    const tx = await journal.begin({ title: 't', findingCode: 'ssh-user-mismatch', fixId: 'f', steps: [] });
    const file = path.join(home, '.ssh', 'config');
    await runAccountStep(
      ctx,
      {
        type: 'ssh-config-host',
        file,
        hostPattern: 'git-codecommit.*.amazonaws.com',
        identityFile: path.join(home, '.ssh', 'id_rsa'),
        keyId: 'APKAEIBAERJR2EXAMPLE',
      },
      tx,
    );
    await tx.finish('applied');
    for (const p of [path.dirname(file), file]) {
      const st = statSync(p);
      expect([p, st.uid, st.gid]).toEqual([p, 1000, 1000]);
    }
    expect(statSync(file).mode & 0o077).toBe(0);
  });
});
if (!asRoot) console.log('ssh-config-owner: skipped, needs root to chown');
