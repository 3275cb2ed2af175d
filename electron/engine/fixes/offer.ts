import type { Finding, FixOffer, FixStep } from '../model';
import { previewOf, stepKind } from './steps';

// Every plan is built here, so what a plan says about itself (its preview, whether the
// journal can undo it, whether the doctor may run it) follows from its steps.

export const IRREVERSIBLE =
  'Deleting saved passwords cannot be undone: this tool never reads a password, so it cannot put one back. They were expired copies anyway — the AWS helper signs a fresh one for every clone.';

export interface OfferSpec {
  id: string;
  kind: FixOffer['kind'];
  title: string;
  description: string;
  steps?: FixStep[];
  needsAdmin?: boolean;
  /** Said before anything irreversible happens. */
  warning?: string;
  /** false: shown but not run here even though it has steps (e.g. a new password would be lost). */
  runnable?: boolean;
  recheck?: FixOffer['recheck'];
  /** The offer in one everyday sentence, and what the person will notice (see FixOffer). */
  plain?: string;
  notice?: string;
  /** A corrected clone address to copy or scan with. */
  address?: string;
}

/** The optional words an offer carries for people, as given. */
function words(
  spec: Pick<OfferSpec, 'plain' | 'notice' | 'address'>,
): Pick<FixOffer, 'plain' | 'notice' | 'address'> {
  return {
    ...(spec.plain ? { plain: spec.plain } : {}),
    ...(spec.notice ? { notice: spec.notice } : {}),
    ...(spec.address ? { address: spec.address } : {}),
  };
}

export function makeOffer(finding: Pick<Finding, 'code'>, spec: OfferSpec): FixOffer {
  const steps = spec.steps ?? [];
  const needsAdmin = spec.needsAdmin ?? false;
  return {
    id: spec.id,
    findingCode: finding.code,
    kind: spec.kind,
    title: spec.title,
    description: spec.description,
    steps,
    preview: steps.map(previewOf),
    reversible: steps.length > 0 && steps.every((s) => stepKind(s).reversible),
    needsAdmin,
    ...(spec.warning ? { warning: spec.warning } : {}),
    ...(spec.recheck ? { recheck: spec.recheck } : {}),
    applicable:
      (spec.runnable ?? true) && !needsAdmin && steps.length > 0 && steps.every((s) => stepKind(s).runsHere),
    ...words(spec),
  };
}

/** Something only the person can do (nothing here can do it for them). */
export function advice(
  finding: Pick<Finding, 'code'>,
  key: string,
  title: string,
  description: string,
  more: Pick<OfferSpec, 'plain' | 'notice' | 'address' | 'steps'> = {},
): FixOffer {
  return makeOffer(finding, {
    id: `${finding.code}:${key}`,
    kind: 'suggestion',
    title,
    description,
    ...more,
  });
}
