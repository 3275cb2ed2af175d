import type { AwsHelperOptions } from '../fixes/helper-command';
import type { CredentialStoreAdapter } from './store-adapter';

// What differs between the operating systems the doctor reasons about, in one shape. The
// checks and the planner ask this object instead of asking "which OS?".

export interface OsPlatform {
  /** The password stores git can use here, in the order people look at them. */
  stores: readonly CredentialStoreAdapter[];
  /** Where the AWS CLI installers put the program, for a helper that cannot find `aws`. */
  awsCliLocations: readonly string[];
  /** The AWS helper line to write into git settings. */
  awsHelperCommand(opts?: AwsHelperOptions): string;
  /** An administrator command as a person runs it here (never run by the doctor). */
  adminCommand(argv: string[]): { argv: string[]; how: string };
  /** How a person sets the clock right here, in everyday words, and the command when there is one. */
  clockFix: { how: string; argv?: string[] };
}

/** macOS and Linux: the same command, with sudo in front. */
export function sudo(argv: string[]): { argv: string[]; how: string } {
  return { argv: ['sudo', ...argv], how: 'sudo' };
}
