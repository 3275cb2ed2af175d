import { describe, expect, it } from 'vitest';
import { catalogEntry, FINDING_CODES } from '../../electron/engine/checks';
import { plainWhere } from '../../electron/shared/plain-words';

// Plain words first: every finding has a sentence for someone who does not live in a
// terminal, without the words git uses for its machinery (product names such as Git
// Credential Manager are capitalised and allowed).

const JARGON = /\b(helpers?|stores?|credentials?|UseHttpPath|osxkeychain|wincred)\b/;

describe('plain words', () => {
  it('every finding code has a plain sentence without helpers, stores or settings names', () => {
    for (const code of FINDING_CODES) {
      const plain = catalogEntry(code).plain;
      expect(plain, code).toBeTruthy();
      expect(plain, code).not.toMatch(JARGON);
      expect(plain, code).not.toBe(catalogEntry(code).explanation);
    }
  });

  it('names where a saved password is and the order git asks in, in everyday words', () => {
    expect(
      plainWhere({
        evidence: [
          {
            kind: 'store-entry',
            entry: {
              store: 'macos-keychain-internet',
              hostname: 'git-codecommit.us-east-1.amazonaws.com',
              location: '/Users/a/Library/Keychains/login.keychain-db',
            },
          },
        ],
      }),
    ).toBe("Saved in your Mac's Keychain.");
    expect(
      plainWhere({
        evidence: [
          {
            kind: 'helper',
            position: 2,
            value: '!aws codecommit credential-helper $@',
            helperKind: 'aws',
            scope: 'global',
            file: 'f',
          },
          {
            kind: 'helper',
            position: 1,
            value: 'manager',
            helperKind: 'manager',
            scope: 'system',
            file: 'f',
          },
        ],
      }),
    ).toBe('Git asks, in this order: Git Credential Manager, then AWS (a fresh password every time).');
    expect(plainWhere({ evidence: [{ kind: 'text', label: 'x', detail: 'y' }] })).toBeNull();
  });
});
