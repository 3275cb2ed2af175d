import { createInterface } from 'node:readline';
import type { Asker } from './fix-flow';

/**
 * Reads answers line by line from stdin, TTY or pipe (fleet scripts and tests answer
 * through a pipe). End of input answers "" — which every question treats as No.
 */
export function stdinAsker(out: NodeJS.WritableStream = process.stdout): Asker {
  const rl = createInterface({ input: process.stdin, terminal: false });
  const lines: string[] = [];
  const waiting: ((l: string) => void)[] = [];
  let closed = false;
  rl.on('line', (l) => {
    const w = waiting.shift();
    if (w) w(l);
    else lines.push(l);
  });
  rl.on('close', () => {
    closed = true;
    while (waiting.length) (waiting.shift() as (l: string) => void)('');
  });
  return {
    ask(question) {
      out.write(question);
      const l = lines.shift();
      if (l !== undefined) return Promise.resolve(l);
      if (closed) return Promise.resolve('');
      return new Promise((resolve) => waiting.push(resolve));
    },
    close() {
      rl.close();
    },
  };
}
