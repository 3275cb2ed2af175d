import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { labApiHosts, labGitHosts } from './hosts';

// A throwaway CA and one server certificate for every Lab host, made with the system
// `openssl`. git (curl + OpenSSL) is pointed at the CA with http.sslCAInfo inside each
// sandbox, so nothing on the machine trusts it. EC P-256 keys: generated in milliseconds.

const run = promisify(execFile);
const OPENSSL = '/usr/bin/openssl';

export interface LabTls {
  dir: string;
  caCertPath: string;
  caCert: string;
  cert: string;
  key: string;
  /** DNS names in the server certificate. */
  hosts: string[];
}

let cached: Promise<LabTls> | undefined;
let cachedDir: string | undefined;

/**
 * Removes the CA directory. Vitest workers end without an `exit` event, so test files
 * call this in afterAll; a later labTls() makes a new CA.
 */
export function disposeLabTls(): void {
  if (cachedDir) rmSync(cachedDir, { recursive: true, force: true });
  cachedDir = undefined;
  cached = undefined;
}

/** Generated once per process; the directory is removed when the process exits. */
export function labTls(): Promise<LabTls> {
  cached ??= generate().catch((e: unknown) => {
    cached = undefined;
    throw e;
  });
  return cached;
}

async function generate(): Promise<LabTls> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-lab-tls-'));
  cachedDir = dir;
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const p = (f: string) => join(dir, f);
  const opt = { timeout: 20_000 };
  const git = labGitHosts();
  const hosts = [...git, ...labApiHosts(), 'localhost'];
  // Wildcards for other VPC endpoint ids (one label; zonal names are still one label).
  const wild = [
    ...new Set(git.filter((h) => h.startsWith('vpce-')).map((h) => '*' + h.slice(h.indexOf('.')))),
  ];
  const san = [...hosts, ...wild]
    .map((h) => `DNS:${h}`)
    .concat('IP:127.0.0.1')
    .join(',');

  await run(
    OPENSSL,
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      p('ca.key'),
      '-out',
      p('ca.crt'),
      '-days',
      '3',
      '-subj',
      '/CN=CodeCommit Lab throwaway CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    opt,
  );
  await run(
    OPENSSL,
    [
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      p('server.key'),
      '-out',
      p('server.csr'),
      '-subj',
      '/CN=git-codecommit.us-east-1.amazonaws.com',
    ],
    opt,
  );
  writeFileSync(
    p('ext.cnf'),
    [
      `subjectAltName=${san}`,
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth',
      '',
    ].join('\n'),
  );
  await run(
    OPENSSL,
    [
      'x509',
      '-req',
      '-in',
      p('server.csr'),
      '-CA',
      p('ca.crt'),
      '-CAkey',
      p('ca.key'),
      '-set_serial',
      '1',
      '-days',
      '2',
      '-sha256',
      '-extfile',
      p('ext.cnf'),
      '-out',
      p('server.crt'),
    ],
    opt,
  );
  return {
    dir,
    caCertPath: p('ca.crt'),
    caCert: readFileSync(p('ca.crt'), 'utf8'),
    cert: readFileSync(p('server.crt'), 'utf8'),
    key: readFileSync(p('server.key'), 'utf8'),
    hosts: [...hosts, ...wild],
  };
}
