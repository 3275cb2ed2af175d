import { encodeUserForUrl } from '../target';
import { remotesOf } from '../targets';
import { advice } from '../fixes/offer';
import { remoteUrlOffer } from '../fixes/remote-url-offer';
import type { Facts, Finding, FixOffer } from '../model';
import type { CheckDefinition, PlanContext } from './check';
import { found, noAddress } from './check';
import { addressNextSteps } from './next-steps';
import { aboutRemote, awsHelper, chainOf, targetOf } from './derive';
import { DOCS } from './docs';

type Code = 'url-malformed' | 'url-not-codecommit' | 'url-username-needs-encoding';

/** The address without its user name (everything before the last "@" of the authority). */
const withoutUser = (url: string) => url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/]*@/i, '$1');

/**
 * The address git can use: without the user name when the AWS helper signs for it (a user
 * name in the address makes git drop the password the helper signs: 403, seen with real git
 * and the AWS CLI in the Lab), else with the user name encoded. As advice for a URL, as a fix
 * for a folder's remotes.
 */
function encodeUserName(f: Finding, facts: Facts, pctx: PlanContext): FixOffer[] {
  const t = targetOf(facts, f.about);
  if (!t?.user || !t.rawUser) return [];
  const c = chainOf(facts, f.about);
  const signs = c !== undefined && awsHelper(c.chain) !== undefined;
  // The user name starts the authority; a password (masked) may follow it after a `:`.
  const fixed = (url: string) =>
    signs ? withoutUser(url) : url.replace(`://${t.rawUser}`, `://${encodeUserForUrl(t.user as string)}`);
  if (pctx.target.kind !== 'dir') {
    const address = fixed(pctx.target.kind === 'url' ? pctx.target.url : t.display);
    return [
      signs
        ? advice(
            f,
            'no-user',
            'Clone without a user name in the address',
            `The AWS helper signs in for this address by itself, and a user name in the address stops git from using the password it signs. Use this address instead: ${fixed(t.display)}`,
            { plain: 'Use the address without the user name: AWS signs you in by itself.', address },
          )
        : advice(
            f,
            'encoded-url',
            'Clone with the user name encoded',
            `Use this address instead: ${fixed(t.display)}`,
            {
              plain: 'Use the same address with the “@” in the user name written as %40.',
              address,
            },
          ),
    ];
  }
  if (!facts.git.ok) return [];
  const dir = pctx.target.path;
  return remotesOf(facts.git.value)
    .filter((r) => r.url.includes(t.rawUser as string))
    .map((r) =>
      remoteUrlOffer(f, {
        id: `${f.code}:set-url:${r.name}`,
        kind: 'fix',
        title: signs
          ? `Remove the user name from remote "${r.name}"`
          : `Encode the user name in remote "${r.name}"`,
        dir,
        remote: r.name,
        from: r.url,
        to: fixed(r.url),
        plain: signs
          ? `Remote "${r.name}" will use its address without the user name: AWS signs you in by itself.`
          : `Remote "${r.name}" will use its address with the “@” in the user name written as %40.`,
      }),
    );
}

export const cloneAddress: CheckDefinition<Code> = {
  title: 'Clone address',
  needs: [],
  codes: {
    'url-malformed': {
      severity: 'error',
      title: 'The clone address cannot be read',
      plain: 'The address you gave is not a complete clone address, so git cannot use it.',
      explanation:
        'The address given is not a URL git can use. A CodeCommit HTTPS address looks like https://git-codecommit.us-east-2.amazonaws.com/v1/repos/my-repo.',
      docsUrl: DOCS.regions,
      plan: addressNextSteps,
    },
    'url-not-codecommit': {
      severity: 'error',
      title: 'This address is not a CodeCommit repository',
      plain:
        'This address does not point to AWS CodeCommit, so there is nothing here for the doctor to check.',
      explanation:
        'The host in this address is not an AWS CodeCommit host, so the AWS credential helper will not sign in for it and this tool has nothing to check. Copy the clone URL from the CodeCommit console.',
      docsUrl: DOCS.regions,
      plan: addressNextSteps,
    },
    'url-username-needs-encoding': {
      severity: 'error',
      title: 'The user name in the address is not encoded',
      plain: 'The address has an “@” in the user name, which makes git talk to the wrong server.',
      explanation:
        'The address contains a user name with an "@" (or another reserved character) written as is. Git splits the address at the first "@", so it talks to the wrong host or sends the wrong user name. The "@" must be written as %40.',
      docsUrl: DOCS.troubleshootGitCredentials,
      plan: encodeUserName,
    },
  },
  run(facts) {
    // A codecommit:// address holding a host is codecommit-address.ts's.
    const findings = facts.urlProblems.flatMap((p) =>
      p.code === 'url-codecommit-host-as-repo'
        ? []
        : [
            {
              code: p.code,
              about: { kind: 'address' as const, input: p.input },
              subject: p.input,
              detail: p.reason,
              evidence: [{ kind: 'text' as const, label: 'Address', detail: p.input }],
            },
          ],
    );
    const encoding = facts.targets
      .filter((t) => t.rawUser !== undefined && t.user !== undefined && /[@:/]/.test(t.rawUser))
      .map((t) => ({
        code: 'url-username-needs-encoding' as const,
        about: aboutRemote(t),
        subject: t.display,
        evidence: [
          { kind: 'text' as const, label: 'Address', detail: t.display },
          { kind: 'text' as const, label: 'User name as written', detail: t.rawUser as string },
        ],
      }));
    if (facts.targets.length === 0 && facts.urlProblems.length === 0) {
      return noAddress(facts, 'No CodeCommit address to check.');
    }
    return found<Code>([...findings, ...encoding]);
  },
};
