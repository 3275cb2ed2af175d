import { isCodeCommitHost } from '../../codecommit-host';
import { storeOfEntry } from '../../platform';
import { goneKeys } from '../../platform/git-keys';
import type { StoreProbeResult } from '../../model';
import type { StepKind, StepOf } from './step-kind';
import { StepError } from './step-kind';

type DeleteStep = StepOf<'delete-credential'>;

const gone = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The listing did not read where this lives (or cannot say where it did not read). */
const unread = (r: StoreProbeResult, location: string) =>
  r.incomplete !== undefined && (r.unreadLocations === undefined || r.unreadLocations.includes(location));

// Deleting a saved password: the store is listed before and after, and the step fails
// unless exactly the planned entry went and every other entry is still there.

export const deleteCredentialStep: StepKind<DeleteStep> = {
  describe: (step) => `Delete the saved password for ${storeOfEntry(step.entry).describe(step.entry)}`,
  argv: (step) => storeOfEntry(step.entry).deleteArgv(step.entry),
  // The password was never read, so it cannot be put back.
  reversible: false,
  runsHere: true,
  async apply(ctx, { entry }) {
    if (!isCodeCommitHost(entry.hostname))
      throw new StepError(`refusing to touch ${entry.hostname}: not a CodeCommit host`);
    const store = storeOfEntry(entry);
    const before = await store.list(ctx, { entry });
    if (before.error) throw new StepError(before.error);
    if (!before.entries.some((e) => store.sameEntry(e, entry))) {
      // Not listed because it was not read is not "gone".
      if (unread(before, entry.location)) throw new StepError(`not read: ${before.incomplete}`);
      return 'already gone';
    }
    const result = await store.delete(ctx, entry);
    if (result.error) throw new StepError(result.error);
    const after = await store.list(ctx, { entry });
    if (after.error) throw new StepError(`deleted, but the store could not be listed again: ${after.error}`);
    if (unread(after, entry.location))
      throw new StepError(
        `deleted ${result.deleted}, but the store could not be read again to prove it: ${after.incomplete}`,
      );
    if (after.entries.some((e) => store.sameEntry(e, entry)))
      throw new StepError('the store still lists this entry after deleting it');
    // Proof that nothing else went: every other CodeCommit entry and every credential git
    // keeps for another host is still there. Other programs' credentials are not compared:
    // Office, OneDrive and Windows' account broker rewrite theirs at any moment. What the
    // listing after could not read is not counted as gone.
    const others = before.entries.filter((e) => !store.sameEntry(e, entry) && !unread(after, e.location));
    const missing = others.filter((o) => !after.entries.some((e) => store.sameEntry(e, o)));
    const gitGone = after.incomplete ? [] : goneKeys(before.otherGitKeys, after.otherGitKeys);
    if (missing.length > 0 || gitGone.length > 0) {
      throw new StepError(
        `the store changed more than asked (${gone(missing.length, 'other CodeCommit entry', 'other CodeCommit entries')} and ${gone(gitGone.length, 'other git credential', 'other git credentials')} gone) — please report this`,
      );
    }
    return `deleted ${result.deleted}`;
  },
};
