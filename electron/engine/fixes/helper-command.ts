// How the AWS helper line is written so git's shell runs it. Git passes a `!command`
// helper to `sh -c` (Git for Windows ships its own sh), so one quoting serves every OS;
// what differs per OS (Windows paths) is settled in platform/<os>/ before it gets here.

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

export function awsHelperLine(opts: AwsHelperOptions = {}): string {
  const program = opts.program ?? 'aws';
  const parts = [program === 'aws' ? 'aws' : `"${program.replace(/(["\\$`])/g, '\\$1')}"`];
  if (opts.profile) parts.push('--profile', shQuote(opts.profile));
  if (opts.noAutoPrompt) parts.push('--no-cli-auto-prompt');
  parts.push('codecommit', 'credential-helper', '$@');
  return `!${parts.join(' ')}`;
}
