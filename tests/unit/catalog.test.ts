import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../electron/engine/catalog';
import { FINDING_CODES } from '../../electron/engine/model';

export function catalogTable(): string {
  const rows = [...CATALOG.values()].map((e) => `| \`${e.code}\` | ${e.severity} | ${e.title} |`);
  return ['| code | severity | what the user has |', '|---|---|---|', ...rows].join('\n');
}

describe('finding catalog', () => {
  it('has exactly one entry per public code, with plain-words text and a docs link', () => {
    expect([...CATALOG.keys()].sort()).toEqual([...FINDING_CODES].sort());
    for (const e of CATALOG.values()) {
      expect(e.title.length).toBeGreaterThan(10);
      expect(e.explanation.length).toBeGreaterThan(60);
      expect(e.docsUrl).toMatch(/^https:\/\//);
    }
  });

  it('is documented in README exactly as the engine has it', () => {
    const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain(catalogTable());
  });
});
