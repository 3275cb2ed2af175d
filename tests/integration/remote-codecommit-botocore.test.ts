import { afterAll, describe, expect, it } from 'vitest';
import { codesOf, removeSandboxes, scanSandbox, type ScanSetup } from '../support/scan-sandbox';

// Issue 12 §2 cause 4: git-remote-codecommit on an old botocore. It runs on its own Python (the
// script's #! line) with that Python's botocore; a venv with a real Python and a botocore of a
// chosen version stands in for pip's install. Real git starts the same script for codecommit://.

afterAll(removeSandboxes);

const SSO_SESSION =
  '[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Dev\nregion = us-east-2\n' +
  '[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n';
const LOGIN = '[profile dev]\nlogin_session = arn:aws:iam::111122223333:user/alice\nregion = us-east-2\n';
const STATIC = '[profile dev]\nregion = us-east-2\n';
const KEYS = '[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = seeded\n';

/** botocore's data/endpoints.json, cut down to the codecommit regions this "old" botocore knew. */
const ENDPOINTS = JSON.stringify({
  partitions: [
    {
      partition: 'aws',
      services: {
        codecommit: { endpoints: { 'us-east-1': {}, 'us-east-2': {}, 'eu-west-1': {}, fips: {} } },
      },
    },
  ],
  version: 3,
});

function withGrc(botocore: string, extra: Partial<ScanSetup>): ScanSetup {
  const site = 'venv/lib/python3.11/site-packages';
  return {
    ...extra,
    files: {
      'venv/pyvenv.cfg': 'home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.11.2\n',
      [`${site}/botocore/__init__.py`]: `__version__ = '${botocore}'\n`,
      [`${site}/botocore/data/endpoints.json`]: ENDPOINTS,
      ...extra.files,
    },
    homeLinks: { 'venv/bin/python': '/usr/bin/python3' },
  };
}

describe('git-remote-codecommit on an old botocore', () => {
  const setup = (botocore: string, awsConfig: string, awsCredentials = '') =>
    withGrc(botocore, { awsConfig, awsCredentials });

  async function scanWith(
    botocore: string,
    url: string,
    awsConfig: string,
    awsCredentials = '',
    files: Record<string, string> = {},
  ) {
    const s = setup(botocore, awsConfig, awsCredentials);
    s.files = { ...s.files, ...files };
    // The script pip writes, reduced to saying which botocore its Python loads (then failing, as an old one would).
    s.bin = {
      'git-remote-codecommit':
        '#!__HOME__/venv/bin/python\nimport sys, botocore\nsys.stderr.write("botocore %s\\n" % botocore.__version__)\nsys.exit(1)\n',
    };
    return scanSandbox(s, { kind: 'url', url });
  }

  it('an sso-session profile with botocore 1.20: says why, with the upgrade for that very Python; git runs that botocore', async () => {
    const r = await scanWith('1.20.112', 'codecommit://dev@demo', SSO_SESSION);
    expect(codesOf(r)).toContain('remote-codecommit-botocore-too-old');
    const f = r.findings.find((x) => x.code === 'remote-codecommit-botocore-too-old');
    expect(f?.explanation).toMatch(/sso-session profile; botocore 1\.20\.112 .* 1\.29\.10/);
    const python = `${r.sandbox.home}/venv/bin/python`;
    expect(f?.fixes[0]?.steps[0]).toMatchObject({
      type: 'command',
      argv: [python, '-m', 'pip', 'install', '--upgrade', 'git-remote-codecommit', 'botocore'],
    });
    expect(
      f?.fixes.some((o) => o.address === 'https://git-codecommit.us-east-2.amazonaws.com/v1/repos/demo'),
    ).toBe(true);
    const git = await r.sandbox.ctx.runner('git', ['ls-remote', 'codecommit://dev@demo'], {
      env: r.sandbox.env,
      cwd: r.sandbox.home,
    });
    expect(git.stderr).toContain('botocore 1.20.112');
  });

  it('a region this botocore does not list: says so (RegionNotAvailable)', async () => {
    const r = await scanWith('1.20.112', 'codecommit::il-central-1://dev@demo', STATIC, KEYS);
    const f = r.findings.find((x) => x.code === 'remote-codecommit-botocore-too-old');
    expect(f?.explanation).toMatch(/does not list CodeCommit in il-central-1/);
  });

  it('a botocore new enough, in a listed region: nothing to say (the control)', async () => {
    const r = await scanWith('1.35.0', 'codecommit::us-east-2://dev@demo', SSO_SESSION);
    expect(codesOf(r)).not.toContain('remote-codecommit-botocore-too-old');
    expect(r.checks.find((c) => c.id === 'remote-codecommit')?.message).toMatch(/botocore 1\.35\.0/);
  });

  it('aws login on botocore 1.41 without awscrt: the upgrade brings botocore[crt]; with awscrt it is fine', async () => {
    const r = await scanWith('1.41.2', 'codecommit::us-east-2://dev@demo', LOGIN);
    const f = r.findings.find((x) => x.code === 'remote-codecommit-botocore-too-old');
    expect(f?.explanation).toMatch(/aws login; .*botocore 1\.41\.2 needs the awscrt package/);
    expect(f?.fixes[0]?.steps[0]).toMatchObject({ argv: expect.arrayContaining(['botocore[crt]']) });
    const withCrt = await scanWith('1.41.2', 'codecommit::us-east-2://dev@demo', LOGIN, '', {
      'venv/lib/python3.11/site-packages/awscrt/__init__.py': '',
    });
    expect(codesOf(withCrt)).not.toContain('remote-codecommit-botocore-too-old');
  });

  it('its Python is gone: says so, and the upgrade names a python that exists', async () => {
    const s = setup('1.20.112', SSO_SESSION);
    s.bin = { 'git-remote-codecommit': '#!/nowhere/python3.7\nimport botocore\n' };
    const r = await scanSandbox(s, { kind: 'url', url: 'codecommit://dev@demo' });
    const f = r.findings.find((x) => x.code === 'remote-codecommit-botocore-too-old');
    expect(f?.explanation).toMatch(/its Python \(\/nowhere\/python3\.7\) is not there/);
    expect(f?.fixes[0]?.steps[0]).toMatchObject({ argv: expect.arrayContaining(['python3']) });
  });
});
