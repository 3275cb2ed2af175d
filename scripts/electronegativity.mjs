#!/usr/bin/env node
// Runs Electronegativity over electron/ and fails on any finding not reviewed and listed in
// .electronegativity-accepted.json. Usage: node scripts/electronegativity.mjs [--json]
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const accepted = JSON.parse(readFileSync(path.join(root, '.electronegativity-accepted.json'), 'utf8'));

/** RFC 4180-ish: quoted fields with "" escapes, commas inside quotes. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}

function run() {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'electronegativity-'));
  const out = path.join(tmp, 'findings.csv');
  const bin = path.join(root, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, '-i', path.join(root, 'electron'), '-o', out, '-r', '-e', accepted.electronVersion],
      { cwd: root, timeout: 180_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        let csv = '';
        try {
          csv = readFileSync(out, 'utf8');
        } catch {
          resolve({ error: `electronegativity wrote no report: ${error?.message ?? ''}\n${stderr || stdout}` });
          return;
        } finally {
          rmSync(tmp, { recursive: true, force: true });
        }
        resolve({ csv });
      },
    );
  });
}

const result = await run();
if (result.error) {
  console.error(result.error);
  process.exit(2);
}
const [header, ...rows] = parseCsv(result.csv);
const col = (name) => header.findIndex((h) => h.trim() === name);
const findings = rows.map((r) => ({
  issue: r[col('issue')]?.trim() ?? '',
  file: r[col('filename')]?.trim() ?? '',
  location: r[col('location')]?.trim() ?? '',
  sample: r[col('sample')]?.trim() ?? '',
  description: r[col('description')]?.trim() ?? '',
}));
const isAccepted = (f) => accepted.accepted.some((a) => a.issue === f.issue && a.file === f.file && f.sample.includes(a.sample));
const unexpected = findings.filter((f) => !isAccepted(f));
const stale = accepted.accepted.filter((a) => !findings.some((f) => a.issue === f.issue && a.file === f.file && f.sample.includes(a.sample)));

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ total: findings.length, unexpected, stale }, null, 2));
} else {
  console.log(`Electronegativity: ${findings.length} finding(s), ${findings.length - unexpected.length} accepted, ${unexpected.length} new.`);
  for (const f of unexpected) console.log(`  NEW ${f.issue} ${f.file}:${f.location} ${f.sample} — ${f.description}`);
  for (const a of stale) console.log(`  (accepted but no longer reported: ${a.issue} ${a.file} — remove it from the list)`);
}
process.exit(unexpected.length > 0 ? 1 : 0);
