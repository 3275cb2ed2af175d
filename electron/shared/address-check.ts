// A clone address checked as it is typed: the usual slips (a pasted "git clone", a missing
// https://, a path without /v1/repos/, spaces, the console page's address) get one sentence
// and, where the intended address is clear, "Did you mean …?". A hint only: the engine
// decides what an address is (url-malformed, url-not-codecommit), so nothing here refuses
// a scan. Pure, for the app and the terminal wizard alike.

export interface AddressHint {
  /** What looks wrong, in one sentence. */
  message: string;
  /** The address the person most likely meant. */
  suggestion?: string;
  /** One example of a good address, when there is no suggestion. */
  example?: string;
}

export const EXAMPLE_ADDRESS = 'https://git-codecommit.us-east-2.amazonaws.com/v1/repos/my-repo';

/** Loose on purpose (a hint, not the gate): standard, FIPS, VPC endpoint and China hosts. */
const CODECOMMIT_HOST =
  /^(?:vpce-[a-z0-9-]+\.)?git-codecommit(?:-fips)?\.[a-z0-9-]+\.(?:vpce\.)?amazonaws\.com(?:\.cn)?$/i;
const REPO_PATH = /^\/v1\/repos\/[^/\s]+\/?$/;
const CONSOLE_REPO =
  /console\.(?:aws\.amazon|amazonaws)\.com(?:\.cn)?\/.*codecommit\/repositories\/([^/?#\s]+)/i;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** The repository page in the AWS console → its HTTPS clone address (region from the page). */
function fromConsole(s: string): string | null {
  const m = CONSOLE_REPO.exec(s);
  if (!m?.[1]) return null;
  const u = parse(s);
  const region =
    u?.searchParams.get('region') ?? /^https?:\/\/([a-z]{2}(?:-gov)?-[a-z]+-\d)\.console\./i.exec(s)?.[1];
  if (!region) return null;
  const cn = region.startsWith('cn-') ? '.cn' : '';
  return `https://git-codecommit.${region}.amazonaws.com${cn}/v1/repos/${m[1]}`;
}

/** A CodeCommit https:// or ssh:// address whose path is not /v1/repos/<name>: the name moved there. */
function fixPath(u: URL): string | null {
  if (REPO_PATH.test(u.pathname)) return null;
  const name = u.pathname.split('/').filter(Boolean).pop();
  if (!name || /^(v1|repos?)$/i.test(name)) return null;
  const userInfo = u.username ? `${u.username}${u.password ? `:${u.password}` : ''}@` : '';
  return `${u.protocol}//${userInfo}${u.host}/v1/repos/${name}`;
}

/** The first thing to say about an address, or null when nothing looks wrong. */
export function checkAddress(raw: string): AddressHint | null {
  const s = raw.trim();
  if (!s) return null;
  const cloned = /^git\s+clone\s+(?:-\S+\s+)*(\S+)/i.exec(s);
  if (cloned?.[1]) {
    const rest = checkAddress(cloned[1]);
    return {
      message: 'Paste only the address, without “git clone”.',
      suggestion: rest?.suggestion ?? cloned[1],
    };
  }
  const page = fromConsole(s);
  if (page) {
    return {
      message: "This is the repository's page in the AWS console, not its clone address.",
      suggestion: page,
    };
  }
  if (/\s/.test(s)) {
    // A space inside the repository name is not a slip of the paste: no name is guessed.
    if (/\/repos\/\S*\s/.test(s))
      return {
        message: 'A repository name has no spaces: copy it from the CodeCommit console.',
        example: EXAMPLE_ADDRESS,
      };
    const joined = s.replace(/\s+/g, '');
    const rest = checkAddress(joined);
    return rest !== null && rest.suggestion === undefined
      ? { message: 'A clone address has no spaces.', example: EXAMPLE_ADDRESS }
      : { message: 'A clone address has no spaces.', suggestion: rest?.suggestion ?? joined };
  }
  if (!/^[a-z][a-z0-9+.-]*:/i.test(s)) {
    const host = s.split('/')[0] ?? '';
    if (CODECOMMIT_HOST.test(host) && s.includes('/')) {
      const withScheme = `https://${s}`;
      const u = parse(withScheme);
      return {
        message: 'The address must start with https://.',
        suggestion: (u && fixPath(u)) ?? withScheme,
      };
    }
    if (s.includes(':') && !s.includes('/')) return null; // scp-like host:path, left to git
    return { message: 'This is not a whole address: it must start with https://.', example: EXAMPLE_ADDRESS };
  }
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/]*)/i.exec(s)?.[1] ?? '';
  const at = authority.lastIndexOf('@');
  if (/^https?:/i.test(s) && authority.slice(0, at).includes('@')) {
    // git splits at the first "@"; a CodeCommit HTTPS address needs no user name at all (the
    // AWS helper, or the saved Git credentials, supply it). Over SSH the user is the key ID.
    return {
      message: 'The user name in this address has an “@”, and a CodeCommit address needs no user name.',
      suggestion: s.replace(`${authority.slice(0, at)}@`, ''),
    };
  }
  const u = parse(s);
  if (!u) return { message: 'git cannot read this address.', example: EXAMPLE_ADDRESS };
  const scheme = u.protocol.toLowerCase();
  if (scheme === 'codecommit:') return null;
  if (!CODECOMMIT_HOST.test(u.hostname)) {
    if (scheme === 'https:' || scheme === 'http:' || scheme === 'ssh:')
      return { message: 'This is not a CodeCommit address.', example: EXAMPLE_ADDRESS };
    return null;
  }
  if (scheme === 'http:') {
    const https = new URL(s);
    https.protocol = 'https:';
    return { message: 'CodeCommit answers on https:// only.', suggestion: fixPath(https) ?? https.href };
  }
  if (scheme !== 'https:' && scheme !== 'ssh:') return null;
  const fixed = fixPath(u);
  if (fixed)
    return { message: 'A CodeCommit address has /v1/repos/ before the repository name.', suggestion: fixed };
  if (!REPO_PATH.test(u.pathname))
    return { message: 'The address ends before the repository name.', example: EXAMPLE_ADDRESS };
  return null;
}
