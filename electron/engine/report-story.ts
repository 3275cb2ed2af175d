import type { ApplyOutcome } from './fixes/apply';
import type { Verdict } from './fixes/verify';
import type { Finding, FixOffer, ScanReport } from './model';
import { filesOfSteps } from '../shared/files-involved';
import { SEVERITY_WORD } from '../shared/present';

// The report's story, for whoever reads it after the fact (a helpdesk, the person a week
// later): what was wrong when the scan ran, what the doctor changed and where, what git said
// before and after, and what is still left. Main keeps the pieces for each scan of a
// session (the first report, the fixes applied, the live tries); the report renders them.

export interface StoryTry {
  display: string;
  verdict: Pick<Verdict, 'ok' | 'headline' | 'short'>;
}

export interface StoryFix {
  title: string;
  findingCode: FixOffer['findingCode'];
  ok: boolean;
  error?: string;
  rolledBack: boolean;
  /** Files the fix changes (git settings, ~/.ssh/config, a password file). */
  files: string[];
  /** Saved passwords it deletes, where they are not files (a Credential Manager target…). */
  deletes: number;
  reversible: boolean;
}

export interface ReportStory {
  /** The scan's findings before anything was changed. */
  found: Pick<Finding, 'code' | 'severity' | 'title' | 'subject'>[];
  fixes: StoryFix[];
  /** The first live try (before any fix) and the latest one after it, when there was one. */
  before?: StoryTry[];
  after?: StoryTry[];
}

/** What one applied offer did, for the story (no step text that could carry a secret: titles and paths). */
export function storyFix(offer: FixOffer, outcome: ApplyOutcome): StoryFix {
  return {
    title: offer.title,
    findingCode: offer.findingCode,
    ok: outcome.ok,
    ...(outcome.error ? { error: outcome.error } : {}),
    rolledBack: outcome.rolledBack,
    files: filesOfSteps(offer.steps),
    deletes: offer.steps.filter((s) => s.type === 'delete-credential').length,
    reversible: offer.reversible,
  };
}

export function storyFindings(report: ScanReport): ReportStory['found'] {
  return report.findings.map(({ code, severity, title, subject }) => ({
    code,
    severity,
    title,
    ...(subject ? { subject } : {}),
  }));
}

type Code = (s: string) => string;

function findingLine(f: ReportStory['found'][number], code: Code): string {
  return `- ${SEVERITY_WORD[f.severity]}: ${f.title} (${code(f.code)})${f.subject ? ` — ${code(f.subject)}` : ''}`;
}

function fixLine(x: StoryFix, code: Code): string {
  const outcome = x.ok
    ? 'applied'
    : `failed${x.error ? `: ${x.error}` : ''}${x.rolledBack ? ' (its changes were rolled back)' : ''}`;
  const where = [
    ...(x.files.length > 0 ? [`changed ${x.files.map(code).join(', ')}`] : []),
    ...(x.deletes > 0 && x.files.length === 0
      ? [`deleted ${x.deletes} saved password${x.deletes === 1 ? '' : 's'}`]
      : []),
  ];
  return `- ${x.ok ? '✓' : '✗'} ${x.title} — ${outcome}${where.length ? `; ${where.join('; ')}` : ''}${x.reversible ? '' : ' (cannot be undone)'}`;
}

function tryLines(story: ReportStory, code: Code): string[] {
  const before = story.before ?? [];
  const after = story.after ?? [];
  if (before.length === 0 && after.length === 0) return ['Not tried (no clone address to try).'];
  const displays = [...new Set([...before, ...after].map((t) => t.display))];
  return displays.map((d) => {
    const b = before.find((t) => t.display === d)?.verdict;
    const a = after.find((t) => t.display === d)?.verdict;
    const change = b && a ? `${b.short} → ${a.short}` : (a ?? b)?.short;
    return `- ${code(d)}: ${change} — ${(a ?? b)?.headline ?? ''}`;
  });
}

/** "## What happened": the story section of the Markdown report, from already-redacted values. */
export function storySection(story: ReportStory, now: ScanReport, code: Code): string {
  const left = now.findings;
  const lines = ['## What happened', '', '### What was wrong', ''];
  if (story.found.length === 0) lines.push('Nothing: the scan found no problem.');
  else lines.push(...story.found.map((f) => findingLine(f, code)));
  lines.push('', '### What was changed', '');
  if (story.fixes.length === 0) lines.push('Nothing: no fix was applied.');
  else lines.push(...story.fixes.map((x) => fixLine(x, code)));
  lines.push('', '### Before → after (git ls-remote, prompts off)', '', ...tryLines(story, code));
  lines.push('', '### What is left', '');
  if (left.length === 0) lines.push('Nothing: the last scan found no problem.');
  else lines.push(...left.map((f) => findingLine(f, code)));
  lines.push('');
  return lines.join('\n');
}

/**
 * IAM user names the report mentions (in ARNs, and the user account repairs act as):
 * "account names" a person may want hidden. Found by shape in every string of the values.
 */
export function iamNamesIn(...values: unknown[]): string[] {
  const names = new Set<string>();
  // A user's name (its path dropped), or the session name of an assumed role (often the
  // person's); a role's own name names no one.
  const re =
    /arn:aws[a-z-]*:(?:iam|sts)::\d{12}:(?:user\/(?:[^\s/"'`,]+\/)*|assumed-role\/[^\s/"'`,]+\/)([^\s/"'`,]+?)(?=$|[\s"'`,)]|\.(?:\s|$))/g;
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      for (const m of v.matchAll(re)) if (m[1] && m[1].length >= 3) names.add(m[1]);
    } else if (Array.isArray(v)) {
      v.forEach(visit);
    } else if (v && typeof v === 'object') {
      // Account repairs name the IAM user they act as (`userName` in their steps).
      const userName = (v as { userName?: unknown }).userName;
      if (typeof userName === 'string' && userName.length >= 3) names.add(userName);
      Object.values(v).forEach(visit);
    }
  };
  values.forEach(visit);
  return [...names];
}
