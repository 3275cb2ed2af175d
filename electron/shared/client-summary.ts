import type { Finding, ScanReport } from '../engine/model';

// The user's Git client as the report and the helpdesk view show it: which client, the git
// it runs, the settings files that git read, and one line saying why it fails (or that
// nothing about the client stands in the way). Pure: the renderer imports it too.

export interface ClientSummaryLine {
  label: string;
  /** A program or a settings file: shown as a path. */
  path?: string;
  text?: string;
}

const RANK: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };

/** The one-line reason: the gravest finding about the client, in everyday words when it has them. */
export function clientReason(report: Pick<ScanReport, 'client' | 'findings'>): string | undefined {
  const client = report.client;
  if (!client) return undefined;
  const about = report.findings
    .filter((f) => f.code.startsWith('client-'))
    .sort((a, b) => RANK[a.severity] - RANK[b.severity]);
  const first = about[0];
  if (!first)
    return `Nothing in ${client.name}'s own settings stands in the way of signing in to CodeCommit.`;
  return first.plain ?? first.title;
}

export function clientSummary(report: Pick<ScanReport, 'client' | 'findings'>): ClientSummaryLine[] {
  const client = report.client;
  if (!client) return [];
  const reason = clientReason(report);
  return [
    { label: 'Git client', text: client.name },
    client.git !== undefined
      ? { label: 'Its git', path: client.git }
      : { label: 'Its git', text: 'none: it has its own built-in Git engine' },
    ...(client.settingsFiles.length > 0
      ? client.settingsFiles.map((f) => ({ label: 'Settings file read', path: f }))
      : [{ label: 'Settings files read', text: 'none' }]),
    ...(reason !== undefined ? [{ label: 'Why', text: reason }] : []),
  ];
}
