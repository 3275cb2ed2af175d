import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { CSP } from '../../electron/main/security';

// Chromium refuses module scripts over file://, so the built renderer is served from
// 127.0.0.1 with the same Content-Security-Policy header the app:// handler sends: a page
// that needs an inline script or a remote resource fails here as it would in the app.

export const ROOT = path.resolve(__dirname, '../..');
export const RENDERER_OUT = path.join(ROOT, 'out', 'renderer');

export const CHROMIUM = '/usr/bin/chromium';
// Tests reach only loopback. Chromium otherwise looks up Google hosts and probes DNS over
// HTTPS at start: every name except the local servers resolves to "not found" without a
// DNS query, and the DoH probe, prefetching and pings are off.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
  '--no-pings',
  '--dns-prefetch-disable',
  '--disable-features=DnsOverHttps,DnsOverHttpsUpgrade,OptimizationHints,MediaRouter,Translate,AutofillServerCommunication',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
];

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

/** Builds the renderer when no build exists yet (a fresh checkout running only the tests). */
export function ensureRendererBuilt(): void {
  if (existsSync(path.join(RENDERER_OUT, 'index.html'))) return;
  execFileSync(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    { cwd: ROOT, stdio: 'inherit' },
  );
}

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `root` (and, when given, extra in-memory files) on a free port of 127.0.0.1. */
export async function serveStatic(root: string, extra: Record<string, string> = {}): Promise<StaticServer> {
  const base = path.resolve(root);
  const server: Server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const rel = pathname === '/' ? '/index.html' : pathname;
    const headers = { 'Content-Security-Policy': CSP, 'Cache-Control': 'no-store' };
    const type = TYPES[path.extname(rel)] ?? 'application/octet-stream';
    if (extra[rel] !== undefined) {
      res.writeHead(200, { ...headers, 'Content-Type': type });
      res.end(extra[rel]);
      return;
    }
    const file = path.normalize(path.join(base, rel));
    if (!file.startsWith(base + path.sep) || !existsSync(file)) {
      res.writeHead(404, headers);
      res.end('not found');
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': type });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A window.doctor that answers at once (an init script: Playwright injects it past the CSP), for pages measured or probed without the engine. */
export const STUB_DOCTOR = `(() => {
  const ok = (v) => async () => v;
  window.doctor = { appInfo: ok({ version: '0', platform: 'linux', theme: 'light' }), on: () => () => {},
    startScan: ok({ scanId: 'x' }), detectClients: ok({ clients: [] }), applyFix: ok({}), verify: ok({ results: [] }), history: ok([]), undo: ok({}),
    renderReport: ok({ text: '' }), saveReport: ok({ saved: false }), copyText: ok({ ok: true }), pickFolder: ok({ path: null }), openRecording: ok({ scanId: null }), openDocs: ok({ opened: false }) };
})();`;
