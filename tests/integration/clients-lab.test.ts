import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { clientRun } from '../../electron/engine/clients/run-as';
import { createContext, type EngineContext } from '../../electron/engine/context';
import { applyFix } from '../../electron/engine/fixes/apply';
import { Journal } from '../../electron/engine/fixes/journal';
import { verifyRemote } from '../../electron/engine/fixes/verify';
import type { FixOffer, ScanReport } from '../../electron/engine/model';
import { runScan } from '../../electron/engine/scan';
import { startAwsApi, type AwsApi } from '../lab/aws-api/server';
import { disposeLabCaches, startLab, type Lab } from '../lab/git-server';
import { createSandbox, type Sandbox } from '../lab/sandbox';
import { AWS_HELPER, LAB_ACCOUNT, makeIdentity } from '../lab/scenarios';
import type { LabIdentity } from '../lab/state';
import { layOutClient, type LaidOutClient } from '../support/lab-client';

// Issue 13's two Lab scenarios, end to end with real git: the clone fails in the client (not
// in the terminal), the doctor names the client, its fix goes where that client's git reads
// it, and then the client's own git — with the settings the client adds — clones from the
// Lab. Nothing outside CodeCommit changes on the way.

const REGION = 'us-east-1';
const REPO = 'demo';

interface World {
  lab: Lab;
  api: AwsApi;
  sb: Sandbox;
  id: LabIdentity;
  url: string;
  host: string;
  ctx: EngineContext;
}

const worlds: World[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) {
    await w.api.stop();
    await w.sb.cleanup();
    await w.lab.stop();
  }
});
afterAll(() => disposeLabCaches());

async function world(env: Record<string, string> = {}): Promise<World> {
  const lab = await startLab();
  const id = makeIdentity();
  lab.state.identities.push(id);
  lab.state.policies.push({
    principalArn: id.arn,
    effect: 'Allow',
    actions: [
      'codecommit:GitPull',
      'codecommit:GetRepository',
      'iam:SimulatePrincipalPolicy',
      'iam:*ServiceSpecificCredential*',
    ],
    resources: ['*'],
  });
  await lab.addRepo({ name: REPO, region: REGION, account: LAB_ACCOUNT });
  const api = await startAwsApi(lab.state, {});
  const sb = createSandbox(lab, {
    awsProfiles: {
      default: {
        accessKeyId: id.accessKeyId,
        secretAccessKey: id.secretAccessKey,
        sessionToken: id.sessionToken,
        region: REGION,
      },
    },
    env: { AWS_ENDPOINT_URL: api.url, ...env },
  });
  sb.env.CODECOMMIT_DOCTOR_STATE_DIR = path.join(sb.home, '.doctor-state');
  // The user's own settings: the AWS helper, as AWS's guide sets it up.
  await sb.configAdd('credential.helper', AWS_HELPER);
  await sb.configAdd('credential.UseHttpPath', 'true');
  // Applications are looked for where macOS keeps them (~/Applications here).
  const ctx = createContext({
    platform: 'darwin',
    env: sb.env,
    home: sb.home,
    cwd: sb.home,
    lookupHost: async () => ['127.0.0.1'],
  });
  const w = { lab, api, sb, id, url: lab.url(REGION, REPO), host: lab.hostFor(REGION), ctx };
  worlds.push(w);
  return w;
}

/** Every file under HOME (but the doctor's own state and clones) with its content. */
function snapshot(home: string, skip: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (skip.some((s) => p === path.join(home, s))) continue;
      const st = statSync(p, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) out.set(path.relative(home, p), readFileSync(p, 'latin1'));
    }
  };
  walk(home);
  return out;
}

function changed(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((n) => before.get(n) !== after.get(n)).sort();
}

function offerOf(r: ScanReport, code: string, idPart: string): FixOffer | undefined {
  return r.findings.find((f) => f.code === code)?.fixes.find((o) => o.id.includes(idPart));
}

const DESKTOP_MARKER = ['GitHub Desktop.app', 'Contents', 'Info.plist'];
const DESKTOP_GIT = ['GitHub Desktop.app', 'Contents', 'Resources', 'app', 'git', 'bin', 'git'];
/**
 * Stand-in for GitHub Desktop's own helper (git-credential-desktop): for a host that is not
 * GitHub it answers from, and saves to, Desktop's own store (the keychain; a file here), and
 * never asks anyone (desktop/desktop trampoline-credential-helper.ts: getGenericCredential,
 * storeCredential).
 */
const DESKTOP_HELPER = 'exec git credential-store --file "$HOME/.desktop-store" "$@"';
/** How Desktop runs its git: dugite's GIT_EXEC_PATH and trampoline-environment.ts's settings. */
function asDesktop(d: LaidOutClient): Record<string, string> {
  return {
    GIT_EXEC_PATH: d.execPath,
    GIT_CONFIG_PARAMETERS: "'credential.helper=' 'credential.helper=desktop'",
  };
}

describe('Lab: GitHub Desktop (its git, credential.helper= and its own helper)', () => {
  it('fails in Desktop, not in the terminal → named → Git credentials made in IAM and saved for Desktop → Desktop’s git clones', async () => {
    const w = await world();
    const desktop = layOutClient(w.sb.home, {
      marker: DESKTOP_MARKER,
      git: DESKTOP_GIT,
      helpers: { desktop: DESKTOP_HELPER },
    });
    // Desktop already keeps a GitHub password: it must survive.
    writeFileSync(path.join(w.sb.home, '.desktop-store'), 'https://octo:ghp_keepme@github.com\n', {
      mode: 0o600,
    });

    expect((await w.sb.git(['clone', w.url, 'terminal'])).code).toBe(0);
    const failing = await w.sb.run(desktop.git, ['clone', w.url, 'd1'], { env: asDesktop(desktop) });
    expect(failing.code).not.toBe(0);
    expect(failing.stderr).toMatch(/could not read Username/);

    // verify as Desktop (its git, its settings) fails; the terminal's verify works.
    const as = await clientRun(w.ctx, { client: 'github-desktop' });
    expect(as.ctx.env.GIT_EXEC_PATH).toBe(desktop.execPath);
    expect((await verifyRemote(as.ctx, w.url)).outcome).toBe('username-wanted');
    expect((await verifyRemote(w.ctx, w.url)).ok).toBe(true);

    const before = snapshot(w.sb.home, ['.doctor-state', 'terminal', 'd1']);
    const r = await runScan(w.ctx, { target: { kind: 'url', url: w.url }, client: 'github-desktop' });
    expect(r.client).toMatchObject({ id: 'github-desktop', name: 'GitHub Desktop', git: desktop.git });
    expect(r.gitUsed).toMatchObject({ path: desktop.git, from: 'client' });
    expect(r.live?.tried && r.live.verdict?.ok).toBe(false);
    expect(r.findings.map((f) => f.code)).toEqual(
      expect.arrayContaining(['client-replaces-helpers', 'git-credentials-missing']),
    );
    const offer = offerOf(r, 'client-replaces-helpers', ':create:');
    expect(offer?.applicable).toBe(true);
    expect(offer?.title).toContain('GitHub Desktop');
    expect(offer?.preview[0]?.description).toContain("GitHub Desktop's git");
    // The account finding offers the very same steps: the fix flow lists the cure once.
    expect(offerOf(r, 'git-credentials-missing', ':create:')?.steps).toEqual(offer?.steps);

    const out = await applyFix(w.ctx, offer!, { journal: Journal.forContext(w.ctx) });
    expect(out.ok).toBe(true);
    const cred = w.lab.state.gitCredentials[0]!;
    expect(w.lab.state.gitCredentials).toHaveLength(1);
    expect(cred).toMatchObject({ userName: w.id.userName, status: 'Active' });

    // Only Desktop's store changed: a new line for the Lab's CodeCommit host, GitHub's kept.
    const after = snapshot(w.sb.home, ['.doctor-state', 'terminal', 'd1']);
    expect(changed(before, after)).toEqual(['.desktop-store']);
    const github = 'https://octo:ghp_keepme@github.com';
    const store = readFileSync(path.join(w.sb.home, '.desktop-store'), 'utf8').trim().split('\n');
    expect(store).toHaveLength(2);
    expect(store).toContain(github);
    // credential-store writes the port's colon as %3a.
    const host = new URL(w.url).host.replace(/\./g, '\\.').replace(':', '%3a');
    expect(store.find((l) => l !== github)).toMatch(
      new RegExp(`^https://${cred.serviceUserName}:[^@]+@${host}/v1/repos/${REPO}$`),
    );
    expect(existsSync(path.join(w.sb.home, '.git-credentials'))).toBe(false);

    // The same git, with the same settings Desktop adds, now clones; and verify as Desktop says so.
    const cloned = await w.sb.run(desktop.git, ['clone', w.url, 'd2'], { env: asDesktop(desktop) });
    expect(cloned.stderr).not.toMatch(/fatal/);
    expect(cloned.code).toBe(0);
    expect((await verifyRemote(as.ctx, w.url)).ok).toBe(true);
    const again = await runScan(w.ctx, { target: { kind: 'url', url: w.url }, client: 'github-desktop' });
    expect(again.live?.tried && again.live.verdict?.ok).toBe(true);
    expect(again.findings.map((f) => f.code)).not.toContain('git-credentials-missing');
  }, 120_000);
});

const FORK_MARKER = ['Fork.app', 'Contents', 'Info.plist'];
const FORK_GIT = ['Fork.app', 'Contents', 'Resources', 'git-instance', 'bin', 'git'];
/** Stand-in for Git Credential Manager: answers from (and saves to) its own store, never asks. */
const GCM = 'exec git credential-store --file "$HOME/.gcm-store" "$@"';

describe('Lab: Fork’s embedded git (helper = manager in its own system settings)', () => {
  it('fails with a stale GCM password → named → fixed in your own settings (exact-host section) → Fork’s git clones', async () => {
    const w = await world();
    const fork = layOutClient(w.sb.home, {
      marker: FORK_MARKER,
      git: FORK_GIT,
      systemConfig: '[credential]\n\thelper = manager\n',
    });
    // What Fork's git reads as its system settings; GCM on PATH (Fork brings it with its git).
    delete w.sb.env.GIT_CONFIG_NOSYSTEM;
    w.sb.env.GIT_CONFIG_SYSTEM = fork.systemConfig;
    const bin = path.join(w.sb.home, 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'git-credential-manager'), `#!/bin/sh\n${GCM}\n`, { mode: 0o755 });
    w.sb.env.PATH = `${bin}:${w.sb.env.PATH}`;
    // GCM saved a CodeCommit password weeks ago (stale), and keeps a GitHub one.
    writeFileSync(path.join(w.sb.home, '.gcm-store'), 'https://octo:ghp_keepme@github.com\n', {
      mode: 0o600,
    });
    const stale = await w.sb.run(
      '/usr/bin/git',
      ['credential-store', '--file', path.join(w.sb.home, '.gcm-store'), 'store'],
      {
        input: `protocol=https\nhost=${new URL(w.url).host}\npath=v1/repos/${REPO}\nusername=AKIAOLDKEYEXAMPLE\npassword=20240101T000000Zstale\n\n`,
      },
    );
    expect(stale.code).toBe(0);
    const failing = await w.sb.run(fork.git, ['clone', w.url, 'f1']);
    expect(failing.code).not.toBe(0);
    expect(failing.stderr).toMatch(/403/);

    const before = snapshot(w.sb.home, ['.doctor-state', 'f1']);
    const r = await runScan(w.ctx, { target: { kind: 'url', url: w.url }, client: 'fork' });
    expect(r.client).toMatchObject({ id: 'fork', name: 'Fork', git: fork.git });
    expect(r.client?.settingsFiles).toContain(fork.systemConfig);
    const f = r.findings.find((x) => x.code === 'client-config-helper-first');
    expect(f?.explanation).toContain(`"manager" from ${fork.systemConfig}`);
    const offer = f?.fixes.find((o) => o.id.includes('scoped-section'));
    expect(offer?.applicable).toBe(true);
    const out = await applyFix(w.ctx, offer!, { journal: Journal.forContext(w.ctx) });
    expect(out.ok).toBe(true);

    // Only your own settings changed, and only for the CodeCommit host.
    const after = snapshot(w.sb.home, ['.doctor-state', 'f1']);
    expect(changed(before, after)).toEqual(['.gitconfig']);
    const added = after.get('.gitconfig')!.slice(before.get('.gitconfig')!.length);
    expect(before.get('.gitconfig')).toBe(
      after.get('.gitconfig')!.slice(0, before.get('.gitconfig')!.length),
    );
    expect(added).toContain(`[credential "https://${new URL(w.url).host}"]`);
    expect(added).not.toMatch(/github/);
    expect(readFileSync(fork.systemConfig, 'utf8')).toBe('[credential]\n\thelper = manager\n');

    const cloned = await w.sb.run(fork.git, ['clone', w.url, 'f2']);
    expect(cloned.stderr).not.toMatch(/fatal/);
    expect(cloned.code).toBe(0);
    const as = await clientRun(w.ctx, { client: 'fork' });
    expect((await verifyRemote(as.ctx, w.url)).ok).toBe(true);
    // GitHub still gets GCM's password from Fork's git.
    const gh = await w.sb.run(fork.git, ['credential', 'fill'], {
      input: 'protocol=https\nhost=github.com\n\n',
    });
    expect(gh.stdout).toContain('username=octo');
    const again = await runScan(w.ctx, { target: { kind: 'url', url: w.url }, client: 'fork' });
    expect(again.findings.map((x) => x.code)).not.toContain('client-config-helper-first');
    expect(again.live?.tried && again.live.verdict?.ok).toBe(true);
  }, 120_000);
});
