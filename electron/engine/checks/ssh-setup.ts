import { classifySshUser } from '../probes/ssh';
import { advice } from '../fixes/offer';
import type { Finding, SshPublicKeyInfo } from '../model';
import type { CheckDefinition, FindingDraft } from './check';
import { dedupe, found, need, noAddress } from './check';
import { aboutRemote } from './derive';
import { DOCS } from './docs';

type Code =
  'ssh-config-missing' | 'ssh-user-is-not-key-id' | 'ssh-identity-file-missing' | 'ssh-key-type-not-accepted';

/** IAM's UploadSSHPublicKey for CodeCommit: ssh-rsa, 2048 bits or more (IAM API reference). */
const MIN_RSA_BITS = 2048;

/** Why IAM can never take this key for CodeCommit, or undefined when it can (or cannot be told). */
export function keyRefusal(key: SshPublicKeyInfo): string | undefined {
  if (key.type !== 'ssh-rsa')
    return `it is a ${key.type} key, and IAM takes only ssh-rsa keys for CodeCommit`;
  if (key.bits !== undefined && key.bits < MIN_RSA_BITS)
    return `it is a ${key.bits}-bit RSA key, and IAM takes RSA keys of ${MIN_RSA_BITS} bits or more`;
  return undefined;
}

const useKeyId = (f: Finding) => [
  advice(
    f,
    'ssh-config',
    'Use your SSH key ID as the SSH user',
    'Find the SSH key ID (it starts with APKA) next to your uploaded public key in the IAM console, then add to ~/.ssh/config:  Host git-codecommit.*.amazonaws.com / User <APKA…> / IdentityFile ~/.ssh/<your key>.',
    { plain: 'Tell SSH the ID of your key for CodeCommit (it is shown next to the key in AWS).' },
  ),
];

export const sshSetup: CheckDefinition<Code> = {
  title: 'SSH set-up for CodeCommit',
  needs: ['ssh'],
  codes: {
    'ssh-config-missing': {
      severity: 'error',
      title: 'SSH is not set up for CodeCommit',
      plain:
        'SSH is not set up for CodeCommit on this computer: CodeCommit cannot tell which of your keys to expect.',
      explanation:
        'CodeCommit identifies you over SSH by your SSH key ID as the user name. Neither the address nor ~/.ssh/config gives one for this host, so CodeCommit answers "Permission denied (publickey)".',
      docsUrl: DOCS.sshUnix,
      plan: useKeyId,
    },
    'ssh-user-is-not-key-id': {
      severity: 'error',
      title: 'The SSH user is not an SSH key ID',
      plain:
        'For CodeCommit, the SSH user name must be the ID of your uploaded SSH key (it starts with APKA), and here it is something else.',
      explanation:
        'For CodeCommit the SSH user name must be the SSH key ID (it starts with APKA) shown in IAM next to your uploaded key — not your IAM user name or user ID and not an access key.',
      docsUrl: DOCS.troubleshootSsh,
      plan: useKeyId,
    },
    'ssh-identity-file-missing': {
      severity: 'error',
      title: 'The SSH key file named in the config does not exist',
      plain: 'Your SSH settings name a key file that does not exist, so there is no key to sign in with.',
      explanation:
        'The IdentityFile setting for this host points to a file that is not there, so ssh has no key to offer and CodeCommit answers "Permission denied (publickey)".',
      docsUrl: DOCS.sshUnix,
      plan: (f) => [
        advice(
          f,
          'identity-file',
          'Point IdentityFile at your key',
          'Change IdentityFile in ~/.ssh/config to the private key whose public half you uploaded to IAM, or create a key pair with ssh-keygen and upload the .pub file.',
          { plain: 'Point SSH at the key file you registered with AWS.' },
        ),
      ],
    },
    'ssh-key-type-not-accepted': {
      severity: 'error',
      title: 'The SSH key for CodeCommit is of a type IAM does not accept',
      plain:
        'The key your SSH settings use for CodeCommit is of a kind AWS never accepts for CodeCommit (only RSA keys of 2048 bits or more), so uploading it cannot work: make an RSA key for CodeCommit instead.',
      explanation:
        'IAM accepts only ssh-rsa public keys of 2048 bits or more for CodeCommit; an ed25519 or ECDSA key (or a shorter RSA key) is refused on upload, and CodeCommit never signs anyone in with it.',
      docsUrl: DOCS.sshUnix,
      plan: (f) => [
        advice(
          f,
          'rsa-key',
          'Make an RSA key for CodeCommit',
          'Run  ssh-keygen -t rsa -b 4096 -f ~/.ssh/codecommit_rsa  (any passphrase), upload ~/.ssh/codecommit_rsa.pub to your IAM user (Security credentials → SSH public keys for AWS CodeCommit), then set IdentityFile ~/.ssh/codecommit_rsa and User <the key ID IAM shows, APKA…> in the CodeCommit Host block of ~/.ssh/config. Your other key stays as it is for other sites.',
          {
            plain:
              'Make a new RSA key for CodeCommit, upload it to your AWS user, and point SSH at it for CodeCommit.',
            notice: 'Your current key keeps working for other sites.',
          },
        ),
      ],
    },
  },
  run(facts) {
    const targets = facts.targets.filter((t) => t.transport === 'ssh' && t.codecommit);
    if (targets.length === 0) return noAddress(facts, 'No ssh:// CodeCommit address to check.');
    const ssh = need(facts, 'ssh');
    const findings: FindingDraft<Code>[] = [];
    for (const t of targets) {
      const host = ssh.hosts.find((h) => h.hostname === t.hostname);
      const user = t.user ?? host?.user;
      const configEvidence = { kind: 'file' as const, path: ssh.configFile, exists: ssh.configExists };
      const about = aboutRemote(t);
      if (!user) {
        findings.push({ code: 'ssh-config-missing', about, subject: t.display, evidence: [configEvidence] });
        continue;
      }
      if (classifySshUser(user) !== 'ssh-key-id') {
        findings.push({
          code: 'ssh-user-is-not-key-id',
          about,
          subject: t.display,
          detail: `The user name used is "${user}"${t.user ? ' (from the address)' : ' (from ~/.ssh/config)'}.`,
          evidence: [configEvidence, { kind: 'text', label: 'User', detail: user }],
        });
      }
      for (const id of host?.identityFiles ?? []) {
        const refusal = id.publicKey ? keyRefusal(id.publicKey) : undefined;
        if (refusal) {
          findings.push({
            code: 'ssh-key-type-not-accepted',
            about,
            subject: t.display,
            detail: `${id.path}: ${refusal}.`,
            evidence: [configEvidence, { kind: 'file', path: `${id.path}.pub`, exists: true, note: refusal }],
          });
        }
        if (!id.exists) {
          findings.push({
            code: 'ssh-identity-file-missing',
            about,
            subject: t.display,
            evidence: [configEvidence, { kind: 'file', path: id.path, exists: false }],
          });
        }
      }
    }
    return found(dedupe(findings));
  },
};
