import type { ScanEvent } from '../engine/model';
import { terminalText } from './terminal-text';

/** A one-line live status on a terminal; silent when stderr is not one (scripts, fleets). */
export function terminalProgress(stream: NodeJS.WriteStream): {
  onEvent: (e: ScanEvent) => void;
  done: () => void;
} {
  if (!stream.isTTY) return { onEvent: () => undefined, done: () => undefined };
  const running = new Map<string, string>();
  let total = 0;
  let finished = 0;
  const draw = () => {
    const names = [...running.values()].slice(0, 3).join(', ');
    const line = `Checking… ${finished}/${total}${names ? ` — ${names}` : ''}`;
    // Our own sequence to redraw the line, then the line with every control character escaped.
    stream.write(`\r\x1b[2K${terminalText(line).slice(0, (stream.columns || 80) - 1)}`);
  };
  return {
    onEvent(e) {
      if (e.type === 'scan-started') total = e.checks.length;
      else if (e.type === 'check-started') running.set(e.id, e.title);
      else if (e.type === 'check-slow') running.set(e.id, `${e.title} (still running)`);
      else if (e.type === 'check-finished') {
        running.delete(e.result.id);
        finished++;
      } else return;
      draw();
    },
    done() {
      stream.write('\r\x1b[2K');
    },
  };
}
