import type { CheckStatus, Evidence, Severity } from '../engine/model';
import { accountWords } from './redact';

// Plain-text wording shared by the CLI, the report and the app, so a helpdesk person
// reading a customer's report sees the same words the customer saw.

export const STATUS_GLYPH: Record<CheckStatus, string> = {
  pass: '[✓]',
  warn: '[!]',
  fail: '[✗]',
  error: '[?]',
  skipped: '[-]',
};

export const STATUS_GLYPH_ASCII: Record<CheckStatus, string> = {
  pass: '[ok]',
  warn: '[!!]',
  fail: '[XX]',
  error: '[??]',
  skipped: '[--]',
};

export const STATUS_WORD: Record<CheckStatus, string> = {
  pass: 'passed',
  warn: 'warning',
  fail: 'problem found',
  error: 'could not check',
  skipped: 'not needed',
};

/** A check's status in words: a skipped check that was needed says "skipped" (its message says why), never "not needed". */
export function statusWordOf(r: { status: CheckStatus; needed?: boolean }): string {
  return r.status === 'skipped' && r.needed ? 'skipped' : STATUS_WORD[r.status];
}

export const SEVERITY_WORD: Record<Severity, string> = {
  error: 'Problem',
  warning: 'Warning',
  info: 'Note',
};

const SCOPE_WORD: Record<string, string> = {
  system: 'system settings (every user)',
  global: 'your settings',
  local: "this repository's settings",
  worktree: 'this worktree',
  command: 'the command line',
  submodule: 'a submodule',
  unknown: 'settings',
};

export function scopeWord(scope: string): string {
  return SCOPE_WORD[scope] ?? scope;
}

export function describeEvidence(e: Evidence): string {
  switch (e.kind) {
    case 'config':
      return `${e.key}${e.value === null ? '' : ` = ${e.value}`}  (${scopeWord(e.scope)}: ${e.file})`;
    case 'helper':
      return `${e.position}. ${e.value}  (${scopeWord(e.scope)}: ${e.file})`;
    case 'store-entry': {
      const x = e.entry;
      const where = `${x.hostname}${x.port ? `:${x.port}` : ''}${x.path ? `/${x.path}` : ''}`;
      return `${where}${x.account ? `, account ${accountWords(x)}` : ''}  (${x.store}: ${x.location})`;
    }
    case 'profile':
      return `AWS profile: ${e.name}${e.source ? ` (${e.source})` : ''}`;
    case 'policy':
      return `${e.label}: ${e.document}`;
    case 'file':
      return `${e.path} ${e.exists ? 'exists' : 'does not exist'}${e.note ? ` — ${e.note}` : ''}`;
    case 'program':
      return `${e.name}: ${e.path ?? 'not found'}${e.version ? ` (${e.version})` : ''}`;
    case 'text':
      return `${e.label}: ${e.detail}`;
  }
}
