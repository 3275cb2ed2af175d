import type { PlanContext } from '../checks/check';
import { catalogEntry } from '../checks';
import type { EngineContext } from '../context';
import type { Facts, Finding, FixOffer, TargetInput } from '../model';
import { platformOf } from '../platform';
import { gateWrites, globalConfigFile, localConfigFile, writeVerdicts } from './config-files';
import { inspectWriteTarget, type WriteVerdict } from './write-target';

// Turns findings into plans: data first, action later. Each finding's plans come from the
// check that owns its code (as an ESLint rule owns its fix and suggestions); this is only
// the loop, with what every planner may need computed once.

export interface PlanInput {
  ctx: EngineContext;
  facts: Facts;
  target: TargetInput;
  /** Whether a file may be written (the real file system unless a test replays another machine). */
  inspectWrite?: (file: string) => Promise<WriteVerdict>;
}

async function planContext({
  ctx,
  facts,
  target,
  inspectWrite = ctx.inspectWrite ?? ((f) => inspectWriteTarget(f)),
}: PlanInput): Promise<PlanContext> {
  const config = facts.git.ok ? facts.git.value.config : [];
  const globalFile = await globalConfigFile(ctx, config);
  const localFile = target.kind === 'dir' ? localConfigFile(ctx, config, target.path) : undefined;
  return {
    ctx,
    target,
    os: platformOf(ctx.platform),
    globalFile,
    ...(localFile ? { localFile } : {}),
    writable: await writeVerdicts([globalFile, ...(localFile ? [localFile] : [])], inspectWrite),
    inspectWrite,
  };
}

/** One offer per id: several planners can reach the same cure. */
function unique(offers: FixOffer[]): FixOffer[] {
  return offers.filter((o, i) => offers.findIndex((x) => x.id === o.id) === i);
}

export async function planFixes(input: PlanInput, findings: Finding[]): Promise<Finding[]> {
  const pctx = await planContext(input);
  const planned: Finding[] = [];
  for (const f of findings) {
    const offers = await gateWrites(await catalogEntry(f.code).plan(f, input.facts, pctx), pctx);
    planned.push({ ...f, fixes: unique([...f.fixes, ...offers]) });
  }
  return planned;
}
