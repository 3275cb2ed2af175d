import { main } from './main';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`codecommit-doctor could not run: ${(e as Error)?.message ?? String(e)}\n`);
    process.exitCode = 2;
  },
);
