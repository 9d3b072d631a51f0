/**
 * The evidence pack's HTML in headless Chromium: it renders, prints to PDF, and reads at phone width (375 px)
 * without scrolling sideways.
 */
import assert from 'node:assert/strict';
import { renderEvidenceHtml } from '../../../src/domain/evidence/index.js';
import { assertReadsOnPhoneAndPrints, browserPerSuite, openPageAtPhoneWidth } from '../../support/browser.js';
import { everyRecord } from './fixtures.js';

describe('evidence pack HTML in headless Chromium', function () {
  this.timeout(120_000);
  const browser = browserPerSuite();

  it('renders every section, makes no request, prints to PDF and fits 375 px without sideways scroll', async () => {
    const html = renderEvidenceHtml(everyRecord());
    const { context, page } = await openPageAtPhoneWidth(browser(), html);
    assert.equal(await page.title(), 'Evidence pack: Contoso & Fabrikam');
    const headings = await page.locator('h2').allTextContents();
    assert.deepEqual(headings, [
      'What is still open', 'Plan: the order across workstreams', 'Power Platform assessment a-1', 'Mailbox-move readiness',
      'Identity map', 'Checklist', 'Status history',
    ]);
    await assertReadsOnPhoneAndPrints(page, 'evidence');
    await context.close();
  });
});
