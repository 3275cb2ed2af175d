import { writeFileSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Locator, Page } from 'playwright';
import { expect } from 'vitest';
import { createContext } from '../../electron/engine/context';
import { createHandlers, type HandlerTable, type NativeApi } from '../../electron/main/handlers';
import { buildScenario, type BuiltScenario } from '../lab/scenarios';
import { createBridge, installDoctor } from './bridge';
import { ROOT } from './serve';

// One walk through the wizard: the built renderer in Chromium, the REAL handler table behind
// it, a Lab scenario for the world. At every step the walk checks what a person needs — an
// enabled next action inside the window at 1280×800 and at 800×600 without scrolling, no
// sideways scrolling, axe clean in light and dark — and screenshots the step in light and
// dark at both sizes (tests/artifacts/e2e). It counts the person's actions after the
// address is pasted.

export const ARTIFACTS = path.join(ROOT, 'tests', 'artifacts', 'e2e');
export const SIZES = [
  { width: 1280, height: 800 },
  { width: 800, height: 600 },
] as const;
const THEMES = ['light', 'dark'] as const;

export interface Walk {
  page: Page;
  scenario: BuiltScenario;
  native: { copied: string[]; opened: string[]; saved: string[] };
  errors: string[];
  /** The person's actions since the address was pasted (clicks, key presses that act). */
  actions: number;
  /** Counts one action of the person, then does it. */
  act(what: Promise<unknown> | (() => Promise<unknown>)): Promise<void>;
  /** The step as it is now: checked at both sizes, screenshotted in both themes. */
  step(name: string): Promise<void>;
  /** The step's next action (the primary button in the action bar). */
  primary(): Locator;
  /** Steps already checked, in order. */
  visited: string[];
  close(): Promise<void>;
}

function native(scenario: BuiltScenario) {
  const record = { copied: [] as string[], opened: [] as string[], saved: [] as string[] };
  const api: NativeApi = {
    pickFolder: async () => scenario.sandbox.home,
    copyText: async (text) => void record.copied.push(text),
    // Written where a person would pick, so a walk can read back what the helpdesk gets.
    saveFile: async (defaultName, content) => {
      record.saved.push(defaultName);
      const file = path.join(scenario.sandbox.home, defaultName);
      writeFileSync(file, content);
      return file;
    },
    openExternal: async (url) => void record.opened.push(url),
    theme: () => 'light',
    showSecretOnce: async () => undefined,
  };
  return { record, api };
}

async function axe(page: Page, where: string): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const summary = result.violations.map(
    (v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(summary, `axe on ${where}`).toEqual([]);
}

/**
 * Waits until `check` passes on what `get` returns (expect.poll needs the test's own expect,
 * which walks running side by side do not have).
 */
export async function eventually<T>(
  get: () => T | Promise<T>,
  check: (value: T) => void,
  timeoutMs = 10_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      check(await get());
      return;
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.evaluate((t) => window.__doctorEmit?.('themeChanged', { theme: t }), theme);
  await eventually(
    () => page.evaluate(() => document.documentElement.dataset.theme),
    (t) => expect(t).toBe(theme),
  );
}

/** The primary action is enabled and wholly inside the window; nothing scrolls sideways. */
async function nextActionInView(page: Page, primary: Locator, where: string, width: number, height: number) {
  expect(await primary.count(), `${where}: a next action`).toBeGreaterThan(0);
  expect(await primary.isEnabled(), `${where}: the next action is enabled`).toBe(true);
  const box = await primary.boundingBox();
  expect(box, `${where}: the next action is shown`).not.toBeNull();
  if (!box) return;
  const inside = box.x >= 0 && box.y >= 0 && box.x + box.width <= width && box.y + box.height <= height;
  expect(inside, `${where}: the next action ${JSON.stringify(box)} is inside ${width}×${height}`).toBe(true);
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(sideways, `${where}: no sideways scrolling`).toBeLessThanOrEqual(0);
}

export async function openWalk(browser: Browser, server: { url: string }, name: string): Promise<Walk> {
  const scenario = await buildScenario(name);
  const ctx = createContext({
    env: scenario.sandbox.env,
    home: scenario.sandbox.home,
    cwd: scenario.sandbox.home,
  });
  const { record, api } = native(scenario);
  const context = await browser.newContext({ viewport: { ...SIZES[0] } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  // A CSP violation (an inline script or style the build slipped in) shows up here.
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  const bridge = createBridge(page);
  const table: HandlerTable = createHandlers({
    ctx,
    native: api,
    emit: (e, p) => bridge.emit(e, p),
    version: '0.1.0',
  });
  await installDoctor(page, bridge, () => table);
  await page.goto(`${server.url}/index.html`);
  await page.getByRole('heading', { level: 1 }).waitFor();

  let closed = false;
  const walk: Walk = {
    page,
    scenario,
    native: record,
    errors,
    actions: 0,
    visited: [],
    primary: () => page.locator('[data-testid="step-actions"] .btn.primary'),
    async act(what) {
      walk.actions++;
      await (typeof what === 'function' ? what() : what);
    },
    async step(stepName) {
      const n = String(walk.visited.length + 1).padStart(2, '0');
      walk.visited.push(stepName);
      for (const size of SIZES) {
        await page.setViewportSize(size);
        const where = `${name} / ${stepName} at ${size.width}×${size.height}`;
        await nextActionInView(page, walk.primary(), where, size.width, size.height);
        for (const theme of THEMES) {
          await setTheme(page, theme);
          const file = `${name}-${n}-${stepName}-${size.width}x${size.height}-${theme}.png`;
          await page.screenshot({ path: path.join(ARTIFACTS, file) });
          // axe once per theme: light at the large size, dark at the small one.
          if ((theme === 'light') === (size.width === SIZES[0].width)) await axe(page, `${where}, ${theme}`);
        }
      }
      await setTheme(page, 'light');
      await page.setViewportSize(SIZES[0]);
      // The whole step once, for reading it back: a window as tall as the page, so the pinned
      // action bar sits at its end as it does once scrolled there.
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      await page.setViewportSize({ width: SIZES[0].width, height: Math.max(height, SIZES[0].height) });
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${n}-${stepName}-full.png`) });
      await page.setViewportSize(SIZES[0]);
    },
    async close() {
      if (closed) return;
      closed = true;
      await context.close();
      await scenario.dispose();
    },
  };
  return walk;
}
