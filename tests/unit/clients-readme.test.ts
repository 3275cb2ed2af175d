import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REGISTERED } from '../../electron/engine/checks';
import { CLIENT_IDS, clientById } from '../../electron/engine/clients';
import type { GitClient } from '../../electron/engine/clients/types';
import type { StoreKind } from '../../electron/engine/model';
import { storeOf } from '../../electron/engine/platform';

// README's "Your Git client" table against the engine: a row for every client the engine
// knows (and none it does not), every finding code a row names registered, the row's store
// kinds exactly the client's, what it says the client does with helpers what the model says,
// and every test a row names present in that test file — so a row without behaviour fails.

const ROOT = path.resolve(__dirname, '../..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

interface Row {
  id: string;
  cells: string[];
}

function clientTable(): { header: string[]; rows: Row[] } {
  const lines = README.split('\n');
  const at = lines.findIndex((l) => l.startsWith('| client (`--client`) |'));
  expect(at, 'the table of README "Your Git client"').toBeGreaterThan(0);
  // `\|` inside a cell is an escaped bar, not a column break.
  const cells = (l: string) =>
    l
      .replace(/\\\|/g, '\u0000')
      .split('|')
      .slice(1, -1)
      .map((c) => c.replace(/\u0000/g, '|').trim());
  const header = cells(lines[at] as string);
  const rows: Row[] = [];
  for (const l of lines.slice(at + 2)) {
    if (!l.startsWith('|')) break;
    const c = cells(l);
    const id = /\(`([a-z-]+)`/.exec(c[0] ?? '')?.[1] ?? '';
    rows.push({ id, cells: c });
  }
  return { header, rows };
}

const { header, rows } = clientTable();
const col = (name: string) => header.findIndex((h) => h.startsWith(name));
const ticks = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);
const CODES = new Set(REGISTERED.flatMap((r) => Object.keys(r.check.codes)));
const modelStores = (c: GitClient) => new Set(Object.values(c.stores).flat());

describe('README "Your Git client": one row per client of the engine', () => {
  it('every client has exactly one row, and every row is a client', () => {
    expect(rows.map((r) => r.id).sort()).toEqual([...CLIENT_IDS].sort());
  });

  it.each(rows.map((r) => [r.id, r] as const))('%s: the row says what the engine does', (id, row) => {
    const client = clientById(id) as GitClient;
    const checks = row.cells[col('the doctor checks')] ?? '';
    const named = ticks(checks).filter((t) => /^[a-z]+(-[a-z0-9]+)+$/.test(t));
    for (const code of named) expect(CODES, `${id}: ${code}`).toContain(code);
    // What it does with helpers, as the model has it.
    expect(named.includes('client-replaces-helpers')).toBe(client.helpers.value === 'replaces');
    expect(named.includes('client-ignores-helpers')).toBe(client.helpers.value === 'ignores');
    // A password file the doctor cannot read is named only for a client with one, and how to clear it.
    const files: StoreKind[] = ['jetbrains-keepass', 'sourcetree-passwd'];
    const hasFile = [...modelStores(client)].some((k) => files.includes(k));
    expect(named.includes('client-password-file')).toBe(hasFile);
    if (hasFile) expect(client.clearPasswords?.value).toBeTruthy();
  });

  it.each(rows.map((r) => [r.id, r] as const))('%s: the stores named are exactly the client’s', (id, row) => {
    const cell = row.cells[col('its saved passwords')] ?? '';
    const kinds = ticks(cell).filter((t) => {
      try {
        return storeOf(t as StoreKind) !== undefined;
      } catch {
        return false;
      }
    });
    expect(new Set(kinds)).toEqual(modelStores(clientById(id) as GitClient));
  });

  it.each(rows.map((r) => [r.id, r] as const))('%s: every test the row names is there', (id, row) => {
    const cell = row.cells[col('tested in')] ?? '';
    const parts = cell.split(/(`[^`]+`)/).filter((p) => p.trim() !== '' && p.trim() !== ',');
    let file: string | undefined;
    let titles = 0;
    for (const p of parts) {
      const name = /^`([^`]+)`$/.exec(p.trim())?.[1];
      if (name) {
        file = ['unit', 'integration']
          .map((d) => path.join(ROOT, 'tests', d, `${name}.test.ts`))
          .find((f) => existsSync(f));
        expect(file, `${id}: tests/*/${name}.test.ts`).toBeDefined();
        continue;
      }
      for (const [, title] of p.matchAll(/"([^"]+)"/g)) {
        const text = readFileSync(file as string, 'utf8').replace(/\\'/g, "'");
        expect(text, `${id}: "${title}" in ${file}`).toContain(title as string);
        titles++;
      }
    }
    expect(titles).toBeGreaterThan(0);
  });
});
