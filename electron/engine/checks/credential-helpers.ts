import { urlMatchesSection } from '../helper-chain';
import type { About, ConfigEntry, Facts, FixOffer, GitFacts, HelperRef, StoreEntry } from '../model';
import type { CheckDefinition, FindingDraft } from './check';
import { CheckError, dedupe, found, need, noAddress, skipped } from './check';
import { isStaticGitCredential } from './saved-passwords';
import {
  aboutRemote,
  awsHelper,
  configEvidence,
  helperEvidence,
  httpsChains,
  shadowingHelpers,
} from './derive';
import { DOCS } from './docs';
import { allUsersFile } from './all-users';
import {
  forgetCachedHost,
  removeBrokenHelper,
  renameOldGcm,
  unsetSystemHelper,
} from './credential-helpers-plans';
import { helperProgramKey } from '../probes/helper-start';
import { scopedSectionOffer } from '../fixes/scoped-section';
import { otherTransports } from '../fixes/other-transports';
import type { Finding } from '../model';
import type { PlanContext } from './check';

type Code =
  | 'helper-not-configured'
  | 'helper-usehttppath-missing'
  | 'helper-shadowed'
  | 'system-scope-helper'
  | 'scoped-section-misses-host'
  | 'gcm-old-name'
  | 'helper-cannot-start';

// A URL that every CodeCommit pattern people write is meant to cover; used only to
// recognise sections "meant for CodeCommit" (the section's own URL is what git matches).
const PROBE_URL = 'https://git-codecommit.us-east-1.amazonaws.com/v1/repos/probe';

function sectionUrl(key: string): string | undefined {
  if (!key.startsWith('credential.')) return undefined;
  const rest = key.slice('credential.'.length);
  const dot = rest.lastIndexOf('.');
  return dot > 0 ? rest.slice(0, dot) : undefined;
}

/** `[credential "…"]` sections written for CodeCommit, grouped by their URL. */
function codecommitSections(config: ConfigEntry[]): Map<string, ConfigEntry[]> {
  const sections = new Map<string, ConfigEntry[]>();
  for (const e of config) {
    const url = sectionUrl(e.key);
    if (!url) continue;
    const meant = /codecommit/i.test(url) || safeMatch(url, PROBE_URL);
    if (!meant) continue;
    const list = sections.get(url) ?? [];
    list.push(e);
    sections.set(url, list);
  }
  return sections;
}

function safeMatch(section: string, url: string): boolean {
  try {
    return urlMatchesSection(section, url);
  } catch {
    return false;
  }
}

function storedFor(facts: Facts, hostname: string): StoreEntry[] {
  if (!facts.stores.ok) return [];
  return facts.stores.value.stores.flatMap((s) => s.entries.filter((e) => e.hostname === hostname));
}

/**
 * What git (or sh) prints when it cannot start this helper, or undefined when it can. The
 * old name `manager-core` is gcm-old-name's: said once, there.
 */
export function cannotStart(git: GitFacts, h: HelperRef): string | undefined {
  const key = helperProgramKey(h.value);
  if (!key || key === 'manager-core') return undefined;
  return git.helperStartErrors?.[key];
}

/** The exact-host section, then the other ways in (git-remote-codecommit, SSH) for a folder. */
function sectionThenOtherWays(f: Finding, facts: Facts, pctx: PlanContext): FixOffer[] {
  return [...scopedSectionOffer(f, facts, pctx), ...otherTransports(f, facts, pctx)];
}

/**
 * Whether `manager-core` really is gone. Git is asked (git credential-manager-core
 * --version): GCM in Git for Windows lives outside the exec-path, so a file search there says
 * "missing" for a GCM that works. Only settings made up without asking git fall back to it.
 */
function oldNameIsGone(git: GitFacts): boolean {
  if (git.gcmCommands) return git.gcmCommands['manager-core'] === false;
  return !git.helperPrograms['manager-core'];
}

function gcmAnswers(names: NonNullable<GitFacts['gcmCommands']>): string {
  const say = (v: boolean | undefined) =>
    v === undefined ? 'could not tell' : v ? 'runs' : 'is not a git command';
  return `git credential-manager-core: ${say(names['manager-core'])}; git credential-manager: ${say(names.manager)}`;
}

type ChainOf = ReturnType<typeof httpsChains>[number]['chain'];
type HelperOf = ChainOf['helpers'][number];

/** Helpers git cannot start: broken, not answering first (what git prints, where each is set). */
function cannotStartFinding(
  git: GitFacts,
  chain: ChainOf,
  broken: HelperOf[],
  about: About,
  subject: string,
): FindingDraft<Code> {
  return {
    code: 'helper-cannot-start',
    about,
    subject,
    detail: broken.map((h) => `Git cannot start "${h.value}": ${cannotStart(git, h)}`).join(' '),
    evidence: [
      ...helperEvidence(chain),
      ...broken.map((h) => ({
        kind: 'text' as const,
        label: `What git prints for "${h.value}"`,
        detail: cannotStart(git, h) as string,
      })),
      ...broken.map((h) => configEvidence(h.entry)),
    ],
  };
}

/** Helpers git asks before the AWS helper, and those of them set for every user. */
function shadowFindings(
  facts: Facts,
  chain: ChainOf,
  shadows: HelperOf[],
  about: About,
  subject: string,
): FindingDraft<Code>[] {
  const out: FindingDraft<Code>[] = [
    {
      code: 'helper-shadowed',
      about,
      subject,
      detail: `Git asks ${shadows.map((h) => `"${h.value}"`).join(', ')} before the AWS helper.`,
      evidence: helperEvidence(chain),
    },
  ];
  // A client's own file is client-config-helper-first's: its updates rewrite it.
  const everyone = shadows.flatMap((h) => {
    const file = allUsersFile(h.entry, facts);
    return file && file.kind !== 'client' ? [{ h, file }] : [];
  });
  if (everyone.length > 0) {
    out.push({
      code: 'system-scope-helper',
      about,
      subject,
      detail: everyone.map(({ h, file }) => `"${h.value}" comes from ${file.name}.`).join(' '),
      evidence: everyone.map(({ h }) => configEvidence(h.entry)),
    });
  }
  return out;
}

export const credentialHelpers: CheckDefinition<Code> = {
  title: 'Credential helpers for CodeCommit',
  // clients: a client's own settings file is its business, not every user's (all-users.ts).
  needs: ['git', 'stores', 'clients'],
  codes: {
    'helper-not-configured': {
      severity: 'error',
      title: 'Nothing gives git a password for CodeCommit',
      plain:
        'Git has no way to get a password for CodeCommit, so it asks you to type one, and CodeCommit does not accept your AWS console password.',
      explanation:
        'Git asks its credential helpers for a user name and password. No AWS credential helper, no git-remote-codecommit and no saved Git credentials apply to this address, so git asks you to type a user name — and CodeCommit does not accept your AWS console password.',
      docsUrl: DOCS.httpsUnix,
      plan: sectionThenOtherWays,
    },
    'helper-usehttppath-missing': {
      severity: 'error',
      title: 'The AWS helper is not told which repository you clone',
      plain:
        'Git does not tell AWS which repository you are opening, so AWS cannot make a password for it and git asks you for a user name instead.',
      explanation:
        "The AWS credential helper signs a password for one repository path. Unless credential.UseHttpPath is true for this address, git leaves the path out, the helper fails with the message 'path', and git falls back to asking for a user name.",
      docsUrl: DOCS.troubleshootHelper,
      plan: sectionThenOtherWays,
    },
    'helper-shadowed': {
      severity: 'error',
      title: 'Another credential helper answers before the AWS helper',
      plain:
        'Git sends an old password saved on this computer before it asks AWS for a fresh one. Saved CodeCommit passwords stop working after about 15 minutes, so CodeCommit says “access denied” (403).',
      explanation:
        'Git asks its credential helpers in order and uses the first answer. A helper that saves passwords (Keychain, Credential Manager, a store file) comes before the AWS helper, so git keeps sending a saved CodeCommit password. Those passwords expire after about 15 minutes, and CodeCommit then answers 403. Git does not forget a password after a 403, so it keeps failing.',
      docsUrl: DOCS.troubleshootHelper,
      plan: (f, facts, pctx) => [
        ...scopedSectionOffer(f, facts, pctx),
        ...forgetCachedHost(f, facts),
        ...otherTransports(f, facts, pctx),
      ],
    },
    'system-scope-helper': {
      severity: 'warning',
      title: 'The interfering helper is set for every user of this computer',
      plain:
        'The setting that gets in the way was made for every user of this computer. Changing it there needs an administrator, but a setting of your own can keep it away from CodeCommit.',
      explanation:
        "The helper that gets in the way is configured in settings that hold for every user of this computer (put there by the Git installer, Homebrew, or Apple's Command Line Tools). Changing that file needs administrator rights, and an update of what installed it may put the line back; a section in your own settings keeps it away from CodeCommit without touching it.",
      docsUrl: DOCS.troubleshootHelper,
      plan: unsetSystemHelper,
    },
    'scoped-section-misses-host': {
      severity: 'error',
      title: 'A CodeCommit-only setting does not cover this host',
      plain:
        'Your settings tell git to ask AWS for passwords, but they are written for a different kind of CodeCommit address than this one, so git never asks AWS here.',
      explanation:
        'Your git settings have a section for "https://git-codecommit.*.amazonaws.com". In git, * stands for exactly one part of a host name, so that section does not apply to FIPS (git-codecommit-fips…), China (….amazonaws.com.cn) or VPC endpoint hosts — or to an address with a port — and none of its settings are used here.',
      docsUrl: DOCS.troubleshootHelper,
      plan: sectionThenOtherWays,
    },
    'gcm-old-name': {
      severity: 'warning',
      title: 'Git Credential Manager is configured under its old name',
      plain:
        'Git Credential Manager is set up under a name it no longer answers to, so git cannot get your saved passwords from it.',
      explanation:
        'Your settings call the helper "manager-core", a name git cannot find here: git prints "\'credential-manager-core\' is not a git command" and that helper does nothing. Git Credential Manager dropped that name in version 2.3; where it is installed under its new name, "manager", using that name brings the helper back.',
      docsUrl: DOCS.troubleshootHelper,
      plan: renameOldGcm,
    },
    'helper-cannot-start': {
      severity: 'warning',
      title: 'Git is set to use a credential helper that is not installed',
      plain:
        'Git is set to ask a password program that is not on this computer. Git skips it with an error message each time, and nothing keeps your passwords for other sites.',
      explanation:
        'Your settings name a credential helper git cannot start (for example "manager" when Git Credential Manager is not installed). Git prints an error such as "\'credential-manager\' is not a git command", skips it and asks the next helper, so it does not get in the AWS helper\'s way — but the error shows on every clone, fetch and push, and the sites that helper was meant for (GitHub and others) get no saved password.',
      docsUrl: DOCS.troubleshootHelper,
      plan: (f, facts, pctx) => [
        ...scopedSectionOffer(
          f,
          facts,
          pctx,
          {},
          undefined,
          'Git will ask AWS directly for this address, and stop trying the missing program here.',
        ),
        ...removeBrokenHelper(f, pctx),
      ],
    },
  },
  run(facts) {
    const git = need(facts, 'git');
    if (git.executables.length === 0) return skipped('Git is not installed.');
    if (git.configError)
      throw new CheckError(`Git cannot read its settings, so no helper runs: ${git.configError}`);
    const chains = httpsChains(facts);
    if (chains.length === 0) return noAddress(facts, 'No HTTPS CodeCommit address to check.');
    const findings: FindingDraft<Code>[] = [];
    const sections = codecommitSections(git.config);

    for (const { target, chain } of chains) {
      const subject = target.display;
      const about = aboutRemote(target);
      if (chain.fatal) {
        const e = chain.fatal.entry;
        throw new CheckError(
          `git stops before asking any helper: ${chain.fatal.message} (${e.origin || e.originType}).`,
        );
      }
      const aws = awsHelper(chain);

      // A helper git cannot start is skipped with an error: broken, not answering first.
      const broken = chain.helpers.filter((h) => cannotStart(git, h) !== undefined);
      const shadows = shadowingHelpers(chain).filter((h) => !broken.includes(h));
      if (broken.length > 0) findings.push(cannotStartFinding(git, chain, broken, about, subject));
      const failing = !aws || !chain.useHttpPath || shadows.length > 0;
      // A CodeCommit section that misses this host only matters when the chain is broken:
      // then it is the cause, and "no helper" is only its symptom.
      let explainedByMissedSection = false;
      for (const [url, entries] of sections) {
        const relevant = entries.filter((e) => /\.(helper|usehttppath)$/i.test(e.key));
        if (!failing || relevant.length === 0 || safeMatch(url, chain.url)) continue;
        if (relevant.some((e) => /\.helper$/i.test(e.key) && e.value)) explainedByMissedSection = true;
        findings.push({
          code: 'scoped-section-misses-host',
          about,
          subject,
          detail: `The section "${url}" does not match ${target.hostname}${target.port ? `:${target.port}` : ''}.`,
          evidence: relevant.map(configEvidence),
        });
      }

      if (!aws) {
        // Static Git credentials saved by a storing helper are a legitimate set-up.
        const storing = chain.helpers.filter((h) => h.storing && !broken.includes(h));
        const saved = storedFor(facts, target.hostname ?? '').filter(isStaticGitCredential);
        if (storing.length > 0 && saved.length > 0) continue;
        if (explainedByMissedSection) continue;
        findings.push({
          code: 'helper-not-configured',
          about,
          subject,
          evidence: [
            ...helperEvidence(chain),
            {
              kind: 'text',
              label: 'Helpers that apply',
              detail: chain.helpers.length ? chain.helpers.map((h) => h.value).join(' → ') : 'none',
            },
          ],
        });
        continue;
      }

      if (!chain.useHttpPath) {
        findings.push({
          code: 'helper-usehttppath-missing',
          about,
          subject,
          evidence: [
            ...helperEvidence(chain),
            chain.useHttpPathEntry
              ? configEvidence(chain.useHttpPathEntry)
              : { kind: 'text', label: 'credential.UseHttpPath', detail: 'not set for this address' },
          ],
        });
      }

      if (shadows.length > 0) findings.push(...shadowFindings(facts, chain, shadows, about, subject));
    }

    const oldGcm = git.config.filter(
      (e) => /^credential\.(.*\.)?helper$/.test(e.key) && /^manager-core(\s|$)/.test(e.value ?? ''),
    );
    if (oldGcm.length > 0 && oldNameIsGone(git)) {
      const renamed = git.gcmCommands?.manager;
      findings.push({
        code: 'gcm-old-name',
        ...(renamed === false
          ? {
              detail:
                'Git finds Git Credential Manager under neither name ("manager" is not installed either).',
            }
          : {}),
        evidence: [
          ...oldGcm.map(configEvidence),
          ...(git.gcmCommands
            ? [{ kind: 'text' as const, label: 'What git answers', detail: gcmAnswers(git.gcmCommands) }]
            : []),
        ],
      });
    }
    return found(dedupe(findings));
  },
};
