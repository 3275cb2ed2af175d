import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { createContext } from '../engine/context';
import type { TargetInput } from '../engine/model';
import { checkAddress } from '../shared/address-check';
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

/** The terminal version of the wizard: what do you clone → scan → findings → fix with consent → verify. */
export async function terminalWizard(
  look: Look = { ascii: false, width: Infinity, color: false },
): Promise<number> {
  const asker = stdinAsker();
  try {
    const target = await askTarget(asker, process.stdout, look, process.cwd());
    if (!target) return 2;
    return await runFixFlow(createContext(), {
      target,
      dryRun: false,
      yes: false,
      verify: target.kind !== 'machine',
      out: process.stdout,
      asker,
      look,
    });
  } finally {
    asker.close();
  }
}
