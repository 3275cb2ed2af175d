import { CODECOMMIT_REGIONS, FIPS_REGIONS } from '../../electron/engine/codecommit-host';

// Every host name the Lab answers for. The certificate carries them all as SANs and each
// sandbox maps them to 127.0.0.1 with http.curloptResolve, so git talks to the real
// CodeCommit host names (the AWS helper derives the signing region from the host).

export type LabHostKind = 'standard' | 'fips' | 'vpce' | 'vpce-fips';

/** A fixed, well-formed VPC endpoint id (shape `vpce-<17 hex>-<8 alnum>`, as AWS issues them). */
export const LAB_VPCE_ID = 'vpce-0a1b2c3d4e5f60718-lab0a1b2';

export function labHostFor(region: string, kind: LabHostKind = 'standard'): string {
  const cn = region.startsWith('cn-') ? '.cn' : '';
  switch (kind) {
    case 'standard':
      return `git-codecommit.${region}.amazonaws.com${cn}`;
    case 'fips':
      return `git-codecommit-fips.${region}.amazonaws.com`;
    case 'vpce':
      return `${LAB_VPCE_ID}.git-codecommit.${region}.vpce.amazonaws.com${cn}`;
    case 'vpce-fips':
      return `${LAB_VPCE_ID}.git-codecommit-fips.${region}.vpce.amazonaws.com`;
  }
}

/** All git hosts the Lab serves (standard and VPC endpoint for every region, FIPS where AWS has it). */
export function labGitHosts(): string[] {
  const hosts: string[] = [];
  for (const r of CODECOMMIT_REGIONS) hosts.push(labHostFor(r, 'standard'), labHostFor(r, 'vpce'));
  for (const r of FIPS_REGIONS) hosts.push(labHostFor(r, 'fips'), labHostFor(r, 'vpce-fips'));
  return hosts;
}

/**
 * AWS API host names, so the AWS API side of the Lab can share the same certificate
 * (STS/IAM global and regional, CodeCommit control plane per region).
 */
export function labApiHosts(): string[] {
  const hosts = ['sts.amazonaws.com', 'iam.amazonaws.com', 'iam.cn-north-1.amazonaws.com.cn'];
  for (const r of CODECOMMIT_REGIONS) {
    const cn = r.startsWith('cn-') ? '.cn' : '';
    hosts.push(`sts.${r}.amazonaws.com${cn}`, `codecommit.${r}.amazonaws.com${cn}`);
  }
  for (const r of FIPS_REGIONS) hosts.push(`codecommit-fips.${r}.amazonaws.com`);
  return hosts;
}

/**
 * The region the AWS helper signs for: awscli/customizations/codecommit.py uses this
 * regex with `re.match` (anchored at the start only), so `host:port` and `.cn` still match.
 */
const HELPER_REGION_RE = /^(vpce-.+\.)?git-codecommit(-fips)?\.([^.]+)\.(vpce\.)?amazonaws\.com/;

export function regionFromHost(host: string): string | null {
  const m = HELPER_REGION_RE.exec(host.toLowerCase());
  return m?.[3] ?? null;
}

/** `Host` header value without its port (the helper signs the host name without the port). */
export function stripPort(hostHeader: string): string {
  if (hostHeader.startsWith('[')) return hostHeader.slice(0, hostHeader.indexOf(']') + 1);
  const i = hostHeader.lastIndexOf(':');
  return (i >= 0 ? hostHeader.slice(0, i) : hostHeader).toLowerCase();
}
