import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright';
import { CHROMIUM, CHROMIUM_ARGS, ensureRendererBuilt, RENDERER_OUT, ROOT, serveStatic } from '../e2e/serve';

// The renderer's cost against the floor: a blank React 19 page built with the same Vite
// settings and served the same way (127.0.0.1, the app's CSP). Measures the JavaScript the
// page loads before anything is lazy (module script + modulepreload links), gzipped, and the
// time from navigation to the first step's primary button being in the DOM (median of 5
// fresh loads each, caches off).

const LOADS = 5;

export interface RendererBenchRow {
  page: string;
  jsFiles: number;
  jsBytes: number;
  jsGzipBytes: number;
  interactiveMsMedian: number;
  interactiveMsAll: number[];
}

/** The JS an index.html loads before the page runs: module scripts and modulepreloads. */
export function initialJs(dir: string): { files: string[]; bytes: number; gzipBytes: number } {
  const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
  const srcs = [
    ...[...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1] as string),
    ...[...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1] as string),
  ];
  let bytes = 0;
  let gzipBytes = 0;
  for (const s of srcs) {
    const buf = readFileSync(path.join(dir, s.replace(/^\.?\//, '')));
    bytes += buf.length;
    gzipBytes += gzipSync(buf, { level: 9 }).length;
  }
  return { files: srcs, bytes, gzipBytes };
}

/** A blank React page, built by Vite like the renderer (electron-vite leaves it unminified). */
async function buildBlank(): Promise<string> {
  const { build } = await import('vite');
  const react = (await import('@vitejs/plugin-react')).default;
  const dir = mkdtempSync(path.join(tmpdir(), 'ccd-blank-react-'));
  writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="UTF-8"><title>blank</title></head><body><div id="root"></div><script type="module" src="./main.jsx"></script></body></html>',
  );
  writeFileSync(
    path.join(dir, 'main.jsx'),
    "import { StrictMode } from 'react';\nimport { createRoot } from 'react-dom/client';\ncreateRoot(document.getElementById('root')).render(<StrictMode><button type=\"button\">Ready</button></StrictMode>);\n",
  );
  await build({
    root: dir,
    base: './',
    logLevel: 'silent',
    configFile: false,
    plugins: [react()],
    resolve: {
      alias: {
        react: path.join(ROOT, 'node_modules/react'),
        'react-dom': path.join(ROOT, 'node_modules/react-dom'),
      },
    },
    build: { outDir: path.join(dir, 'out'), minify: false, emptyOutDir: true },
  });
  return dir;
}

/** A window.doctor that answers at once, so the measurement is the page's own cost. */
const STUB_DOCTOR = `(() => {
  const ok = (v) => async () => v;
  window.doctor = { appInfo: ok({ version: '0', platform: 'linux', theme: 'light' }), on: () => () => {},
    startScan: ok({ scanId: 'x' }), applyFix: ok({}), verify: ok({ results: [] }), history: ok([]), undo: ok({}),
    renderReport: ok({ text: '' }), saveReport: ok({ saved: false }), copyText: ok({ ok: true }), pickFolder: ok({ path: null }), openDocs: ok({ opened: false }) };
})();`;

/** Records when the ready element first appears (a MutationObserver: no polling delay). */
function readyProbe(selector: string): string {
  return `(() => {
    const done = () => { if (window.__readyAt === undefined && document.querySelector(${JSON.stringify(selector)})) { window.__readyAt = performance.now(); } };
    new MutationObserver(done).observe(document, { childList: true, subtree: true });
  })();`;
}

async function timeLoads(browser: Browser, url: string, selector: string, stub: boolean): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    if (stub) await page.addInitScript(STUB_DOCTOR);
    await page.addInitScript(readyProbe(selector));
    await page.goto(url);
    await page.waitForSelector(selector);
    await page.waitForFunction(() => (window as unknown as { __readyAt?: number }).__readyAt !== undefined);
    times.push(await page.evaluate(() => (window as unknown as { __readyAt: number }).__readyAt));
    await context.close();
  }
  return times;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export async function benchRenderer(): Promise<RendererBenchRow[]> {
  ensureRendererBuilt();
  const blankDir = await buildBlank();
  const blankOut = path.join(blankDir, 'out');
  const wizard = await serveStatic(RENDERER_OUT);
  const blank = await serveStatic(blankOut);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const rows: RendererBenchRow[] = [];
    for (const [name, dir, url, selector, stub] of [
      ['wizard (out/renderer)', RENDERER_OUT, wizard.url, 'button[type="submit"]', true],
      ['blank React 19 page', blankOut, blank.url, '#root button', false],
    ] as const) {
      const js = initialJs(dir);
      const all = await timeLoads(browser, `${url}/index.html`, selector, stub);
      rows.push({
        page: name,
        jsFiles: js.files.length,
        jsBytes: js.bytes,
        jsGzipBytes: js.gzipBytes,
        interactiveMsMedian: median(all),
        interactiveMsAll: all,
      });
    }
    return rows;
  } finally {
    await browser.close();
    await wizard.close();
    await blank.close();
    rmSync(blankDir, { recursive: true, force: true });
  }
}

export function formatRendererTable(rows: RendererBenchRow[]): string {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const lines = [
    '| page | initial JS files | initial JS | initial JS gzip | first step interactive (median of 5) | all loads |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.page} | ${r.jsFiles} | ${kb(r.jsBytes)} | ${kb(r.jsGzipBytes)} | ${r.interactiveMsMedian.toFixed(0)} ms | ${r.interactiveMsAll.map((t) => t.toFixed(0)).join(', ')} |`,
    ),
  ];
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  benchRenderer().then(
    (rows) => {
      console.log(formatRendererTable(rows));
      const wizard = rows[0];
      if (wizard && wizard.jsGzipBytes > 200 * 1024) {
        console.error(`Initial JS ${wizard.jsGzipBytes} bytes gzip is over the 200 KB budget.`);
        process.exitCode = 1;
      }
    },
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
