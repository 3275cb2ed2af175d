import type { CodeCommitHost, HostKind } from './model';

// The single gate that decides whether a host belongs to CodeCommit. Every store probe
// and every delete goes through it, so it is deliberately strict: anchored, whole host,
// a real region shape. A GitHub (or any other) credential can never pass.
//
// Shapes (AWS docs, CodeCommit endpoints and VPC endpoints):
//   git-codecommit.<region>.amazonaws.com[.cn]
//   git-codecommit-fips.<region>.amazonaws.com
//   vpce-<id>-<suffix>[-<az>].git-codecommit[-fips].<region>.vpce.amazonaws.com[.cn]

const REGION = '([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-[0-9]{1,2})';
const HOST_RE = new RegExp(
  `^(?:(vpce-[a-z0-9]+(?:-[a-z0-9]+)*)\\.)?git-codecommit(-fips)?\\.${REGION}\\.(vpce\\.)?amazonaws\\.com(\\.cn)?$`,
);

/** Parses a host name (no port) into a CodeCommit host, or null when it is not one. */
export function parseCodeCommitHost(host: string): CodeCommitHost | null {
  if (typeof host !== 'string' || host.length > 253) return null;
  // ASCII only, checked before lowercasing: toLowerCase() maps look-alikes such as the
  // KELVIN SIGN (U+212A) onto ASCII letters.
  if (!/^[\x21-\x7e]+$/.test(host)) return null;
  const hostname = host.toLowerCase().replace(/\.$/, '');
  const m = HOST_RE.exec(hostname);
  if (!m) return null;
  const [, vpcePrefix, fips, region, vpceLabel, cn] = m;
  // A VPC endpoint host has both the vpce- prefix and the vpce label; one without the other is not a host AWS issues.
  if (Boolean(vpcePrefix) !== Boolean(vpceLabel)) return null;
  if (!region) return null;
  const china = Boolean(cn);
  if (china !== region.startsWith('cn-')) return null;
  let kind: HostKind = 'standard';
  if (vpcePrefix) kind = fips ? 'vpce-fips' : 'vpce';
  else if (fips) kind = 'fips';
  return { hostname, region, kind, china };
}

export function isCodeCommitHost(host: string): boolean {
  return parseCodeCommitHost(host) !== null;
}

/** Splits `host[:port]` as it appears in credential stores and URLs. */
export function splitHostPort(hostPort: string): { hostname: string; port?: number } {
  const m = /^(.*?)(?::(\d{1,5}))?$/.exec(hostPort.trim());
  const hostname = (m?.[1] ?? hostPort).toLowerCase();
  const port = m?.[2] !== undefined ? Number(m[2]) : undefined;
  return port !== undefined && port > 0 && port < 65536 ? { hostname, port } : { hostname };
}

/** The 29 regions CodeCommit serves (botocore's endpoint data; see docs/notes). */
export const CODECOMMIT_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'af-south-1',
  'ap-east-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ca-central-1',
  'eu-central-1',
  'eu-north-1',
  'eu-south-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'sa-east-1',
  'cn-north-1',
  'cn-northwest-1',
  'us-gov-east-1',
  'us-gov-west-1',
] as const;

export const FIPS_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'us-gov-west-1',
  'us-gov-east-1',
] as const;

export function standardHostFor(region: string): string {
  return `git-codecommit.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}
