import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogEntry, FINDING_CODES, REGISTERED } from '../../electron/engine/checks';
import { catalogTable } from '../../scripts/catalog-table';

describe('finding catalog', () => {
  it('has exactly one owning check per public code, with plain-words text, a docs link and a planner', () => {
    expect(new Set(FINDING_CODES).size).toBe(FINDING_CODES.length);
    for (const code of FINDING_CODES) {
      const owners = REGISTERED.filter((r) => Object.hasOwn(r.check.codes, code));
      expect(owners, code).toHaveLength(1);
      const e = catalogEntry(code);
      expect(e.title.length).toBeGreaterThan(10);
      expect(e.explanation.length).toBeGreaterThan(60);
      expect(e.docsUrl).toMatch(/^https:\/\//);
      expect(typeof e.plan).toBe('function');
    }
  });

  it('is documented in README exactly as the engine has it', () => {
    const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain(catalogTable());
  });
});
