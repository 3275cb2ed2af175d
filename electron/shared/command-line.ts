// Shell-style rendering of an argv, for people to read or paste (never executed by a shell here).

function quoteArg(a: string): string {
  if (a === '') return "''";
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

export function commandLine(argv: string[]): string {
  return argv.map(quoteArg).join(' ');
}
