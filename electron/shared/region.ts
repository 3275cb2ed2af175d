// An AWS Region name as a person types it when the doctor asks where their repositories are
// (the CLI wizard, --region, the app's whole-computer choice). The shape only: whether
// CodeCommit serves it is the engine's call (codecommit-host.ts).
const REGION_RE = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

/** The Region name typed (trimmed, lower-cased), or null when it is not one. */
export function regionName(input: string): string | null {
  const r = input.trim().toLowerCase();
  return REGION_RE.test(r) ? r : null;
}
