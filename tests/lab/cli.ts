import { disposeLabCaches, LAB_REFUSAL_HEADER } from './git-server';
import { buildScenario, SCENARIOS, type BuiltScenario } from './scenarios';

// `npm run lab -- <scenario>`: starts the Lab with one scenario in a throwaway HOME and
// prints the environment to reproduce it by hand; Ctrl-C stops everything it started.
// `npm run lab -- --list` lists the scenarios.

function shellQuote(v: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]*$/.test(v) && v !== '' ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}

function usage(): string {
  return 'usage: npm run lab -- <scenario> | --list';
}

async function main(argv: string[]): Promise<number> {
  const arg = argv[0];
  if (!arg || arg === '--help' || arg === '-h') {
    console.log(usage());
    return arg ? 0 : 2;
  }
  if (arg === '--list') {
    const width = Math.max(...SCENARIOS.map((s) => s.name.length));
    for (const s of SCENARIOS) {
      const all = [...s.expectedCodes, ...(s.accountCodes ?? []).map((c) => `${c} (online)`)];
      const codes = all.length ? all.join(', ') : '(healthy)';
      console.log(`${s.name.padEnd(width)}  ${codes}\n${' '.repeat(width + 2)}${s.description}`);
    }
    return 0;
  }
  if (!SCENARIOS.some((s) => s.name === arg)) {
    console.error(`unknown scenario: ${arg}\n${usage()}\nknown: ${SCENARIOS.map((s) => s.name).join(', ')}`);
    return 2;
  }

  // Signals during the build still stop what the build started.
  const building: Promise<BuiltScenario | undefined> = buildScenario(arg);
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const b = await building.catch(() => undefined);
      if (b) await b.dispose();
      disposeLabCaches();
    })();
    return stopping;
  };
  const onSignal = (sig: NodeJS.Signals) => {
    console.error(`\n${sig}: stopping the Lab and removing the sandbox`);
    void stop().then(() => process.exit(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const built = await building;
  if (!built) return 1;
  const { sandbox } = built;
  console.log(`# Scenario ${built.name}: ${built.description}`);
  if (built.note) console.log(`# Note: ${built.note}`);
  console.log(`# Expected finding codes: ${built.expectedCodes.join(', ') || '(none)'}`);
  console.log(`# Lab listening on 127.0.0.1:${built.lab.port}; paste these lines into a shell:`);
  console.log('unset $(env | grep -o "^AWS_[A-Za-z_]*") GIT_SSL_CAINFO');
  for (const [k, v] of Object.entries(sandbox.env)) console.log(`export ${k}=${shellQuote(v)}`);
  console.log(`cd ${shellQuote(sandbox.home)}`);
  console.log(`git clone ${shellQuote(built.url)}`);
  const refusals = built.expectedLab.map((r) => `${r.status} ${r.reason}`).join(', ') || 'nothing';
  console.log(
    `# git should exit ${built.expectedGit.exitCode} printing ${built.expectedGit.output}.\n` +
      `# The Lab should refuse: ${refusals} (GIT_TRACE_CURL=1 shows its ${LAB_REFUSAL_HEADER} header).\n` +
      '# Ctrl-C here stops the Lab.',
  );
  // Keeps the event loop alive until a signal arrives.
  await new Promise<never>(() => setInterval(() => undefined, 1 << 30));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  },
);
