/**
 * Headless Chromium for end-to-end tests, driven by playwright-core (no browser download: Debian's chromium).
 * Without a browser the e2e tests skip, unless REQUIRE_E2E=1 (set by .ci/run), where a missing browser fails.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { projectRoot } from '../../src/paths.js';

export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((p): p is string => !!p && existsSync(p));
}

export function skipWithoutBrowser(ctx: Mocha.Context): void {
  if (chromiumPath()) return;
  if (process.env.REQUIRE_E2E === '1') throw new Error('REQUIRE_E2E=1 but no Chromium was found (set CHROMIUM_PATH or install chromium)');
  ctx.skip();
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export const artifactsDir = join(projectRoot, 'test-artifacts');

export function artifactPath(name: string): string {
  mkdirSync(artifactsDir, { recursive: true });
  return join(artifactsDir, name);
}

/**
 * For a describe of browser tests: Chromium launched before its tests (they skip without one, see skipWithoutBrowser)
 * and closed after them. Returns the browser's getter, for use inside the tests.
 */
export function browserPerSuite(): () => Browser {
  let browser: Browser | undefined;
  before(async function () {
    skipWithoutBrowser(this);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });
  return () => browser!;
}

/** A self-contained page (a printable report) opened at phone width, 375 px, without JavaScript; it must request nothing. */
export async function openPageAtPhoneWidth(browser: Browser, html: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 375, height: 800 }, javaScriptEnabled: false });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => { if (!r.url().startsWith('data:') && r.url() !== 'about:blank') requests.push(r.url()); });
  await page.setContent(html, { waitUntil: 'load' });
  assert.deepEqual(requests, [], 'a self-contained page loads nothing');
  return { context, page };
}

/**
 * The page reads at phone width (no sideways scroll, text of 14 px or more) and prints to a real PDF; the screenshot
 * and the PDF are kept as `{name}-375.png` and `{name}.pdf` in test-artifacts.
 */
export async function assertReadsOnPhoneAndPrints(page: Page, name: string): Promise<void> {
  const widths = await page.evaluate('({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })') as { scroll: number; client: number };
  assert.ok(widths.scroll <= widths.client, `no horizontal scroll at 375 px (scrollWidth ${widths.scroll}, clientWidth ${widths.client})`);
  const fontSize = await page.evaluate('parseFloat(getComputedStyle(document.body).fontSize)') as number;
  assert.ok(fontSize >= 14, `readable text at phone width (${fontSize}px)`);
  await page.screenshot({ path: artifactPath(`${name}-375.png`), fullPage: false });

  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  assert.equal(Buffer.from(pdf.subarray(0, 5)).toString('latin1'), '%PDF-');
  assert.ok(pdf.length > 10_000, `a real document (${pdf.length} bytes)`);
  writeFileSync(artifactPath(`${name}.pdf`), pdf);
}
