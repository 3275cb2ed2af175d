import { runBenches, type Bench } from './run-benches';

// `npm run bench [-- scan|lab|renderer|account]`: every benchmark the issues ask for, one table
// each. Benchmarks are measurements for the closing notes, not timed tests (npm test does not
// run them); a benchmark that cannot load or run makes this exit non-zero with its error.

// The SDK's Node 20 notice would interleave with the tables.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const BENCHES: Bench[] = [
  {
    name: 'scan',
    load: async () => {
      const { benchScan } = await import('./scan');
      return { run: () => benchScan() };
    },
  },
  {
    name: 'lab',
    load: async () => {
      const { benchLabClones } = await import('./lab-clones');
      return {
        run: async () => [
          await benchLabClones(50, 'static-git-credentials'),
          await benchLabClones(50, 'aws-helper'),
        ],
      };
    },
  },
  {
    name: 'renderer',
    load: async () => {
      const { benchRenderer, formatRendererTable } = await import('./renderer');
      return {
        run: () => benchRenderer(),
        format: (rows) => formatRendererTable(rows as Awaited<ReturnType<typeof benchRenderer>>),
      };
    },
  },
  {
    name: 'account',
    load: async () => {
      const { benchAccount } = await import('./account');
      return { run: () => benchAccount() };
    },
  },
];

void runBenches(BENCHES, process.argv.slice(2), {
  log: (text) => console.log(text),
  table: (rows) => console.table(rows),
  error: (text) => console.error(text),
}).then((code) => process.exit(code));
