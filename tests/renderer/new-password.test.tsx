// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccountFixStep, Finding, FixOffer } from '../../electron/engine/model';
import { App } from '../../renderer/src/App';
import { toFindings } from './drive';
import { previewOf } from '../../electron/engine/fixes/steps';
import { fakeApi, makeReport, URL_403, type FakeApi } from './fake-api';

// A fix that makes IAM issue a Git password (create or reset) offers to show it once in a
// native window. The password itself never reaches the page: the only thing the page sends
// is `showNewPassword: true`, and only for the offer whose box the person ticked.

const HOST = 'git-codecommit.us-east-1.amazonaws.com';
const SHOW = /Show me the new password once/;
const who = {
  type: 'aws-call' as const,
  profile: 'default',
  explicit: false,
  region: 'us-east-1',
  userName: 'dev',
};

function passwordOffer(id: string, kind: FixOffer['kind'], step: AccountFixStep): FixOffer {
  return {
    id,
    findingCode: 'git-credentials-missing',
    kind,
    title: `${id} and save the password for git`,
    description: 'IAM makes a password; it goes straight to git.',
    steps: [step],
    preview: [previewOf(step)],
    reversible: false,
    needsAdmin: false,
    warning: 'The journal cannot undo it.',
    applicable: true,
  };
}

const CREATE = 'git-credentials-missing:create:dev';
const RESET = 'git-credentials-missing:reset:c1';

const credentials: Finding = {
  code: 'git-credentials-missing',
  severity: 'error',
  title: 'Your IAM user has no Git credentials for CodeCommit',
  explanation: 'Your IAM user has none, so any password git sends is refused.',
  evidence: [],
  subject: URL_403,
  fixes: [
    passwordOffer(CREATE, 'fix', {
      ...who,
      call: { action: 'create-git-credential', store: { protocol: 'https', host: HOST } },
    }),
    passwordOffer(RESET, 'suggestion', {
      ...who,
      call: { action: 'reset-git-credential', credentialId: 'c1', store: { protocol: 'https', host: HOST } },
    }),
  ],
};

let api: FakeApi;
beforeEach(() => {
  api = fakeApi();
});
afterEach(cleanup);

function card(id: string): HTMLElement {
  // By text: jsdom puts spaces into names at the line-break points of addresses (Chromium does not).
  const title = screen
    .getAllByRole('heading', { level: 3 })
    .find((h) => h.textContent === `${id} and save the password for git`);
  return title?.closest('article') as HTMLElement;
}

/** On the Fix step with both password offers picked for Apply. */
async function bothPicked(): Promise<ReturnType<typeof userEvent.setup>> {
  const user = userEvent.setup();
  render(<App api={api} />);
  await toFindings(user, api, makeReport([credentials]));
  await user.click(screen.getByRole('button', { name: 'Review the fixes' }));
  await user.click(within(card(CREATE)).getByRole('checkbox', { name: /Apply this fix/ }));
  await user.click(within(card(RESET)).getByRole('checkbox', { name: /Apply this suggestion/ }));
  return user;
}

async function applyConfirmed(user: ReturnType<typeof userEvent.setup>, changes: number) {
  await waitFor(() =>
    expect(screen.getByRole('button', { name: `Apply ${changes} changes` }).hasAttribute('disabled')).toBe(
      false,
    ),
  );
  await user.click(screen.getByRole('button', { name: `Apply ${changes} changes` }));
  await user.click(screen.getByRole('checkbox', { name: 'I understand that this cannot be undone' }));
  await user.click(screen.getByRole('button', { name: 'Apply anyway' }));
  await waitFor(() => expect(api.applyFix).toHaveBeenCalledTimes(changes));
}

describe('showing a new Git password once', () => {
  it('asks only on fixes that create or reset a Git password, unticked', async () => {
    const user = userEvent.setup();
    render(<App api={api} />);
    await toFindings(user, api, makeReport([credentials, ...makeReport().findings]));
    await user.click(screen.getByRole('button', { name: 'Review the fixes' }));
    const boxes = screen.getAllByRole('checkbox', { name: SHOW });
    expect(boxes).toHaveLength(2);
    expect(boxes.every((b) => !(b as HTMLInputElement).checked)).toBe(true);
    expect(within(card(CREATE)).getByRole('checkbox', { name: SHOW })).toBe(boxes[0]);
    expect(within(card(RESET)).getByRole('checkbox', { name: SHOW })).toBe(boxes[1]);
  });

  it('sends showNewPassword with the apply request only for the offer whose box is ticked', async () => {
    const user = await bothPicked();
    await user.click(within(card(RESET)).getByRole('checkbox', { name: SHOW }));
    await applyConfirmed(user, 2);
    // toStrictEqual: `showNewPassword: false` or `undefined` would also be a change of contract.
    expect(vi.mocked(api.applyFix).mock.calls.map((c) => c[0])).toStrictEqual([
      { scanId: 's1', fixId: CREATE, run: expect.any(String) },
      { scanId: 's1', fixId: RESET, run: expect.any(String), showNewPassword: true },
    ]);
  });

  it('unticking the box again sends nothing', async () => {
    const user = await bothPicked();
    const show = within(card(CREATE)).getByRole('checkbox', { name: SHOW });
    await user.click(show);
    await user.click(show);
    await applyConfirmed(user, 2);
    expect(vi.mocked(api.applyFix).mock.calls.map((c) => c[0])).toStrictEqual([
      { scanId: 's1', fixId: CREATE, run: expect.any(String) },
      { scanId: 's1', fixId: RESET, run: expect.any(String) },
    ]);
  });
});
