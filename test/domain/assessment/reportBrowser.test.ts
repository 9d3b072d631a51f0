/**
 * The assessment report's HTML (the file `export {id}` offers) in headless Chromium: it renders every section,
 * requests nothing, prints to PDF, and reads at phone width (375 px) without scrolling sideways, for a hostile profile
 * and for 50 environments with every solution.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { assess, renderAssessmentHtml } from '../../../src/domain/assessment/index.js';
import { artifactPath, launchBrowser, skipWithoutBrowser } from '../../support/browser.js';
import { bigProfile } from '../../support/messageCatalogue.js';
import { hostileProfile } from './reportFixtures.js';

describe('assessment report HTML in headless Chromium', function () {
  this.timeout(180_000);
  let browser: Browser | undefined;

  before(async function () {
    skipWithoutBrowser(this);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  for (const [name, profile] of [['hostile', hostileProfile()], ['50 environments', bigProfile(50)]] as const) {
    it(`${name}: renders every section, makes no request, prints to PDF and fits 375 px without sideways scroll`, async () => {
      const assessment = assess(profile);
      const html = renderAssessmentHtml(assessment, profile, { assessmentId: 'abcd1234', createdAt: '2026-11-30T10:15:00Z', createdBy: 'Pat <PM>' });
      const context = await browser!.newContext({ viewport: { width: 375, height: 800 }, javaScriptEnabled: false });
      const page = await context.newPage();
      const requests: string[] = [];
      page.on('request', (r) => { if (!r.url().startsWith('data:') && r.url() !== 'about:blank') requests.push(r.url()); });
      await page.setContent(html, { waitUntil: 'load' });
      assert.deepEqual(requests, [], 'a self-contained page loads nothing');
      assert.equal(await page.title(), 'Migration readiness: contoso.onmicrosoft.com to fabrikam.onmicrosoft.com');
      const headings = await page.locator('h2').allTextContents();
      assert.equal(headings[0], 'Environments');
      assert.ok(headings.some((h) => /^Blockers \(\d+\)$/.test(h)), headings.join(' | '));
      assert.equal(await page.locator('#environments .item').count(), profile.environments.length);
      assert.equal(await page.locator('section[id^="findings-"] .item').count(), assessment.findings.length);
      if (name === 'hostile') {
        assert.equal(await page.locator('script, img').count(), 0, 'names stay text');
        assert.ok((await page.locator('#environments h3').first().textContent())!.startsWith('<script>alert(1)</script>'));
      }
      const widths = await page.evaluate('({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })') as { scroll: number; client: number };
      assert.ok(widths.scroll <= widths.client, `no horizontal scroll at 375 px (scrollWidth ${widths.scroll}, clientWidth ${widths.client})`);
      const fontSize = await page.evaluate('parseFloat(getComputedStyle(document.body).fontSize)') as number;
      assert.ok(fontSize >= 14, `readable text at phone width (${fontSize}px)`);
      const slug = name === 'hostile' ? 'hostile' : '50';
      await page.screenshot({ path: artifactPath(`assessment-report-${slug}-375.png`), fullPage: false });

      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      assert.equal(Buffer.from(pdf.subarray(0, 5)).toString('latin1'), '%PDF-');
      assert.ok(pdf.length > 10_000, `a real document (${pdf.length} bytes)`);
      writeFileSync(artifactPath(`assessment-report-${slug}.pdf`), pdf);
      await context.close();
    });
  }
});
