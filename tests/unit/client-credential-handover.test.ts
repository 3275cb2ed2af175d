import { describe, expect, it } from 'vitest';
import { createContext } from '../../electron/engine/context';
import { describeAccountStep } from '../../electron/engine/fixes/account-steps';
import { AccountStepError, runAccountStep } from '../../electron/engine/fixes/account-apply';
import type { JournalTransaction } from '../../electron/engine/fixes/journal';
import type { AccountFixStep } from '../../electron/engine/model';

// A new Git password for a client goes where that client reads it: through its own git with
// its settings, or — a client that asks for it itself — to the person, once.

type StoreClient = Extract<
  Extract<AccountFixStep, { type: 'aws-call' }>['call'],
  { store: unknown }
>['store']['client'];

function createStep(client: StoreClient): AccountFixStep {
  return {
    type: 'aws-call',
    profile: 'default',
    explicit: false,
    region: 'us-east-1',
    userName: 'alice',
    call: {
      action: 'create-git-credential',
      store: {
        protocol: 'https',
        host: 'git-codecommit.us-east-1.amazonaws.com',
        ...(client ? { client } : {}),
      },
    },
  };
}

describe('Git credentials handed to a client', () => {
  it('a client that asks for the password itself: refused before anything runs when it cannot be shown', async () => {
    const ran: string[] = [];
    const ctx = createContext({
      env: { HOME: '/nonexistent', PATH: '/usr/bin:/bin' },
      home: '/nonexistent',
      runner: async (command) => {
        ran.push(command);
        throw new Error('nothing may run');
      },
    });
    const step = createStep({
      name: 'IntelliJ IDEA',
      handover: 'shown',
      injected: [{ key: 'credential.helper', value: '' }],
    });
    const err = await runAccountStep(ctx, step, {} as JournalTransaction).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AccountStepError);
    expect((err as Error).message).toMatch(/IntelliJ IDEA asks for the password itself.*--show-new-password/);
    expect(ran).toEqual([]);
    expect(describeAccountStep(step)).toContain('show you the password once, to type into IntelliJ IDEA');
  });

  it('the plan names the client’s git and the settings it adds', () => {
    const step = createStep({
      name: 'GitHub Desktop',
      handover: 'git',
      program: '/Applications/GitHub Desktop.app/Contents/Resources/app/git/bin/git',
      injected: [
        { key: 'credential.helper', value: '' },
        { key: 'credential.helper', value: 'desktop' },
      ],
    });
    expect(describeAccountStep(step)).toContain(
      "hand the password to GitHub Desktop's git (/Applications/GitHub Desktop.app/Contents/Resources/app/git/bin/git) with -c credential.helper= -c credential.helper=desktop",
    );
    expect(describeAccountStep(createStep(undefined))).toContain(
      "hand the password to git's credential helper",
    );
  });
});
