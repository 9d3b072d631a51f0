/**
 * The assessment report's HTML (the file `export {id}` offers) in headless Chromium: it renders every section,
 * requests nothing, prints to PDF, and reads at phone width (375 px) without scrolling sideways, for a hostile profile
 * and for 50 environments with every solution.
 */
import assert from 'node:assert/strict';
import { assess, renderAssessmentHtml } from '../../../src/domain/assessment/index.js';
import { assertReadsOnPhoneAndPrints, browserPerSuite, openPageAtPhoneWidth } from '../../support/browser.js';
import { bigProfile } from '../../support/messageCatalogue.js';
import { hostileProfile } from './reportFixtures.js';

describe('assessment report HTML in headless Chromium', function () {
  this.timeout(180_000);
  const browser = browserPerSuite();

  for (const [name, profile] of [['hostile', hostileProfile()], ['50 environments', bigProfile(50)]] as const) {
    it(`${name}: renders every section, makes no request, prints to PDF and fits 375 px without sideways scroll`, async () => {
      const assessment = assess(profile);
      const html = renderAssessmentHtml(assessment, profile, { assessmentId: 'abcd1234', createdAt: '2026-11-30T10:15:00Z', createdBy: 'Pat <PM>' });
      const { context, page } = await openPageAtPhoneWidth(browser(), html);
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
      await assertReadsOnPhoneAndPrints(page, `assessment-report-${name === 'hostile' ? 'hostile' : '50'}`);
      await context.close();
    });
  }
});
