import { fork } from './fork';
import { githubDesktop } from './github-desktop';
import { eclipse, gitkraken } from './in-process';
import { jetbrains } from './jetbrains';
import { sourcetree } from './sourcetree';
import { tower } from './tower';
import type { ClientChoice, ClientId, GitClient } from './types';
import { visualStudio } from './visual-studio';
import { vscode } from './vscode';

export type { ClientChoice, ClientId, DetectedClient, GitClient } from './types';

/** Every client the doctor knows, in the order the wizard offers them. */
export const CLIENTS: readonly GitClient[] = [
  githubDesktop,
  sourcetree,
  fork,
  tower,
  vscode,
  jetbrains,
  visualStudio,
  eclipse,
  gitkraken,
];

export const CLIENT_IDS: readonly ClientId[] = CLIENTS.map((c) => c.id);

/** Every value --client takes (validate with this before calling the engine). */
export const CLIENT_CHOICES: readonly ClientChoice[] = ['terminal', ...CLIENT_IDS, 'other'];

export function clientById(id: string): GitClient | undefined {
  return CLIENTS.find((c) => c.id === id);
}
