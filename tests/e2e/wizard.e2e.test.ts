import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../../electron/engine/context';
import { createHandlers, type HandlerTable, type NativeApi } from '../../electron/main/handlers';
import { disposeLabCaches } from '../lab/git-server';
import { buildScenario, type BuiltScenario } from '../lab/scenarios';
import { createBridge, installDoctor } from './bridge';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  ensureRendererBuilt,
  RENDERER_OUT,
  ROOT,
  serveStatic,
  type StaticServer,
} from './serve';

// The built renderer in real Chromium, wired to the REAL handler table (createHandlers),
// the real engine, real git and the real AWS CLI helper against a Lab scenario. Each run:
// scan → the right finding → fix with consent (and the irreversible confirmation) → verify
// green → undo. Every step is screenshotted to tests/artifacts/e2e and checked with axe.

const ARTIFACTS = path.join(ROOT, 'tests', 'artifacts', 'e2e');

let browser: Browser;
let server: StaticServer;
const built: BuiltScenario[] = [];

beforeAll(async () => {
  ensureRendererBuilt();
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await serveStatic(RENDERER_OUT);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await Promise.all(built.map((b) => b.dispose()));
  disposeLabCaches();
});

interface Run {
  page: Page;
  scenario: BuiltScenario;
  native: { copied: string[]; opened: string[]; saved: string[] };
  check(step: string, fullPage?: boolean): Promise<void>;
  errors: string[];
}

async function open(name: string): Promise<Run> {
  const scenario = await buildScenario(name);
  built.push(scenario);
  const ctx = createContext({
    env: scenario.sandbox.env,
    home: scenario.sandbox.home,
    cwd: scenario.sandbox.home,
  });
  const record = { copied: [] as string[], opened: [] as string[], saved: [] as string[] };
  const native: NativeApi = {
    pickFolder: async () => scenario.sandbox.home,
    copyText: async (text) => void record.copied.push(text),
    saveFile: async (defaultName) => {
      record.saved.push(defaultName);
      return path.join(scenario.sandbox.home, defaultName);
    },
    openExternal: async (url) => void record.opened.push(url),
    theme: () => 'light',
    showSecretOnce: async () => undefined,
  };
  const context = await browser.newContext({ viewport: { width: 1120, height: 820 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  page.on('console', (m) => {
    // A CSP violation (an inline script or style the build slipped in) shows up here.
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  const bridge = createBridge(page);
  const table: HandlerTable = createHandlers({
    ctx,
    native,
    emit: (e, p) => bridge.emit(e, p),
    version: '0.1.0',
  });
  await installDoctor(page, bridge, () => table);
  await page.goto(`${server.url}/index.html`);
  await page.getByRole('heading', { level: 1 }).waitFor();

  const check = async (step: string, fullPage = true) => {
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${step}.png`), fullPage });
    const axe = await new AxeBuilder({ page }).analyze();
    const summary = axe.violations.map(
      (v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
    expect(summary, `axe on ${name} / ${step}`).toEqual([]);
  };
  return { page, scenario, native: record, check, errors };
}

async function title(page: Page): Promise<string> {
  return page.title();
}

/** Presses Tab until the focused element's accessible name matches (keyboard-only runs). */
async function tabTo(page: Page, name: RegExp, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const label = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return '';
      const labelled =
        el.getAttribute('aria-label') ??
        (el as HTMLInputElement).labels?.[0]?.textContent ??
        el.textContent ??
        '';
      return labelled.trim();
    });
    if (name.test(label)) return;
  }
  throw new Error(`Tab never reached ${name}`);
}

describe('the wizard in Chromium with the real engine and the Lab', () => {
  it('stale-cached-password: scan, confirm the irreversible delete, verify green, undo', async () => {
    const run = await open('stale-cached-password');
    const { page, scenario } = run;
    const gitconfigBefore = readFileSync(scenario.sandbox.gitConfigPath, 'utf8');
    expect(await title(page)).toBe('Step 1 of 6: What do you want to clone? — CodeCommit Doctor');

    await page.getByRole('textbox', { name: 'Clone address' }).fill(scenario.url);
    await run.check('1-target');
    await page.getByRole('button', { name: 'Start the scan' }).click();
    const next = page.getByRole('button', { name: 'See the findings' });
    await expect.poll(() => next.isEnabled(), { timeout: 60_000 }).toBe(true);
    expect(await page.getByTestId('live').textContent()).toContain('Scan finished.');
    expect(await page.locator('[aria-current="step"]').textContent()).toContain('Scan');
    await run.check('2-scan');

    await next.click();
    expect(await title(page)).toMatch(/^Step 3 of 6: Findings/);
    await expect
      .poll(() => page.locator('article .meta code').allTextContents())
      .toEqual(expect.arrayContaining(['helper-shadowed', 'cached-codecommit-credentials']));
    // The evidence names the helper order and the stored entry.
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('1. store');
    expect(text).toContain('git-credential-store');
    await expect
      .poll(() => page.getByText('CodeCommit refused the password (403)').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await run.check('3-findings');

    await page.getByRole('button', { name: 'Review the fixes' }).click();
    const deleteConsent = page.getByRole('checkbox', { name: /asks you to confirm/ });
    expect(await deleteConsent.isChecked()).toBe(false);
    expect(await page.getByRole('checkbox', { name: 'Apply this fix', exact: true }).isChecked()).toBe(true);
    await deleteConsent.check();
    await run.check('4-fix-plan');
    await page.getByRole('button', { name: 'Apply 2 changes' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    expect(await dialog.getByRole('button', { name: 'Delete and apply' }).isDisabled()).toBe(true);
    // The viewport, as the user sees the modal (a full-page shot would stretch past the backdrop).
    await run.check('4-fix-confirm', false);
    await dialog.getByRole('checkbox', { name: 'I understand that this cannot be undone' }).check();
    await dialog.getByRole('button', { name: 'Delete and apply' }).click();
    await expect.poll(() => page.locator('.result.tone-pass').count(), { timeout: 60_000 }).toBe(2);
    // The stale password is gone from the store, and only the AWS helper answers now.
    expect(readFileSync(path.join(scenario.sandbox.home, '.git-credentials'), 'utf8')).not.toContain(
      'git-codecommit',
    );
    await run.check('4-fix-applied');

    await page.getByRole('button', { name: 'Continue to verify' }).click();
    const verified = page.locator('.verify-big', { hasText: 'git can reach the repository' });
    await verified.waitFor({ timeout: 60_000 });
    expect(await page.locator('.change').first().textContent()).toMatch(/^403 → works \(\d+ refs?\)$/);
    await run.check('5-verify');
    // A real clone in the sandbox agrees.
    expect((await scenario.clone()).code).toBe(0);

    await page.getByRole('button', { name: 'Make a report' }).click();
    const preview = page.getByTestId('report-preview');
    await expect.poll(() => preview.textContent()).not.toBe('Preparing…');
    expect(await preview.textContent()).not.toContain(scenario.identity.secretAccessKey);
    await page.getByRole('button', { name: 'Copy report' }).click();
    await expect.poll(() => run.native.copied.length).toBe(1);
    expect(run.native.copied[0]).toBe(await preview.textContent());
    const undo = page.getByRole('button', { name: /^Undo Use only the AWS helper/ });
    await undo.waitFor();
    await run.check('6-report');
    await undo.click();
    await page.locator('.result-head', { hasText: /Restored / }).waitFor({ timeout: 30_000 });
    expect(readFileSync(scenario.sandbox.gitConfigPath, 'utf8')).toBe(gitconfigBefore);
    await run.check('6-report-undone');

    // The OS switching to dark mode reaches the page.
    await page.evaluate(() => window.__doctorEmit?.('themeChanged', { theme: 'dark' }));
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.getByRole('button', { name: 'Helpdesk view' }).click();
    await run.check('6-report-dark-helpdesk');
    expect(run.errors).toEqual([]);
  }, 240_000);

  it('usehttppath-missing: the whole wizard with the keyboard only', async () => {
    const run = await open('usehttppath-missing');
    const { page, scenario } = run;
    const kb = page.keyboard;
    await tabTo(page, /^Helpdesk view$/);
    await kb.press('Space');
    await tabTo(page, /^Clone address$/);
    await kb.type(scenario.url);
    await run.check('1-target');
    await kb.press('Enter');
    const next = page.getByRole('button', { name: 'See the findings' });
    await expect.poll(() => next.isEnabled(), { timeout: 60_000 }).toBe(true);
    await run.check('2-scan');
    await tabTo(page, /^See the findings$/);
    await kb.press('Enter');
    expect(await title(page)).toMatch(/^Step 3 of 6/);
    await expect
      .poll(() => page.locator('article code').allTextContents())
      .toContain('helper-usehttppath-missing');
    await expect
      .poll(() => page.getByText(/asks for user name|git asked for a user name/).count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await run.check('3-findings');
    await tabTo(page, /^Review the fixes$/);
    await kb.press('Enter');
    expect(await title(page)).toMatch(/^Step 4 of 6/);
    // The helpdesk view shows the exact git config commands the fix runs.
    const helpdesk = (await page.getByRole('complementary').textContent()) ?? '';
    expect(helpdesk).toContain(`git config --file ${scenario.sandbox.gitConfigPath}`);
    await expect
      .poll(() => page.getByRole('button', { name: 'Apply 1 change' }).isEnabled(), { timeout: 30_000 })
      .toBe(true);
    await run.check('4-fix-plan');
    await tabTo(page, /^Apply 1 change$/);
    await kb.press('Enter');
    await expect.poll(() => page.locator('.result.tone-pass').count(), { timeout: 60_000 }).toBe(1);
    await run.check('4-fix-applied');
    await tabTo(page, /^Continue to verify$/);
    await kb.press('Enter');
    await page
      .locator('.verify-big', { hasText: 'git can reach the repository' })
      .waitFor({ timeout: 60_000 });
    expect(await page.locator('.change').first().textContent()).toMatch(/→ works \(\d+ refs?\)$/);
    await run.check('5-verify');
    await tabTo(page, /^Make a report$/);
    await kb.press('Enter');
    await tabTo(page, /^Undo Use only the AWS helper/);
    await run.check('6-report');
    await kb.press('Enter');
    await page.locator('.result-head', { hasText: /Restored / }).waitFor({ timeout: 30_000 });
    expect(existsSync(scenario.sandbox.gitConfigPath)).toBe(true);
    expect(readFileSync(scenario.sandbox.gitConfigPath, 'utf8')).not.toMatch(
      /credential "https:\/\/git-codecommit/,
    );
    expect((await scenario.clone()).code).toBe(128);
    await run.check('6-report-undone');
    expect(run.errors).toEqual([]);
  }, 240_000);
});
