import type { ConfigEntry, Facts } from '../model';
import { insideInstall, selectedClient } from './client-derive';

// The git settings files that hold for every user of the computer, named plainly. Git lists
// most of them with scope `system`; two it does not:
// - Apple's git reads `<Command Line Tools or Xcode>/usr/share/git-core/gitconfig` before
//   /etc/gitconfig with a scope of its own that `--show-scope` prints as `unknown`
//   (apple-oss-distributions/Git src/git/config.c: CONFIG_SCOPE_XCODE, git_xcode_gitconfig();
//   its `gitconfig` sets `credential.helper = osxkeychain`). Command Line Tools and Xcode
//   updates install it again; `git config --system` edits /etc/gitconfig instead.
// - Git for Windows up to 2.23 also read `%PROGRAMDATA%\Git\config` (its installer's choices,
//   rewritten on every upgrade: git-for-windows/git d8ab53dddb); `--system` never edits it.
// So an administrator command always names the exact file (`git config --file <it>`). A file
// inside a Git client's own folder belongs to the client: its updates rewrite it, so no
// administrator command is offered for it at all.

export interface AllUsersFile {
  /** The file as git printed it. */
  file: string;
  kind: 'apple' | 'program-data' | 'system' | 'client';
  /** What it is, in plain words (the file's path included). */
  name: string;
  /** The client whose own file it is (`client` only). */
  client?: string;
}

const APPLE_FILE = /\/usr\/share\/git-core\/gitconfig$/;
const PROGRAM_DATA_FILE = /^[A-Za-z]:\/ProgramData\/Git\/config$/i;

/** The all-users file an entry comes from, or undefined when it is someone's own settings. */
export function allUsersFile(
  entry: Pick<ConfigEntry, 'originType' | 'origin' | 'scope'>,
  facts: Facts,
): AllUsersFile | undefined {
  if (entry.originType !== 'file' || !entry.origin) return undefined;
  const file = entry.origin;
  if (entry.scope !== 'system' && entry.scope !== 'unknown') return undefined;
  const c = selectedClient(facts);
  if (c && insideInstall(file, c.selected.installRoot, facts.platform)) {
    const who = c.selected.name;
    return {
      file,
      kind: 'client',
      client: who,
      name: `${who}'s own git settings (${file}), which ${who}'s updates rewrite`,
    };
  }
  if (facts.platform === 'darwin' && APPLE_FILE.test(file)) {
    const by = /\.app\//.test(file) ? 'Xcode' : 'Command Line Tools';
    return {
      file,
      kind: 'apple',
      name: `Apple's git settings for every user of this Mac (${file}), rewritten by ${by} updates`,
    };
  }
  if (facts.platform === 'win32' && PROGRAM_DATA_FILE.test(file.replace(/\\/g, '/'))) {
    return {
      file,
      kind: 'program-data',
      name: `Git for Windows' settings shared by every Git on this computer (${file}), which its installer rewrites`,
    };
  }
  if (entry.scope === 'system')
    return { file, kind: 'system', name: `git's settings for every user of this computer (${file})` };
  return undefined;
}
