import type { Page } from 'playwright';
import { CHANNELS, type Channel, type EventMap, type EventName } from '../../electron/contract';
import type { HandlerTable } from '../../electron/main/handlers';

// window.doctor for a page in plain Chromium: each call is forwarded to the REAL handler
// table in Node (page.exposeFunction) and unwrapped like the preload does — an error
// envelope becomes a rejected promise with main's plain message. Events go the other way
// through page.evaluate.

declare global {
  interface Window {
    __doctorInvoke?: (
      channel: string,
      request: unknown,
    ) => Promise<{ ok: boolean; value?: unknown; error?: string }>;
    __doctorEmit?: (event: string, payload: unknown) => void;
  }
}

export interface Bridge {
  emit<E extends EventName>(event: E, payload: EventMap[E]): void;
  /** Every call the page made, in order (channel names only). */
  calls: Channel[];
  /** Resolves once every event sent so far has reached the page. */
  flush(): Promise<void>;
}

export function createBridge(page: Page): Bridge {
  let pending: Promise<unknown> = Promise.resolve();
  return {
    calls: [],
    emit(event, payload) {
      // Chained, so events reach the page in the order main emitted them.
      pending = pending.then(() =>
        page
          .evaluate(([e, p]) => window.__doctorEmit?.(e as string, p), [event, payload] as const)
          .catch(() => undefined),
      );
    },
    flush: () => pending.then(() => undefined),
  };
}

export async function installDoctor(page: Page, bridge: Bridge, table: () => HandlerTable): Promise<void> {
  await page.exposeFunction('__doctorInvoke', (channel: string, request: unknown) => {
    bridge.calls.push(channel as Channel);
    const handler = table()[channel as Channel];
    if (!handler) return Promise.resolve({ ok: false, error: `unknown channel ${channel}` });
    return handler(request);
  });
  await page.addInitScript((channels: string[]) => {
    const listeners = new Map<string, Set<(p: unknown) => void>>();
    const api: Record<string, unknown> = {};
    for (const c of channels) {
      api[c] = async (request: unknown) => {
        const env = await window.__doctorInvoke!(c, request);
        if (!env.ok) throw new Error(env.error);
        return env.value;
      };
    }
    api.on = (event: string, listener: (p: unknown) => void) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    };
    Object.defineProperty(window, 'doctor', { value: Object.freeze(api), configurable: false });
    window.__doctorEmit = (event, payload) => {
      for (const l of listeners.get(event) ?? []) l(payload);
    };
  }, CHANNELS as string[]);
}
