import type { FixOffer } from '../engine/model';
import { commandLine } from '../shared/command-line';

// What must never be broken across lines when a plan's or a finding's words are wrapped:
// the command lines its plans run or show, and the settings they write ("helper = !aws
// codecommit credential-helper $@"), wherever the text quotes them.

export function wholePhrases(offers: readonly FixOffer[]): string[] {
  const out: string[] = [];
  for (const o of offers) {
    for (const p of o.preview) if (p.argv) out.push(commandLine(p.argv));
    for (const s of o.steps) {
      if (s.type === 'command') out.push(commandLine(s.argv));
      if (s.type === 'git-config' && s.value !== undefined) out.push(`${s.key} = ${s.value}`, s.value);
    }
  }
  return out;
}
