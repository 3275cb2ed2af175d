import { main } from './main';

// The AWS SDK warns on every run under Node 20 that future SDK releases will need Node 22;
// a person running the doctor can do nothing about it, and fleets read our stdout/stderr.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`codecommit-doctor could not run: ${(e as Error)?.message ?? String(e)}\n`);
    process.exitCode = 2;
  },
);
