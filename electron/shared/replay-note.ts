// What the app and the CLI say about a replayed recording: it describes another computer, so
// nothing of it is ever applied or tried here.

export const REPLAY_NO_FIX =
  'This is a replay of a recording made on another computer: fixes are never applied from a replay. ' +
  'The person whose computer it is can run "codecommit-doctor fix" there.';

export const REPLAY_NO_VERIFY =
  'This is a replay of a recording made on another computer: trying the address from here would test this computer, not that one.';
