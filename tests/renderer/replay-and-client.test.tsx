// @vitest-environment jsdom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ScanReport } from '../../electron/engine/model';
import { REPLAY_NO_FIX, REPLAY_NO_VERIFY } from '../../electron/shared/replay-note';
import { App } from '../../renderer/src/App';
import { fakeApi, makeReport, URL_403, type FakeApi } from './fake-api';

// The first step's two new ways in: "Open a recording…" (a helpdesk replays a computer it
// cannot sit at: shown in full, nothing tried or applied from here) and "What do you clone
// with?" (the installed app pre-selected, the scan run for it, the finish step naming it).

let api: FakeApi;
beforeEach(() => {
  window.localStorage.clear();
  api = fakeApi();
});
afterEach(cleanup);

function replayed(notRecorded: string[] = []): ScanReport {
  return {
    ...makeReport(),
    replay: { recordedAt: '2026-03-04T05:06:07.000Z', recordedWith: '0.0.9', notRecorded },
  };
}

async function openRecording(user: ReturnType<typeof userEvent.setup>, report: ScanReport) {
  api.openRecording = vi.fn(async () => {
    // Main may finish the replay before it answers with the id: the wizard keeps the events.
    api.playScan(report);
    return { scanId: 's1' };
  });
  render(<App api={api} />);
  await user.click(screen.getByRole('button', { name: 'Open a recording…' }));
  await waitFor(() => expect(document.title).toMatch(/^Step 3 of 6: Findings/));
}

describe('Open a recording…', () => {
  it('shows the replayed findings with the banner, and every fix control is off with the reason', async () => {
    const user = userEvent.setup();
    await openRecording(user, replayed(['git config --list', '/home/u/.aws/config']));
    const banner = screen.getByTestId('replay-banner');
    expect(banner.textContent).toMatch(
      /^\[i\]Replayed recording from .+, made with CodeCommit Doctor 0\.0\.9: nothing on this computer was read or changed\./,
    );
    expect(within(banner).getByRole('list').textContent).toContain('git config --list');
    expect(banner.querySelector('time')?.getAttribute('dateTime')).toBe('2026-03-04T05:06:07.000Z');
    // Nothing here is tried or scanned again: the address is the recorded computer's.
    expect(api.verify).not.toHaveBeenCalled();
    expect(screen.queryByRole('button', { name: 'Scan again' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Use this address' })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Review the fixes' }));
    expect(screen.getByText(REPLAY_NO_FIX)).toBeTruthy();
    const boxes = screen.getAllByRole('checkbox');
    expect(boxes.length).toBeGreaterThan(0);
    for (const b of boxes) {
      expect((b as HTMLInputElement).disabled).toBe(true);
      expect((b as HTMLInputElement).checked).toBe(false);
    }
    const apply = screen.getAllByRole('button', { name: /^Apply/ });
    expect(apply.every((b) => b.hasAttribute('disabled'))).toBe(true);
    expect(apply[0]?.getAttribute('aria-describedby')).toBe('replay-no-fix');
    expect(api.applyFix).not.toHaveBeenCalled();

    // The next action is the report (there is no clone to check from here).
    await user.click(screen.getByRole('button', { name: 'Make a report' }));
    expect(document.title).toMatch(/^Step 6 of 6: Report/);
    expect(screen.getByTestId('replay-banner')).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Steps' });
    await user.click(within(nav).getByRole('button', { name: /Verify/ }));
    expect(screen.getByText(REPLAY_NO_VERIFY)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
    expect(api.verify).not.toHaveBeenCalled();
  });

  it('a file that cannot be replayed is said on the first step; a cancelled dialog changes nothing', async () => {
    const user = userEvent.setup();
    api.openRecording = vi.fn(async () => {
      throw new Error('This file cannot be replayed: it is not a CodeCommit Doctor recording.');
    });
    render(<App api={api} />);
    await user.click(screen.getByRole('button', { name: 'Open a recording…' }));
    expect((await screen.findByRole('alert')).textContent).toContain('This file cannot be replayed');
    expect(document.title).toMatch(/^Step 1 of 6/);
    api.openRecording = vi.fn(async () => ({ scanId: null }));
    await user.click(screen.getByRole('button', { name: 'Open a recording…' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(document.title).toMatch(/^Step 1 of 6/);
  });
});

describe('What do you clone with?', () => {
  const jetbrains = {
    id: 'jetbrains' as const,
    name: 'JetBrains IDEs',
    marker: '/home/u/.config/JetBrains/x',
  };

  it('pre-selects the installed app, scans for it, and names it on the findings and finish', async () => {
    const user = userEvent.setup();
    api.detectClients = vi.fn(async () => ({ clients: [jetbrains] }));
    render(<App api={api} />);
    const select = screen.getByLabelText('What do you clone with?') as HTMLSelectElement;
    await waitFor(() => expect(select.value).toBe('jetbrains'));
    expect(screen.getByRole('option', { name: /JetBrains IDE.* — installed/ })).toBeTruthy();
    expect(screen.getByText(/Found on this computer: JetBrains IDEs\./)).toBeTruthy();

    await user.type(screen.getByLabelText('Clone address'), URL_403);
    await user.click(screen.getByRole('button', { name: 'Start the scan' }));
    expect(api.startScan).toHaveBeenCalledWith({
      target: { kind: 'url', url: URL_403 },
      client: 'jetbrains',
    });
    const report: ScanReport = {
      ...makeReport([]),
      client: { id: 'jetbrains', name: 'JetBrains IDEs', git: '/usr/bin/git', settingsFiles: [] },
    };
    act(() => api.playScan(report));
    await waitFor(() => expect(document.title).toMatch(/^Step 3 of 6: Findings/));
    expect(screen.getByTestId('client-line').textContent).toBe(
      'Checked for JetBrains IDEs, with the git it runs: /usr/bin/git.',
    );
    await user.click(screen.getByRole('button', { name: 'Verify the clone' }));
    // The first try (before) fails, this one works: the finish card names the app.
    await waitFor(() => expect(screen.getByTestId('finish')).toBeTruthy());
    expect(screen.getByTestId('try-in-client').textContent).toMatch(/^Try again in JetBrains IDEs: /);
    // Scanning again keeps the choice.
    await user.click(
      within(screen.getByRole('navigation', { name: 'Steps' })).getByRole('button', { name: /Choose/ }),
    );
    expect((screen.getByLabelText('What do you clone with?') as HTMLSelectElement).value).toBe('jetbrains');
  });

  it('a choice the person made is kept when detection answers later; the terminal names no app', async () => {
    const user = userEvent.setup();
    let answer: (v: { clients: (typeof jetbrains)[] }) => void = () => undefined;
    api.detectClients = vi.fn(
      () => new Promise<{ clients: (typeof jetbrains)[] }>((resolve) => (answer = resolve)),
    );
    render(<App api={api} />);
    const select = screen.getByLabelText('What do you clone with?') as HTMLSelectElement;
    expect(screen.getByText(/Looking for Git apps on this computer…/)).toBeTruthy();
    await user.selectOptions(select, 'terminal');
    act(() => answer({ clients: [jetbrains] }));
    await screen.findByText(/Found on this computer: JetBrains IDEs\./);
    expect(select.value).toBe('terminal');
    await user.type(screen.getByLabelText('Clone address'), URL_403);
    await user.click(screen.getByRole('button', { name: 'Start the scan' }));
    expect(api.startScan).toHaveBeenCalledWith({ target: { kind: 'url', url: URL_403 } });
    act(() => api.playScan(makeReport([])));
    await waitFor(() => expect(document.title).toMatch(/^Step 3 of 6: Findings/));
    expect(screen.getByTestId('client-line').textContent).toBe(
      'Checked for the terminal: the git on PATH, with your settings.',
    );
  });
});
