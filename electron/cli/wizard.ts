import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { createContext } from '../engine/context';
import type { TargetInput } from '../engine/model';
import { stdinAsker } from './asker';
import { runFixFlow } from './fix-flow';

/** Turns what a person typed into a target: nothing = whole computer, a folder, or a URL. */
export function targetFromAnswer(answer: string, cwd: string): TargetInput {
  const a = answer.trim().replace(/^["']|["']$/g, '');
  if (a === '') return { kind: 'machine' };
  if (/^[a-z][a-z0-9+.-]*:/i.test(a) && !/^[a-z]:[\\/]/i.test(a)) return { kind: 'url', url: a };
  const p = path.resolve(cwd, a);
  if (existsSync(p) && statSync(p).isDirectory()) return { kind: 'dir', path: p };
  return { kind: 'url', url: a };
}

/** The terminal version of the wizard: what do you clone → scan → findings → fix with consent → verify. */
export async function terminalWizard(): Promise<number> {
  const asker = stdinAsker();
  try {
    const answer = await asker.ask(
      'What do you want to clone? Paste a clone URL, type a repository folder, or press Enter to check this whole computer:\n> ',
    );
    const target = targetFromAnswer(answer, process.cwd());
    return await runFixFlow(createContext(), {
      target,
      dryRun: false,
      yes: false,
      verify: target.kind !== 'machine',
      out: process.stdout,
      asker,
    });
  } finally {
    asker.close();
  }
}
