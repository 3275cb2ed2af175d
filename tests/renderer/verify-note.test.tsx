// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { VERIFY_RUNS } from '../../electron/shared/verify-note';
import { App } from '../../renderer/src/App';
import { toFindings } from './drive';
import { fakeApi } from './fake-api';

// Issue 10 item 11: trying the address runs the user's credential helpers and ssh command
// (it is `git ls-remote`, as git would). The fix step (which tries the address before the
// changes) and the verify step each say so, once.

afterEach(cleanup);

const times = (text: string) => document.body.textContent?.split(text).length ?? 1;

describe('what trying the address runs', () => {
  it('is said once on the fix step and once on the verify step', async () => {
    const api = fakeApi();
    const user = userEvent.setup();
    render(<App api={api} />);
    await toFindings(user, api);
    expect(times(VERIFY_RUNS) - 1).toBe(0);
    await user.click(screen.getByRole('button', { name: 'Review the fixes' }));
    expect(times(VERIFY_RUNS) - 1).toBe(1);
    await user.click(screen.getByRole('button', { name: 'Check the clone' }));
    await screen.findByText(/works \(3 refs\)/);
    expect(times(VERIFY_RUNS) - 1).toBe(1);
  });

  it('names the credential helpers and core.sshCommand', () => {
    expect(VERIFY_RUNS).toContain('git ls-remote');
    expect(VERIFY_RUNS).toContain('credential helpers');
    expect(VERIFY_RUNS).toContain('core.sshCommand');
  });
});
