/**
 * The evidence pack's HTML in headless Chromium: it renders, prints to PDF, and reads at phone width (375 px)
 * without scrolling sideways.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { renderEvidenceHtml } from '../../../src/domain/evidence/index.js';
import { artifactPath, launchBrowser, skipWithoutBrowser } from '../../support/browser.js';
import { everyRecord } from './fixtures.js';

describe('evidence pack HTML in headless Chromium', function () {
  this.timeout(120_000);
  let browser: Browser | undefined;

  before(async function () {
    skipWithoutBrowser(this);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  it('renders every section, makes no request, prints to PDF and fits 375 px without sideways scroll', async () => {
    const html = renderEvidenceHtml(everyRecord());
    const context = await browser!.newContext({ viewport: { width: 375, height: 800 }, javaScriptEnabled: false });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => { if (!r.url().startsWith('data:') && r.url() !== 'about:blank') requests.push(r.url()); });
    await page.setContent(html, { waitUntil: 'load' });
    assert.deepEqual(requests, [], 'a self-contained page loads nothing');
    assert.equal(await page.title(), 'Evidence pack: Contoso & Fabrikam');
    const headings = await page.locator('h2').allTextContents();
    assert.deepEqual(headings, [
      'What is still open', 'Plan: the order across workstreams', 'Power Platform assessment a-1', 'Mailbox-move readiness',
      'Identity map', 'Checklist', 'Status history',
    ]);
    const widths = await page.evaluate('({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })') as { scroll: number; client: number };
    assert.ok(widths.scroll <= widths.client, `no horizontal scroll at 375 px (scrollWidth ${widths.scroll}, clientWidth ${widths.client})`);
    const fontSize = await page.evaluate('parseFloat(getComputedStyle(document.body).fontSize)') as number;
    assert.ok(fontSize >= 14, `readable text at phone width (${fontSize}px)`);
    await page.screenshot({ path: artifactPath('evidence-375.png'), fullPage: false });

    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    assert.equal(Buffer.from(pdf.subarray(0, 5)).toString('latin1'), '%PDF-');
    assert.ok(pdf.length > 10_000, `a real document (${pdf.length} bytes)`);
    writeFileSync(artifactPath('evidence.pdf'), pdf);
    await context.close();
  });
});
