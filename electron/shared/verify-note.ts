// What trying an address runs, in the words the CLI and the app both show — once with the
// fix plan (the address is tried before and after the changes) and once on the verify step
// or `codecommit-doctor verify`. The check is `git ls-remote` run as a clone runs it, so it
// starts programs the user configured; people should know that before it happens.

export const VERIFY_RUNS =
  'Trying the address runs "git ls-remote" as a clone would: it starts your credential helpers to get a ' +
  'password (none is told to save or forget one) and, for an ssh:// address, your ssh command (core.sshCommand).';
