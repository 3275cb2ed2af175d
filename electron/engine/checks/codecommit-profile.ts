import { advice, makeOffer } from '../fixes/offer';
import { remoteUrlOffer } from '../fixes/remote-url-offer';
import type { AccountFacts, Facts, Finding, FixOffer, ProfileSearchFacts } from '../model';
import { remotesOf } from '../targets';
import { profileOf, signInWords } from './aws-signers';
import type { CheckDefinition, FindingDraft, PlanContext } from './check';
import { found, need, skipped } from './check';
import { aboutRemote, targetOf } from './derive';
import { DOCS } from './docs';

// A codecommit:// or codecommit::region:// address without `profile@` signs with the default
// profile (or AWS_PROFILE; keys in the environment before either), whatever account the
// repository is in (aws/git-remote-codecommit#24, Context.from_url). With one profile that is
// the only choice; with several, which one signs is worth saying (offline, from the files), and
// online the profile search says which profile really sees the repository.

/** A profile name that reads back unchanged from `codecommit::region://name@repo` (urlparse's netloc). */
const URL_SAFE_PROFILE = /^[\w.+-]+$/;

function addressFor(search: Pick<ProfileSearchFacts, 'region' | 'repo'>, profile: string): string {
  return `codecommit::${search.region}://${profile}@${search.repo}`;
}

function searchOf(facts: Facts, f: Finding): ProfileSearchFacts | undefined {
  const t = targetOf(facts, f.about);
  if (!t || !facts.account.ok) return undefined;
  return facts.account.value.profileSearch?.find((s) => s.targetKey === t.key);
}

/** Point the remote (or the clone) at the profile that sees the repository: journaled, undoable. */
function useProfileThatSees(f: Finding, facts: Facts, pctx: PlanContext): FixOffer[] {
  const s = searchOf(facts, f);
  const t = targetOf(facts, f.about);
  if (!s || !t) return [];
  const profiles = s.seenBy.filter((p) => URL_SAFE_PROFILE.test(p));
  // One profile that sees it is the answer; several are a choice the user makes.
  const kind = profiles.length === 1 ? 'fix' : 'suggestion';
  const remote =
    pctx.target.kind === 'dir' && t.remote && facts.git.ok
      ? remotesOf(facts.git.value).find((r) => r.name === t.remote)
      : undefined;
  return profiles.map((profile) => {
    const to = addressFor(s, profile);
    const plain = `Git will sign in with your AWS profile "${profile}", which can see the repository.`;
    if (remote && pctx.target.kind === 'dir') {
      return remoteUrlOffer(f, {
        id: `${f.code}:set-url:${remote.name}:${profile}`,
        kind,
        title: `Sign in with profile "${profile}" for remote "${remote.name}"`,
        dir: pctx.target.path,
        remote: remote.name,
        from: remote.url,
        to,
        plain,
      });
    }
    return makeOffer(f, {
      id: `${f.code}:use-url:${profile}`,
      kind: 'suggestion',
      title: `Clone from ${to}`,
      description: `Profile "${profile}" can see ${s.repo} in ${s.region}. Use this address: ${to}`,
      plain,
      address: to,
    });
  });
}

function signerWords(s: ProfileSearchFacts, account: AccountFacts): string {
  const p = account.profiles.find((x) => x.session === s.signerSession);
  const id = p?.identity ? ` (${p.identity.arn})` : '';
  const what: Record<ProfileSearchFacts['signerLookup'], string> = {
    'not-found': 'has no repository of this name there',
    'access-denied': 'may not look at it',
    error: 'could not be asked',
    'no-credentials': 'could not sign in',
    found: 'sees it',
    'kms-denied': 'sees it',
  };
  return `profile "${s.signer}"${id}, which ${what[s.signerLookup]}`;
}

function otherProfileDraft(
  s: ProfileSearchFacts,
  account: AccountFacts,
): FindingDraft<'codecommit-repo-in-other-profile'> {
  const who = s.seenBy.map((p) => `"${p}"`).join(', ');
  const unsafe = s.seenBy.filter((p) => !URL_SAFE_PROFILE.test(p));
  return {
    code: 'codecommit-repo-in-other-profile',
    about: { kind: 'remote', key: s.targetKey },
    subject: s.subject,
    detail:
      `${s.subject} names no profile, so git signs in with ${signerWords(s, account)}. ` +
      `Your profile${s.seenBy.length > 1 ? 's' : ''} ${who} can see "${s.repo}" in ${s.region}.` +
      (unsafe.length ? ` (${unsafe.join(', ')} cannot be written in an address.)` : ''),
    evidence: [
      { kind: 'profile', name: s.signer, source: 'signs for this address' },
      { kind: 'text', label: 'Sees the repository', detail: s.seenBy.join(', ') },
      ...(s.notSeenBy.length
        ? [{ kind: 'text' as const, label: 'Does not see it', detail: s.notSeenBy.join(', ') }]
        : []),
      ...(s.notAsked.length
        ? [{ kind: 'text' as const, label: 'Could not be asked', detail: s.notAsked.join(', ') }]
        : []),
    ],
  };
}

/** Offline: which profile signs for an address that names none, when there is a choice. */
export const codecommitProfile: CheckDefinition<'codecommit-default-profile'> = {
  title: 'AWS profile of codecommit:// addresses',
  needs: ['awsConfig'],
  codes: {
    'codecommit-default-profile': {
      severity: 'info',
      title: 'This codecommit:// address signs in with your default AWS profile',
      plain:
        'This address does not say which of your AWS sign-ins to use, so the default one is used. If the repository belongs to another of your AWS accounts, put that profile in the address.',
      explanation:
        'A codecommit:// or codecommit::region:// address without "profile@" before the repository name makes git-remote-codecommit sign in with the default AWS profile (or the one AWS_PROFILE names). You have several profiles: if the repository is in another account, git answers "repository not found" or 403 until the address names the right profile, as in codecommit::us-east-2://work@my-repo.',
      docsUrl: DOCS.remoteCodecommit,
      plan: (f) => [
        advice(
          f,
          'name-profile',
          'Name the profile in the address',
          'Write the profile before the repository name: codecommit::<region>://<profile>@<repository>.',
          { plain: 'Put the name of the AWS profile to use in the address.' },
        ),
      ],
    },
  },
  run(facts) {
    const implied = facts.targets.filter((t) => t.transport === 'codecommit' && !t.profile && t.repo);
    if (implied.length === 0) return skipped('No codecommit:// address without a profile.');
    const config = need(facts, 'awsConfig');
    // Only profiles that can sign in are a choice (one with just a region is not).
    const names = [...new Set(config.profiles.filter((p) => p.credentialKind !== 'none').map((p) => p.name))];
    const choice = implied.filter((t) => {
      const who = profileOf({ target: t, needsProfileRegion: !t.region }, config);
      return names.some((n) => n !== who.name);
    });
    if (choice.length === 0)
      return found(
        [],
        'No other AWS profile that signs in: codecommit:// addresses sign in with the default one.',
      );
    const findings = choice.map((t) => {
      const who = profileOf({ target: t, needsProfileRegion: !t.region }, config);
      const words = signInWords(who, config) ?? `profile "${who.name}", which has no sign-in of its own`;
      const others = names.filter((n) => n !== who.name);
      const why = who.source === 'env' ? ' (AWS_PROFILE names it)' : '';
      return {
        code: 'codecommit-default-profile' as const,
        about: aboutRemote(t),
        subject: t.display,
        detail: `${t.display} names no profile, so git-remote-codecommit signs in with ${words}${why}. Your other profiles: ${others.join(', ')}.`,
        evidence: [{ kind: 'profile' as const, name: who.name, source: who.source }],
      };
    });
    return found(findings);
  },
};

/** Online: which of the user's profiles sees the repository the default profile does not. */
export const accountProfile: CheckDefinition<'codecommit-repo-in-other-profile'> = {
  title: 'The AWS profile that sees the repository',
  needs: ['account'],
  codes: {
    'codecommit-repo-in-other-profile': {
      severity: 'error',
      title: 'The repository belongs to another of your AWS profiles',
      plain:
        'Git signs in with your default AWS account, which cannot see this repository, but another of your AWS profiles can. The address needs that profile.',
      explanation:
        'The address names no profile, so git-remote-codecommit signs with the default profile (or AWS_PROFILE). AWS says that sign-in does not see the repository in this region, and another profile of yours does: git answers "repository not found" or 403 until the address names it (codecommit::region://profile@repository).',
      docsUrl: DOCS.remoteCodecommit,
      plan: useProfileThatSees,
    },
  },
  run(facts) {
    const account = need(facts, 'account');
    const searches = account.profileSearch ?? [];
    if (searches.length === 0)
      return skipped('No codecommit:// address whose default profile misses the repository.');
    const findings = searches.filter((s) => s.seenBy.length > 0).map((s) => otherProfileDraft(s, account));
    const none = searches
      .filter((s) => s.seenBy.length === 0)
      .map(
        (s) =>
          `${s.subject}: none of your other profiles sees "${s.repo}" in ${s.region}` +
          (s.notAsked.length ? ` (not asked: ${s.notAsked.join(', ')})` : '') +
          (s.leftOut.length ? ` (over the limit, not asked: ${s.leftOut.join(', ')})` : '') +
          (s.interactive.length
            ? ` (not asked, signing in would run your own command or want an MFA code: ${s.interactive.join(', ')})`
            : '') +
          '.',
      );
    return found(findings, none.join(' ') || undefined);
  },
};
