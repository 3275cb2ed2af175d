import type { EngineContext } from '../context';
import { pathFor } from '../context';
import { expand, firstFile } from './paths';
import { CLIENTS } from './index';
import type { DetectedClient, GitClient, InstallLayout } from './types';

// Which clients are installed, by their files only: no network, no client is started, no
// file is read (only looked for and folders listed), and the whole search is bounded.

export const DETECT_TIMEOUT_MS = 3000;

async function markerFound(ctx: EngineContext, layout: InstallLayout): Promise<string | undefined> {
  for (const candidate of await expand(ctx, layout.marker, layout.entryPattern)) {
    const there = layout.markerIsFolder
      ? (await ctx.listDir(candidate)).length > 0
      : await ctx.isFile(candidate);
    if (there) return candidate;
  }
  return undefined;
}

async function detectOne(ctx: EngineContext, client: GitClient): Promise<DetectedClient | undefined> {
  for (const layout of client.installs[ctx.platform] ?? []) {
    const marker = await markerFound(ctx, layout);
    if (!marker) continue;
    const git = layout.git ? await firstFile(ctx, layout.git) : undefined;
    const p = pathFor(ctx.platform);
    const execPath =
      git && layout.execPath ? p.join(p.dirname(p.dirname(git)), ...layout.execPath) : undefined;
    return {
      id: client.id,
      name: client.name,
      marker,
      ...(git ? { git } : {}),
      ...(execPath ? { execPath } : {}),
    };
  }
  return undefined;
}

/** The installed clients, in CLIENTS order; what was not found within the time limit is left out. */
export async function detectClients(
  ctx: EngineContext,
  timeoutMs = DETECT_TIMEOUT_MS,
): Promise<DetectedClient[]> {
  const found: (DetectedClient | undefined)[] = new Array(CLIENTS.length).fill(undefined);
  const all = Promise.all(
    CLIENTS.map((c, i) =>
      detectOne(ctx, c).then(
        (d) => {
          found[i] = d;
        },
        () => undefined,
      ),
    ),
  );
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
    timer.unref?.();
  });
  await Promise.race([all, limit]);
  clearTimeout(timer);
  return found.filter((d): d is DetectedClient => d !== undefined);
}
