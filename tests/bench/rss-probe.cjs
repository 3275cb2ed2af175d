// Preloaded into the CLI by the benchmark: reports the process's peak RSS (KB) at exit.
process.on('exit', () => process.stderr.write(`MAXRSS ${process.resourceUsage().maxRSS}\n`));
