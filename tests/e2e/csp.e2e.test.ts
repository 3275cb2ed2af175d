import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  ensureRendererBuilt,
  RENDERER_OUT,
  serveStatic,
  STUB_DOCTOR,
  type StaticServer,
} from './serve';

// The app's Content-Security-Policy (electron/main/security.ts `CSP`, the header the app://
// handler and the session put on every response) enforced by real Chromium: checklist items
// 1 and 7 on machines without an Electron runtime. The built page also carries a stricter-or-
// equal <meta> policy (renderer/index.html), and the browser enforces both; so the probes run
// in a page with the header alone, to judge the header itself. They run as a same-origin
// script file, the only kind the policy lets run (Playwright's page.evaluate is exempt).

const PROBE = `(() => {
  const r = {};
  try { r.eval = String(eval('1 + 1')); } catch (e) { r.eval = 'refused'; }
  try { r.newFunction = String(new Function('return 2')()); } catch (e) { r.newFunction = 'refused'; }
  const inline = document.createElement('script');
  inline.textContent = 'window.__inlineRan = true';
  document.head.appendChild(inline);
  r.inline = window.__inlineRan ? 'ran' : 'refused';
  window.__probe = r;
  fetch('/index.html').then(() => (r.fetch = 'allowed'), () => (r.fetch = 'refused'));
})();`;

let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  ensureRendererBuilt();
  server = await serveStatic(RENDERER_OUT, {
    '/csp-probe.js': PROBE,
    '/csp-probe.html': '<!doctype html><html><head><title>probe</title></head><body></body></html>',
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function probe(page: Page): Promise<Record<string, string>> {
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.src = '/csp-probe.js';
    document.head.appendChild(s);
  });
  await page.waitForFunction(() => (window as unknown as { __probe?: { fetch?: string } }).__probe?.fetch);
  return page.evaluate(() => (window as unknown as { __probe: Record<string, string> }).__probe);
}

describe("the app's CSP in Chromium", () => {
  it('the wizard runs under it (header and meta policy) without a single violation', async () => {
    const page = await browser.newPage();
    await page.addInitScript(STUB_DOCTOR);
    const violations: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${server.url}/index.html`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(violations).toEqual([]);
    await page.close();
  });

  it('the header alone refuses eval, new Function, inline scripts and network requests', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/csp-probe.html`);
    expect(await probe(page)).toEqual({
      eval: 'refused',
      newFunction: 'refused',
      inline: 'refused',
      fetch: 'refused',
    });
    await page.close();
  });
});
