import { awsHelper, httpsChains } from '../checks/derive';
import type { EngineContext } from '../context';
import { computeHelperChain } from '../helper-chain';
import type {
  ConfigEntry,
  ConfigScope,
  Evidence,
  Facts,
  Finding,
  FixOffer,
  FixStep,
  RemoteTarget,
  TargetInput,
} from '../model';
import { encodeUserForUrl } from '../target';
import { remotesOf } from '../targets';
import { globalConfigFile, localConfigFile } from './config-files';
import { awsHelperCommand, type AwsHelperOptions } from './helper-command';
import { remoteUrlOffer } from './remote-url-offer';
import { planAccountFixes } from './account-planner';

// Turns findings into plans: data first, action later. Every plan is checked here by
// replaying its config steps through the same helper-chain logic the diagnosis uses, so a
// plan that would not make the AWS helper answer first is never offered.

const IRREVERSIBLE =
  'Deleting saved passwords cannot be undone: this tool never reads a password, so it cannot put one back. They were expired copies anyway — the AWS helper signs a fresh one for every clone.';

/** Where the AWS CLI installers put it, for helpers that cannot find `aws` on PATH. */
const KNOWN_AWS_LOCATIONS: Record<string, string[]> = {
  win32: [
    'C:\\Program Files\\Amazon\\AWSCLIV2\\aws.exe',
    'C:\\Program Files\\Amazon\\AWSCLI\\bin\\aws.cmd',
    'C:\\Program Files (x86)\\Amazon\\AWSCLI\\bin\\aws.cmd',
  ],
  darwin: ['/usr/local/bin/aws', '/opt/homebrew/bin/aws', '/usr/local/aws-cli/aws'],
  linux: ['/usr/local/bin/aws', '/usr/bin/aws', '/usr/local/aws-cli/v2/current/bin/aws'],
};

export interface PlanInput {
  ctx: EngineContext;
  facts: Facts;
  target: TargetInput;
}

function hostPort(t: RemoteTarget): string {
  return `${t.hostname}${t.port ? `:${t.port}` : ''}`;
}

/** Replays config steps onto the entry list the way git would read the edited files. */
export function simulateConfig(config: ConfigEntry[], steps: FixStep[]): ConfigEntry[] {
  let entries = [...config];
  for (const s of steps) {
    if (s.type !== 'git-config') continue;
    const key = s.key.replace(
      /^(credential\.)(.*)\.([^.]+)$/,
      (_m, a: string, url: string, v: string) => `${a}${url}.${v.toLowerCase()}`,
    );
    const inFile = entries.filter((e) => e.origin === s.file);
    const matches = (e: ConfigEntry) =>
      e.origin === s.file &&
      e.key === key &&
      (!s.valuePattern || new RegExp(s.valuePattern).test(e.value ?? ''));
    if (s.op === 'unset-all') {
      entries = entries.filter((e) => !matches(e));
      continue;
    }
    if (s.op === 'replace-all' || s.op === 'set') {
      // git 2.39 `--replace-all` writes the new value where the LAST match was and drops the
      // others ([a, b, a] with `^a$` → [b, new]); with no match it appends, as below.
      const last = entries.findLastIndex(matches);
      if (last >= 0) {
        entries[last] = { ...(entries[last] as ConfigEntry), value: s.value ?? null };
        entries = entries.filter((e, i) => i === last || !matches(e));
        continue;
      }
    }
    const last = inFile.length ? entries.lastIndexOf(inFile[inFile.length - 1] as ConfigEntry) : -1;
    const entry: ConfigEntry = {
      scope: s.scope,
      originType: 'file',
      origin: s.file,
      key,
      value: s.value ?? null,
      order: 0,
    };
    if (last >= 0) entries.splice(last + 1, 0, entry);
    else {
      // A file git did not read yet: it takes its scope's place in git's reading order.
      const rank: ConfigScope[] = ['system', 'global', 'local', 'worktree', 'command'];
      const pos = entries.findIndex((e) => rank.indexOf(e.scope) > rank.indexOf(s.scope));
      entries.splice(pos < 0 ? entries.length : pos, 0, entry);
    }
  }
  return entries.map((e, i) => ({ ...e, order: i }));
}

function git(
  file: string,
  scope: ConfigScope,
  op: 'add' | 'set' | 'replace-all' | 'unset-all',
  key: string,
  value?: string,
  valuePattern?: string,
): FixStep {
  return {
    type: 'git-config',
    op,
    file,
    scope,
    key,
    ...(value !== undefined ? { value } : {}),
    ...(valuePattern ? { valuePattern } : {}),
  };
}

/** `[credential "https://<exact host>"]` with an empty reset, the AWS helper and UseHttpPath. */
function scopedSectionSteps(
  file: string,
  scope: ConfigScope,
  target: RemoteTarget,
  helper: string,
): FixStep[] {
  const section = `credential.https://${hostPort(target)}`;
  return [
    git(file, scope, 'add', `${section}.helper`, ''),
    git(file, scope, 'add', `${section}.helper`, helper),
    git(file, scope, 'set', `${section}.UseHttpPath`, 'true'),
  ];
}

function worksAfter(config: ConfigEntry[], steps: FixStep[], target: RemoteTarget): boolean {
  const chain = computeHelperChain(simulateConfig(config, steps), target.matchUrl as string);
  return chain.helpers[0]?.kind === 'aws' && chain.useHttpPath;
}

export async function planFixes(input: PlanInput, given: Finding[]): Promise<Finding[]> {
  const { ctx, facts } = input;
  const findings = planAccountFixes(input, given);
  if (!facts.git.ok) return findings;
  const config = facts.git.value.config;
  const globalFile = await globalConfigFile(ctx, config);
  const dir = input.target.kind === 'dir' ? input.target.path : undefined;
  const localFile = dir ? localConfigFile(ctx, config, dir) : undefined;
  const chains = httpsChains(facts);
  const chainFor = (subject?: string) => chains.find((c) => c.target.display === subject);

  /** The AWS helper line to write for a target: keep the user's program and profile. */
  const helperLineFor = (subject: string | undefined, over: AwsHelperOptions = {}): string => {
    const existing = chainFor(subject) ? awsHelper(chainFor(subject)!.chain) : undefined;
    const programOk = (p?: string) =>
      !p || (facts.awsCli.ok && facts.awsCli.value.programs.some((x) => x.program === p && x.resolvedPath));
    return awsHelperCommand(ctx.platform, {
      ...(existing?.awsProgram && programOk(existing.awsProgram) && existing.awsProgram !== 'aws'
        ? { program: existing.awsProgram }
        : {}),
      ...(existing?.awsProfile ? { profile: existing.awsProfile } : {}),
      ...over,
    });
  };

  /** Global by default; local when a repository-level helper would otherwise come after the reset. */
  const sectionFileFor = (subject?: string): { file: string; scope: ConfigScope } => {
    const c = chainFor(subject);
    const late = c?.chain.helpers.some(
      (h) => h.kind !== 'aws' && (h.entry.scope === 'local' || h.entry.scope === 'worktree'),
    );
    return late && localFile ? { file: localFile, scope: 'local' } : { file: globalFile, scope: 'global' };
  };

  const scopedSectionOffer = (
    f: Finding,
    over: AwsHelperOptions = {},
    title?: string,
  ): FixOffer | undefined => {
    const c = chainFor(f.subject);
    if (!c) return undefined;
    const { file, scope } = sectionFileFor(f.subject);
    const steps = scopedSectionSteps(file, scope, c.target, helperLineFor(f.subject, over));
    if (!worksAfter(config, steps, c.target)) return undefined;
    return {
      id: `${f.code}:scoped-section:${hostPort(c.target)}`,
      findingCode: f.code,
      kind: 'fix',
      title: title ?? `Use only the AWS helper for ${hostPort(c.target)}`,
      description: `Adds a [credential "https://${hostPort(c.target)}"] section to ${scope === 'global' ? 'your git settings' : "this repository's settings"}: an empty "helper =" line so no other helper answers for this host, the AWS helper, and UseHttpPath = true. Other hosts (GitHub and the rest) keep their helpers.`,
      steps,
      reversible: true,
      needsAdmin: false,
      applicable: true,
    };
  };

  /** Advice the user carries out (nothing here can do it for them). */
  const advice = (f: Finding, key: string, title: string, description: string): FixOffer => ({
    id: `${f.code}:${key}`,
    findingCode: f.code,
    kind: 'suggestion',
    title,
    description,
    steps: [],
    reversible: false,
    needsAdmin: false,
    applicable: false,
  });

  /**
   * Other ways to sign in, for a repository folder whose HTTPS remote has helper trouble:
   * git-remote-codecommit (signs without any credential helper) and SSH. Suggestions: they
   * change how this repository talks to CodeCommit.
   */
  const otherTransports = (f: Finding): FixOffer[] => {
    const t = facts.targets.find((x) => x.display === f.subject);
    if (!dir || !t?.remote || !t.codecommit || !t.repo || t.transport !== 'https' || t.port) return [];
    const cc = t.codecommit;
    const offers: FixOffer[] = [];
    const switchTo = (key: string, title: string, description: string, to: string): FixOffer =>
      remoteUrlOffer({
        finding: f,
        id: `${f.code}:${key}:${t.remote}`,
        kind: 'suggestion',
        title,
        description,
        dir,
        remote: t.remote as string,
        from: t.display,
        to,
      });
    const grc = facts.remoteCodecommit.ok ? facts.remoteCodecommit.value.path : null;
    if (grc && cc.kind === 'standard') {
      const profile = chainFor(f.subject) ? awsHelper(chainFor(f.subject)!.chain)?.awsProfile : undefined;
      offers.push(
        switchTo(
          'use-remote-codecommit',
          `Use git-remote-codecommit for remote "${t.remote}"`,
          `git-remote-codecommit (${grc}) signs each request itself, so no credential helper is involved.`,
          `codecommit::${cc.region}://${profile ? `${profile}@` : ''}${t.repo}`,
        ),
      );
    }
    const keys = facts.ssh.ok ? facts.ssh.value.publicKeys : [];
    if (keys.length > 0 && (cc.kind === 'standard' || cc.kind === 'vpce')) {
      offers.push(
        switchTo(
          'use-ssh',
          `Use SSH for remote "${t.remote}"`,
          'SSH needs no credential helper: CodeCommit knows you by an SSH key uploaded to your IAM user and its key ID as the SSH user name (in ~/.ssh/config).',
          `ssh://${cc.hostname}/v1/repos/${t.repo}`,
        ),
      );
    }
    return offers;
  };

  const out: Finding[] = [];
  for (const f of findings) {
    const offers: FixOffer[] = [];
    const add = (o: FixOffer | undefined) => o && !offers.some((x) => x.id === o.id) && offers.push(o);
    switch (f.code) {
      case 'helper-shadowed': {
        add(scopedSectionOffer(f));
        // A cache daemon cannot be listed, so its copies never show as saved passwords:
        // when the cache helper is one of the shadowing helpers, tell it to forget the host.
        const c = chainFor(f.subject);
        const cacheShadows = c?.chain.helpers.some((h) => h.kind === 'cache' && h.storing);
        const sockets =
          facts.stores.ok && cacheShadows
            ? facts.stores.value.stores
                .filter((x) => x.store === 'git-credential-cache')
                .flatMap((x) => x.locations ?? [])
            : [];
        if (c && sockets.length > 0) {
          offers.push({
            id: `${f.code}:cache-forget:${hostPort(c.target)}`,
            findingCode: f.code,
            kind: 'fix',
            title: `Make the git credential cache forget ${hostPort(c.target)}`,
            description:
              'The cache daemon keeps passwords in memory; it is told to drop the ones for this host only.',
            steps: sockets.map((socket) => ({
              type: 'delete-credential' as const,
              entry: {
                store: 'git-credential-cache' as const,
                hostname: c.target.hostname as string,
                ...(c.target.port ? { port: c.target.port } : {}),
                location: socket,
              },
            })),
            reversible: false,
            needsAdmin: false,
            warning: IRREVERSIBLE,
            applicable: true,
          });
        }
        break;
      }
      case 'helper-not-configured':
      case 'scoped-section-misses-host':
      case 'helper-usehttppath-missing':
        add(scopedSectionOffer(f));
        break;
      case 'system-scope-helper': {
        const c = chainFor(f.subject);
        add(
          scopedSectionOffer(
            f,
            {},
            `Keep the system-wide helper away from ${c ? hostPort(c.target) : 'CodeCommit'} (no administrator rights needed)`,
          ),
        );
        for (const e of f.evidence) {
          if (e.kind !== 'config') continue;
          const argv = [
            'git',
            'config',
            '--system',
            '--unset-all',
            e.key,
            `^${(e.value ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`,
          ];
          offers.push({
            id: `${f.code}:admin-unset:${e.file}:${e.key}:${e.value ?? ''}`,
            findingCode: f.code,
            kind: 'suggestion',
            title: `Remove "${e.value}" from the system settings (administrator)`,
            description: `Changes ${e.file} for every user of this computer. Run it yourself in an administrator terminal (${ctx.platform === 'win32' ? 'Run as administrator' : 'sudo'}) if you want it gone everywhere; the scoped section above is enough for CodeCommit.`,
            steps: [
              {
                type: 'command',
                argv: ctx.platform === 'win32' ? argv : ['sudo', ...argv],
                admin: true,
                note: 'needs administrator rights',
              },
            ],
            reversible: false,
            needsAdmin: true,
            applicable: false,
          });
        }
        break;
      }
      case 'cached-codecommit-credentials': {
        const entries = f.evidence.flatMap((e) => {
          if (e.kind !== 'store-entry' || !facts.stores.ok) return [];
          return facts.stores.value.stores.flatMap((s) =>
            s.entries.filter(
              (x) =>
                x.store === e.store &&
                x.location === e.location &&
                x.hostname === e.hostname &&
                x.account === e.account,
            ),
          );
        });
        const unique = entries.filter(
          (e, i) =>
            entries.findIndex(
              (x) =>
                x.store === e.store &&
                x.location === e.location &&
                x.account === e.account &&
                x.hostname === e.hostname,
            ) === i,
        );
        if (unique.length > 0) {
          offers.push({
            id: `${f.code}:delete:${f.subject ?? ''}`,
            findingCode: f.code,
            kind: 'fix',
            title: `Delete ${unique.length} saved password${unique.length === 1 ? '' : 's'} for ${f.subject}`,
            description:
              'Removes only these CodeCommit entries; every other saved password (GitHub and the rest) stays.',
            steps: unique.map((entry) => ({ type: 'delete-credential', entry })),
            reversible: false,
            needsAdmin: false,
            warning: IRREVERSIBLE,
            applicable: true,
          });
        }
        break;
      }
      case 'aws-cli-not-found':
      case 'aws-cli-python3-msi': {
        const c = chainFor(f.subject);
        const found: string[] = [];
        const programEvidence = f.evidence.find(
          (e): e is Extract<Evidence, { kind: 'program' }> => e.kind === 'program',
        );
        const resolved = programEvidence?.path ?? null;
        if (f.code === 'aws-cli-python3-msi' && resolved) found.push(resolved);
        for (const candidate of KNOWN_AWS_LOCATIONS[ctx.platform] ?? []) {
          if (!found.includes(candidate) && (await ctx.isFile(candidate))) found.push(candidate);
        }
        if (c && found[0]) {
          add(scopedSectionOffer(f, { program: found[0] }, `Point the AWS helper at ${found[0]}`));
        } else {
          offers.push({
            id: `${f.code}:install`,
            findingCode: f.code,
            kind: 'suggestion',
            title: 'Install the AWS CLI version 2',
            description:
              'No AWS CLI was found in the usual places. Install it from the AWS documentation, then run this check again.',
            steps: [],
            reversible: false,
            needsAdmin: false,
            applicable: false,
          });
        }
        break;
      }
      case 'aws-cli-autoprompt-on':
        add(scopedSectionOffer(f, { noAutoPrompt: true }, 'Turn auto-prompt off for the AWS helper only'));
        break;
      case 'aws-profile-no-credentials': {
        if (!facts.awsConfig.ok) break;
        const aws = facts.awsConfig.value;
        for (const p of aws.profiles.filter((x) => x.credentialKind !== 'none')) {
          const o = scopedSectionOffer(f, { profile: p.name }, `Sign with the AWS profile "${p.name}"`);
          if (o) add({ ...o, id: `${o.id}:profile:${p.name}`, kind: 'suggestion' });
        }
        offers.push({
          id: `${f.code}:configure`,
          findingCode: f.code,
          kind: 'suggestion',
          title: 'Set up credentials for the profile',
          description:
            'Run one of these in a terminal, then check again: "aws configure" for access keys, or "aws configure sso" then "aws sso login" for IAM Identity Center.',
          steps: [],
          reversible: false,
          needsAdmin: false,
          applicable: false,
        });
        break;
      }
      case 'url-username-needs-encoding': {
        const t = facts.targets.find((x) => x.display === f.subject);
        if (t?.user && t.rawUser && !dir) {
          const fixed = t.display.replace(`${t.rawUser}@`, `${encodeUserForUrl(t.user)}@`);
          offers.push(
            advice(
              f,
              'encoded-url',
              'Clone with the user name encoded',
              `Use this address instead: ${fixed}`,
            ),
          );
        }
        if (!t || !t.user || !dir || !facts.git.ok) break;
        for (const r of remotesOf(facts.git.value)) {
          if (!r.url.includes(t.rawUser ?? '\u0000')) continue;
          const to = r.url.replace(`${t.rawUser}@`, `${encodeUserForUrl(t.user)}@`);
          offers.push(
            remoteUrlOffer({
              finding: f,
              id: `${f.code}:set-url:${r.name}`,
              kind: 'fix',
              title: `Encode the user name in remote "${r.name}"`,
              dir,
              remote: r.name,
              from: r.url,
              to,
            }),
          );
        }
        break;
      }
      case 'gcm-old-name':
        for (const e of f.evidence) {
          if (e.kind !== 'config' || e.scope === 'command' || !/^manager-core(\s|$)/.test(e.value ?? ''))
            continue;
          const admin = e.scope === 'system';
          // The pattern names the exact old value: `git config --replace-all` ADDS a line
          // when its value pattern matches nothing (git 2.39), so `^manager-core$` against
          // `manager-core --flag` would append a second helper instead of renaming.
          const value = (e.value as string).replace(/^manager-core/, 'manager');
          const pattern = `^${(e.value as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
          add({
            id: `${f.code}:rename:${e.file}:${e.key}:${e.value}`,
            findingCode: f.code,
            // Renaming wakes GCM up for every host (GitHub too): a change of behaviour, so the user picks it.
            kind: 'suggestion',
            title: `Rename manager-core to manager in ${e.file}`,
            description:
              'Git Credential Manager answers to "manager" since version 2.3. This also turns Git Credential Manager back on for your other hosts (GitHub and the rest), which is what the old setting meant.',
            steps: [git(e.file, e.scope, 'replace-all', e.key, value, pattern)],
            reversible: true,
            needsAdmin: admin,
            applicable: !admin,
          });
        }
        break;
      case 'git-not-found':
        offers.push(
          advice(
            f,
            'install',
            'Install Git',
            'Install Git for your system from git-scm.com/downloads (on macOS: xcode-select --install), then check again.',
          ),
        );
        break;
      case 'remote-codecommit-not-on-path':
        offers.push(
          advice(
            f,
            'install',
            'Install git-remote-codecommit',
            'Run "pip install git-remote-codecommit" (or "python3 -m pip install --user git-remote-codecommit") and make sure pip\'s scripts folder is on PATH; or clone with the HTTPS address and the AWS helper instead.',
          ),
        );
        break;
      case 'aws-profile-no-region':
        offers.push(
          advice(
            f,
            'region',
            'Name the region',
            'Put the region in the address (codecommit::us-east-2://your-repo) or give the profile one: aws configure set region us-east-2 --profile <profile>.',
          ),
        );
        break;
      case 'ssh-config-missing':
      case 'ssh-user-is-not-key-id':
        offers.push(
          advice(
            f,
            'ssh-config',
            'Use your SSH key ID as the SSH user',
            'Find the SSH key ID (it starts with APKA) next to your uploaded public key in the IAM console, then add to ~/.ssh/config:  Host git-codecommit.*.amazonaws.com / User <APKA…> / IdentityFile ~/.ssh/<your key>.',
          ),
        );
        break;
      case 'ssh-identity-file-missing':
        offers.push(
          advice(
            f,
            'identity-file',
            'Point IdentityFile at your key',
            'Change IdentityFile in ~/.ssh/config to the private key whose public half you uploaded to IAM, or create a key pair with ssh-keygen and upload the .pub file.',
          ),
        );
        break;
      default:
        break;
    }
    if (
      [
        'helper-shadowed',
        'helper-not-configured',
        'helper-usehttppath-missing',
        'scoped-section-misses-host',
        'aws-cli-not-found',
      ].includes(f.code)
    ) {
      for (const o of otherTransports(f)) add(o);
    }
    out.push({ ...f, fixes: [...f.fixes, ...offers] });
  }
  return out;
}
