import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright';
import { CHROMIUM, CHROMIUM_ARGS, ROOT, serveStatic, STUB_DOCTOR, type StaticServer } from '../e2e/serve';

// The renderer's cost against the floor: a blank React 19 page built exactly like the
// renderer (the Vite configuration electron-vite resolves for electron.vite.config.ts's
// renderer, builtin plugins and minification included) and served the same way (127.0.0.1,
// the app's CSP). Both pages are built here from the same configuration, so the comparison
// is never a minified app against an unminified baseline. Measures the JavaScript a page loads
// before anything is lazy (module script + modulepreload links), gzipped, and the time from
// navigation to the first step's primary button being in the DOM: LOADS fresh loads each
// (caches off), interleaved wizard/blank/blank/wizard… so a busy moment of the machine hits
// both pages alike; the median of each.

const LOADS = 11;

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

const BLANK_HTML =
  '<!doctype html><html lang="en"><head><meta charset="UTF-8"><title>blank</title></head><body><div id="root"></div><script type="module" src="./main.jsx"></script></body></html>';
const BLANK_MAIN =
  "import { StrictMode } from 'react';\nimport { createRoot } from 'react-dom/client';\ncreateRoot(document.getElementById('root')).render(<StrictMode><button type=\"button\">Ready</button></StrictMode>);\n";

/**
 * Builds one page with the renderer's own build configuration, as electron-vite resolves it
 * (a fresh resolution per build: plugin instances are not shared between builds). Only the
 * root, the entry and the output folder change.
 */
async function buildLikeRenderer(page: { root: string; input: string; outDir: string }): Promise<void> {
  const { resolveConfig } = await import('electron-vite');
  const { build } = await import('vite');
  const renderer = (await resolveConfig({}, 'build', 'production')).config?.renderer;
  if (!renderer?.build) throw new Error('electron.vite.config.ts has no renderer build configuration');
  const input = { index: page.input };
  await build({
    ...renderer,
    root: page.root,
    configFile: false,
    logLevel: 'silent',
    resolve: {
      alias: {
        react: path.join(ROOT, 'node_modules/react'),
        'react-dom': path.join(ROOT, 'node_modules/react-dom'),
      },
    },
    build: {
      ...renderer.build,
      outDir: page.outDir,
      emptyOutDir: true,
      rollupOptions: { ...renderer.build.rollupOptions, input },
      rolldownOptions: { ...renderer.build.rolldownOptions, input },
    },
  });
}

/**
 * Guards the comparison itself: both pages' initial JS must be minified, as the shipped
 * renderer is (a minified bundle has a few very long lines; an unminified one, thousands).
 */
export function expectMinifiedAlike(dirs: Record<string, string>): void {
  for (const [page, dir] of Object.entries(dirs)) {
    const { files } = initialJs(dir);
    const text = files.map((f) => readFileSync(path.join(dir, f.replace(/^\.?\//, '')), 'utf8')).join('\n');
    const bytesPerLine = text.length / text.split('\n').length;
    if (bytesPerLine < 1000)
      throw new Error(`${page}: initial JS is not minified (${bytesPerLine.toFixed(0)} bytes per line)`);
  }
}

/** The wizard and the blank page, both built like the shipped renderer, in `dir`. */
async function buildPages(dir: string): Promise<{ wizard: string; blank: string }> {
  const wizard = path.join(dir, 'wizard');
  await buildLikeRenderer({
    root: path.join(ROOT, 'renderer'),
    input: path.join(ROOT, 'renderer', 'index.html'),
    outDir: wizard,
  });
  const src = path.join(dir, 'blank-src');
  mkdirSync(src);
  writeFileSync(path.join(src, 'index.html'), BLANK_HTML);
  writeFileSync(path.join(src, 'main.jsx'), BLANK_MAIN);
  const blank = path.join(dir, 'blank');
  await buildLikeRenderer({ root: src, input: path.join(src, 'index.html'), outDir: blank });
  return { wizard, blank };
}

/** Records when the ready element first appears (a MutationObserver: no polling delay). */
function readyProbe(selector: string): string {
  return `(() => {
    const done = () => { if (window.__readyAt === undefined && document.querySelector(${JSON.stringify(selector)})) { window.__readyAt = performance.now(); } };
    new MutationObserver(done).observe(document, { childList: true, subtree: true });
  })();`;
}

interface Target {
  url: string;
  selector: string;
  stub: boolean;
}

/** One fresh load (new context: nothing cached): ms from navigation to the ready element. */
async function timeLoad(browser: Browser, t: Target): Promise<number> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    if (t.stub) await page.addInitScript(STUB_DOCTOR);
    await page.addInitScript(readyProbe(t.selector));
    await page.goto(t.url);
    await page.waitForSelector(t.selector);
    await page.waitForFunction(() => (window as unknown as { __readyAt?: number }).__readyAt !== undefined);
    return await page.evaluate(() => (window as unknown as { __readyAt: number }).__readyAt);
  } finally {
    await context.close();
  }
}

/** LOADS loads of each target, interleaved A B B A A B…, so drift in load hits both alike. */
async function timeInterleaved(browser: Browser, a: Target, b: Target): Promise<[number[], number[]]> {
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < LOADS; i++) {
    const order = i % 2 === 0 ? ([0, 1] as const) : ([1, 0] as const);
    for (const k of order) times[k].push(await timeLoad(browser, k === 0 ? a : b));
  }
  return times;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export async function benchRenderer(): Promise<RendererBenchRow[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ccd-bench-renderer-'));
  let browser: Browser | undefined;
  const servers: StaticServer[] = [];
  try {
    const built = await buildPages(dir);
    expectMinifiedAlike(built);
    const wizard = await serveStatic(built.wizard);
    servers.push(wizard);
    const blank = await serveStatic(built.blank);
    servers.push(blank);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const [wizardMs, blankMs] = await timeInterleaved(
      browser,
      { url: `${wizard.url}/index.html`, selector: 'button[type="submit"]', stub: true },
      { url: `${blank.url}/index.html`, selector: '#root button', stub: false },
    );
    const row = (page: string, out: string, all: number[]): RendererBenchRow => {
      const js = initialJs(out);
      return {
        page,
        jsFiles: js.files.length,
        jsBytes: js.bytes,
        jsGzipBytes: js.gzipBytes,
        interactiveMsMedian: median(all),
        interactiveMsAll: all,
      };
    };
    return [
      row('wizard (renderer/)', built.wizard, wizardMs),
      row('blank React 19 page', built.blank, blankMs),
    ];
  } finally {
    await browser?.close();
    await Promise.all(servers.map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatRendererTable(rows: RendererBenchRow[]): string {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const lines = [
    `| page | initial JS files | initial JS | initial JS gzip | first step interactive (median of ${LOADS}) | all loads |`,
    '|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.page} | ${r.jsFiles} | ${kb(r.jsBytes)} | ${kb(r.jsGzipBytes)} | ${r.interactiveMsMedian.toFixed(0)} ms | ${r.interactiveMsAll.map((t) => t.toFixed(0)).join(', ')} |`,
    ),
  ];
  const [app, floor] = rows;
  if (app && floor)
    lines.push(
      '',
      `wizard / blank: ${(app.interactiveMsMedian / floor.interactiveMsMedian).toFixed(2)}× the time to interactive, ` +
        `${(app.jsGzipBytes / floor.jsGzipBytes).toFixed(2)}× the initial JS (gzip), both built like the renderer.`,
    );
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
