import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { disposeLabCaches } from '../lab/git-server';
import { LAB_ACCOUNT, SCENARIOS } from '../lab/scenarios';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  ensureRendererBuilt,
  RENDERER_OUT,
  serveStatic,
  type StaticServer,
} from './serve';
import { ARTIFACTS, eventually, openWalk, type Walk } from './walk';

// Every Lab scenario, from launch to the last step, in the built renderer in Chromium with the
// REAL handler table, engine, git and AWS CLI helper behind it. Every step has a next action
// the person can take, inside the window at 1280×800 and 800×600 without scrolling, and axe
// finds nothing in light or dark (walk.ts). Where the doctor can fix the cause, the walk ends
// with git proving it ("403 → works"); where it cannot, with what the person does instead
// (the corrected address, the request for an administrator, the command) and the report.
// The stale-password case must reach a green verify in at most 5 actions after the address is
// pasted. One browser for all; scenarios run two at a time.

let browser: Browser;
let server: StaticServer;
const walks: Walk[] = [];
/** Actions from pasting the address to the end of each walk's main path (for the closing note). */
const counted: Record<string, number> = {};

beforeAll(async () => {
  ensureRendererBuilt();
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await serveStatic(RENDERER_OUT);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}, 120_000);

afterAll(async () => {
  await Promise.all(walks.map((w) => w.close()));
  await browser?.close();
  await server?.close();
  disposeLabCaches();
  console.log(`Actions after pasting the address: ${JSON.stringify(counted)}`);
});

/**
 * Two walks at a time: each runs git, the AWS CLI and a Lab on a 2-core machine. Vitest's own
 * limit, not a queue inside the test: a test's time limit then starts when its walk does (a
 * queue inside it counted the wait for the walks ahead, and the last ones timed out unwalked).
 */
const WALKS_AT_ONCE = 2;
vi.setConfig({ maxConcurrency: WALKS_AT_ONCE });

async function open(name: string): Promise<Walk> {
  const w = await openWalk(browser, server, name);
  walks.push(w);
  return w;
}

const title = (page: Page) => page.title();
const button = (page: Page, name: string | RegExp) =>
  page.getByRole('button', { name, exact: typeof name === 'string' });

/** Paste the address, check step 1, start the scan: the wizard moves on to the findings by itself. */
async function scan(w: Walk): Promise<void> {
  const { page } = w;
  expect(await title(page)).toBe('Step 1 of 6: What do you want to clone? — CodeCommit Doctor');
  await page.getByRole('textbox', { name: 'Clone address' }).fill(w.scenario.url);
  await w.step('target');
  await w.act(button(page, 'Start the scan').click());
  await findings(w);
}

async function findings(w: Walk): Promise<void> {
  const { page } = w;
  await eventually(
    () => title(page),
    (v) => expect(v).toMatch(/^Step 3 of 6: Findings/),
    60_000,
  );
  // The focus is on the step's heading, so a screen reader starts there.
  expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
  expect(await page.getByTestId('live').textContent()).toContain('Scan finished.');
  // "Right now, git says": the live try before anything changes.
  await eventually(
    () => page.locator('.banner', { hasText: 'Right now, git says' }).textContent(),
    (v) => expect(v).not.toContain('trying the address'),
    30_000,
  );
}

function codes(page: Page): Promise<string[]> {
  return page.locator('article.finding .card-footer code').allTextContents();
}

/** Fix step: apply what is ticked (confirming anything that cannot be undone). */
async function applyFixes(w: Walk, o: { tick?: RegExp; confirm?: boolean; count: number }): Promise<void> {
  const { page } = w;
  if (o.tick) await w.act(page.getByRole('checkbox', { name: o.tick }).check());
  const apply = button(page, o.count === 1 ? 'Apply 1 change' : `Apply ${o.count} changes`);
  await eventually(
    () => apply.isEnabled(),
    (v) => expect(v).toBe(true),
    30_000,
  );
  await w.step('fix');
  await w.act(apply.click());
  if (o.confirm) {
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    expect(await dialog.getByRole('button', { name: 'Apply anyway' }).isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, `${w.scenario.name}-confirm.png`) });
    await w.act(dialog.getByRole('checkbox', { name: 'I understand that this cannot be undone' }).check());
    await w.act(dialog.getByRole('button', { name: 'Apply anyway' }).click());
  }
  const summary = page.getByTestId('run-summary');
  await summary.waitFor({ timeout: 60_000 });
  expect(await summary.textContent()).toMatch(/applied\. Next: check that git can clone now\./);
  // Focus moves to what happened; the spent controls are gone.
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('run-summary');
  expect(await button(page, /^Apply \d/).count()).toBe(0);
  expect(await page.locator('.offer .result.tone-pass').count()).toBeGreaterThan(0);
  await w.step('fix-applied');
}

/** Verify step after "Check the clone": git now works, and the person is told how to clone. */
async function verifiedGreen(w: Walk): Promise<void> {
  const { page } = w;
  const finish = page.getByTestId('finish');
  await finish.waitFor({ timeout: 60_000 });
  expect(await finish.textContent()).toContain('You can clone now');
  expect(await finish.locator('code').textContent()).toBe(`$ git clone ${w.scenario.url}`);
  expect(await page.locator('.change').first().textContent()).toMatch(/→ works \(\d+ refs?\)$/);
  await w.step('verify');
  // A real clone in the sandbox agrees.
  expect((await w.scenario.clone()).code).toBe(0);
}

/** The report: its story, exactly what is shared, copied. */
async function report(w: Walk, story: RegExp[]): Promise<string> {
  const { page } = w;
  expect(await title(page)).toMatch(/^Step 6 of 6: Report/);
  const preview = page.getByTestId('report-preview');
  await eventually(
    () => preview.textContent(),
    (v) => expect(v).not.toBe('Preparing…'),
  );
  const text = (await preview.textContent()) ?? '';
  for (const re of story) expect(text).toMatch(re);
  expect(text).not.toContain(w.scenario.identity.secretAccessKey);
  await w.step('report');
  return text;
}

/** The Scan step, visited back through the step list once the walk is done. */
async function scanStepAfterwards(w: Walk): Promise<void> {
  const { page } = w;
  await page.getByRole('navigation', { name: 'Steps' }).getByRole('button', { name: /Scan/ }).click();
  const checks = (await page.getByRole('list', { name: 'Checks' }).textContent()) ?? '';
  expect(checks).not.toContain('not needed');
  await w.step('scan');
  expect(w.errors).toEqual([]);
}

const fixable = (name: string, more: { tick?: RegExp; confirm?: boolean; count?: number } = {}) => ({
  name,
  async run(w: Walk) {
    const { page } = w;
    await scan(w);
    expect(await codes(page)).toEqual(expect.arrayContaining(w.scenario.expectedCodes));
    await w.step('findings');
    await w.act(button(page, 'Review the fixes').click());
    expect(await title(page)).toMatch(/^Step 4 of 6: Fix/);
    await applyFixes(w, { count: more.count ?? 1, ...more });
    await w.act(button(page, 'Check the clone').click());
    await verifiedGreen(w);
    counted[name] = w.actions;
    await w.act(button(page, 'Make a report').click());
    await report(w, [
      /### What was wrong\n\n- Problem:/,
      /### What was changed\n\n- ✓ /,
      / → works \(\d+ refs?\)/,
    ]);
  },
});

const FLOWS: Record<string, (w: Walk) => Promise<void>> = {
  async 'stale-cached-password'(w) {
    const { page, scenario } = w;
    const gitconfigBefore = readFileSync(scenario.sandbox.gitConfigPath, 'utf8');
    await scan(w);
    expect(await codes(page)).toEqual(['helper-shadowed', 'cached-codecommit-credentials']);
    // Plain words first; the helpers in order and the saved entry in the technical details.
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain('Git sends an old password saved on this computer before it asks AWS');
    expect(main).toContain("Saved in git's password file.");
    expect(await page.locator('.evidence-order li').first().textContent()).toBe(
      `store  (your settings: ${scenario.sandbox.gitConfigPath})`,
    );
    expect(await page.getByText('CodeCommit refused the password (403)').count()).toBeGreaterThan(0);
    await w.step('findings');
    await w.act(button(page, 'Review the fixes').click());
    // The reversible fix is ticked, the delete (which cannot be undone) is not.
    expect(await page.getByRole('checkbox', { name: /asks you to confirm/ }).isChecked()).toBe(false);
    expect(await page.locator('.offer .plain').first().textContent()).toMatch(
      /^Git will always ask AWS for a fresh password for git-codecommit\.us-east-1\.amazonaws\.com\.$/,
    );
    await applyFixes(w, { count: 1 });
    await w.act(button(page, 'Check the clone').click());
    await verifiedGreen(w);
    counted['stale-cached-password'] = w.actions;
    expect(w.actions, 'actions from pasting the address to a green verify').toBeLessThanOrEqual(5);

    // The stale password stays until the person asks: delete it too (it cannot be undone).
    await page.getByRole('navigation', { name: 'Steps' }).getByRole('button', { name: /Fix/ }).click();
    await page.getByRole('checkbox', { name: /asks you to confirm/ }).check();
    await button(page, 'Apply 1 change').click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, `${scenario.name}-confirm.png`) });
    await dialog.getByRole('checkbox', { name: 'I understand that this cannot be undone' }).check();
    await dialog.getByRole('button', { name: 'Delete and apply' }).click();
    await eventually(
      () => page.locator('.offer .result.tone-pass').count(),
      (v) => expect(v).toBe(2),
      60_000,
    );
    expect(readFileSync(path.join(scenario.sandbox.home, '.git-credentials'), 'utf8')).not.toContain(
      'git-codecommit',
    );
    await button(page, 'Check the clone').click();
    await page.getByTestId('finish').waitFor({ timeout: 60_000 });
    await button(page, 'Make a report').click();
    const text = await report(w, [
      /### What was wrong\n\n- Problem: Another credential helper answers before the AWS helper \(`helper-shadowed`\)/,
      /- Warning: Old CodeCommit passwords are saved on this computer \(`cached-codecommit-credentials`\)/,
      /- ✓ Use only the AWS helper for .* — applied; changed `~\/\.gitconfig`/,
      /- ✓ Delete 1 saved password for .* — applied; changed `~\/\.git-credentials` \(cannot be undone\)/,
      /: 403 → works \(\d+ refs?\)/,
      /### What is left\n\nNothing: the last scan found no problem\./,
    ]);
    await button(page, 'Copy report').click();
    await eventually(
      () => w.native.copied.at(-1),
      (v) => expect(v).toBe(text),
    );
    const undo = button(page, /^Undo Use only the AWS helper/);
    await undo.click();
    await page.locator('.result-head', { hasText: /Restored / }).waitFor({ timeout: 30_000 });
    expect(readFileSync(scenario.sandbox.gitConfigPath, 'utf8')).toBe(gitconfigBefore);
    await w.step('report-undone');
    await page.getByRole('button', { name: 'Helpdesk view' }).click();
    await w.step('report-helpdesk');
    await scanStepAfterwards(w);
  },

  async 'usehttppath-missing'(w) {
    // Keyboard only, from the address field to the green verify.
    const { page, scenario } = w;
    await tabTo(page, /^Clone address$/);
    await page.keyboard.type(scenario.url);
    await w.step('target');
    await w.act(page.keyboard.press('Enter'));
    await findings(w);
    expect(await codes(page)).toEqual(['helper-usehttppath-missing']);
    await w.step('findings');
    await tabTo(page, /^Review the fixes$/);
    await w.act(page.keyboard.press('Enter'));
    await eventually(
      () => button(page, 'Apply 1 change').isEnabled(),
      (v) => expect(v).toBe(true),
      30_000,
    );
    // The exact changes are one key press away: the git config commands the fix runs.
    await tabTo(page, /^Show exact changes/);
    await page.keyboard.press('Enter');
    expect(await page.locator('.offer details.exact').textContent()).toContain(
      `git config --file ${scenario.sandbox.gitConfigPath}`,
    );
    await w.step('fix');
    await tabTo(page, /^Apply 1 change$/);
    await w.act(page.keyboard.press('Enter'));
    await page.getByTestId('run-summary').waitFor({ timeout: 60_000 });
    await w.step('fix-applied');
    await tabTo(page, /^Check the clone$/);
    await w.act(page.keyboard.press('Enter'));
    await verifiedGreen(w);
    counted['usehttppath-missing'] = w.actions;
    await tabTo(page, /^Make a report$/);
    await page.keyboard.press('Enter');
    await report(w, [/helper-usehttppath-missing/, /changed `~\/\.gitconfig`/]);
    await scanStepAfterwards(w);
  },

  async 'repo-in-other-region'(w) {
    const { page } = w;
    await scan(w);
    expect(await codes(page)).toEqual(['repo-found-in-other-region']);
    expect(await button(page, 'Review the fixes').count()).toBe(0);
    const address = page.locator('.address-actions .address');
    expect(await address.textContent()).toMatch(
      /^https:\/\/git-codecommit\.eu-west-1\.amazonaws\.com:\d+\/v1\/repos\/demo$/,
    );
    await w.step('findings');
    // "Use this address": the scan starts over with it, and nothing is wrong any more.
    await w.act(button(page, 'Use this address').click());
    await findings(w);
    expect(await codes(page)).toEqual([]);
    await w.act(button(page, 'Verify the clone').click());
    const finish = page.getByTestId('finish');
    await finish.waitFor({ timeout: 60_000 });
    expect(await finish.locator('code').textContent()).toContain('git-codecommit.eu-west-1.amazonaws.com');
    await w.step('verify');
    counted['repo-in-other-region'] = w.actions;
    await w.act(button(page, 'Make a report').click());
    await report(w, [/Nothing: the scan found no problem\./]);
    await scanStepAfterwards(w);
  },

  async 'gitpull-denied'(w) {
    const { page } = w;
    await scan(w);
    expect(await codes(page)).toEqual(['iam-gitpull-denied', 'iam-gitpush-denied']);
    // Nothing the doctor can change here: no "Review the fixes", the request for the administrator instead.
    expect(await button(page, 'Review the fixes').count()).toBe(0);
    const policy = page.locator('pre.policy').first();
    expect(JSON.parse((await policy.textContent()) ?? '')).toMatchObject({ Version: '2012-10-17' });
    await w.step('findings');
    await w.act(page.getByRole('button', { name: 'Copy message for your administrator' }).first().click());
    await eventually(
      () => w.native.copied.length,
      (v) => expect(v).toBe(1),
    );
    const message = w.native.copied[0] ?? '';
    // The real account and identity: it goes to the person's own administrator.
    expect(message).toContain(`arn:aws:iam::${LAB_ACCOUNT}:user/alice`);
    expect(message).toContain(`arn:aws:codecommit:us-east-1:${LAB_ACCOUNT}:demo`);
    expect(message).toContain('"codecommit:GitPull"');
    await stuckVerify(w);
    await w.act(button(page, 'Make a report').click());
    counted['gitpull-denied'] = w.actions;
    const text = await report(w, [/iam-gitpull-denied/, /Nothing: no fix was applied\./]);
    // The shared report hides what the message to the administrator shows.
    expect(text).not.toContain(LAB_ACCOUNT);
    expect(text).not.toMatch(/user\/alice/);
    await scanStepAfterwards(w);
  },

  async 'profile-no-credentials'(w) {
    const { page } = w;
    await scan(w);
    expect(await codes(page)).toEqual(['aws-profile-no-credentials', 'aws-identity-unknown']);
    expect(await button(page, 'Review the fixes').count()).toBe(0);
    await w.step('findings');
    await w.act(button(page, 'Copy command: aws configure').click());
    expect(w.native.copied).toEqual(['aws configure']);
    await stuckVerify(w);
    await w.act(button(page, 'Make a report').click());
    counted['profile-no-credentials'] = w.actions;
    await report(w, [/aws-identity-unknown/]);
    await scanStepAfterwards(w);
  },

  async 'client-clock-skew'(w) {
    const { page } = w;
    await scan(w);
    expect(await codes(page)).toEqual(['clock-skew']);
    expect(await button(page, 'Review the fixes').count()).toBe(0);
    expect((await page.locator('article.finding').textContent()) ?? '').toContain(
      'Let this computer set its clock automatically',
    );
    await w.step('findings');
    await w.act(button(page, 'Copy command: sudo timedatectl set-ntp true').click());
    expect(w.native.copied).toEqual(['sudo timedatectl set-ntp true']);
    await stuckVerify(w);
    await w.act(button(page, 'Make a report').click());
    counted['client-clock-skew'] = w.actions;
    await report(w, [/clock-skew/]);
    await scanStepAfterwards(w);
  },

  async 'url-username-with-at'(w) {
    const { page, scenario } = w;
    await page.getByRole('textbox', { name: 'Clone address' }).fill(scenario.url);
    // Checked as it is typed: "Did you mean …?" before any scan.
    const hint = page.getByRole('status').filter({ hasText: 'Did you mean' });
    await hint.waitFor();
    expect(await hint.textContent()).toContain(
      `Did you mean ${scenario.url.replace('alice@example.com@', '')}?`,
    );
    await w.step('target');
    // Start anyway: the hint is said once more, then the address is scanned as typed.
    await w.act(button(page, 'Start the scan').click());
    await w.act(button(page, 'Start the scan').click());
    await findings(w);
    expect(await codes(page)).toEqual(['url-username-needs-encoding']);
    await w.step('findings');
    // The corrected address is the step's next action.
    await w.act(w.primary().click());
    await findings(w);
    expect(await codes(page)).toEqual([]);
    await w.act(button(page, 'Verify the clone').click());
    await page.getByTestId('finish').waitFor({ timeout: 60_000 });
    await w.step('verify');
    counted['url-username-with-at'] = w.actions;
    await w.act(button(page, 'Make a report').click());
    await report(w, [/Nothing: the scan found no problem\./]);
    await scanStepAfterwards(w);
  },

  async 'endpoint-policy-denies'(w) {
    // git gets 403 and nothing the doctor reads shows why (an endpoint policy): it says so in
    // plain words, and every step offers the report for the helpdesk and a scan again.
    const { page, scenario } = w;
    await scan(w);
    expect(await codes(page)).toEqual(['unexplained-failure']);
    expect(await button(page, 'Review the fixes').count()).toBe(0);
    const card = page.locator('article.finding');
    expect(await card.locator('.card-title').textContent()).toContain(
      'The clone fails, and nothing the doctor checks explains why',
    );
    expect(await card.locator('.explanation').textContent()).toContain(
      "The clone fails for a reason this computer's settings do not show",
    );
    expect(await card.locator('.next-steps').textContent()).toContain('Send the report to your helpdesk');
    expect(await page.locator('.banner', { hasText: 'Right now, git says' }).textContent()).toContain('403');
    expect(await w.primary().textContent()).toBe('Make a report');
    expect(await button(page, 'Scan again').count()).toBe(1);
    await w.step('findings');
    await stuckVerify(w);
    await w.act(button(page, 'Make a report').click());
    counted['endpoint-policy-denies'] = w.actions;
    const text = await report(w, [
      /unexplained-failure/,
      /^## Right now\n\nRight now, git says: 403/m,
      /Nothing: no fix was applied\./,
    ]);
    // What the helpdesk gets is the report itself: copied exactly, or saved to a file.
    await w.act(button(page, 'Copy report').click());
    await eventually(
      () => w.native.copied.at(-1),
      (v) => expect(v).toBe(text),
    );
    await w.act(button(page, 'Save report…').click());
    await eventually(
      () => w.native.saved.length,
      (v) => expect(v).toBe(1),
    );
    const saved = path.join(scenario.sandbox.home, w.native.saved[0] ?? '');
    await page
      .getByRole('status')
      .filter({ hasText: `Saved to ${saved}` })
      .waitFor();
    expect(readFileSync(saved, 'utf8')).toContain('unexplained-failure');
    expect(readFileSync(saved, 'utf8')).not.toContain(scenario.identity.secretAccessKey);
    // Scan again (once the helpdesk has changed something): the same honest answer, not a fix.
    await page
      .getByRole('navigation', { name: 'Steps' })
      .getByRole('button', { name: /Findings/ })
      .click();
    await w.act(button(page, 'Scan again').click());
    await eventually(
      () => title(page),
      (v) => expect(v).toMatch(/^Step 2 of 6: Scan/),
    );
    await findings(w);
    expect(await codes(page)).toEqual(['unexplained-failure']);
    await scanStepAfterwards(w);
  },

  async healthy(w) {
    const { page } = w;
    await scan(w);
    expect(await codes(page)).toEqual([]);
    expect(await page.getByText('Nothing wrong was found on this computer.').count()).toBe(1);
    await w.step('findings');
    await w.act(button(page, 'Verify the clone').click());
    await verifiedGreen(w);
    await w.act(page.getByRole('button', { name: 'Copy the clone command' }).click());
    expect(w.native.copied).toEqual([`git clone ${w.scenario.url}`]);
    counted.healthy = w.actions;
    await w.act(button(page, 'Make a report').click());
    await report(w, [/Nothing: no fix was applied\./, /: works \(\d+ refs?\)/]);
    await scanStepAfterwards(w);
  },
};

for (const f of [
  fixable('aws-not-on-path'),
  fixable('scoped-section-misses-fips'),
  fixable('scoped-section-misses-vpce'),
  fixable('scoped-section-misses-cn'),
  fixable('git-credentials-inactive', { tick: /Apply this fix \(asks you to confirm\)/, confirm: true }),
])
  FLOWS[f.name] = f.run;

/** Where the doctor cannot fix the cause, the Verify step still says what to do next. */
async function stuckVerify(w: Walk): Promise<void> {
  const { page } = w;
  await page
    .getByRole('navigation', { name: 'Steps' })
    .getByRole('button', { name: /Verify/ })
    .click();
  const stuck = page.getByTestId('stuck');
  await stuck.waitFor({ timeout: 60_000 });
  expect(await stuck.getByRole('button', { name: 'Scan again' }).count()).toBe(1);
  expect(await stuck.getByRole('button', { name: 'Open the report' }).count()).toBe(1);
  await w.step('verify');
}

/** Presses Tab until the focused element's accessible name matches (keyboard-only walks). */
async function tabTo(page: Page, name: RegExp, max = 120): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const label = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return '';
      return (
        el.getAttribute('aria-label') ??
        (el as HTMLInputElement).labels?.[0]?.textContent ??
        el.textContent ??
        ''
      ).trim();
    });
    if (name.test(label)) return;
  }
  throw new Error(`Tab never reached ${name}`);
}

describe.concurrent('every Lab scenario, launch to the last step', () => {
  it('has a walk for every scenario', () => {
    expect(Object.keys(FLOWS).sort()).toEqual(SCENARIOS.map((s) => s.name).sort());
  });
  for (const s of SCENARIOS) {
    it(
      s.name,
      async () => {
        const flow = FLOWS[s.name];
        if (!flow) throw new Error(`no walk for ${s.name}`);
        const w = await open(s.name);
        await flow(w);
        expect(w.errors).toEqual([]);
        await w.close();
      },
      // One walk, from its own start: 50–75 s alone, about 150 s beside another on a busy machine.
      240_000,
    );
  }
});
