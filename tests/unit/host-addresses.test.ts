import { describe, expect, it } from 'vitest';
import { isPrivateAddress, resolveHosts } from '../../electron/engine/account/host-addresses';
import { createContext } from '../../electron/engine/context';
import type { ConfigEntry, RemoteTarget } from '../../electron/engine/model';
import { parseRemoteUrl } from '../../electron/engine/target';

const target = (url: string) => parseRemoteUrl(url, 'test') as RemoteTarget;
const resolve = (host: string) => ({ key: 'http.curloptresolve', value: host }) as ConfigEntry;

describe('where git connects to a CodeCommit host', () => {
  it('tells private (VPC) addresses from public ones', () => {
    for (const a of ['10.0.1.23', '172.16.0.9', '172.31.255.1', '192.168.4.4', 'fd12:3456::1', 'fc00::5']) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['52.94.225.244', '172.32.0.1', '127.0.0.1', '2600:1f18::1', '192.169.0.1']) {
      expect(isPrivateAddress(a), a).toBe(false);
    }
  });

  it('asks the resolver once per host, skipping VPC endpoint names and other transports', async () => {
    const asked: string[] = [];
    const ctx = createContext({ lookupHost: async (h) => (asked.push(h), ['10.0.7.8']) });
    const got = await resolveHosts(
      ctx,
      [],
      [
        target('https://git-codecommit.us-east-1.amazonaws.com/v1/repos/a'),
        target('https://git-codecommit.us-east-1.amazonaws.com/v1/repos/b'),
        target('https://vpce-0abc-xyz.git-codecommit.us-east-1.vpce.amazonaws.com/v1/repos/c'),
        target('ssh://git-codecommit.eu-west-1.amazonaws.com/v1/repos/d'),
      ],
    );
    expect(asked).toEqual(['git-codecommit.us-east-1.amazonaws.com']);
    expect(got).toEqual([
      { hostname: 'git-codecommit.us-east-1.amazonaws.com', addresses: ['10.0.7.8'], source: 'DNS' },
    ]);
  });

  it('takes http.curloptResolve first, as curl does, and honours -host:port removals', async () => {
    const ctx = createContext({ lookupHost: async () => ['52.94.225.244'] });
    const host = 'git-codecommit.us-east-2.amazonaws.com';
    const t = [target(`https://${host}/v1/repos/a`)];
    expect(await resolveHosts(ctx, [resolve(`${host}:443:10.1.2.3,10.1.2.4`)], t)).toEqual([
      { hostname: host, addresses: ['10.1.2.3', '10.1.2.4'], source: 'http.curloptResolve' },
    ]);
    expect(await resolveHosts(ctx, [resolve(`${host}:8443:10.1.2.3`)], t)).toEqual([
      { hostname: host, addresses: ['52.94.225.244'], source: 'DNS' },
    ]);
    expect(await resolveHosts(ctx, [resolve(`+${host}:443:10.1.2.3`), resolve(`-${host}:443`)], t)).toEqual([
      { hostname: host, addresses: ['52.94.225.244'], source: 'DNS' },
    ]);
  });
});

describe('the vpce-endpoint finding from addresses', () => {
  it('is reported (info) when the standard host leads to private addresses, and not otherwise', async () => {
    const { accountRepository } = await import('../../electron/engine/checks/account-repository');
    const { checkFindings } = await import('../../electron/engine/checks/check');
    const facts = (hostAddresses: { hostname: string; addresses: string[]; source: 'DNS' }[]) =>
      ({
        platform: 'linux',
        targets: [],
        urlProblems: [],
        account: {
          ok: true,
          durationMs: 1,
          value: { profiles: [], targets: [], localSshKeys: [], hostAddresses },
        },
      }) as unknown as Parameters<typeof accountRepository.run>[0];
    const host = 'git-codecommit.us-east-1.amazonaws.com';
    const list = checkFindings(
      accountRepository,
      facts([{ hostname: host, addresses: ['10.0.7.8'], source: 'DNS' }]),
    );
    expect(list.map((f) => [f.code, f.severity, f.subject])).toEqual([['vpce-endpoint', 'info', host]]);
    const none = checkFindings(
      accountRepository,
      facts([{ hostname: host, addresses: ['52.94.225.244'], source: 'DNS' }]),
    );
    expect(none).toEqual([]);
  });
});
