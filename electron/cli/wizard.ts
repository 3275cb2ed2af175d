import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { createContext, type EngineContext } from '../engine/context';
import type { TargetInput } from '../engine/model';
import { regionName } from '../shared/region';
import { stdinAsker } from './asker';
import { runFixFlow, type Asker } from './fix-flow';

/** Turns what a person typed into a target: nothing = whole computer, a folder, or a URL. */
export function targetFromAnswer(answer: string, cwd: string): TargetInput {
  const a = answer.trim().replace(/^["']|["']$/g, '');
  if (a === '') return { kind: 'machine' };
  if (/^[a-z][a-z0-9+.-]*:/i.test(a) && !/^[a-z]:[\\/]/i.test(a)) return { kind: 'url', url: a };
  const p = path.resolve(cwd, a);
  if (existsSync(p) && statSync(p).isDirectory()) return { kind: 'dir', path: p };
  return { kind: 'url', url: a };
}

const WHERE_UNKNOWN =
  'Nothing on this computer names a CodeCommit repository or AWS Region, so the doctor cannot tell which one to check (it assumes none).\n' +
  'Paste the clone address, or type the AWS Region your repositories are in (for example eu-west-1).\n' +
  'Press Enter to see what could be checked without one:\n> ';

/** The answer to "which address or Region?": a Region, an address or folder, or nothing. */
export function whereFromAnswer(answer: string, cwd: string): TargetInput | undefined {
  const a = answer.trim();
  if (a === '') return undefined;
  const region = regionName(a);
  return region ? { kind: 'machine', region } : targetFromAnswer(a, cwd);
}

/** The wizard's questions and flow, on any terminal (tests answer through a scripted asker). */
export async function wizardFlow(
  ctx: EngineContext,
  io: { asker: Asker; out: NodeJS.WritableStream; cwd: string },
): Promise<number> {
  const answer = await io.asker.ask(
    'What do you want to clone? Paste a clone URL, type a repository folder, or press Enter to check this whole computer:\n> ',
  );
  const target = targetFromAnswer(answer, io.cwd);
  return runFixFlow(ctx, {
    target,
    dryRun: false,
    yes: false,
    verify: target.kind !== 'machine',
    out: io.out,
    asker: io.asker,
    whereUnknown: async () => whereFromAnswer(await io.asker.ask(WHERE_UNKNOWN), io.cwd),
  });
}

/** The terminal version of the wizard: what do you clone → scan → findings → fix with consent → verify. */
export async function terminalWizard(): Promise<number> {
  const asker = stdinAsker();
  try {
    return await wizardFlow(createContext(), { asker, out: process.stdout, cwd: process.cwd() });
  } finally {
    asker.close();
  }
}
