import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { CLIENT_CHOICES, clientById, type ClientChoice } from '../engine/clients';
import { detectClients } from '../engine/clients/detect';
import { createContext, type EngineContext } from '../engine/context';
import type { TargetInput } from '../engine/model';
import { stdinAsker } from './asker';
import type { Asker } from './fix-flow';
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

const NAMES: Record<string, string> = { terminal: 'Terminal', other: 'Other' };

/**
 * "What do you clone with?": every client the doctor knows, the installed ones (found by
 * their files, bounded) marked and the first of them the default. A number or a name.
 */
export async function askClient(ctx: EngineContext, asker: Asker): Promise<ClientChoice> {
  const installed = new Set((await detectClients(ctx)).map((d) => d.id as ClientChoice));
  const fallback = CLIENT_CHOICES.find((c) => installed.has(c)) ?? 'terminal';
  const list = CLIENT_CHOICES.map(
    (c, i) =>
      `  ${i + 1}. ${NAMES[c] ?? clientById(c)?.name ?? c}${installed.has(c) ? ' (installed)' : ''}${c === fallback ? '  ← Enter' : ''}`,
  );
  for (;;) {
    const a = (await asker.ask(`What do you clone with?\n${list.join('\n')}\n> `)).trim().toLowerCase();
    if (a === '') return fallback;
    const n = Number(a);
    const byNumber = Number.isInteger(n) ? CLIENT_CHOICES[n - 1] : undefined;
    const choice = byNumber ?? CLIENT_CHOICES.find((c) => c === a);
    if (choice) return choice;
  }
}

/** The terminal version of the wizard: what do you clone → scan → findings → fix with consent → verify. */
export async function terminalWizard(): Promise<number> {
  const asker = stdinAsker();
  try {
    const answer = await asker.ask(
      'What do you want to clone? Paste a clone URL, type a repository folder, or press Enter to check this whole computer:\n> ',
    );
    const target = targetFromAnswer(answer, process.cwd());
    const ctx = createContext();
    const client = await askClient(ctx, asker);
    return await runFixFlow(ctx, {
      target,
      client,
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
