import { standardHostFor } from '../codecommit-host';
import { pathFor } from '../context';
import { computeHelperChain } from '../helper-chain';
import { makeOffer } from '../fixes/offer';
import { remoteUrlOffer } from '../fixes/remote-url-offer';
import type {
  AccountFixStep,
  AccountProfileFacts,
  AccountTargetFacts,
  Facts,
  Finding,
  FixOffer,
  FixStep,
  RemoteTarget,
} from '../model';
import { remotesOf } from '../targets';
import type { PlanContext } from './check';
import { selectedClient } from './client-derive';
import { targetOf } from './derive';

// Plans for the AWS account findings. Account changes (a new Git credential, an uploaded
// key) cannot be undone from the journal: offers say so; the file they touch
// (~/.ssh/config) is backed up like any other.

export const SSH_HOST_PATTERN = 'git-codecommit.*.amazonaws.com';

/** The same address with the region changed (host only; path, user and port stay). */
export function urlInRegion(url: string, target: RemoteTarget, region: string): string | null {
  const cc = target.codecommit;
  if (!cc || !target.hostname) return null;
  const host =
    cc.kind === 'standard' ? standardHostFor(region) : cc.hostname.replace(`.${cc.region}.`, `.${region}.`);
  const i = url.toLowerCase().indexOf(cc.hostname);
  if (i < 0) return null;
  return url.slice(0, i) + host + url.slice(i + cc.hostname.length);
}

interface Signer {
  acct: AccountTargetFacts;
  target: RemoteTarget;
  prof?: AccountProfileFacts;
  /** Who the account repairs act as: the profile that signs, and its IAM user. */
  who?: { profile: string; explicit: boolean; region: string; userName: string };
}

/** What AWS said about the remote a finding is about, and the profile that signs for it. */
function signerOf(facts: Facts, f: Finding): Signer | undefined {
  const about = f.about;
  if (about?.kind !== 'remote' || !facts.account.ok) return undefined;
  const account = facts.account.value;
  const acct = account.targets.find((t) => t.targetKey === about.key);
  const target = targetOf(facts, about);
  const prof = acct ? account.profiles.find((x) => x.session === acct.session) : undefined;
  if (!acct || !target) return undefined;
  const userName = prof?.identity?.userName;
  if (!prof || !userName) return { acct, target };
  const explicit = prof.source === 'helper' || prof.source === 'url';
  return { acct, target, prof, who: { profile: prof.profile, explicit, region: prof.region, userName } };
}

export function useRegionWhereItIs(f: Finding, facts: Facts, pctx: PlanContext): FixOffer[] {
  const s = signerOf(facts, f);
  const region = s?.acct.foundInRegions?.[0];
  if (!s || !region) return [];
  const { target } = s;
  if (pctx.target.kind === 'dir' && target.remote && facts.git.ok) {
    const remote = remotesOf(facts.git.value).find((r) => r.name === target.remote);
    const to = remote ? urlInRegion(remote.url, target, region) : null;
    if (remote && to) {
      return [
        remoteUrlOffer(f, {
          id: `${f.code}:set-url:${remote.name}:${region}`,
          kind: 'fix',
          title: `Point remote "${remote.name}" at ${region}`,
          dir: pctx.target.path,
          remote: remote.name,
          from: remote.url,
          to,
          plain: `Remote "${remote.name}" will point to ${region}, where the repository is.`,
        }),
      ];
    }
  }
  const to = urlInRegion(pctx.target.kind === 'url' ? pctx.target.url : target.display, target, region);
  if (!to) return [];
  return [
    makeOffer(f, {
      id: `${f.code}:use-url:${region}`,
      kind: 'suggestion',
      title: `Clone from ${to}`,
      description: `The repository is in ${region}. Use this address: ${to}`,
      plain: `Clone from ${region}, where the repository is.`,
      address: to,
    }),
  ];
}

const NO_STORE =
  'No credential helper that saves passwords is configured for this address, so a new password would be lost: configure one (for example credential.helper = store, osxkeychain or manager) first.';

type CredentialStore = Extract<
  Extract<AccountFixStep, { type: 'aws-call' }>['call'],
  { action: 'create-git-credential' | 'reset-git-credential' }
>;

/**
 * Where a new Git password goes, and whether something there keeps it. With a client named
 * (--client) it goes to the helpers *that client's* git asks — its program, exec-path and
 * `-c` settings (GitHub Desktop's own helper keeps what git approves: desktop/desktop
 * app/src/lib/trampoline/trampoline-credential-helper.ts, storeCredential) — or, for a client
 * that asks for the password itself (JetBrains' askpass, JGit, libgit2), to the person once.
 */
function storeFor(
  facts: Facts,
  target: RemoteTarget,
): { store: CredentialStore['store']; storing: boolean; where: string } {
  const store: CredentialStore['store'] = {
    protocol: 'https' as const,
    host: `${target.hostname ?? ''}${target.port ? `:${target.port}` : ''}`,
  };
  const chain =
    facts.git.ok && target.matchUrl ? computeHelperChain(facts.git.value.config, target.matchUrl) : undefined;
  const storing = chain?.helpers.some((h) => h.storing) ?? false;
  // With credential.UseHttpPath git asks for host *and* path: a password saved without the
  // path would never be handed out for this repository.
  const path = chain?.useHttpPath && target.matchUrl ? urlPath(target.matchUrl) : undefined;
  if (path) Object.assign(store, { path });
  const c = selectedClient(facts)?.selected;
  if (!c) return { store, storing, where: "git's credential helper" };
  const own = c.injected.filter((s) => s.key === 'credential.helper').at(-1)?.value;
  const handover = c.git.kind === 'in-process' || (c.helpers === 'replaces' && !own) ? 'shown' : 'git';
  const client: NonNullable<CredentialStore['store']['client']> = {
    name: c.name,
    handover,
    ...(c.git.program ? { program: c.git.program } : {}),
    ...(c.git.execPath ? { execPath: c.git.execPath } : {}),
    injected: [...c.injected],
  };
  if (handover === 'shown')
    return { store: { ...store, client }, storing: true, where: `you, once, to type into ${c.name}` };
  const ownStores = c.helpers === 'replaces' && own !== undefined;
  return {
    store: { ...store, client },
    storing: storing || ownStores,
    where: ownStores ? `${c.name}'s own credential helper` : `the credential helper ${c.name}'s git uses`,
  };
}

function urlPath(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || undefined;
  } catch {
    return undefined;
  }
}

type Who = NonNullable<Signer['who']>;

function createOffer(f: Finding, who: Who, place: ReturnType<typeof storeFor>, kind: FixOffer['kind']) {
  return makeOffer(f, {
    id: `${f.code}:create:${who.userName}`,
    kind,
    title: `Create Git credentials for ${who.userName} and save them for ${place.store.client?.name ?? 'git'}`,
    description:
      `IAM makes a user name and password for CodeCommit; the password goes straight to ${place.where} and is never shown or kept by this tool otherwise. ${place.storing ? '' : NO_STORE}`.trim(),
    steps: [{ type: 'aws-call', ...who, call: { action: 'create-git-credential', store: place.store } }],
    warning: 'Adds a credential to your IAM user (at most 2 per user); the journal cannot undo it.',
    runnable: place.storing,
    plain: `AWS will make a Git password for you and save it for ${place.store.client?.name ?? 'git'} on this computer.`,
    notice:
      place.store.client?.handover === 'shown' ? 'It is shown to you once.' : 'You never need to type it.',
  });
}

function resetOffer(
  f: Finding,
  who: Who,
  place: ReturnType<typeof storeFor>,
  cred: { id: string; serviceUserName: string; status: string },
  kind: FixOffer['kind'],
) {
  const base = { type: 'aws-call' as const, ...who };
  return makeOffer(f, {
    id: `${f.code}:reset:${cred.id}`,
    kind,
    title: `Reset ${cred.serviceUserName} and save the new password for ${place.store.client?.name ?? 'git'}`,
    description:
      `IAM makes a new password (the old one stops working at once) and it goes straight to ${place.where}. ${place.storing ? '' : NO_STORE}`.trim(),
    steps: [
      ...(cred.status === 'Inactive'
        ? [{ ...base, call: { action: 'activate-git-credential' as const, credentialId: cred.id } }]
        : []),
      { ...base, call: { action: 'reset-git-credential', credentialId: cred.id, store: place.store } },
    ],
    warning: 'The old password of this credential stops working at once, everywhere it is used.',
    runnable: place.storing,
    plain: `AWS will make a new Git password for you and save it for ${place.store.client?.name ?? 'git'} on this computer.`,
  });
}

export function repairGitCredentials(f: Finding, facts: Facts): FixOffer[] {
  const s = signerOf(facts, f);
  if (!s?.who || !s.prof?.gitCredentials) return [];
  const { who, target } = s;
  const place = storeFor(facts, target);
  const items = s.prof.gitCredentials.items;
  const base = { type: 'aws-call' as const, ...who };
  const offers: FixOffer[] = [];
  const inactive = items.find((c) => c.status === 'Inactive');
  if (f.code === 'git-credentials-inactive' && inactive) {
    offers.push(
      makeOffer(f, {
        id: `${f.code}:activate:${inactive.id}`,
        kind: 'fix',
        title: `Turn on Git credential ${inactive.serviceUserName}`,
        description:
          "Sets the credential to Active in IAM; the password saved on this computer works again if it is this credential's.",
        steps: [{ ...base, call: { action: 'activate-git-credential', credentialId: inactive.id } }],
        warning:
          'Changes your IAM user in AWS; the journal cannot undo it (turn it off again in the IAM console).',
        plain: 'Your Git password for CodeCommit will be turned on again in AWS.',
        notice: 'The password saved on this computer works again if it belongs to this credential.',
      }),
      resetOffer(f, who, place, inactive, 'suggestion'),
    );
  }
  if (items.length < 2)
    offers.push(createOffer(f, who, place, f.code === 'git-credentials-missing' ? 'fix' : 'suggestion'));
  return offers;
}

/**
 * A client that never runs the AWS helper (client-replaces-helpers, client-ignores-helpers):
 * Git credentials for it, made or reset in IAM and handed to that client's store — the same
 * steps the account findings offer, so the fix flow lists each cure once.
 */
export function gitCredentialsForClient(f: Finding, facts: Facts): FixOffer[] {
  const s = signerOf(facts, f);
  if (!s?.who || !s.prof?.gitCredentials || s.prof.gitCredentials.status !== 'ok') return [];
  const { who, target } = s;
  const place = storeFor(facts, target);
  const items = s.prof.gitCredentials.items;
  if (items.length === 0) return [createOffer(f, who, place, 'fix')];
  const active = items.find((c) => c.status === 'Active');
  const offers = [
    resetOffer(f, who, place, active ?? (items[0] as (typeof items)[number]), active ? 'suggestion' : 'fix'),
  ];
  if (items.length < 2) offers.push(createOffer(f, who, place, 'suggestion'));
  return offers;
}

export function repairSshKey(f: Finding, facts: Facts, pctx: PlanContext): FixOffer[] {
  const s = signerOf(facts, f);
  if (!s?.who || !s.prof?.sshKeys || !facts.account.ok) return [];
  const { who, target } = s;
  const ssh = facts.ssh.ok ? facts.ssh.value : undefined;
  const host = ssh?.hosts.find((h) => h.hostname === target.hostname);
  const wanted = new Set((host?.identityFiles ?? []).map((x) => `${x.path}.pub`));
  const localKeys = facts.account.value.localSshKeys;
  const key = (wanted.size ? localKeys.filter((k) => wanted.has(k.path)) : localKeys)[0];
  if (!key) return [];
  const configFile = ssh?.configFile ?? pathFor(pctx.ctx.platform).join(pctx.ctx.home, '.ssh', 'config');
  const identityFile = key.path.replace(/\.pub$/, '');
  const matched = s.prof.sshKeys.items.find((k) => k.fingerprint === key.fingerprint);
  const base = { type: 'aws-call' as const, ...who };
  const hostBlock = (keyId?: string): FixStep => ({
    type: 'ssh-config-host',
    file: configFile,
    hostPattern: SSH_HOST_PATTERN,
    identityFile,
    ...(keyId ? { keyId } : { lookup: { ...who, publicKeyFile: key.path } }),
  });
  const steps: FixStep[] = [];
  if (f.code === 'ssh-key-not-uploaded') {
    steps.push({ ...base, call: { action: 'upload-ssh-key', publicKeyFile: key.path } }, hostBlock());
  } else if (f.code === 'ssh-key-inactive' && matched) {
    steps.push({ ...base, call: { action: 'activate-ssh-key', keyId: matched.id } });
    if (host?.user !== matched.id) steps.push(hostBlock(matched.id));
  } else if (f.code === 'ssh-user-mismatch' && matched) {
    steps.push(hostBlock(matched.id));
  }
  if (steps.length === 0) return [];
  const touchesAws = steps.some((x) => x.type === 'aws-call');
  const writesConfig = steps.some((x) => x.type === 'ssh-config-host');
  const title =
    f.code === 'ssh-key-not-uploaded'
      ? `Upload ${key.path} to IAM user ${who.userName} and set it up for CodeCommit`
      : f.code === 'ssh-key-inactive'
        ? `Turn on the SSH key ${matched?.id ?? ''} in IAM`
        : `Use the key ID ${matched?.id ?? ''} as the SSH user for CodeCommit`;
  return [
    makeOffer(f, {
      id: `${f.code}:${key.path}`,
      kind: 'fix',
      title,
      description:
        `${touchesAws ? 'Changes your IAM user in AWS, then ' : ''}${writesConfig ? `writes a "Host ${SSH_HOST_PATTERN}" block with the key ID as User and ${identityFile} as IdentityFile to ${configFile} (backed up first).` : ''}`.trim(),
      steps,
      plain:
        f.code === 'ssh-key-not-uploaded'
          ? 'Your SSH key will be registered with your AWS user and set up for CodeCommit.'
          : f.code === 'ssh-key-inactive'
            ? 'Your SSH key will be turned on again in AWS.'
            : 'Your SSH settings will name the key this computer offers.',
      ...(touchesAws
        ? {
            warning:
              'The change to your IAM user cannot be undone from the journal; the ssh config file can.',
          }
        : {}),
    }),
  ];
}
