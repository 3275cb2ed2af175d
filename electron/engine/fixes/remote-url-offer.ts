import type { Finding, FixOffer } from '../model';
import { makeOffer } from './offer';

/** A plan that points one remote of a repository folder at another address (journaled, undoable). */
export function remoteUrlOffer(
  finding: Pick<Finding, 'code'>,
  o: {
    id: string;
    kind: FixOffer['kind'];
    title: string;
    description?: string;
    dir: string;
    remote: string;
    from: string;
    to: string;
    plain?: string;
  },
): FixOffer {
  return makeOffer(finding, {
    id: o.id,
    kind: o.kind,
    title: o.title,
    description: o.description ?? `Changes the address of remote "${o.remote}" to ${o.to}.`,
    steps: [{ type: 'remote-set-url', dir: o.dir, remote: o.remote, from: o.from, to: o.to }],
    plain: o.plain ?? `Remote "${o.remote}" will use the address ${o.to}.`,
    notice: 'Only this repository changes.',
  });
}
