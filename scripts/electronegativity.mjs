#!/usr/bin/env node
// Runs Electronegativity (`-i electron -o <tmp>.sarif -e <our Electron>`) over electron/ and fails on any finding not reviewed and listed in
// .electronegativity-accepted.json. Usage: node scripts/electronegativity.mjs [--json]
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const accepted = JSON.parse(readFileSync(path.join(root, '.electronegativity-accepted.json'), 'utf8'));

function run() {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'electronegativity-'));
  // SARIF, not CSV: its CSV writer sometimes interleaves rows (seen with 1.10.3).
  const out = path.join(tmp, 'findings.sarif');
  const bin = path.join(root, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js');
  // Electronegativity reaches out to the internet on every run (translations, and Electron's
  // release list for AvailableSecurityFixesGlobalCheck). These machines have no such network
  // and tests must stay on loopback: where possible it runs in a network namespace of its own
  // (Linux, root), and that check is skipped — the Electron version is pinned in package.json
  // (checklist item 16).
  const isolate = process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/usr/bin/unshare');
  const [command, prefix] = isolate
    ? ['/usr/bin/unshare', ['--net', process.execPath]]
    : [process.execPath, []];
  return new Promise((resolve) => {
    execFile(
      command,
      [
        ...prefix,
        bin,
        '-i',
        path.join(root, 'electron'),
        '-o',
        out,
        '-r',
        '-e',
        accepted.electronVersion,
        '-x',
        'AvailableSecurityFixesGlobalCheck',
      ],
      { cwd: root, timeout: 180_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        let sarif;
        try {
          sarif = JSON.parse(readFileSync(out, 'utf8'));
        } catch {
          resolve({
            error: `electronegativity wrote no report: ${error?.message ?? ''}\n${stderr || stdout}`,
          });
          return;
        } finally {
          rmSync(tmp, { recursive: true, force: true });
        }
        resolve({ sarif });
      },
    );
  });
}

const result = await run();
if (result.error) {
  console.error(result.error);
  process.exit(2);
}
const lines = new Map();
function sourceLine(file, line) {
  if (!lines.has(file)) {
    try {
      lines.set(file, readFileSync(path.join(root, 'electron', file), 'utf8').split('\n'));
    } catch {
      lines.set(file, []);
    }
  }
  return (lines.get(file)[line - 1] ?? '').trim();
}
// The SARIF results carry no code sample: the flagged source line is read back instead.
const findings = (result.sarif.runs?.[0]?.results ?? []).map((r) => {
  const loc = r.locations?.[0]?.physicalLocation;
  const file = loc?.artifactLocation?.uri ?? '';
  const line = loc?.region?.startLine ?? 0;
  return {
    issue: r.ruleId,
    file,
    location: `${line}:${loc?.region?.startColumn ?? 0}`,
    sample: sourceLine(file, line),
    description: r.message?.text ?? '',
  };
});
const isAccepted = (f) =>
  accepted.accepted.some((a) => a.issue === f.issue && a.file === f.file && f.sample.includes(a.sample));
const unexpected = findings.filter((f) => !isAccepted(f));
const stale = accepted.accepted.filter(
  (a) => !findings.some((f) => a.issue === f.issue && a.file === f.file && f.sample.includes(a.sample)),
);

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ total: findings.length, unexpected, stale }, null, 2));
} else {
  console.log(
    `Electronegativity: ${findings.length} finding(s), ${findings.length - unexpected.length} accepted, ${unexpected.length} new.`,
  );
  for (const f of unexpected)
    console.log(`  NEW ${f.issue} ${f.file}:${f.location} ${f.sample} — ${f.description}`);
  for (const a of stale)
    console.log(`  (accepted but no longer reported: ${a.issue} ${a.file} — remove it from the list)`);
}
process.exit(unexpected.length > 0 ? 1 : 0);
