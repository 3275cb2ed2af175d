import path from 'node:path';

// Pure security decisions of the main process, kept free of Electron so they are unit
// tested in plain Node (tests/unit/handlers.test.ts).

export const APP_SCHEME = 'app';
export const APP_HOST = 'doctor';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/**
 * The renderer loads nothing from elsewhere: scripts and styles from app:// only, no
 * inline script, no eval, no network (`connect-src 'none'`: the engine talks to AWS, not
 * the page), no plugins, no framing, no form posts.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "worker-src 'none'",
].join('; ');

/**
 * The file an app:// request maps to inside the renderer folder, or null. Refuses other
 * hosts, encoded traversal (`%2e%2e/`), backslashes and anything that normalises outside
 * the root (checklist item 18: a custom protocol instead of file://, limited to one folder).
 */
export function resolveAppFile(root: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  if (pathname === '/' || pathname === '') pathname = '/index.html';
  const base = path.resolve(root);
  const file = path.resolve(base, `.${path.posix.normalize(pathname)}`);
  return file.startsWith(base + path.sep) ? file : null;
}

/**
 * Checklist item 17: an IPC message is served only when it comes from our window's main
 * frame showing our own page. `frameUrl` is the event's senderFrame URL (null when the
 * frame is gone), `senderId`/`windowId` the webContents ids.
 */
export function isTrustedSender(
  frameUrl: string | null | undefined,
  senderId: number,
  windowId: number | undefined,
): boolean {
  if (windowId === undefined || senderId !== windowId || !frameUrl) return false;
  try {
    const u = new URL(frameUrl);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}
