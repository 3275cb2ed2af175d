import { describe, expect, it } from 'vitest';
import { createContext } from '../../electron/engine/context';

describe('createContext', () => {
  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses timeoutMs %s instead of running unbounded',
    (t) => {
      expect(() => createContext({ timeoutMs: t })).toThrow(RangeError);
    },
  );

  it('keeps a valid timeout as given (the one value every probe and AWS call reads)', () => {
    expect(createContext({ timeoutMs: 2_000 }).timeoutMs).toBe(2_000);
    expect(createContext().timeoutMs).toBe(15_000);
  });
});
