import { AsyncLocalStorage } from 'node:async_hooks';
import { externalDataInterceptor } from '@smithy/shared-ini-file-loader';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { EngineContext } from '../context';
import { toPlatform } from '../context';
import { DEFAULT_TIMEOUT_MS, realRunner } from '../runner';
import type { CredentialSourceKind } from '../model';
import { comSpec, safeWindowsCwd } from '../platform/win32/launch';
import { untilAborted } from './bounded';

// The AWS SDK runs a profile's credential_process with child_process.exec: no time limit, so a
// tool waiting for an MFA code or a browser sign-in kept the scan waiting forever, and its open
// pipes kept the CLI alive after that. The SDK takes its exec function from its external-data
// interceptor (`getTokenRecord().exec`), its one hook for this; installed there, every
// credential_process (the profile's own or a source_profile's) runs through the engine's runner
// with exec's own command line (`/bin/sh -c …`, `cmd.exe /d /s /c "…"`), the scan's environment
// and folder, its time limit and the process-group kill. The SDK still parses and validates the
// output (Version 1, keys, Expiration) as it always does.
//
// The hook shares the SDK's SSO token table: an sso-session literally named "exec" would read the
// hook instead of its token, and is then reported as having no usable token (a sign-in away).

type Runs = Pick<EngineContext, 'runner' | 'env' | 'cwd' | 'timeoutMs' | 'platform'>;

interface Scope {
  ctx: Runs;
  /** Set when the runner had to stop the credential_process: the reason, in words. */
  stopped?: string;
}

const scopes = new AsyncLocalStorage<Scope>();

/** Outside any scan (nothing should be), a credential_process still gets a limit and the group kill. */
const FALLBACK: Runs = {
  runner: realRunner,
  env: process.env,
  cwd: process.cwd(),
  timeoutMs: DEFAULT_TIMEOUT_MS,
  platform: toPlatform(process.platform),
};

/** A credential source that did not answer within the time limit: "could not check", not "no credentials". */
export class CredentialTimeoutError extends Error {
  override name = 'CredentialTimeoutError';
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** The command line child_process.exec would run. */
export function shellArgv(
  platform: Runs['platform'],
  env: NodeJS.ProcessEnv,
  command: string,
): [string, string[]] {
  if (platform !== 'win32') return ['/bin/sh', ['-c', command]];
  return [comSpec(env), ['/d', '/s', '/c', `"${command}"`]];
}

type ExecCallback = (error: Error | null, result?: { stdout: string; stderr: string }) => void;

/** exec(command, callback) for the SDK. Messages never quote the command line: it may carry a secret. */
function runCredentialProcess(command: string, callback: ExecCallback): void {
  const scope = scopes.getStore();
  const ctx = scope?.ctx ?? FALLBACK;
  const [file, args] = shellArgv(ctx.platform, ctx.env, command);
  // cmd.exe looks for the commands it runs in its working folder first: never the scanned repository.
  const cwd = ctx.platform === 'win32' ? safeWindowsCwd(ctx.env) : ctx.cwd;
  ctx.runner(file, args, { env: ctx.env, cwd, timeoutMs: ctx.timeoutMs }).then(
    (r) => {
      if (r.timedOut) {
        const why = `its credential_process did not finish within ${seconds(ctx.timeoutMs)} (it may be waiting for an MFA code or a sign-in) and was stopped`;
        if (scope) scope.stopped = why;
        callback(new CredentialTimeoutError(why));
      } else if (r.notFound || r.error) {
        callback(new Error(`its credential_process could not be started (${r.error ?? 'no shell'})`));
      } else if (r.exitCode !== 0) {
        const how =
          r.exitCode === null ? `was ended by ${r.signal ?? 'a signal'}` : `exited with code ${r.exitCode}`;
        callback(new Error(`its credential_process ${how}`));
      } else {
        callback(null, { stdout: r.stdout, stderr: r.stderr });
      }
    },
    (e: unknown) => callback(e instanceof Error ? e : new Error(String(e))),
  );
}

let installed = false;

function installOnce(): void {
  if (installed) return;
  const record = externalDataInterceptor.getTokenRecord?.() as Record<string, unknown> | undefined;
  if (record) record.exec = runCredentialProcess;
  installed = true;
}

function sourceOf(kind: CredentialSourceKind | undefined): string {
  switch (kind) {
    case 'credential-process':
      return 'its credential_process';
    case 'sso':
    case 'sso-session':
      return 'its single sign-on';
    case 'assume-role':
      return 'assuming its role';
    case 'web-identity':
      return 'its web identity';
    default:
      return 'its credential source';
  }
}

/**
 * The SDK provider with the scan's time limit: a credential_process runs through the runner,
 * and whatever else the provider waits on (SSO, STS for a role, instance metadata) ends when
 * the time is up, as a CredentialTimeoutError that says what was waited for.
 */
export function boundedProvider(
  ctx: Runs,
  provider: AwsCredentialIdentityProvider,
  kind?: CredentialSourceKind,
): AwsCredentialIdentityProvider {
  installOnce();
  return (props) => {
    const scope: Scope = { ctx };
    const signal = AbortSignal.timeout(ctx.timeoutMs);
    return untilAborted(
      scopes.run(scope, () => provider(props)),
      signal,
    ).catch((e: unknown) => {
      if (scope.stopped) throw new CredentialTimeoutError(scope.stopped);
      if (signal.aborted)
        throw new CredentialTimeoutError(
          `${sourceOf(kind)} did not finish within ${seconds(ctx.timeoutMs)} (it may be waiting for an MFA code or a sign-in) and was stopped`,
        );
      throw e;
    });
  };
}
