// A second CodeCommit Doctor process for the journal's crash and concurrency tests, run as
// `node --import tsx tests/support/journal-child.ts <json>`. It talks to the parent
// through single-line JSON on stdout, so the parent can time its SIGKILL exactly.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Journal } from '../../electron/engine/fixes/journal';

export type ChildCommand =
  | {
      mode: 'crash';
      dir: string;
      /** Backed up in order; the first is then overwritten with `newContent`. */
      files: string[];
      newContent: string;
      /** Backed up as "did not exist", then created (a file the fix adds). */
      created?: string;
    }
  | {
      mode: 'hold';
      dir: string;
      /** Holds the transaction this long, or (with releaseFile) until that file exists. */
      holdMs: number;
      releaseFile?: string;
      lockTimeoutMs: number;
      label: string;
      file?: string;
    }
  /** Applies fix after fix to `file` until killed: each writes `<n>\n` after backing it up. */
  | { mode: 'churn'; dir: string; file: string }
  /**
   * Loads everything, says `ready`, waits for a line on stdin, then applies one fix the way
   * apply does (two steps: rewrite `file`, create `created`) and says how long it took — so
   * the parent can kill it at a chosen moment of the fix, measured from the go.
   */
  | { mode: 'fix-once'; dir: string; file: string; created: string };

function say(msg: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(msg)}\n`);
}

async function main(): Promise<void> {
  const cmd = JSON.parse(process.argv[2] ?? '{}') as ChildCommand;
  if (cmd.mode === 'crash') {
    const journal = new Journal(cmd.dir);
    const tx = await journal.begin({
      title: 'Crash mid-fix',
      findingCode: 'helper-not-configured',
      fixId: 'crash-test',
      steps: [
        { description: 'edit first file', reversible: true },
        { description: 'edit second file', reversible: true },
      ],
    });
    for (const f of cmd.files) await tx.backupFile(f);
    if (cmd.created) await tx.backupFile(cmd.created);
    await tx.stepStarted(0);
    const first = cmd.files[0];
    if (first) await writeFile(first, cmd.newContent);
    if (cmd.created) await writeFile(cmd.created, 'created by the fix\n');
    await tx.stepDone(0);
    await tx.stepStarted(1);
    say({ ready: true, id: tx.id, pid: process.pid });
    // Wait to be killed; the interval keeps the event loop alive.
    setInterval(() => undefined, 60_000);
    return;
  }

  if (cmd.mode === 'fix-once') {
    const journal = new Journal(cmd.dir);
    say({ ready: true, pid: process.pid });
    await new Promise((resolve) => process.stdin.once('data', resolve));
    say({ started: true });
    const t0 = process.hrtime.bigint();
    const tx = await journal.begin({
      title: 'One whole fix',
      findingCode: 'helper-not-configured',
      fixId: 'fix-once',
      steps: [
        { description: 'rewrite the config', reversible: true },
        { description: 'create the ssh config', reversible: true },
      ],
    });
    await tx.stepStarted(0);
    await tx.backupFile(cmd.file);
    await writeFile(cmd.file, `[credential "https://git-codecommit.us-east-1.amazonaws.com"]\n\thelper =\n`);
    await tx.stepDone(0);
    await tx.stepStarted(1);
    await tx.backupFile(cmd.created);
    await writeFile(cmd.created, 'Host git-codecommit.*.amazonaws.com\n  User APKAEXAMPLE\n');
    await tx.stepDone(1);
    await tx.finish('applied');
    say({ done: true, id: tx.id, elapsedMs: Number(process.hrtime.bigint() - t0) / 1e6 });
    process.exit(0);
  }

  if (cmd.mode === 'churn') {
    const journal = new Journal(cmd.dir);
    for (let n = 1; ; n++) {
      const tx = await journal.begin({
        title: `churn ${n}`,
        findingCode: 'helper-not-configured',
        fixId: 'churn',
        steps: [{ description: `write ${n}`, reversible: true }],
      });
      await tx.backupFile(cmd.file);
      await tx.stepStarted(0);
      await writeFile(cmd.file, `${n}\n`);
      await tx.stepDone(0);
      await tx.finish('applied');
      if (n === 1) say({ ready: true });
    }
  }

  const journal = new Journal(cmd.dir, { lockTimeoutMs: cmd.lockTimeoutMs });
  const startedAt = Date.now();
  try {
    const tx = await journal.begin({
      title: `hold ${cmd.label}`,
      findingCode: 'helper-not-configured',
      fixId: `hold-${cmd.label}`,
      steps: [{ description: 'wait', reversible: true }],
    });
    const lockedAt = Date.now();
    if (cmd.file) await tx.backupFile(cmd.file);
    await tx.stepStarted(0);
    const until = Date.now() + cmd.holdMs;
    do await new Promise((r) => setTimeout(r, 20));
    while (Date.now() < until && (!cmd.releaseFile || !existsSync(cmd.releaseFile)));
    await tx.stepDone(0);
    const releasedAt = Date.now();
    await tx.finish('applied');
    say({ ok: true, label: cmd.label, id: tx.id, startedAt, lockedAt, releasedAt });
  } catch (e) {
    say({ ok: false, label: cmd.label, error: (e as Error).message, startedAt });
    process.exitCode = 3;
  }
}

main().catch((e: unknown) => {
  say({ ok: false, fatal: (e as Error).message });
  process.exitCode = 2;
});
