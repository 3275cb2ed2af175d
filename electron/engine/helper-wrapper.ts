import type { HelperWrapper } from './model';

// People put the AWS helper inside their own commands: `aws-vault exec dev -- aws codecommit
// credential-helper $@`, `assume-role dev aws codecommit credential-helper $@`, a shell function.
// The wrapper is their choice (their role, their MFA set-up): it is recognised, so the AWS
// helper inside counts as the AWS helper, and no plan ever swaps the line for a plain one.

function baseName(p: string): string {
  return (p.split(/[\\/]/).pop() ?? p).replace(/\.(exe|cmd|bat)$/i, '').toLowerCase();
}

/** `--prompt=x` / `--prompt x` (aws-vault's prompt driver). */
function optionValue(words: readonly string[], name: string): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (w === name) return words[i + 1];
    if (w.startsWith(`${name}=`)) return w.slice(name.length + 1);
  }
  return undefined;
}

/**
 * The wrapper around the AWS helper: `before` are the words ahead of the `aws` word (the
 * wrapper program first). aws-vault: `aws-vault exec [flags] <profile> [--] aws …`;
 * assume-role (remind101): `assume-role <profile> aws …`; a shell function `f() { aws …; }; f`.
 */
export function wrapperOf(before: readonly string[]): HelperWrapper {
  const program = before[0] ?? '';
  const command = before.join(' ');
  const name = baseName(program);
  if (program.endsWith('()') || program === 'function' || program === '{') {
    return { kind: 'function', program, command };
  }
  if (name === 'aws-vault') {
    const exec = before.indexOf('exec');
    const rest = exec >= 0 ? before.slice(exec + 1) : [];
    const profile = rest.find(
      (w, i) => !w.startsWith('-') && !rest[i - 1]?.match(/^--(prompt|duration|region)$/),
    );
    const prompt = optionValue(rest, '--prompt');
    return {
      kind: 'aws-vault',
      program,
      command,
      ...(profile && profile !== '--' ? { profile } : {}),
      ...(prompt ? { prompt } : {}),
    };
  }
  if (name === 'assume-role') {
    const profile = before.slice(1).find((w) => !w.startsWith('-'));
    return { kind: 'assume-role', program, command, ...(profile ? { profile } : {}) };
  }
  return { kind: 'other', program, command };
}

/** Whether the wrapper hands the AWS helper credentials of its own (then the helper's profile is not what signs). */
export function wrapperSuppliesCredentials(w: HelperWrapper | undefined): boolean {
  return w !== undefined && w.kind !== 'function';
}

/** aws-vault prompt drivers that show a window instead of reading the terminal. */
const WINDOW_PROMPTS = new Set(['osascript', 'kdialog', 'zenity', 'wincredui', 'ykman', 'pass']);

/**
 * Whether the wrapper asks for an MFA code in the terminal, given whether its profile needs
 * one: assume-role always reads the terminal; aws-vault unless --prompt names a window driver.
 */
export function wrapperPromptsOnTerminal(w: HelperWrapper, profileNeedsMfa: boolean): boolean {
  if (!profileNeedsMfa) return false;
  if (w.kind === 'assume-role') return true;
  if (w.kind === 'aws-vault') return !w.prompt || !WINDOW_PROMPTS.has(w.prompt.toLowerCase());
  return false;
}
