import type { Verdict, VerifyOutcome } from '../engine/fixes/verify';

// What `git ls-remote` ran into, as the end of a sentence ("before the fixes, the server
// refused the password (403); now, cloning works"): the CLI's before/after line, never
// "DNS → DNS". The exact messages stay in the verdict's headline and detail.

const OUTCOME_WORDS: Record<Exclude<VerifyOutcome, 'ok'>, string> = {
  forbidden: 'the server refused the password (403)',
  unauthorized: 'the server rejected the credentials (401)',
  'repo-not-found': 'the server says there is no such repository (404)',
  'username-wanted': 'git asked for a user name or password and no credential helper gave one',
  'helper-error': 'the credential helper failed',
  dns: 'could not find the server (DNS lookup failed)',
  tls: 'could not make a secure connection to the server (TLS)',
  timeout: 'the server did not answer in time',
  proxy: 'the proxy stopped git',
  connect: 'could not reach the server (no network connection)',
  'ssh-denied': 'the server refused the SSH key',
  'remote-helper-missing': 'git-remote-codecommit is not installed',
  other: 'git failed',
};

/** "cloning works (git lists 3 refs)", "could not find the server (DNS lookup failed)". */
export function verdictWords(v: Pick<Verdict, 'outcome' | 'refs' | 'followedBy'>): string {
  if (v.outcome === 'ok')
    return v.refs !== undefined
      ? `cloning works (git lists ${v.refs} ref${v.refs === 1 ? '' : 's'})`
      : 'cloning works';
  const then =
    v.outcome === 'helper-error' && v.followedBy && v.followedBy !== 'ok'
      ? `, then ${OUTCOME_WORDS[v.followedBy]}`
      : '';
  return OUTCOME_WORDS[v.outcome] + then;
}

/** "before the fixes: the server refused the password (403); now: cloning works (git lists 3 refs)." */
export function beforeAfterWords(before: Verdict, after: Verdict): string {
  if (before.outcome === after.outcome && !after.ok)
    return `before and after the fixes: ${verdictWords(after)}.`;
  return `before the fixes: ${verdictWords(before)}; now: ${verdictWords(after)}.`;
}
