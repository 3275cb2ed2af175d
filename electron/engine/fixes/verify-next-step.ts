import { parseCodeCommitHost } from '../codecommit-host';
import type { VerifyOutcome } from './verify';

// Every way the live check can fail comes with what to do next, in the engine's words, so
// the CLI, the app and a helpdesk reading the report all say the same. When a finding names
// the cause, its own plan is more precise; this is the step for when nothing else is known.

export interface Address {
  transport: 'https' | 'ssh' | 'codecommit' | 'other';
  host?: string;
  /** `/v1/repos/<name>` or `codecommit://[profile@]<name>`. */
  repo?: string;
  region?: string;
}

/** What the live check's URL says about where git goes (the URL is never shown from here). */
export function addressOf(url: string): Address {
  const cc = /^codecommit:(?::([a-z0-9-]+):)?\/\/(?:[^@/]*@)?([^/?#]+)/i.exec(url);
  if (cc)
    return {
      transport: 'codecommit',
      ...(cc[2] ? { repo: cc[2] } : {}),
      ...(cc[1] ? { region: cc[1] } : {}),
    };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/]*@)?(\[[^\]]*\]|[^/:?#]*)(?::\d+)?(\/[^?#]*)?/i.exec(url);
  const scp = scheme ? null : /^(?:[^@/]*@)?([^/:]+):(.*)$/.exec(url);
  const proto = scheme?.[1]?.toLowerCase();
  const host = (scheme?.[2] ?? scp?.[1] ?? '').toLowerCase() || undefined;
  const path = scheme?.[3] ?? (scp ? `/${scp[2] ?? ''}` : '');
  const repo = /\/v1\/repos\/([^/]+)/.exec(path)?.[1];
  const transport =
    proto === 'https' || proto === 'http' ? 'https' : proto === 'ssh' || scp ? 'ssh' : 'other';
  const region = host ? parseCodeCommitHost(host)?.region : undefined;
  return { transport, ...(host ? { host } : {}), ...(repo ? { repo } : {}), ...(region ? { region } : {}) };
}

export const TLS_STEP =
  'A company network that inspects HTTPS shows its own certificate instead of CodeCommit\'s. Ask IT for the company CA and check that git uses it: on Windows "git config --global http.sslBackend schannel" makes git use the Windows certificate store; on a Mac or Linux "git config --global http.sslCAInfo <company CA file>". The AWS CLI signs your git passwords and git-remote-codecommit\'s botocore talks to AWS too: they need the same CA, as "ca_bundle = <company CA file>" in ~/.aws/config or the AWS_CA_BUNDLE variable.';

function httpsForm(a: Address): string {
  const region = a.region ?? '<region>';
  return `https://git-codecommit.${region}.amazonaws.com/v1/repos/${a.repo ?? '<repository>'}`;
}

/** The next step for a failed live check; undefined for `ok`. */
export function nextStepFor(outcome: VerifyOutcome, url: string, o: { seconds: string }): string | undefined {
  const a = addressOf(url);
  const host = a.host ?? 'the host';
  switch (outcome) {
    case 'ok':
      return undefined;
    case 'forbidden':
      return 'CodeCommit received a password and refused it. If no finding names the cause: a saved password older than 15 minutes (check the order of your credential helpers), a clock more than 5 minutes off, an identity without codecommit:GitPull on this repository, or a policy the doctor cannot read (an SCP, a VPC endpoint policy, a permissions boundary) — "aws sts get-caller-identity" with the profile the helper uses shows who signs.';
    case 'unauthorized':
      return 'The user name or password git sent is not valid. With HTTPS Git credentials, check them in IAM (Security credentials → HTTPS Git credentials for AWS CodeCommit, reset if unsure); with the AWS helper, check the profile\'s keys with "aws sts get-caller-identity".';
    case 'repo-not-found':
      return `Check the repository name and region in the address: "aws codecommit get-repository --repository-name ${a.repo ?? '<name>'}${a.region ? ` --region ${a.region}` : ''}" says whether it exists there for the identity that signs.`;
    case 'username-wanted':
      return 'No credential helper gave git a password for this address. Set up the AWS helper for this host (credential.helper = !aws codecommit credential-helper $@ and credential.UseHttpPath = true), or save HTTPS Git credentials for it.';
    case 'helper-error':
      return `Run the failing helper by hand to see its whole message: printf 'protocol=https\\nhost=${host}\\npath=v1/repos/${a.repo ?? '<name>'}\\n\\n' | aws codecommit credential-helper get`;
    case 'dns':
      return `This computer cannot look up ${host}. Check the network connection and the VPN, then "nslookup ${host}"; a VPC endpoint name only resolves inside its VPC (or through the company's DNS).`;
    case 'tls':
      return TLS_STEP;
    case 'proxy':
      return `Check the proxy git uses for this address ("git config --get-urlmatch http.proxy ${a.transport === 'https' ? `https://${host}` : '<address>'}", the HTTPS_PROXY and NO_PROXY variables): a 407 means the proxy wants you to sign in to it, an unknown proxy host means the setting is out of date.`;
    case 'connect':
    case 'timeout':
      if (a.transport === 'ssh') {
        const within = outcome === 'timeout' ? ` within ${o.seconds}` : '';
        return `Nothing answered on SSH port 22${within}: many company networks block outgoing port 22. Use the HTTPS address instead (${httpsForm(a)}), which goes through port 443 like a web page, with the AWS helper or HTTPS Git credentials.`;
      }
      return outcome === 'timeout'
        ? `git got no answer within ${o.seconds}. Check the proxy and VPN (a network that drops the connection silently looks like this), and whether a credential helper waits for input it cannot get here (an MFA code, a browser sign-in).`
        : `git could not connect to ${host}. Check the network connection, the VPN and the proxy settings (HTTPS_PROXY, http.proxy); a firewall may block the address.`;
    case 'ssh-denied':
      return 'Check that the public half of your SSH key is uploaded to your IAM user and active, and that "User" for this host in ~/.ssh/config is that key\'s SSH key ID (APKA…), not your IAM user name.';
    case 'remote-helper-missing':
      return `Install git-remote-codecommit ("pip install git-remote-codecommit" with the Python that has the AWS CLI), or clone the HTTPS address (${httpsForm(a)}) with the AWS helper.`;
    case 'other':
      return 'The doctor does not recognise this failure. Share the report (it has a redacted trace of what git did) with your helpdesk, or run the same command with GIT_TRACE=1 and GIT_TRACE_CURL=1.';
  }
}
