import { urlMatchesSection } from '../helper-chain';
import type { ConfigEntry, Facts, Finding, StoreEntry } from '../model';
import type { CheckDefinition } from './check';
import { CheckError, dedupe, finding, need } from './check';
import { isStaticGitCredential } from './saved-passwords';
import { awsHelper, configEvidence, helperEvidence, httpsChains, shadowingHelpers } from './derive';

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

export const credentialHelpers: CheckDefinition = {
  id: 'helpers',
  title: 'Credential helpers for CodeCommit',
  needs: ['git', 'stores'],
  run(facts) {
    const git = need(facts, 'git');
    if (git.executables.length === 0) return { skipped: 'Git is not installed.' };
    if (git.configError)
      throw new CheckError(`Git cannot read its settings, so no helper runs: ${git.configError}`);
    const chains = httpsChains(facts);
    if (chains.length === 0) return { skipped: 'No HTTPS CodeCommit address to check.' };
    const findings: Finding[] = [];
    const sections = codecommitSections(git.config);

    for (const { target, chain } of chains) {
      const subject = target.display;
      if (chain.fatal) {
        const e = chain.fatal.entry;
        throw new CheckError(
          `git stops before asking any helper: ${chain.fatal.message} (${e.origin || e.originType}).`,
        );
      }
      const aws = awsHelper(chain);

      const shadows = shadowingHelpers(chain);
      const broken = !aws || !chain.useHttpPath || shadows.length > 0;
      // A CodeCommit section that misses this host only matters when the chain is broken:
      // then it is the cause, and "no helper" is only its symptom.
      let explainedByMissedSection = false;
      for (const [url, entries] of sections) {
        const relevant = entries.filter((e) => /\.(helper|usehttppath)$/i.test(e.key));
        if (!broken || relevant.length === 0 || safeMatch(url, chain.url)) continue;
        if (relevant.some((e) => /\.helper$/i.test(e.key) && e.value)) explainedByMissedSection = true;
        findings.push(
          finding('scoped-section-misses-host', {
            subject,
            detail: `The section "${url}" does not match ${target.hostname}${target.port ? `:${target.port}` : ''}.`,
            evidence: relevant.map(configEvidence),
          }),
        );
      }

      if (!aws) {
        // Static Git credentials saved by a storing helper are a legitimate set-up.
        const storing = chain.helpers.filter((h) => h.storing);
        const saved = storedFor(facts, target.hostname ?? '').filter(isStaticGitCredential);
        if (storing.length > 0 && saved.length > 0) continue;
        if (explainedByMissedSection) continue;
        findings.push(
          finding('helper-not-configured', {
            subject,
            evidence: [
              ...helperEvidence(chain),
              {
                kind: 'text',
                label: 'Helpers that apply',
                detail: chain.helpers.length ? chain.helpers.map((h) => h.value).join(' → ') : 'none',
              },
            ],
          }),
        );
        continue;
      }

      if (!chain.useHttpPath) {
        findings.push(
          finding('helper-usehttppath-missing', {
            subject,
            evidence: [
              ...helperEvidence(chain),
              chain.useHttpPathEntry
                ? configEvidence(chain.useHttpPathEntry)
                : { kind: 'text', label: 'credential.UseHttpPath', detail: 'not set for this address' },
            ],
          }),
        );
      }

      if (shadows.length > 0) {
        findings.push(
          finding('helper-shadowed', {
            subject,
            detail: `Git asks ${shadows.map((h) => `"${h.value}"`).join(', ')} before the AWS helper.`,
            evidence: helperEvidence(chain),
          }),
        );
        const system = shadows.filter((h) => h.entry.scope === 'system');
        if (system.length > 0) {
          findings.push(
            finding('system-scope-helper', {
              subject,
              evidence: system.map((h) => configEvidence(h.entry)),
            }),
          );
        }
      }
    }

    const oldGcm = git.config.filter(
      (e) => /^credential\.(.*\.)?helper$/.test(e.key) && /^manager-core(\s|$)/.test(e.value ?? ''),
    );
    if (oldGcm.length > 0 && !git.helperPrograms['manager-core']) {
      findings.push(finding('gcm-old-name', { evidence: oldGcm.map(configEvidence) }));
    }
    return dedupe(findings);
  },
};
