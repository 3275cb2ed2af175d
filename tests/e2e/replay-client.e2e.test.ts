import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLAY_NO_FIX } from '../../electron/shared/replay-note';
import { readRecording, RECORDINGS } from '../support/recording';
import { eventually, openWalk, startWalks, type Walks } from './walk';

// The first step's two other ways in, in the built renderer with the REAL handler table and
// engine behind it (walk.ts checks every step at both sizes, in both themes, with axe):
// - "Open a recording…": main's dialog (answered here with a fixture recording) replays a
//   Mac; the findings open with the banner, and no Apply control is enabled anywhere.
// - "What do you clone with?": a JetBrains IDE laid out in the sandbox home (its options
//   folder, as tests/unit/clients-detect.test.ts) is found and pre-selected, the scan runs
//   for it, and the findings and the report name it.

let session: Walks;
beforeAll(async () => {
  session = await startWalks();
}, 120_000);
afterAll(() => session?.close());

const button = (page: Page, name: string | RegExp) =>
  page.getByRole('button', { name, exact: typeof name === 'string' });

async function toFindings(page: Page): Promise<void> {
  await eventually(
    () => page.title(),
    (v) => expect(v).toMatch(/^Step 3 of 6: Findings/),
    60_000,
  );
}

/** Every Apply control on the page (buttons and consent boxes) is disabled; returns how many there are. */
async function applyControlsDisabled(page: Page): Promise<number> {
  const controls = [
    ...(await button(page, /^Apply/).all()),
    ...(await page.getByRole('checkbox', { name: /Apply this|Show me the new password/ }).all()),
  ];
  for (const c of controls) expect(await c.isEnabled()).toBe(false);
  return controls.length;
}

describe('the first step, other ways in', () => {
  it('opens a recording: the banner, no Apply control enabled, axe clean', async () => {
    const fixture = path.join(RECORDINGS, 'darwin', 'homebrew-keychain-first.json');
    const recording = readRecording(fixture);
    let file = '';
    const w = await openWalk(session.browser, session.server, 'healthy', {
      label: 'replay',
      // The app opens self-contained files only: the fixture, with its samples read in.
      prepare: (s) => {
        file = path.join(s.sandbox.home, 'recording.json');
        writeFileSync(file, JSON.stringify(recording));
      },
      native: { pickRecording: async () => file },
    });
    session.walks.push(w);
    const { page } = w;
    await page.getByLabel('What do you clone with?').waitFor();
    await w.act(button(page, 'Open a recording…').click());
    await toFindings(page);
    const banner = page.getByTestId('replay-banner');
    expect(await banner.textContent()).toMatch(
      /Replayed recording from .+, made with CodeCommit Doctor 0\.1\.0: nothing on this computer was read or changed\./,
    );
    expect(await banner.locator('time').getAttribute('datetime')).toBe(recording.recordedAt);
    // The Mac's findings, not this computer's: Homebrew's osxkeychain before the AWS helper.
    expect(await page.locator('article.finding').count()).toBeGreaterThan(0);
    expect(await button(page, 'Scan again').count()).toBe(0);
    await w.step('findings');

    await w.act(button(page, 'Review the fixes').click());
    expect(await page.getByText(REPLAY_NO_FIX).count()).toBe(1);
    expect(await applyControlsDisabled(page)).toBeGreaterThan(0);
    await w.step('fix');

    await w.act(button(page, 'Make a report').click());
    expect(await page.title()).toMatch(/^Step 6 of 6: Report/);
    const preview = page.getByTestId('report-preview');
    await eventually(
      () => preview.textContent(),
      (v) => expect(v).toContain('- Platform: darwin'),
    );
    expect(await applyControlsDisabled(page)).toBe(0);
    await w.step('report');
    expect(w.errors).toEqual([]);
    await w.close();
  }, 240_000);

  it('pre-selects the JetBrains IDE found in the home folder; the findings name it and offer Git credentials for it', async () => {
    const w = await openWalk(session.browser, session.server, 'healthy', {
      label: 'client',
      prepare: (s) => {
        const options = path.join(s.sandbox.home, '.config', 'JetBrains', 'IntelliJIdea2024.1', 'options');
        mkdirSync(options, { recursive: true });
        writeFileSync(path.join(options, 'git.xml'), '<application />\n');
      },
    });
    session.walks.push(w);
    const { page } = w;
    const select = page.getByLabel('What do you clone with?');
    await eventually(
      () => select.inputValue(),
      (v) => expect(v).toBe('jetbrains'),
    );
    expect(await page.getByText('Found on this computer: a JetBrains IDE.').count()).toBe(1);
    await page.getByRole('textbox', { name: 'Clone address' }).fill(w.scenario.url);
    await w.step('target');
    await w.act(button(page, 'Start the scan').click());
    await toFindings(page);
    const line = page.getByTestId('client-line');
    expect(await line.textContent()).toMatch(/^Checked for a JetBrains IDE, with the git it runs: .*git\.$/);
    // The IDE empties the helper list: the AWS helper never runs there.
    expect(await page.locator('article.finding .card-footer code').allTextContents()).toContain(
      'client-replaces-helpers',
    );
    await w.step('findings');
    // What the IDE can use instead: Git credentials made in IAM, handed to the IDE (issue 13 item 3).
    await w.act(button(page, 'Review the fixes').click());
    expect(await page.title()).toMatch(/^Step 4 of 6: Fix/);
    expect(await page.locator('main').textContent()).toMatch(
      /(Create Git credentials for .+|Reset .+ and save the new password) for a JetBrains IDE/,
    );
    await w.step('fix');
    expect(w.errors).toEqual([]);
    await w.close();
  }, 240_000);
});
