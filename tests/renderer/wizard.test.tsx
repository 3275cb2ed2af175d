// @vitest-environment jsdom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../renderer/src/App';
import { HELPDESK_KEY } from '../../renderer/src/use-wizard';
import { toFindings as toFindingsWith, type User } from './drive';
import { ReportStep } from '../../renderer/src/steps/ReportStep';
import { fakeApi, URL_403, type FakeApi } from './fake-api';

// The wizard against a fake DoctorApi: navigation and aria-current, the live region, the
// grouped findings, consent (an irreversible fix is never applied before the dialog is
// confirmed), the helpdesk view, and a keyboard-only run.

let api: FakeApi;
beforeEach(() => {
  window.localStorage.clear();
  api = fakeApi();
});
afterEach(cleanup);

/** A command as shown (its host names are split into pieces that never break at a hyphen). */
function commandShown(text: string): boolean {
  return [...document.querySelectorAll('code.cmd')].some((c) => c.textContent === text);
}

function live(): HTMLElement {
  return screen.getByTestId('live');
}

function toFindings(user: User) {
  return toFindingsWith(user, api);
}

describe('wizard', () => {
  it('shows Step X of Y in the title and heading and moves aria-current with the step', async () => {
    const user = userEvent.setup();
    render(<App api={api} />);
    expect(document.title).toBe('Step 1 of 6: What do you want to clone? — CodeCommit Doctor');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toContain('Step 1 of 6');
    const nav = screen.getByRole('navigation', { name: 'Steps' });
    expect(nav.querySelectorAll('[aria-current="step"]')).toHaveLength(1);
    expect(nav.querySelector('[aria-current="step"]')?.textContent).toContain('Choose');

    await user.type(screen.getByLabelText('Clone address'), `  ${URL_403}  `);
    await user.click(screen.getByRole('button', { name: 'Start the scan' }));
    expect(api.startScan).toHaveBeenCalledWith({ target: { kind: 'url', url: URL_403 } });
    expect(document.title).toMatch(/^Step 2 of 6: Scan/);
    expect(nav.querySelector('[aria-current="step"]')?.textContent).toContain('Scan');
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1 }));
    // Later steps are not reachable before the scan has a report.
    expect(within(nav).queryByRole('button', { name: /Findings/ })).toBeNull();

    // The wizard moves on to the findings by itself, the focus on the new heading.
    act(() => api.playScan());
    await waitFor(() => expect(document.title).toMatch(/^Step 3 of 6: Findings/));
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1 }));
    expect(live().textContent).toContain('Showing the findings.');
    // Back through the step list.
    await user.click(within(nav).getByRole('button', { name: /Choose/ }));
    expect(document.title).toMatch(/^Step 1 of 6/);
    expect((screen.getByLabelText('Clone address') as HTMLInputElement).value).toBe(URL_403);
  });

  it('refuses an empty address without asking the engine', async () => {
    const user = userEvent.setup();
    render(<App api={api} />);
    await user.click(screen.getByRole('button', { name: 'Start the scan' }));
    expect(screen.getByRole('alert').textContent).toContain('Paste the clone address first');
    expect(screen.getByLabelText('Clone address').getAttribute('aria-invalid')).toBe('true');
    expect(api.startScan).not.toHaveBeenCalled();
  });

  it('picks a folder or the whole computer', async () => {
    const user = userEvent.setup();
    render(<App api={api} />);
    await user.click(screen.getByLabelText(/A repository on this computer/));
    await user.click(screen.getByRole('button', { name: /Choose folder/ }));
    expect(await screen.findByText('/home/u/src/demo')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Start the scan' }));
    expect(api.startScan).toHaveBeenLastCalledWith({ target: { kind: 'dir', path: '/home/u/src/demo' } });
  });

  it('the whole computer asks for the Region when nothing is cloned, and checks it is one (cause 9)', async () => {
    const user = userEvent.setup();
    render(<App api={api} />);
    await user.click(screen.getByLabelText(/This whole computer/));
    const region = screen.getByLabelText(/AWS Region of your repositories/);
    await user.type(region, 'europe');
    await user.click(screen.getByRole('button', { name: 'Start the scan' }));
    expect(screen.getByRole('alert').textContent).toContain('not an AWS Region name');
    expect(api.startScan).not.toHaveBeenCalled();
    await user.clear(region);
    await user.type(region, 'eu-west-2');
    await user.click(screen.getByRole('button', { name: 'Start the scan' }));
    expect(api.startScan).toHaveBeenLastCalledWith({ target: { kind: 'machine', region: 'eu-west-2' } });
  });

  it('announces scan progress in the polite live region and flags a slow check', async () => {
    const user = userEvent.setup();
    render(<App api={api} />);
    expect(live().getAttribute('aria-live')).toBe('polite');
    await user.click(screen.getByLabelText(/This whole computer/));
    await user.click(screen.getByRole('button', { name: 'Start the scan' }));
    act(() => {
      api.emit('scanEvent', {
        scanId: 's1',
        event: { type: 'scan-started', checks: [{ id: 'git', title: 'Git is installed' }] },
      });
      api.emit('scanEvent', {
        scanId: 's1',
        event: { type: 'check-started', id: 'git', title: 'Git is installed' },
      });
      api.emit('scanEvent', {
        scanId: 's1',
        event: { type: 'check-slow', id: 'git', title: 'Git is installed', elapsedMs: 12_000 },
      });
      // Another scan's events are not this window's business.
      api.emit('scanEvent', {
        scanId: 'other',
        event: { type: 'check-slow', id: 'ssh', title: 'Somebody else', elapsedMs: 9000 },
      });
    });
    await waitFor(() =>
      expect(live().textContent).toContain('Git is installed is taking longer than usual (12 seconds)'),
    );
    expect(live().textContent).not.toContain('Somebody else');
    expect(screen.getByText(/is taking longer than usual \(12 s\)/)).toBeTruthy();
    const running = screen.getByRole('list', { name: 'Checks' });
    expect(running.textContent).toContain('[…]');
    expect(running.textContent).toContain('checking…');
    act(() => api.playScan());
    await waitFor(() =>
      expect(live().textContent).toContain('Scan finished. 2 problems, 1 warning, 1 note.'),
    );
    // Back on the Scan step: every check's outcome, in glyphs and words.
    await user.click(
      within(screen.getByRole('navigation', { name: 'Steps' })).getByRole('button', { name: /Scan/ }),
    );
    const checks = screen.getByRole('list', { name: 'Checks' });
    expect(checks.textContent).toContain('[✓]');
    expect(checks.textContent).toContain('passed');
    expect(checks.textContent).toContain('[✗]');
    expect(checks.textContent).toContain('problem found');
  });

  it('groups findings by severity with their evidence and a Learn more link', async () => {
    const user = userEvent.setup();
    render(<App api={api} />);
    await toFindings(user);
    const groups = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent);
    expect(groups).toEqual(['Problems (2)', 'Warnings (1)', 'Notes (1)']);
    const problems = screen.getByRole('region', { name: 'Problems (2)' });
    expect(within(problems).getAllByRole('article')).toHaveLength(2);
    // The helpers in the order git asks them: the number is the line's one marker.
    const order = within(problems).getByRole('list', { name: 'What git asks for a password, in order' });
    expect([...order.querySelectorAll('li')].map((li) => [li.getAttribute('value'), li.textContent])).toEqual(
      [
        ['1', 'store  (your settings: /home/u/.gitconfig)'],
        ['2', '!aws codecommit credential-helper $@  (your settings: /home/u/.gitconfig)'],
      ],
    );
    expect(problems.textContent).toContain(
      'git-codecommit.us-east-1.amazonaws.com, account AKIAEXAMPLE  (git-credential-store: /home/u/.git-credentials)',
    );
    expect(screen.getByRole('region', { name: 'Notes (1)' }).textContent).toContain('[i]');
    await user.click(screen.getByRole('button', { name: /Learn more about A saved password/ }));
    expect(api.openDocs).toHaveBeenCalledWith({
      url: 'https://docs.aws.amazon.com/codecommit/latest/userguide/troubleshooting-ch.html',
    });
    // The "before" verification ran once the scan finished.
    expect(await screen.findByText(/CodeCommit refused the password \(403\)/)).toBeTruthy();
  });

  it('never applies an irreversible fix before the dialog is deliberately confirmed', async () => {
    const user = userEvent.setup();
    render(<App api={api} />);
    await toFindings(user);
    await user.click(screen.getByRole('button', { name: 'Review the fixes' }));

    const consent = screen.getByRole('checkbox', { name: /Apply this fix \(asks you to confirm\)/ });
    expect((consent as HTMLInputElement).checked).toBe(false);
    // Reversible fix pre-ticked; the suggestion is not; the admin one has no checkbox but a Copy button.
    expect((screen.getByRole('checkbox', { name: 'Apply this fix' }) as HTMLInputElement).checked).toBe(true);
    expect(
      (screen.getByRole('checkbox', { name: 'Apply this suggestion' }) as HTMLInputElement).checked,
    ).toBe(false);
    expect(screen.getAllByRole('checkbox', { name: /Apply/ })).toHaveLength(3);
    // What only an administrator can do is on the Findings step, not among the changes to apply.
    expect(screen.queryByRole('button', { name: /^Copy command: sudo/ })).toBeNull();
    expect(
      commandShown(
        "$ git config --file /home/u/.gitconfig --add credential.https://git-codecommit.us-east-1.amazonaws.com.helper ''",
      ),
    ).toBe(true);

    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Apply 1 change' }).hasAttribute('disabled')).toBe(false),
    );
    await user.click(consent);
    await user.click(screen.getByRole('button', { name: 'Apply 2 changes' }));
    const dialog = screen.getByRole('alertdialog');
    expect(dialog.textContent).toContain('Deleting a saved password cannot be undone.');
    expect(document.activeElement?.textContent).toBe('Cancel');
    const confirm = within(dialog).getByRole('button', { name: 'Delete and apply' });
    expect(confirm.hasAttribute('disabled')).toBe(true);
    await user.keyboard('{Enter}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(api.applyFix).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Apply 2 changes' }));
    await user.keyboard('{Escape}');
    expect(api.applyFix).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Apply 2 changes' }));
    await user.click(screen.getByRole('checkbox', { name: 'I understand that this cannot be undone' }));
    await user.click(screen.getByRole('button', { name: 'Delete and apply' }));
    await waitFor(() => expect(api.applyFix).toHaveBeenCalledTimes(2));
    // One Apply click, one run: both fixes carry the same run label.
    const runs = vi.mocked(api.applyFix).mock.calls.map((c) => c[0].run);
    expect(runs[0]).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(runs[1]).toBe(runs[0]);
    // Settings first, then the password (the order that keeps it from coming back).
    expect(vi.mocked(api.applyFix).mock.calls.map((c) => c[0].fixId)).toEqual([
      'helper-shadowed:scoped-section:x',
      'cached-codecommit-credentials:delete:x',
    ]);
    await waitFor(() => expect(screen.getAllByText('Applied')).toHaveLength(2));
    expect(screen.getByText('did cached-codecommit-credentials:delete:x')).toBeTruthy();
    expect(live().textContent).toContain('Applied: Delete the saved CodeCommit password');

    await user.click(screen.getByRole('button', { name: 'Check the clone' }));
    expect(await screen.findByText('403 → works (3 refs)')).toBeTruthy();
    expect(screen.getByText('git can reach the repository')).toBeTruthy();
    // What now: the command to clone with.
    const finish = screen.getByRole('region', { name: /You can clone now/ });
    expect(finish.textContent).toContain(`$ git clone ${URL_403}`);
  });

  it('helpdesk view shows the commands for each step and is remembered', async () => {
    const user = userEvent.setup();
    const { unmount } = render(<App api={api} />);
    const toggle = screen.getByRole('button', { name: 'Helpdesk view' });
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    expect(screen.queryByText(/codecommit-doctor diagnose/)).toBeNull();
    await user.click(toggle);
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    expect(window.localStorage.getItem(HELPDESK_KEY)).toBe('1');
    await user.type(screen.getByLabelText('Clone address'), URL_403);
    expect(commandShown(`$ codecommit-doctor diagnose --repo ${URL_403}`)).toBe(true);
    unmount();

    render(<App api={api} />);
    expect(screen.getByRole('button', { name: 'Helpdesk view' }).getAttribute('aria-pressed')).toBe('true');
    await toFindings(user);
    expect(commandShown(`$ codecommit-doctor diagnose --repo ${URL_403} --json`)).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Review the fixes' }));
    const panel = screen.getByRole('complementary', { name: /Helpdesk view/ });
    expect(panel.textContent).toContain(
      `codecommit-doctor fix --repo ${URL_403} --only helper-shadowed --dry-run`,
    );
    expect(panel.textContent).toContain(
      "git config --file /home/u/.gitconfig --add credential.https://git-codecommit.us-east-1.amazonaws.com.helper '!aws codecommit credential-helper $@'",
    );
    expect(panel.textContent).toContain('/home/u/.config/git/config');
    // A password file is a file involved too.
    expect(panel.textContent).toContain('/home/u/.git-credentials');
    await user.click(screen.getByRole('button', { name: 'Check the clone' }));
    await waitFor(() => expect(commandShown(`$ git ls-remote ${URL_403}`)).toBe(true));
  });

  it('previews the redacted report, copies and saves it, and undoes a fix', async () => {
    const user = userEvent.setup();
    render(<App api={api} />);
    await toFindings(user);
    await user.click(
      screen
        .getByRole('navigation', { name: 'Steps' })
        .querySelector('li:nth-child(6) button') as HTMLElement,
    );
    const preview = await screen.findByTestId('report-preview');
    await waitFor(() => expect(preview.textContent).toContain('account: <account>'));
    const accounts = screen.getByRole('checkbox', { name: 'Account names' });
    // Each option says exactly what it hides.
    expect(accounts.getAttribute('aria-describedby')).toBe('hides-hideAccounts');
    expect(document.getElementById('hides-hideAccounts')?.textContent).toContain('IAM user names');
    await user.click(accounts);
    await waitFor(() => expect(preview.textContent).toContain('account: AKIAEXAMPLE'));
    expect(api.renderReport).toHaveBeenLastCalledWith({
      scanId: 's1',
      format: 'markdown',
      redaction: { hideAccounts: false, hideHome: true, hideRepoNames: false },
    });
    await user.click(screen.getByRole('button', { name: 'Copy report' }));
    expect(api.copyText).toHaveBeenCalledWith({ text: '# CodeCommit Doctor report\naccount: AKIAEXAMPLE' });
    await user.click(screen.getByRole('button', { name: 'Save report…' }));
    expect(await screen.findByText('[✓] Saved to /home/u/report.md')).toBeTruthy();
    // The two fixes of one Apply click are one run, with one Undo for both.
    const undoButtons = await screen.findAllByRole('button', { name: /^Undo / });
    expect(undoButtons.map((b) => b.textContent)).toEqual([
      'Undo Use only the AWS helper for CodeCommit and 1 more',
    ]);
    await user.click(undoButtons[0]!);
    expect(api.undo).toHaveBeenCalledWith({ id: 'run-20250101T000000Z-abcd' });
    await waitFor(() =>
      expect(document.querySelector('.history .result-head')?.textContent).toBe(
        '[!]Restored /home/u/.gitconfig. Cannot be put back: delete the password.',
      ),
    );
    expect(live().textContent).toContain('Undone: Use only the AWS helper for CodeCommit and 1 more.');
  });

  it('can be driven with the keyboard only', async () => {
    const user = userEvent.setup();
    render(<App api={api} />);
    // Tab order: helpdesk toggle, the current step in the step list, the radio group, the address field.
    await user.tab();
    expect(document.activeElement?.textContent).toContain('Helpdesk view');
    await user.tab();
    expect(document.activeElement?.getAttribute('aria-current')).toBe('step');
    await user.tab();
    expect((document.activeElement as HTMLInputElement).value).toBe('url');
    await user.tab();
    expect(document.activeElement).toBe(screen.getByLabelText('Clone address'));
    await user.keyboard(URL_403);
    await user.keyboard('{Enter}');
    expect(api.startScan).toHaveBeenCalledWith({ target: { kind: 'url', url: URL_403 } });
    act(() => api.playScan());
    await waitFor(() => expect(document.title).toMatch(/^Step 3 of 6/));
    // From the focused heading: Tab reaches the step's buttons.
    await tabTo(user, 'Review the fixes');
    await user.keyboard(' ');
    expect(document.title).toMatch(/^Step 4 of 6/);
    await tabTo(user, /Apply this fix \(asks/);
    await user.keyboard(' ');
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Apply 2 changes' }).hasAttribute('disabled')).toBe(false),
    );
    await tabTo(user, 'Apply 2 changes');
    await user.keyboard('{Enter}');
    expect(document.activeElement?.textContent).toBe('Cancel');
    // Focus stays inside the dialog: from Cancel (the confirm button is still disabled) Tab wraps to "I understand".
    await user.tab();
    expect(document.activeElement).toBe(
      screen.getByRole('checkbox', { name: 'I understand that this cannot be undone' }),
    );
    await user.keyboard(' ');
    await tabTo(user, 'Delete and apply');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(api.applyFix).toHaveBeenCalledTimes(2));
    // One Apply click, one run: both fixes carry the same run label.
    const runs = vi.mocked(api.applyFix).mock.calls.map((c) => c[0].run);
    expect(runs[0]).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(runs[1]).toBe(runs[0]);
  });
});

async function tabTo(user: ReturnType<typeof userEvent.setup>, name: string | RegExp) {
  for (let i = 0; i < 60; i++) {
    await user.tab();
    const el = document.activeElement as HTMLElement | null;
    const label = el
      ? (el.getAttribute('aria-label') ?? (el.closest('label')?.textContent || el.textContent) ?? '')
      : '';
    if (typeof name === 'string' ? label.trim() === name : name.test(label)) return;
  }
  throw new Error(`never reached ${String(name)} with Tab`);
}

describe('report step: fix history', () => {
  it('shows an undone run with its steps undone (↶, never ✓) and no Undo left to offer', async () => {
    const [deletion, section] = await api.history({});
    vi.mocked(api.history).mockResolvedValue([
      { ...deletion!, state: 'partially-undone' },
      { ...section!, state: 'undone', steps: section!.steps.map((st) => ({ ...st, undone: true })) },
    ]);
    const noop = () => undefined;
    render(
      <ReportStep
        api={api}
        scanId="s1"
        target={null}
        helpdesk={false}
        announce={noop}
        onBack={noop}
        onRestart={noop}
      />,
    );
    const undoneStep = (await screen.findByText(/add helper/)).closest('li');
    expect(undoneStep?.textContent).toBe('↶ add helper (undone)');
    const kept = screen.getByText(/delete the password/).closest('li');
    expect(kept?.textContent).toBe('✓ delete the password (cannot be undone)');
    // The run and its deletion are partly undone (the password stays deleted); the section fix is undone.
    expect(screen.getAllByText('— partly undone')).toHaveLength(2);
    expect(screen.getByText('— undone')).toBeTruthy();
    expect(screen.queryAllByRole('button', { name: /^Undo / })).toEqual([]);
  });
});
