import { standardHostFor } from '../codecommit-host';
import { pathFor } from '../context';
import { computeHelperChain } from '../helper-chain';
import type { AccountProfileFacts, Finding, FixOffer, FixStep, RemoteTarget } from '../model';
import { remotesOf } from '../targets';
import { remoteUrlOffer } from './remote-url-offer';
import { commandLine } from './describe-step';
import type { PlanInput } from './planner';

// Fix offers for the AWS account findings. Account changes (a new Git credential, an
// uploaded key) cannot be undone from the journal: offers say so; the file they touch
// (~/.ssh/config) is backed up like any other.

export const SSH_HOST_PATTERN = 'git-codecommit.*.amazonaws.com';

/** The same address with the region changed (host only; path, user and port stay). */
export function urlInRegion(url: string, target: RemoteTarget, region: string): string | null {
  const cc = target.codecommit;
  if (!cc || !target.hostname) return null;
  let host: string;
  if (cc.kind === 'standard') host = standardHostFor(region);
  else host = cc.hostname.replace(`.${cc.region}.`, `.${region}.`);
  const i = url.toLowerCase().indexOf(cc.hostname);
  if (i < 0) return null;
  return url.slice(0, i) + host + url.slice(i + cc.hostname.length);
}

function explicitOf(p: AccountProfileFacts): boolean {
  return p.source === 'helper' || p.source === 'url';
}

function hostPortOf(t: RemoteTarget): string {
  return `${t.hostname ?? ''}${t.port ? `:${t.port}` : ''}`;
}

export function planAccountFixes(input: PlanInput, findings: Finding[]): Finding[] {
  const { ctx, facts } = input;
  if (!facts.account.ok) return findings;
  const account = facts.account.value;
  const dir = input.target.kind === 'dir' ? input.target.path : undefined;
  const p = pathFor(ctx.platform);

  return findings.map((f) => {
    const offers: FixOffer[] = [];
    const acct = account.targets.find((t) => t.subject === f.subject);
    const target = facts.targets.find((t) => t.display === f.subject);
    const prof = acct ? account.profiles.find((x) => x.profile === acct.profile) : undefined;
    const userName = prof?.identity?.userName;
    const who =
      prof && userName
        ? { profile: prof.profile, explicit: explicitOf(prof), region: prof.region, userName }
        : undefined;

    switch (f.code) {
      case 'aws-credentials-expired': {
        const profile = account.profiles.find((x) =>
          f.evidence.some((e) => e.kind === 'text' && e.label === 'Profile' && e.detail === x.profile),
        );
        const argv = profile?.expired?.loginCommand;
        if (argv) {
          offers.push({
            id: `${f.code}:sso-login:${profile.profile}`,
            findingCode: f.code,
            kind: 'suggestion',
            title: `Sign in again: ${commandLine(argv)}`,
            description: `Run ${commandLine(argv)} in a terminal; it opens the browser to sign in. Then check again.`,
            steps: [{ type: 'command', argv, admin: false, note: 'opens your browser to sign in' }],
            reversible: false,
            needsAdmin: false,
            applicable: false,
          });
        }
        break;
      }
      case 'repo-found-in-other-region': {
        const region = acct?.foundInRegions?.[0];
        if (!region || !target) break;
        if (dir && target.remote && facts.git.ok) {
          const remote = remotesOf(facts.git.value).find((r) => r.name === target.remote);
          const to = remote ? urlInRegion(remote.url, target, region) : null;
          if (remote && to) {
            offers.push(
              remoteUrlOffer({
                finding: f,
                id: `${f.code}:set-url:${remote.name}:${region}`,
                kind: 'fix',
                title: `Point remote "${remote.name}" at ${region}`,
                dir,
                remote: remote.name,
                from: remote.url,
                to,
              }),
            );
            break;
          }
        }
        const inputUrl = input.target.kind === 'url' ? input.target.url : target.display;
        const to = urlInRegion(inputUrl, target, region);
        if (to) {
          offers.push({
            id: `${f.code}:use-url:${region}`,
            findingCode: f.code,
            kind: 'suggestion',
            title: `Clone from ${to}`,
            description: `The repository is in ${region}. Use this address: ${to}`,
            steps: [],
            reversible: false,
            needsAdmin: false,
            applicable: false,
          });
        }
        break;
      }
      case 'git-credentials-missing':
      case 'git-credentials-inactive': {
        if (!who || !target || !prof?.gitCredentials) break;
        const chain =
          facts.git.ok && target.matchUrl
            ? computeHelperChain(facts.git.value.config, target.matchUrl)
            : undefined;
        const storing = chain?.helpers.some((h) => h.storing) ?? false;
        const store = { protocol: 'https' as const, host: hostPortOf(target) };
        const items = prof.gitCredentials.items;
        const inactive = items.filter((c) => c.status === 'Inactive');
        const base = { type: 'aws-call' as const, ...who };
        const noStore =
          'No credential helper that saves passwords is configured for this address, so a new password would be lost: configure one (for example credential.helper = store, osxkeychain or manager) first.';
        if (f.code === 'git-credentials-inactive' && inactive[0]) {
          const c = inactive[0];
          offers.push({
            id: `${f.code}:activate:${c.id}`,
            findingCode: f.code,
            kind: 'fix',
            title: `Turn on Git credential ${c.serviceUserName}`,
            description:
              "Sets the credential to Active in IAM; the password saved on this computer works again if it is this credential's.",
            steps: [{ ...base, call: { action: 'activate-git-credential', credentialId: c.id } }],
            reversible: false,
            needsAdmin: false,
            warning:
              'Changes your IAM user in AWS; the journal cannot undo it (turn it off again in the IAM console).',
            applicable: true,
          });
          offers.push({
            id: `${f.code}:reset:${c.id}`,
            findingCode: f.code,
            kind: 'suggestion',
            title: `Reset ${c.serviceUserName} and save the new password for git`,
            description:
              `IAM makes a new password (the old one stops working at once) and it goes straight to git's credential helper. ${storing ? '' : noStore}`.trim(),
            steps: [
              { ...base, call: { action: 'activate-git-credential', credentialId: c.id } },
              { ...base, call: { action: 'reset-git-credential', credentialId: c.id, store } },
            ],
            reversible: false,
            needsAdmin: false,
            warning: 'The old password of this credential stops working at once, everywhere it is used.',
            applicable: storing,
          });
        }
        if (items.length < 2) {
          offers.push({
            id: `${f.code}:create:${who.userName}`,
            findingCode: f.code,
            kind: f.code === 'git-credentials-missing' ? 'fix' : 'suggestion',
            title: `Create Git credentials for ${who.userName} and save them for git`,
            description:
              `IAM makes a user name and password for CodeCommit; the password goes straight to git's credential helper and is never shown or kept by this tool. ${storing ? '' : noStore}`.trim(),
            steps: [{ ...base, call: { action: 'create-git-credential', store } }],
            reversible: false,
            needsAdmin: false,
            warning: 'Adds a credential to your IAM user (at most 2 per user); the journal cannot undo it.',
            applicable: storing,
          });
        }
        break;
      }
      case 'ssh-key-not-uploaded':
      case 'ssh-key-inactive':
      case 'ssh-user-mismatch': {
        if (!who || !target || !prof?.sshKeys) break;
        const ssh = facts.ssh.ok ? facts.ssh.value : undefined;
        const host = ssh?.hosts.find((h) => h.hostname === target.hostname);
        const wanted = new Set((host?.identityFiles ?? []).map((x) => `${x.path}.pub`));
        const local = wanted.size
          ? account.localSshKeys.filter((k) => wanted.has(k.path))
          : account.localSshKeys;
        const key = local[0];
        if (!key) break;
        const configFile = ssh?.configFile ?? p.join(ctx.home, '.ssh', 'config');
        const identityFile = key.path.replace(/\.pub$/, '');
        const matched = prof.sshKeys.items.find((k) => k.fingerprint === key.fingerprint);
        const base = { type: 'aws-call' as const, ...who };
        const steps: FixStep[] = [];
        if (f.code === 'ssh-key-not-uploaded') {
          steps.push({ ...base, call: { action: 'upload-ssh-key', publicKeyFile: key.path } });
          steps.push({
            type: 'ssh-config-host',
            file: configFile,
            hostPattern: SSH_HOST_PATTERN,
            identityFile,
            lookup: { ...who, publicKeyFile: key.path },
          });
        } else if (f.code === 'ssh-key-inactive' && matched) {
          steps.push({ ...base, call: { action: 'activate-ssh-key', keyId: matched.id } });
          if (host?.user !== matched.id)
            steps.push({
              type: 'ssh-config-host',
              file: configFile,
              hostPattern: SSH_HOST_PATTERN,
              identityFile,
              keyId: matched.id,
            });
        } else if (f.code === 'ssh-user-mismatch' && matched) {
          steps.push({
            type: 'ssh-config-host',
            file: configFile,
            hostPattern: SSH_HOST_PATTERN,
            identityFile,
            keyId: matched.id,
          });
        }
        if (steps.length === 0) break;
        const touchesAws = steps.some((s) => s.type === 'aws-call');
        offers.push({
          id: `${f.code}:${key.path}`,
          findingCode: f.code,
          kind: 'fix',
          title:
            f.code === 'ssh-key-not-uploaded'
              ? `Upload ${key.path} to IAM user ${who.userName} and set it up for CodeCommit`
              : f.code === 'ssh-key-inactive'
                ? `Turn on the SSH key ${matched?.id ?? ''} in IAM`
                : `Use the key ID ${matched?.id ?? ''} as the SSH user for CodeCommit`,
          description:
            `${touchesAws ? 'Changes your IAM user in AWS, then ' : ''}${steps.some((s) => s.type === 'ssh-config-host') ? `writes a "Host ${SSH_HOST_PATTERN}" block with the key ID as User and ${identityFile} as IdentityFile to ${configFile} (backed up first).` : ''}`.trim(),
          steps,
          reversible: !touchesAws,
          needsAdmin: false,
          ...(touchesAws
            ? {
                warning:
                  'The change to your IAM user cannot be undone from the journal; the ssh config file can.',
              }
            : {}),
          applicable: true,
        });
        break;
      }
      default:
        break;
    }
    return offers.length ? { ...f, fixes: [...f.fixes, ...offers] } : f;
  });
}
