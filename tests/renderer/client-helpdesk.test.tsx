// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App';
import type { Finding } from '../../electron/engine/model';
import { toFindings } from './drive';
import { fakeApi, makeReport, type FakeApi } from './fake-api';

// The helpdesk view of the findings names the Git client the scan diagnosed for (issue 13
// item 6): the client, its git, the settings files that git read, and the one-line reason.

let api: FakeApi;
beforeEach(() => {
  window.localStorage.clear();
  api = fakeApi();
});
afterEach(cleanup);

const GIT = 'C:\\Users\\ana\\AppData\\Local\\GitHubDesktop\\app-3.4.9\\resources\\app\\git\\cmd\\git.exe';
const replaces: Finding = {
  code: 'client-replaces-helpers',
  severity: 'error',
  title: 'Your Git client replaces every credential helper',
  explanation: '…',
  plain: 'Your Git client throws away the way your computer asks AWS for a password.',
  evidence: [],
  fixes: [],
};

describe('helpdesk view: the Git client', () => {
  it('shows the client, its git, the settings files it read and why', async () => {
    const user = userEvent.setup();
    render(<App api={api} />);
    await user.click(screen.getByRole('button', { name: 'Helpdesk view' }));
    const report = {
      ...makeReport([replaces]),
      client: {
        id: 'github-desktop' as const,
        name: 'GitHub Desktop',
        git: GIT,
        settingsFiles: ['C:/Users/ana/.gitconfig'],
      },
    };
    await toFindings(user, api, report);
    const panel = screen.getByRole('complementary', { name: /Helpdesk view/ });
    expect(panel.textContent).toContain('Git client');
    expect(panel.textContent).toContain('GitHub Desktop');
    expect(panel.textContent).toContain(GIT);
    expect(panel.textContent).toContain('C:/Users/ana/.gitconfig');
    expect(panel.textContent).toContain('throws away the way your computer asks AWS');
  });

  it('without a client (the terminal), no client lines', async () => {
    const user = userEvent.setup();
    render(<App api={api} />);
    await user.click(screen.getByRole('button', { name: 'Helpdesk view' }));
    await toFindings(user, api, makeReport([replaces]));
    expect(screen.getByRole('complementary', { name: /Helpdesk view/ }).textContent).not.toContain(
      'Git client',
    );
  });
});
