import { describe, expect, it } from 'vitest';
import { catalogEntry } from '../../electron/engine/checks';
import type { PlanContext } from '../../electron/engine/checks/check';
import type { Facts, Finding } from '../../electron/engine/model';

// Next steps that no Lab scenario reaches: expired temporary keys (no sign-in command to
// give), which must still leave the person something to do.

const notAsked = { ok: false as const, error: 'not asked', timedOut: false, durationMs: 0 };

describe('aws-credentials-expired', () => {
  it('temporary keys without a sign-in command: get new ones the usual way', async () => {
    const facts = {
      platform: 'linux',
      targets: [],
      urlProblems: [],
      git: notAsked,
      awsCli: notAsked,
      awsConfig: notAsked,
      stores: notAsked,
      ssh: notAsked,
      remoteCodecommit: notAsked,
      account: {
        ok: true,
        durationMs: 1,
        value: {
          profiles: [
            {
              session: 's1',
              profile: 'work',
              source: 'helper',
              region: 'us-east-1',
              credentials: 'expired',
              expired: { kind: 'temporary' },
              endpoints: {},
            },
          ],
          targets: [],
          localSshKeys: [],
        },
      },
    } as unknown as Facts;
    const finding = {
      code: 'aws-credentials-expired',
      about: { kind: 'profile', profile: 'work', session: 's1' },
      fixes: [],
    } as unknown as Finding;
    const offers = await catalogEntry('aws-credentials-expired').plan(finding, facts, {} as PlanContext);
    expect(offers.map((o) => [o.title, o.applicable])).toEqual([
      ['Get new temporary AWS credentials', false],
    ]);
    expect(offers[0]?.description).toContain('AWS profile "work"');
    expect(offers[0]?.plain).toBeTruthy();
  });
});
