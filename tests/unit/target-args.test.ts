import { describe, expect, it } from 'vitest';
import { targetArgs } from '../../electron/shared/target-args';
import { diagnoseCommand } from '../../renderer/src/wizard-model';

// The commands people copy (the CLI's "Next:" line, the app's helpdesk commands) come from one
// place: a password typed into the address never reaches the clipboard, a Region is kept.
describe('targetArgs', () => {
  it('masks a password in the address (any character), keeps folders and the Region', () => {
    const url = 'https://alice-at-1:p%2Fa@ss/w@git-codecommit.us-east-2.amazonaws.com/v1/repos/demo';
    expect(targetArgs({ kind: 'url', url }).join(' ')).not.toMatch(/p%2Fa|ss\/w/);
    expect(diagnoseCommand({ kind: 'url', url })).not.toMatch(/p%2Fa|ss\/w/);
    expect(targetArgs({ kind: 'dir', path: '/src/demo' })).toEqual(['--dir', '/src/demo']);
    expect(targetArgs({ kind: 'machine', region: 'eu-west-1' })).toEqual(['--region', 'eu-west-1']);
    expect(targetArgs({ kind: 'machine' })).toEqual([]);
  });
});
