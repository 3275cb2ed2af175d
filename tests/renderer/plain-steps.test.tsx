// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Finding, FixOffer, ScanReport } from '../../electron/engine/model';
import { previewOf } from '../../electron/engine/fixes/steps';
import { App } from '../../renderer/src/App';
import { toFindings } from './drive';
import { fakeApi, makeReport, URL_403, type FakeApi } from './fake-api';

// Plain words first, no dead ends, the next action always there: the address checked as it
// is typed, what to do where the doctor cannot fix anything, the exact changes behind one
// click, spent controls gone after Apply, and what now after the proof.

let api: FakeApi;
beforeEach(() => {
  window.localStorage.clear();
  api = fakeApi();
});
afterEach(cleanup);

const ARN = 'arn:aws:iam::111122223333:user/alice';
const REPO_ARN = 'arn:aws:codecommit:us-east-1:111122223333:demo';
const POLICY = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'codecommit:GitPull', Resource: REPO_ARN }],
  },
  null,
  2,
);

function advice(id: string, more: Partial<FixOffer>): FixOffer {
  return {
    id,
    findingCode: 'iam-gitpull-denied',
    kind: 'suggestion',
    title: id,
    description: `${id}: what to do, exactly.`,
    steps: [],
    preview: [],
    reversible: false,
    needsAdmin: false,
    applicable: false,
    ...more,
  };
}

const denied: Finding = {
  code: 'iam-gitpull-denied',
  severity: 'error',
  title: 'Your AWS identity may not clone or pull this repository',
  explanation: "IAM's policy simulator says your identity is not allowed codecommit:GitPull.",
  plain: 'Your AWS account is not allowed to clone this repository.',
  evidence: [
    { kind: 'text', label: 'Checked for', detail: ARN },
    {
      kind: 'policy',
      label: 'Policy for your administrator',
      document: POLICY,
      principal: ARN,
      resource: REPO_ARN,
    },
  ],
  subject: URL_403,
  fixes: [advice('iam-gitpull-denied:ask-admin', { plain: 'Send your administrator the request below.' })],
};

const OTHER_REGION = 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/demo';
const elsewhere: Finding = {
  code: 'repo-found-in-other-region',
  severity: 'error',
  title: 'The repository is in a different region than the address says',
  explanation: 'The address names a region where this repository does not exist.',
  plain: 'The repository exists, but in a different AWS region than the address says.',
  evidence: [],
  subject: URL_403,
  fixes: [
    advice('repo-found-in-other-region:use-url:eu-west-1', {
      findingCode: 'repo-found-in-other-region',
      plain: 'Clone from eu-west-1, where the repository is.',
      address: OTHER_REGION,
    }),
  ],
};

const clockStep = {
  type: 'command' as const,
  argv: ['sudo', 'timedatectl', 'set-ntp', 'true'],
  admin: true,
  note: 'x',
};
const clock: Finding = {
  code: 'clock-skew',
  severity: 'error',
  title: "This computer's clock is wrong",
  explanation: 'The clock differs from AWS by more than 5 minutes.',
  plain: "This computer's clock is off by more than a few minutes.",
  evidence: [],
  fixes: [
    advice('clock-skew:clock', {
      findingCode: 'clock-skew',
      plain: 'Let this computer set its clock automatically, then scan again.',
      steps: [clockStep],
      preview: [previewOf(clockStep)],
    }),
  ],
};

const sectionStep = {
  type: 'git-config' as const,
  op: 'set' as const,
  file: '/home/u/.gitconfig',
  scope: 'global' as const,
  key: 'credential.https://git-codecommit.us-east-1.amazonaws.com.UseHttpPath',
  value: 'true',
};
const fixable: Finding = {
  code: 'helper-usehttppath-missing',
  severity: 'error',
  title: 'The AWS helper is not told which repository you clone',
  explanation: 'Unless credential.UseHttpPath is true, git leaves the path out.',
  plain: 'Git does not tell AWS which repository you are opening.',
  evidence: [],
  subject: URL_403,
  fixes: [
    {
      id: 'helper-usehttppath-missing:scoped-section:x',
      findingCode: 'helper-usehttppath-missing',
      kind: 'fix',
      title: 'Use only the AWS helper for git-codecommit.us-east-1.amazonaws.com',
      description: 'Adds a [credential "https://git-codecommit.us-east-1.amazonaws.com"] section.',
      plain: 'Git will always ask AWS for a fresh password for git-codecommit.us-east-1.amazonaws.com.',
      notice: 'GitHub and other sites are not affected.',
      steps: [sectionStep],
      preview: [previewOf(sectionStep)],
      reversible: true,
      needsAdmin: false,
      applicable: true,
    },
  ],
};

async function findingsOf(report: ScanReport) {
  const user = userEvent.setup();
  render(<App api={api} />);
  await toFindings(user, api, report);
  return user;
}

function actionBar(): HTMLElement {
  return screen.getByTestId('step-actions');
}

describe('the address, checked as it is typed', () => {
  it('says "Did you mean …?" once typing pauses, and puts the address in the field', async () => {
    const user = userEvent.setup();
    render(<App api={api} />);
    await user.type(
      screen.getByLabelText('Clone address'),
      'git-codecommit.us-east-1.amazonaws.com/v1/repos/demo',
    );
    const hint = await screen.findByText(/Did you mean/, {}, { timeout: 2000 });
    expect(hint.closest('[role="status"]')?.textContent).toContain('The address must start with https://.');
    expect(screen.getByLabelText('Clone address').getAttribute('aria-describedby')).toContain('address-hint');
    await user.click(screen.getByRole('button', { name: 'Use this address' }));
    expect((screen.getByLabelText('Clone address') as HTMLInputElement).value).toBe(URL_403);
    await user.click(screen.getByRole('button', { name: 'Start the scan' }));
    expect(api.startScan).toHaveBeenCalledWith({ target: { kind: 'url', url: URL_403 } });
  });

  it('Start shows the hint first; pressing it again scans the address as typed', async () => {
    const user = userEvent.setup();
    render(<App api={api} />);
    const typed = 'https://git-codecommit.us-east-1.amazonaws.com/demo';
    fireEvent.change(screen.getByLabelText('Clone address'), { target: { value: typed } });
    await user.click(screen.getByRole('button', { name: 'Start the scan' }));
    expect(api.startScan).not.toHaveBeenCalled();
    expect(
      screen.getByText(/\/v1\/repos\/ before the repository name/).closest('[role="status"]'),
    ).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText('Clone address'));
    await user.click(screen.getByRole('button', { name: 'Start the scan' }));
    expect(api.startScan).toHaveBeenCalledWith({ target: { kind: 'url', url: typed } });
  });

  it('a good address gets no hint and starts at once', async () => {
    const user = userEvent.setup();
    render(<App api={api} />);
    fireEvent.change(screen.getByLabelText('Clone address'), { target: { value: URL_403 } });
    await user.click(screen.getByRole('button', { name: 'Start the scan' }));
    expect(api.startScan).toHaveBeenCalledTimes(1);
  });
});

describe('no dead ends', () => {
  it('an IAM denial: no "Review the fixes", the policy and the message for the administrator with the real IDs', async () => {
    const user = await findingsOf(makeReport([denied]));
    expect(screen.queryByRole('button', { name: 'Review the fixes' })).toBeNull();
    expect(within(actionBar()).getByRole('button', { name: 'Make a report' }).className).toContain('primary');
    expect(screen.getByText('Your AWS account is not allowed to clone this repository.')).toBeTruthy();
    expect(screen.getByLabelText('Policy for your administrator').textContent).toBe(POLICY);
    await user.click(screen.getByRole('button', { name: 'Copy policy' }));
    expect(api.copyText).toHaveBeenLastCalledWith({ text: POLICY });
    await user.click(screen.getByRole('button', { name: 'Copy message for your administrator' }));
    const message = vi.mocked(api.copyText).mock.calls.at(-1)?.[0].text ?? '';
    expect(message).toContain(ARN);
    expect(message).toContain(REPO_ARN);
    expect(message).toContain('account 111122223333');
    expect(message).toContain(POLICY);
  });

  it('a corrected address: copy it, or scan again with it', async () => {
    const user = await findingsOf(makeReport([elsewhere]));
    expect(screen.getByText('Clone from eu-west-1, where the repository is.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: `Copy address: ${OTHER_REGION}` }));
    expect(api.copyText).toHaveBeenLastCalledWith({ text: OTHER_REGION });
    // The one corrected address is also the step's next action.
    expect(
      within(actionBar()).getByRole('button', { name: 'Scan the corrected address' }).className,
    ).toContain('primary');
    await user.click(screen.getByRole('button', { name: 'Use this address' }));
    expect(api.startScan).toHaveBeenLastCalledWith({ target: { kind: 'url', url: OTHER_REGION } });
    expect(document.title).toMatch(/^Step 2 of 6: Scan/);
  });

  it('a command to run gets a Copy button; no "Copy the command above" without a command', async () => {
    const user = await findingsOf(makeReport([clock]));
    await user.click(screen.getByRole('button', { name: 'Copy command: sudo timedatectl set-ntp true' }));
    expect(api.copyText).toHaveBeenLastCalledWith({ text: 'sudo timedatectl set-ntp true' });
    expect(screen.getByText(/\(needs administrator rights\)/)).toBeTruthy();
    expect(document.body.textContent).not.toContain('Copy the command above');
  });

  it('a finding with nothing planned still says who can help', async () => {
    await findingsOf(makeReport([{ ...clock, fixes: [] }]));
    const card = screen.getByRole('article');
    expect(within(card).getByText(/send it to your helpdesk/).textContent).toContain('make a report');
    expect(within(actionBar()).getByRole('button', { name: 'Make a report' }).className).toContain('primary');
  });

  it('a verify that still fails says what to do next: scan again, open the report, ask the helpdesk', async () => {
    vi.mocked(api.verify).mockImplementation(async () => ({
      results: [
        {
          display: URL_403,
          verdict: {
            outcome: 'forbidden',
            ok: false,
            headline: 'refused (403)',
            short: '403',
            detail: '',
            durationMs: 1,
          },
        },
      ],
    }));
    const user = await findingsOf(makeReport([denied]));
    await user.click(
      within(screen.getByRole('navigation', { name: 'Steps' })).getByRole('button', { name: /Verify/ }),
    );
    const stuck = await screen.findByRole('region', { name: 'What to do next' });
    expect(stuck.textContent).toContain('Send the report to your helpdesk');
    await user.click(within(stuck).getByRole('button', { name: 'Scan again' }));
    expect(api.startScan).toHaveBeenCalledTimes(2);
    expect(api.startScan).toHaveBeenLastCalledWith({ target: { kind: 'url', url: URL_403 } });
  });
});

describe('plain words first, the exact change behind them', () => {
  it('a fix card opens with its sentence and what the person will notice; the exact changes are one click away', async () => {
    const user = await findingsOf(makeReport([fixable]));
    expect(screen.getByText(/The doctor can fix this for you on the next step/).textContent).toContain(
      'Git will always ask AWS for a fresh password',
    );
    await user.click(screen.getByRole('button', { name: 'Review the fixes' }));
    const card = screen.getByRole('article');
    const [plain, notice] = [...card.querySelectorAll('p')].map((p) => p.textContent);
    expect(plain).toBe(
      'Git will always ask AWS for a fresh password for git-codecommit.us-east-1.amazonaws.com.',
    );
    expect(notice).toBe('GitHub and other sites are not affected.');
    const exact = card.querySelector('details.exact') as HTMLDetailsElement;
    expect(exact.open).toBe(false);
    expect(exact.textContent).toContain('git config --file /home/u/.gitconfig');
  });

  it('the helpdesk view shows the exact changes and the technical details open', async () => {
    window.localStorage.setItem('codecommit-doctor.helpdesk', '1');
    const user = await findingsOf(makeReport([fixable]));
    expect((document.querySelector('details.evidence') as HTMLDetailsElement).open).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Review the fixes' }));
    expect((document.querySelector('details.exact') as HTMLDetailsElement).open).toBe(true);
  });
});

describe('the next action, always', () => {
  it('after Apply: focus on what happened, the spent checkbox and Apply gone, "Check the clone" next', async () => {
    const user = await findingsOf(makeReport([fixable]));
    await user.click(screen.getByRole('button', { name: 'Review the fixes' }));
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Apply 1 change' }).hasAttribute('disabled')).toBe(false),
    );
    await user.click(screen.getByRole('button', { name: 'Apply 1 change' }));
    const summary = await screen.findByTestId('run-summary');
    expect(summary.textContent).toContain('1 change applied. Next: check that git can clone now.');
    await waitFor(() => expect(document.activeElement).toBe(summary));
    expect(screen.queryByRole('checkbox', { name: /Apply this fix/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Apply/ })).toBeNull();
    expect(within(actionBar()).getByRole('button', { name: 'Check the clone' }).className).toContain(
      'primary',
    );
    expect(screen.getByTestId('live').textContent).toContain(
      'Applied: Use only the AWS helper for git-codecommit.us-east-1.amazonaws.com',
    );
  });

  it('a repository folder that works again: fetch as usual, the command to copy', async () => {
    const user = userEvent.setup();
    render(<App api={api} />);
    await user.click(screen.getByLabelText(/A repository on this computer/));
    await user.click(screen.getByRole('button', { name: /Choose folder/ }));
    await screen.findByText('/home/u/src/demo');
    await user.click(screen.getByRole('button', { name: 'Start the scan' }));
    act(() => api.playScan(makeReport([])));
    await waitFor(() => expect(document.title).toMatch(/^Step 3 of 6/));
    await user.click(within(actionBar()).getByRole('button', { name: 'Verify the clone' }));
    const finish = await screen.findByRole('region', { name: /Your repository works again/ });
    expect(finish.querySelector('code')?.textContent).toBe('$ git -C /home/u/src/demo fetch');
  });

  it('the scan summary takes the glyph and colour of its worst outcome; a skipped check says why', async () => {
    const report = makeReport([fixable]);
    report.checks.push({
      id: 'account-identity',
      title: 'Your AWS sign-in',
      status: 'skipped',
      durationMs: 0,
      findings: [],
      message: '--offline: AWS was not contacted',
    });
    const user = await findingsOf(report);
    const lead = document.querySelector('.lead.summary') as HTMLElement;
    expect(lead.className).toContain('tone-fail');
    expect(lead.textContent).toMatch(/^\[✗\]1 problem\./);
    await user.click(
      within(screen.getByRole('navigation', { name: 'Steps' })).getByRole('button', { name: /Scan/ }),
    );
    const row = screen.getByText('Your AWS sign-in').closest('li') as HTMLElement;
    expect(row.textContent).toContain('not checked');
    expect(row.textContent).toContain('Why: offline: AWS was not contacted');
    expect(row.textContent).not.toContain('not needed');
    const banner = document.querySelector('main .banner') as HTMLElement;
    expect(banner.className).toContain('tone-fail');
    expect(banner.textContent).toContain('[✗]');
  });

  it('host names wrap only after dots and slashes, and copy as they are', async () => {
    await findingsOf(makeReport([fixable]));
    const subject = document.querySelector('.subject') as HTMLElement;
    expect(subject.textContent).toBe(URL_403);
    const pieces = [...subject.querySelectorAll('.nobr')].map((n) => n.textContent);
    expect(pieces).toContain('git-codecommit.');
    expect(pieces).toContain('us-east-1.');
    // Inside the engine's sentences too.
    const inSentence = document.querySelector('.fixable .addr') as HTMLElement;
    expect(inSentence.textContent).toBe('git-codecommit.us-east-1.amazonaws.com.');
    expect(inSentence.querySelectorAll('.nobr').length).toBeGreaterThan(1);
  });
});
