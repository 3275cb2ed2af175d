import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyFix } from '../../electron/engine/fixes/apply';
import { Journal } from '../../electron/engine/fixes/journal';
import type { Finding, ScanReport } from '../../electron/engine/model';
import { createFixSandbox, writeExecutable, type FixSandbox } from '../support/fix-sandbox';

// Issue 12 §2 cause 8, with real git 2.39: a codecommit:// address holding an HTTPS host.
// git accepts it and starts git-remote-codecommit with it. The stand-in below reads the
// address with the very lines git-remote-codecommit's Context.from_url uses (Python's
// urlparse; the repository is the netloc after an optional `profile@`; a scheme that is no
// Region is "malformed") and says what it would ask CodeCommit for.

const BAD = 'codecommit://git-codecommit.us-west-2.amazonaws.com/v1/repos/x';
const MEANT = 'codecommit::us-west-2://x';

const STAND_IN = `#!/usr/bin/python3
import re, sys
from urllib.parse import urlparse
url = urlparse(sys.argv[2])
repository = url.netloc
if not url.scheme or not url.netloc:
  sys.stderr.write('The following URL is malformed: %s\\n' % sys.argv[2]); sys.exit(1)
if '@' in url.netloc:
  profile, repository = url.netloc.split('@', 1)
if url.scheme != 'codecommit' and not re.match(r"^[a-z]{2}-\\w*.*-\\d{1}", url.scheme):
  sys.stderr.write('The following URL is malformed: %s\\n' % sys.argv[2]); sys.exit(1)
region = url.scheme if url.scheme != 'codecommit' else 'profile'
sys.stderr.write('asks CodeCommit (%s) for repository: %s\\n' % (region, repository))
sys.exit(1)
`;

const boxes: FixSandbox[] = [];
afterEach(() => {
  for (const b of boxes.splice(0)) b.cleanup();
});

function box(): FixSandbox {
  const b = createFixSandbox();
  boxes.push(b);
  writeExecutable(path.join(b.bin, 'git-remote-codecommit'), STAND_IN);
  return b;
}

const find = (r: ScanReport, code = 'url-codecommit-host-as-repo'): Finding[] =>
  r.findings.filter((f) => f.code === code);

describe('a codecommit:// address holding an https host (cause 8)', () => {
  it('git hands it on and the host becomes the repository name; the doctor says so and gives the address meant', async () => {
    const b = box();
    const clone = await b.git(['clone', BAD, path.join(b.home, 'c')]);
    expect(clone.stderr).toContain('for repository: git-codecommit.us-west-2.amazonaws.com');
    const r = await b.scan({ kind: 'url', url: BAD });
    const [f] = find(r);
    expect(f?.explanation).toContain(
      'takes "git-codecommit.us-west-2.amazonaws.com" — the host — as the repository name',
    );
    expect(f?.plain).toBeTruthy();
    // Only this finding: not also "cannot be read" or "not CodeCommit".
    expect(r.findings.filter((x) => x.code.startsWith('url-')).map((x) => x.code)).toEqual([
      'url-codecommit-host-as-repo',
    ]);
    const use = f?.fixes.find((o) => o.address !== undefined);
    expect(use).toMatchObject({ kind: 'suggestion', address: MEANT, applicable: false });
    // The address offered is one git-remote-codecommit reads as meant.
    const again = await b.git(['clone', use?.address as string, path.join(b.home, 'd')]);
    expect(again.stderr).toContain('asks CodeCommit (us-west-2) for repository: x');
  });

  it('codecommit::https://… is malformed to git-remote-codecommit; the same address is offered', async () => {
    const b = box();
    const input = 'codecommit::https://git-codecommit.us-west-2.amazonaws.com/v1/repos/x';
    expect((await b.git(['ls-remote', input])).stderr).toContain('The following URL is malformed');
    const [f] = find(await b.scan({ kind: 'url', url: input }));
    expect(f?.explanation).toContain('"https" where a Region belongs');
    expect(f?.fixes.map((o) => o.address)).toContain(MEANT);
  });

  it('a repository folder’s remote: a journaled rewrite git then hands on as meant; undo puts it back', async () => {
    const b = box();
    const dir = path.join(b.home, 'repo');
    mkdirSync(dir);
    expect((await b.git(['init', '-q'], dir)).code).toBe(0);
    expect((await b.git(['remote', 'add', 'origin', BAD], dir)).code).toBe(0);
    const config = path.join(dir, '.git', 'config');
    const before = readFileSync(config);
    const r = await b.scan({ kind: 'dir', path: dir });
    const [f] = find(r);
    expect(f?.subject).toBe(`remote "origin": ${BAD}`);
    const offer = f?.fixes.find((o) => o.kind === 'fix');
    expect(offer?.preview[0]?.argv).toEqual(['git', '-C', dir, 'remote', 'set-url', 'origin', MEANT]);
    const journal = Journal.forContext(b.ctx);
    const out = await applyFix(b.ctx, offer!, { journal });
    expect(out.ok, out.error).toBe(true);
    expect((await b.git(['ls-remote', 'origin'], dir)).stderr).toContain(
      'asks CodeCommit (us-west-2) for repository: x',
    );
    expect(find(await b.scan({ kind: 'dir', path: dir }))).toEqual([]);
    await journal.undo(out.journalId as string);
    expect(readFileSync(config).equals(before)).toBe(true);
  });

  it('a profile and a China host: the profile is kept; China gets its HTTPS address (the helper builds .com hosts)', async () => {
    const b = box();
    const [p] = find(
      await b.scan({
        kind: 'url',
        url: 'codecommit://dev@git-codecommit.eu-west-1.amazonaws.com/v1/repos/app.git',
      }),
    );
    expect(p?.fixes.map((o) => o.address)).toContain('codecommit::eu-west-1://dev@app');
    const [cn] = find(
      await b.scan({
        kind: 'url',
        url: 'codecommit://git-codecommit.cn-north-1.amazonaws.com.cn/v1/repos/app',
      }),
    );
    expect(cn?.fixes.map((o) => o.address)).toContain(
      'https://git-codecommit.cn-north-1.amazonaws.com.cn/v1/repos/app',
    );
  });

  it('an ordinary codecommit:// address is not this finding', async () => {
    const b = box();
    expect(find(await b.scan({ kind: 'url', url: MEANT }))).toEqual([]);
  });
});
