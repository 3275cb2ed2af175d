// Prints the README's finding catalog table from the checks that own the codes
// (tests/unit/catalog.test.ts fails until README holds exactly this).
import { catalogEntry, FINDING_CODES } from '../electron/engine/checks';

export function catalogTable(): string {
  const rows = FINDING_CODES.map((code) => {
    const e = catalogEntry(code);
    return `| \`${code}\` | ${e.severity} | ${e.title} |`;
  });
  return ['| code | severity | what the user has |', '|---|---|---|', ...rows].join('\n');
}

if (process.argv[1]?.endsWith('catalog-table.ts')) process.stdout.write(catalogTable() + '\n');
