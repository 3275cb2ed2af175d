// Reader for `secret-tool search [--all] ATTR VALUE…` output, kept for reading what users
// paste into bug reports (real samples: tests/fixtures/linux/secret-tool-search*.txt).
//
// The product does NOT list the keyring with secret-tool: libsecret's tool always passes
// SECRET_SEARCH_LOAD_SECRETS and prints every matching item's password on a `secret = `
// line (libsecret tool/secret-tool.c, secret_tool_action_search), and on a locked keyring
// that load asks for an unlock prompt. Listing talks to the Secret Service D-Bus API
// through gdbus instead (libsecret.ts) and reads only labels and attributes.

export interface SecretToolItem {
  /** Object path as printed: full (`/org/freedesktop/secrets/collection/login/20`) or short (`/8`). */
  path: string;
  label?: string;
  schema?: string;
  created?: string;
  modified?: string;
  attributes: Record<string, string>;
  /** Whether the block had a `secret = ` line (its value is dropped at once, never kept). */
  hadSecretLine: boolean;
}

export function parseSecretToolSearch(text: string): SecretToolItem[] {
  const items: SecretToolItem[] = [];
  let cur: SecretToolItem | undefined;
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/\r$/, '');
    const header = /^\[(.+)\]$/.exec(line);
    if (header?.[1]) {
      cur = { path: header[1], attributes: {}, hadSecretLine: false };
      items.push(cur);
      continue;
    }
    if (!cur) continue;
    const m = /^([^=]+?) = (.*)$/.exec(line) ?? /^([^=]+?) =$/.exec(line);
    if (!m?.[1]) continue;
    const key = m[1];
    const value = m[2] ?? '';
    if (key === 'secret') {
      cur.hadSecretLine = true;
      continue;
    }
    if (key.startsWith('attribute.')) cur.attributes[key.slice('attribute.'.length)] = value;
    else if (key === 'label') cur.label = value;
    else if (key === 'schema') cur.schema = value;
    else if (key === 'created') cur.created = value;
    else if (key === 'modified') cur.modified = value;
  }
  return items;
}
