import type { EngineContext } from '../context';
import type { ConfigEntry, HostAddresses, RemoteTarget } from '../model';

// Where git's connection to a CodeCommit host really goes. A VPC endpoint with private DNS
// answers the standard host name with addresses inside the VPC, so the name alone does not
// show it; the addresses do. curl (and so git) takes `http.curloptResolve` entries
// (`[+]host:port:addr[,addr]`, `-host:port` removes) before DNS, and so does this.

export function isPrivateAddress(address: string): boolean {
  const v4 = /^(\d+)\.(\d+)\.\d+\.\d+$/.exec(address);
  if (v4) {
    const a = Number(v4[1]);
    const b = Number(v4[2]);
    return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
  }
  return /^f[cd][0-9a-f]{2}:/i.test(address);
}

function fromCurloptResolve(config: ConfigEntry[], hostname: string, port: number): string[] | undefined {
  let addresses: string[] | undefined;
  for (const e of config) {
    if (e.key !== 'http.curloptresolve' || !e.value) continue;
    const v = e.value.trim();
    if (v.startsWith('-')) {
      const [h, p] = v.slice(1).split(':');
      if (h?.toLowerCase() === hostname && Number(p) === port) addresses = undefined;
      continue;
    }
    const m = /^\+?([^:]+):(\d+):(.+)$/.exec(v);
    if (m && m[1]?.toLowerCase() === hostname && Number(m[2]) === port) {
      addresses = (m[3] ?? '')
        .split(',')
        .map((a) => a.trim().replace(/^\[|\]$/g, ''))
        .filter(Boolean);
    }
  }
  return addresses;
}

/** Addresses of every HTTPS CodeCommit host in use that is not already a VPC endpoint name. */
export async function resolveHosts(
  ctx: EngineContext,
  config: ConfigEntry[],
  targets: RemoteTarget[],
): Promise<HostAddresses[]> {
  const hosts = new Map<string, number>();
  for (const t of targets) {
    if (t.transport !== 'https' || !t.codecommit || !t.hostname) continue;
    if (t.codecommit.kind === 'vpce' || t.codecommit.kind === 'vpce-fips') continue;
    hosts.set(t.hostname, t.port ?? 443);
  }
  return Promise.all(
    [...hosts].map(async ([hostname, port]) => {
      const pinned = fromCurloptResolve(config, hostname, port);
      if (pinned) return { hostname, addresses: pinned, source: 'http.curloptResolve' as const };
      return { hostname, addresses: await ctx.lookupHost(hostname), source: 'DNS' as const };
    }),
  );
}
