import { clientById } from '../clients';
import type { GitClient } from '../clients/types';
import { advice } from '../fixes/offer';
import { otherTransports } from '../fixes/other-transports';
import type { Evidence, Facts, Finding, FixOffer, SelectedClientFacts, StoreKind } from '../model';
import { storeOf } from '../platform';
import { savedPasswords } from './saved-passwords';
import type { PlanContext } from './check';

// What the client checks share: the client the user named, its evidence (which git, what it
// adds, what the model takes on trust) and its remedies as offers.

export function selectedClient(
  facts: Facts,
): { selected: SelectedClientFacts; model: GitClient } | undefined {
  const selected = facts.clients.ok ? facts.clients.value.selected : undefined;
  const model = selected ? clientById(selected.id) : undefined;
  return selected && model ? { selected, model } : undefined;
}

export const NO_CLIENT = 'No Git client was named: this checks the client you clone with (--client).';

const CACHED_TITLE = savedPasswords.codes['cached-codecommit-credentials'].title;

/** The password stores the selected client keeps its passwords in on the OS diagnosed (platform/ adapters). */
export function clientStores(facts: Facts): readonly StoreKind[] {
  const c = selectedClient(facts);
  return c ? (c.model.stores[facts.platform] ?? []) : [];
}

/** Which client, which git, what it adds to every git command, and what is assumed. */
export function clientEvidence(facts: Facts, selected: SelectedClientFacts): Evidence[] {
  const git = facts.git.ok ? facts.git.value : undefined;
  const evidence: Evidence[] = [
    {
      kind: 'text',
      label: 'Git client',
      detail: `${selected.name}${selected.installed ? '' : ' (not found on this computer)'}`,
    },
  ];
  if (selected.git.kind !== 'in-process') {
    evidence.push({
      kind: 'program',
      name: `git (${selected.git.from === 'bundled' ? `${selected.name}'s own` : selected.git.from === '--git' ? '--git' : 'on PATH'})`,
      path: git?.executables[0]?.path ?? selected.git.program ?? null,
      ...(git?.version ? { version: git.version } : {}),
    });
  }
  selected.injected.forEach((s, i) =>
    evidence.push({
      kind: 'config',
      scope: 'command',
      file: `added by ${selected.name} to every git command`,
      key: s.key,
      value: s.value,
      order: i,
    }),
  );
  const stores = clientStores(facts);
  if (stores.length > 0)
    evidence.push({
      kind: 'text',
      label: 'Saved passwords',
      detail: `${selected.name} keeps the passwords you type into it in: ${stores.map((k) => storeOf(k).name).join('; ')}. Stale CodeCommit ones there are listed under "${CACHED_TITLE}".`,
    });
  for (const line of selected.assumptions) evidence.push({ kind: 'text', label: 'Assumed', detail: line });
  return evidence;
}

/** The client's own remedies (settings to change, ways in that work), then the other ways in for a folder. */
export function clientRemedies(f: Finding, facts: Facts, pctx: PlanContext): FixOffer[] {
  const c = selectedClient(facts);
  if (!c) return [];
  const offers = c.model.remedies.map((r) =>
    advice(
      f,
      `${c.model.id}:${r.key}`,
      r.title,
      r.assumed ? `${r.description} (Assumed: not confirmed in ${c.model.name}'s sources.)` : r.description,
    ),
  );
  return [...offers, ...otherTransports(f, facts, pctx)];
}

/** Whether a settings file is inside the client's own install folder (git prints C:/… with forward slashes on Windows). */
export function insideInstall(
  file: string,
  installRoot: string | undefined,
  platform: Facts['platform'],
): boolean {
  if (!installRoot || !file) return false;
  const norm = (p: string) => {
    const s = p.replace(/\\/g, '/').replace(/\/+$/, '');
    return platform === 'win32' ? s.toLowerCase() : s;
  };
  return norm(file).startsWith(`${norm(installRoot)}/`);
}
