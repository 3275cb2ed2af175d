import type { Facts, Finding, FixOffer } from '../model';
import { deleteEntriesOffer } from '../fixes/delete-offer';
import { advice, makeOffer } from '../fixes/offer';
import { hostPort, scopedSectionOffer } from '../fixes/scoped-section';
import type { PlanContext } from './check';
import { allUsersFile, type AllUsersFile } from './all-users';
import { chainOf } from './derive';
import { isMasked, escapeRegExp } from '../../shared/redact';

// The plans of the credential-helpers check that are more than the exact-host section.

/**
 * A cache daemon cannot be listed, so its copies never show as saved passwords: when the
 * cache helper is one of the shadowing helpers, tell it to forget the host.
 */
export function forgetCachedHost(f: Finding, facts: Facts): FixOffer[] {
  const c = chainOf(facts, f.about);
  if (!c || !facts.stores.ok || !c.chain.helpers.some((h) => h.kind === 'cache' && h.storing)) return [];
  const sockets = facts.stores.value.stores
    .filter((x) => x.store === 'git-credential-cache')
    .flatMap((x) => x.locations ?? []);
  if (sockets.length === 0) return [];
  const host = hostPort(c.target);
  return [
    deleteEntriesOffer(f, {
      id: `${f.code}:cache-forget:${host}`,
      title: `Make the git credential cache forget ${host}`,
      description:
        'The cache daemon keeps passwords in memory; it is told to drop the ones for this host only.',
      plain: `Git's short-term password memory will forget the passwords it keeps for ${c.target.hostname}.`,
      entries: sockets.map((socket) => ({
        store: 'git-credential-cache' as const,
        hostname: c.target.hostname as string,
        ...(c.target.port ? { port: c.target.port } : {}),
        location: socket,
      })),
    }),
  ];
}

/** The scoped section keeps a system-wide helper away; removing it everywhere is the admin's call. */
export function unsetSystemHelper(f: Finding, facts: Facts, pctx: PlanContext): FixOffer[] {
  const c = chainOf(facts, f.about);
  const offers = scopedSectionOffer(
    f,
    facts,
    pctx,
    {},
    `Keep the system-wide helper away from ${c ? hostPort(c.target) : 'CodeCommit'} (no administrator rights needed)`,
  );
  for (const e of f.evidence) {
    // A value shown masked (a password in it) cannot name the real line: not offered.
    if (e.kind !== 'config' || isMasked(e.key) || isMasked(e.value ?? '')) continue;
    const file = allUsersFile({ originType: 'file', origin: e.file, scope: e.scope }, facts);
    if (!file) continue;
    if (file.kind === 'client') {
      offers.push(
        advice(
          f,
          `leave-client-file:${e.file}`,
          `Leave ${file.client}'s own settings as they are`,
          `"${e.value}" comes from ${file.name}. Changing that file would not last: the section in your own settings above keeps this helper away from CodeCommit for good.`,
          {
            plain: `Leave ${file.client}'s own settings alone: the fix above keeps this away from CodeCommit for good.`,
          },
        ),
      );
      continue;
    }
    offers.push(adminUnset(f, pctx, file, e.key, e.value ?? ''));
  }
  return offers;
}

/**
 * The administrator's command for one line of an all-users file. It names that exact file:
 * `git config --system` edits only the file git was built with (/etc/gitconfig for Apple's
 * git, etc/gitconfig of Git for Windows), never Apple's or %PROGRAMDATA%'s.
 */
function adminUnset(f: Finding, pctx: PlanContext, file: AllUsersFile, key: string, value: string): FixOffer {
  const admin = pctx.os.adminCommand([
    'git',
    'config',
    '--file',
    file.file,
    '--unset-all',
    key,
    `^${escapeRegExp(value)}$`,
  ]);
  const returns =
    file.kind === 'apple' || file.kind === 'program-data'
      ? ' An update may put the line back; the section above keeps working either way.'
      : '';
  return makeOffer(f, {
    id: `${f.code}:admin-unset:${file.file}:${key}:${value}`,
    kind: 'suggestion',
    title: `Remove "${value}" from ${file.kind === 'apple' ? "Apple's git settings" : 'the settings for every user'} (administrator)`,
    description: `Changes ${file.name}. Run it yourself in an administrator terminal (${admin.how}) if you want it gone everywhere; the scoped section above is enough for CodeCommit.${returns}`,
    steps: [{ type: 'command', argv: admin.argv, admin: true, note: 'needs administrator rights' }],
    needsAdmin: true,
  });
}

/**
 * Renaming to `manager` only where git can run `manager`: on Git for Windows 2.36.1 only
 * `manager-core` exists and the rename would break GCM (git-ecosystem/git-credential-manager #697).
 */
export function renameOldGcm(f: Finding, facts: Facts): FixOffer[] {
  const names = facts.git.ok ? facts.git.value.gcmCommands : undefined;
  if (names && names.manager !== true) {
    return [
      advice(
        f,
        'install-gcm',
        names.manager === false
          ? 'Install Git Credential Manager, or remove this helper'
          : 'Check Git Credential Manager',
        names.manager === false
          ? 'Git finds Git Credential Manager under neither name, so renaming the helper would not help. Install Git Credential Manager (it comes with Git for Windows), or remove the "manager-core" line from the settings file shown.'
          : 'Git could not tell whether Git Credential Manager answers to "manager". Run "git credential-manager --version": if it prints a version, rename "manager-core" to "manager" in the settings file shown.',
      ),
    ];
  }
  return f.evidence.flatMap((e) => {
    if (e.kind !== 'config' || e.scope === 'command' || !/^manager-core(\s|$)/.test(e.value ?? '')) return [];
    // The rename rewrites the line from its shown value: never from a masked one.
    if (isMasked(e.key) || isMasked(e.value ?? '')) return [];
    const old = e.value as string;
    const where = allUsersFile({ originType: 'file', origin: e.file, scope: e.scope }, facts);
    // A client's own file is rewritten by its updates: a rename there would not last.
    if (where?.kind === 'client') return [];
    const admin = where !== undefined;
    return [
      makeOffer(f, {
        id: `${f.code}:rename:${e.file}:${e.key}:${old}`,
        // Renaming wakes GCM up for every host (GitHub too): a change of behaviour, so the user picks it.
        kind: 'suggestion',
        title: `Rename manager-core to manager in ${e.file}`,
        description:
          'Git Credential Manager answers to "manager" since version 2.3. This also turns Git Credential Manager back on for your other hosts (GitHub and the rest), which is what the old setting meant.',
        steps: [
          {
            type: 'git-config',
            op: 'replace-all',
            file: e.file,
            scope: e.scope,
            key: e.key,
            value: old.replace(/^manager-core/, 'manager'),
            // The pattern names the exact old value: `git config --replace-all` ADDS a line
            // when its value pattern matches nothing (git 2.39), so `^manager-core$` against
            // `manager-core --flag` would append a second helper instead of renaming.
            valuePattern: `^${escapeRegExp(old)}$`,
          },
        ],
        needsAdmin: admin,
        plain: 'Git Credential Manager will answer again under the name it uses today.',
        notice: 'It also answers again for your other sites, such as GitHub.',
      }),
    ];
  });
}

/**
 * A helper git cannot start: removing its line is the person's call (it was meant for their
 * other sites, which may want it installed instead), so a suggestion, journaled; a line in the
 * settings for every user is an administrator's command, shown.
 */
export function removeBrokenHelper(f: Finding, pctx: PlanContext): FixOffer[] {
  return f.evidence.flatMap((e) => {
    if (e.kind !== 'config' || e.scope === 'command' || !e.value) return [];
    // A value shown masked (a password in it) cannot name the real line: not offered.
    if (isMasked(e.key) || isMasked(e.value)) return [];
    const valuePattern = `^${escapeRegExp(e.value)}$`;
    const gcm = /^(manager|manager-core)(\s|$)|git-credential-manager/.test(e.value);
    const install = gcm
      ? ' If you want Git Credential Manager for those sites, install it instead (https://github.com/git-ecosystem/git-credential-manager/releases).'
      : '';
    const base = {
      id: `${f.code}:remove:${e.file}:${e.key}:${e.value}`,
      kind: 'suggestion' as const,
      title: `Remove "${e.value}" from ${e.file}`,
      plain:
        'Only if you want: remove the setting that names the missing program, so git stops showing the error for every site.',
    };
    if (e.scope === 'system') {
      const admin = pctx.os.adminCommand(['git', 'config', '--system', '--unset-all', e.key, valuePattern]);
      return [
        makeOffer(f, {
          ...base,
          description: `Changes ${e.file} for every user of this computer. Run it yourself in an administrator terminal (${admin.how}).${install}`,
          steps: [{ type: 'command', argv: admin.argv, admin: true, note: 'needs administrator rights' }],
          needsAdmin: true,
        }),
      ];
    }
    return [
      makeOffer(f, {
        ...base,
        description: `Removes the line "helper = ${e.value}" that git cannot start. No other setting changes; sites that line was meant for get no saved password either way.${install}`,
        steps: [
          { type: 'git-config', op: 'unset-all', file: e.file, scope: e.scope, key: e.key, valuePattern },
        ],
      }),
    ];
  });
}
