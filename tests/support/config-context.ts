import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContext, type EngineContext } from '../../electron/engine/context';

// An engine context whose git sees only `gitconfig`: a fresh GIT_CONFIG_GLOBAL file per call
// under `root` (which is also HOME and the working folder), no system settings, no
// repository above, PATH=/usr/bin:/bin (no pyenv `aws`), and AWS files that hold nothing.

let configs = 0;

export function configContext(
  root: string,
  gitconfig = '',
  env: Record<string, string> = {},
  timeoutMs?: number,
): EngineContext {
  const file = join(root, `gitconfig-${++configs}`);
  writeFileSync(file, gitconfig);
  return createContext({
    platform: 'linux',
    home: root,
    cwd: root,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    env: {
      PATH: '/usr/bin:/bin',
      HOME: root,
      GIT_CONFIG_GLOBAL: file,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CEILING_DIRECTORIES: tmpdir(),
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      ...env,
    },
  });
}
