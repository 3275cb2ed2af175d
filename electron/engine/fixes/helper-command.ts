import type { Platform } from '../model';

// How the AWS helper line is written so git's shell runs it on each OS. Git passes a
// `!command` helper to `sh -c` (Git for Windows ships its own sh), so one quoting serves
// everywhere; on Windows forward slashes avoid backslash escaping inside the double quotes
// (the AWS guide's `\"C:\\Program Files\\…\"` form is the same thing escaped for cmd).

export interface AwsHelperOptions {
  /** `aws` (PATH lookup) or an absolute path to aws / aws.cmd / aws.exe. */
  program?: string;
  profile?: string;
  /** AWS CLI v2 only: keeps auto-prompt from swallowing the helper call. */
  noAutoPrompt?: boolean;
}

function shQuote(s: string): string {
  return /^[A-Za-z0-9_./:@%+=-]+$/.test(s) ? s : `"${s.replace(/(["\\$`])/g, '\\$1')}"`;
}

export function awsHelperCommand(platform: Platform, opts: AwsHelperOptions = {}): string {
  let program = opts.program ?? 'aws';
  if (platform === 'win32') program = program.replace(/\\/g, '/');
  const parts = [program === 'aws' ? 'aws' : `"${program.replace(/(["\\$`])/g, '\\$1')}"`];
  if (opts.profile) parts.push('--profile', shQuote(opts.profile));
  if (opts.noAutoPrompt) parts.push('--no-cli-auto-prompt');
  parts.push('codecommit', 'credential-helper', '$@');
  return `!${parts.join(' ')}`;
}
