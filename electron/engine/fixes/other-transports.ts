import { awsHelper, chainOf, targetOf } from '../checks/derive';
import type { PlanContext } from '../checks/check';
import type { Facts, Finding, FixOffer } from '../model';
import { remoteUrlOffer } from './remote-url-offer';

/**
 * Other ways to sign in, for a repository folder whose HTTPS remote has helper trouble:
 * git-remote-codecommit (signs without any credential helper) and SSH. Suggestions: they
 * change how this repository talks to CodeCommit.
 */
export function otherTransports(finding: Finding, facts: Facts, pctx: PlanContext): FixOffer[] {
  const dir = pctx.target.kind === 'dir' ? pctx.target.path : undefined;
  const t = targetOf(facts, finding.about);
  if (!dir || !t?.remote || !t.codecommit || !t.repo || t.transport !== 'https' || t.port) return [];
  const cc = t.codecommit;
  const remote = t.remote;
  const switchTo = (key: string, title: string, description: string, to: string, plain: string): FixOffer =>
    remoteUrlOffer(finding, {
      id: `${finding.code}:${key}:${remote}`,
      kind: 'suggestion',
      title,
      description,
      dir,
      remote,
      from: t.display,
      to,
      plain,
    });
  const offers: FixOffer[] = [];
  const grc = facts.remoteCodecommit.ok ? facts.remoteCodecommit.value.path : null;
  if (grc && cc.kind === 'standard') {
    const c = chainOf(facts, finding.about);
    const profile = c ? awsHelper(c.chain)?.awsProfile : undefined;
    offers.push(
      switchTo(
        'use-remote-codecommit',
        `Use git-remote-codecommit for remote "${remote}"`,
        `git-remote-codecommit (${grc}) signs each request itself, so no credential helper is involved.`,
        `codecommit::${cc.region}://${profile ? `${profile}@` : ''}${t.repo}`,
        'This repository will sign in to AWS through git-remote-codecommit, without any saved password.',
      ),
    );
  }
  const keys = facts.ssh.ok ? facts.ssh.value.publicKeys : [];
  if (keys.length > 0 && (cc.kind === 'standard' || cc.kind === 'vpce')) {
    offers.push(
      switchTo(
        'use-ssh',
        `Use SSH for remote "${remote}"`,
        'SSH needs no credential helper: CodeCommit knows you by an SSH key uploaded to your IAM user and its key ID as the SSH user name (in ~/.ssh/config).',
        `ssh://${cc.hostname}/v1/repos/${t.repo}`,
        'This repository will use your SSH key instead of a password.',
      ),
    );
  }
  return offers;
}
