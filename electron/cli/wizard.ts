import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { createContext, type EngineContext } from '../engine/context';
import type { TargetInput } from '../engine/model';
import { checkAddress } from '../shared/address-check';
import { regionName } from '../shared/region';
import { stdinAsker } from './asker';
import { runFixFlow, type Asker } from './fix-flow';
import { lay, type HumanOptions } from './human';
import { kept, tone } from './layout';

/** Turns what a person typed into a target: nothing = whole computer, a folder, or a URL. */
export function targetFromAnswer(answer: string, cwd: string): TargetInput {
  const a = answer.trim().replace(/^["']|["']$/g, '');
  if (a === '') return { kind: 'machine' };
  if (/^[a-z][a-z0-9+.-]*:/i.test(a) && !/^[a-z]:[\\/]/i.test(a)) return { kind: 'url', url: a };
  const p = path.resolve(cwd, a);
  if (existsSync(p) && statSync(p).isDirectory()) return { kind: 'dir', path: p };
  return { kind: 'url', url: a };
}

export const WHAT_TO_CLONE =
  'What do you want to clone? Paste a clone URL, type a repository folder, or press Enter to check this whole computer:\n> ';

/** After this many addresses it could not read, the wizard stops (a script piping answers must end). */
export const ADDRESS_TRIES = 3;

type Look = Pick<HumanOptions, 'ascii' | 'width' | 'color'>;

/**
 * Asks until the answer is something to check: an address that looks wrong (the same check as
 * the app's, shared/address-check.ts) is said in one sentence with "Did you mean …?" or an
 * example, and the question comes again. Null: no usable answer after ADDRESS_TRIES.
 */
export async function askTarget(
  asker: Asker,
  out: NodeJS.WritableStream,
  look: Look,
  cwd: string,
): Promise<TargetInput | null> {
  const o: HumanOptions = { verbose: false, ...look };
  const say = (lines: string[]) => out.write(lines.join('\n') + '\n');
  for (let tries = 0; tries < ADDRESS_TRIES; tries++) {
    const target = targetFromAnswer(await asker.ask(WHAT_TO_CLONE), cwd);
    const hint = target.kind === 'url' ? checkAddress(target.url) : null;
    if (!hint) return target;
    say(lay(o, [tone('warn-strong', 'This address will not work:'), ` ${hint.message}`], '', '    '));
    if (hint.suggestion) {
      const q = lay(o, ['Did you mean ', kept(hint.suggestion, 'note'), '? [y/N] '], '', '    ').join('\n');
      if (/^y(es)?$/i.test((await asker.ask(`${q} `)).trim())) return { kind: 'url', url: hint.suggestion };
    } else if (hint.example) {
      say(lay(o, ['For example: ', kept(hint.example, 'note')], '', '    '));
    }
  }
  say(lay(o, 'No address to check: run codecommit-doctor start again with the clone address at hand.'));
  return null;
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
  io: { asker: Asker; out: NodeJS.WritableStream; cwd: string; look?: Look },
): Promise<number> {
  const look = io.look ?? { ascii: false, width: Infinity, color: false };
  const target = await askTarget(io.asker, io.out, look, io.cwd);
  if (!target) return 2;
  return runFixFlow(ctx, {
    target,
    dryRun: false,
    yes: false,
    verify: target.kind !== 'machine',
    out: io.out,
    asker: io.asker,
    look,
    whereUnknown: async () => whereFromAnswer(await io.asker.ask(WHERE_UNKNOWN), io.cwd),
  });
}

/** The terminal version of the wizard: what do you clone → scan → findings → fix with consent → verify. */
export async function terminalWizard(
  look: Look = { ascii: false, width: Infinity, color: false },
): Promise<number> {
  const asker = stdinAsker();
  try {
    return await wizardFlow(createContext(), { asker, out: process.stdout, cwd: process.cwd(), look });
  } finally {
    asker.close();
  }
}
