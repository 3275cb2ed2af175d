import { benchLabClones } from './lab-clones';
import { benchScan } from './scan';

// `npm run bench`: every benchmark the issues ask for, one table each. Benchmarks are not
// timed tests: they print figures for the closing notes and never fail CI.

// The SDK's Node 20 notice would interleave with the tables.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

type Bench = { name: string; run: () => Promise<unknown> };

async function optional(file: string, exportName: string): Promise<(() => Promise<unknown>) | undefined> {
  try {
    const mod = (await import(file)) as Record<string, unknown>;
    const f = mod[exportName];
    return typeof f === 'function' ? (f as () => Promise<unknown>) : undefined;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const benches: Bench[] = [
    { name: 'scan', run: () => benchScan() },
    {
      name: 'lab',
      run: async () => [
        await benchLabClones(50, 'static-git-credentials'),
        await benchLabClones(50, 'aws-helper'),
      ],
    },
  ];
  const renderer = await optional('./renderer', 'benchRenderer');
  if (renderer) benches.push({ name: 'renderer', run: renderer });
  const account = await optional('./account', 'benchAccount');
  if (account) benches.push({ name: 'account', run: account });

  for (const b of benches) {
    if (only.length > 0 && !only.includes(b.name)) continue;
    console.log(`\n== ${b.name} ==`);
    const t = Date.now();
    try {
      const result = await b.run();
      console.table(result);
    } catch (e) {
      console.log(`${b.name} could not run: ${(e as Error).message}`);
    }
    console.log(`(${((Date.now() - t) / 1000).toFixed(1)} s)`);
  }
}

void main().then(() => process.exit(0));
