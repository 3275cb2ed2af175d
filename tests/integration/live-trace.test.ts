import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveCheck } from '../../electron/engine/fixes/verify';
import {
  helperActivity,
  helperSecrets,
  presentTrace,
  splitTrace,
} from '../../electron/engine/fixes/verify-trace';
import { configContext } from '../support/config-context';
import { startHttpStub, type StubServer } from '../support/http-stub';
import { HELPER_LITERALS, KEY_ID, SESSION_TOKEN, URL_PASSWORD, findSeeds } from '../support/seeded-secrets';

// The live check's trace with real git 2.39 (GIT_TRACE=1, GIT_TRACE_CURL=1): which helper
// answered, what the server said, and no secret in it — not a literal password in a helper
// command, not the session token in the user name curl echoes, not a signed password, not a
// password in the address.

const WWW = { 'WWW-Authenticate': 'Basic realm="stub"' };
const SIGNATURE = `20250101T000000Z${'ab12'.repeat(16)}`;

let root: string;
let server: StubServer;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'live-trace-'));
  writeFileSync(join(root, 'user'), `${KEY_ID}%${SESSION_TOKEN}`);
  writeFileSync(join(root, 'sig'), SIGNATURE);
  server = await startHttpStub({
    handler: (req) => (req.hasAuthorization ? { status: 403 } : { status: 401, headers: WWW }),
  });
});

afterAll(async () => {
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

const quoted = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
const gitconfig = (helpers: string[]) =>
  `[credential]\n${helpers.map((h) => `\thelper = ${quoted(h)}\n`).join('')}`;

/** Answers nothing, but carries a literal password in its command line. */
const SILENT_WITH_LITERAL = `!printf 'password=%s\\n' ${HELPER_LITERALS[1]} >/dev/null`;
/**
 * What the AWS helper answers with temporary credentials: `<key id>%<session token>` and a
 * signature, computed (here: read from a file), so they are nowhere in the helper's command.
 */
const sessionAnswer = (dir: string) =>
  `!f() { test "$1" = get && printf 'username=%s\\npassword=%s\\n' "$(cat ${dir}/user)" "$(cat ${dir}/sig)"; }; f`;

describe('the live check, traced', () => {
  it('names the helper that answered (the second), and leaves no secret in the trace', async () => {
    const ctx = configContext(root, gitconfig([SILENT_WITH_LITERAL, sessionAnswer(root)]));
    const run = await liveCheck(ctx, `${server.origin}/v1/repos/demo`);
    expect(run.verdict.outcome).toBe('forbidden');
    expect(run.activity).toEqual({ asked: true, ran: [0, 1], answered: 1 });
    const trace = run.trace.join('\n');
    // What a helpdesk needs is there: the helpers in order, the 401 then the 403.
    expect(trace).toMatch(/run_command: helper 1: !printf 'password=\*\*\*/);
    expect(trace).toMatch(/run_command: helper 2: /);
    expect(trace).toMatch(/<= Recv header: HTTP\/1\.1 401/);
    expect(trace).toMatch(/<= Recv header: HTTP\/1\.1 403/);
    expect(trace).toMatch(/Server auth using Basic with user 'ASIAZZEXAMPLESEED001%\*\*\*'/);
    expect(trace).toMatch(/Authorization: \*\*\*/);
    const everything = JSON.stringify(run);
    expect(findSeeds(everything)).toEqual([]);
    expect(everything).not.toContain(SIGNATURE.slice(16));
    // The doctor's own wrapper (which quotes every helper) is never shown as it is.
    expect(everything).not.toContain('codecommit_doctor_get_only');
    expect(run.helpers[0]).not.toContain(HELPER_LITERALS[1]);
  });

  it('no helper answered: the trace says so, and so does the activity', async () => {
    const ctx = configContext(root, gitconfig([SILENT_WITH_LITERAL]));
    const run = await liveCheck(ctx, `${server.origin}/v1/repos/demo`);
    expect(run.verdict.outcome).toBe('username-wanted');
    expect(run.activity).toEqual({ asked: true, ran: [0], answered: null });
    expect(run.trace.join('\n')).toContain('end-of-list marker: no helper gave a password');
  });

  it('a helper command over two lines: no piece of it is read as one of git messages', async () => {
    const twoLines = `!f() { test "$1" = get || return 0\n echo username=u; echo password=${HELPER_LITERALS[0]}; }; f`;
    const ctx = configContext(root, gitconfig([twoLines]));
    const run = await liveCheck(ctx, `${server.origin}/v1/repos/demo`);
    expect(run.verdict.outcome).toBe('forbidden');
    expect(run.verdict.detail).toBe(
      `fatal: unable to access '${server.origin}/v1/repos/demo/': The requested URL returned error: 403`,
    );
    expect(run.activity.answered).toBe(0);
    expect(findSeeds(JSON.stringify(run))).toEqual([]);
  });

  it('a password in the address: git asks no helper, and the password is nowhere', async () => {
    const ctx = configContext(root, gitconfig([sessionAnswer(root)]));
    const url =
      server.origin.replace('://', `://alice:${encodeURIComponent(URL_PASSWORD)}@`) + '/v1/repos/demo';
    const run = await liveCheck(ctx, url);
    expect(run.verdict.outcome).toBe('forbidden');
    expect(run.activity).toEqual({ asked: false, ran: [], answered: null });
    expect(run.trace.join('\n')).toContain("trace: built-in: git ls-remote -- 'http://alice:***@127.0.0.1");
    expect(findSeeds(JSON.stringify(run))).toEqual([]);
  });
});

describe('trace parts', () => {
  it('helperSecrets: the words a mask hides, and their values', () => {
    expect(helperSecrets([SILENT_WITH_LITERAL, 'store', '!aws codecommit credential-helper $@'])).toEqual(
      expect.arrayContaining([HELPER_LITERALS[1]]),
    );
    expect(helperSecrets(['store', '!aws codecommit credential-helper $@'])).toEqual([]);
  });

  it('splitTrace keeps the order of git messages and reads helpers by position', () => {
    const stderr = [
      '12:00:00.000001 git.c:460               trace: built-in: git credential fill',
      "12:00:00.000002 run-command.c:655       trace: run_command: 'git credential-store get'",
      "12:00:00.000003 run-command.c:655       trace: run_command: 'aws codecommit credential-helper $@ get'",
      'fatal: something',
    ].join('\n');
    const s = splitTrace(stderr, { chain: ['store', '!aws codecommit credential-helper $@'] });
    expect(s.messages).toBe('fatal: something');
    expect(helperActivity(s.trace)).toEqual({ asked: true, ran: [0, 1], answered: 1 });
    expect(
      presentTrace(s.trace, { chain: ['store', '!aws codecommit credential-helper $@'], known: [] }),
    ).toEqual([
      '12:00:00.000 trace: built-in: git credential fill',
      '12:00:00.000 trace: run_command: helper 1: store get',
      '12:00:00.000 trace: run_command: helper 2: !aws codecommit credential-helper $@ get',
    ]);
  });

  it('presentTrace keeps the start and the end of a long trace', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `12:00:00.000 == Info: line ${i}`);
    const out = presentTrace(lines, { chain: [], known: [] });
    expect(out).toHaveLength(121);
    expect(out[0]).toContain('line 0');
    expect(out[40]).toBe('… 380 trace lines left out …');
    expect(out.at(-1)).toContain('line 499');
  });
});
