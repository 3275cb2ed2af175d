import { GetRepositoryCommand } from '@aws-sdk/client-codecommit';
import { CODECOMMIT_REGIONS } from '../codecommit-host';
import type { AccountTargetFacts } from '../model';
import { awsErrorOf, callFailure } from './aws-clients';
import type { AccountSession, ProfileSession } from './session';

// Where the repository really lives: GetRepository in the address's region, and (only when it is
// not there) in every other CodeCommit region at once.

export type RepositoryLookup = AccountTargetFacts['lookup'];

const KMS_ERRORS = /^EncryptionKey/;
/**
 * Regions asked at once in the all-regions search. Each region is its own endpoint, so
 * asking all 28 others in one round puts one request on each; the bound only guards the
 * local side (sockets, CPU) should the region list grow.
 */
const SEARCH_CONCURRENCY = 32;

export async function lookupRepository(
  session: AccountSession,
  p: ProfileSession,
  region: string,
  repo: string,
): Promise<RepositoryLookup> {
  const cc = session.codecommit(p, region);
  try {
    const r = await session.call(p.credentials, (abortSignal) =>
      cc.send(new GetRepositoryCommand({ repositoryName: repo }), { abortSignal }),
    );
    return { status: 'found', arn: r.repositoryMetadata?.Arn };
  } catch (e) {
    return lookupFailure(e);
  }
}

/** A failed GetRepository: not there, its KMS key refused, not allowed to look, or no answer. */
export function lookupFailure(e: unknown): RepositoryLookup {
  const err = awsErrorOf(e);
  if (err.code === 'RepositoryDoesNotExistException') return { status: 'not-found' };
  if (KMS_ERRORS.test(err.code)) return { status: 'kms-denied', errorCode: err.code, message: err.message };
  const failure = callFailure(e);
  return { status: failure.status, message: failure.error };
}

/** GetRepository in every CodeCommit region but `region`: where it exists, and where nobody could tell. */
export async function searchOtherRegions(
  session: AccountSession,
  p: ProfileSession,
  region: string,
  repo: string,
): Promise<Required<Pick<AccountTargetFacts, 'foundInRegions' | 'searchFailed'>>> {
  const others = CODECOMMIT_REGIONS.filter((r) => r !== region);
  const results = await pool(others, SEARCH_CONCURRENCY, async (r) => ({
    region: r,
    result: await lookupRepository(session, p, r, repo),
  }));
  return {
    foundInRegions: results.filter((x) => x.result.status === 'found').map((x) => x.region),
    searchFailed: results
      .filter((x) => x.result.status === 'error' || x.result.status === 'access-denied')
      .map((x) => x.region),
  };
}

/** Runs `fn` over `items` with at most `limit` in flight; results in the order of `items`. */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
