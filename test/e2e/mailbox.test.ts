/**
 * Mailbox moves end to end in the Microsoft 365 Agents Playground (headless Chromium) against the real bot:
 * `mailbox move` typed through to its readiness card, then `check mailbox log` with a pasted log.
 *
 * The Playground sends a pasted or typed message as one line (its line breaks are lost), so the log is typed as one
 * line: the bot splits it again where the validation script starts its lines and says so.
 */
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startPlayground, type Playground } from '../../scripts/playgroundProcess.js';
import { startApp, removeDir, tempDataDir, type Harness } from '../support/appHarness.js';
import { artifactPath, launchBrowser, skipWithoutBrowser } from '../support/browser.js';
import { SHORT_LOG } from '../mailbox/support.js';

async function say(page: Page, text: string): Promise<void> {
  const box = page.locator('[contenteditable="true"]').first();
  await box.waitFor({ timeout: 20_000 });
  await box.click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

describe('Agents Playground end to end: mailbox moves', function () {
  this.timeout(180_000);
  let h: Harness;
  let playground: Playground;
  let browser: Browser;
  let page: Page;
  const dataDir = tempDataDir();

  before(async function () {
    skipWithoutBrowser(this);
    h = await startApp({}, dataDir);
    playground = await startPlayground({ botEndpoint: `${h.baseUrl}/api/messages`, logFile: `${dataDir}/playground.log` });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(playground.url);
    await page.getByText('Tenant-to-tenant migration readiness').first().waitFor({ timeout: 30_000 });
  });

  after(async () => {
    await browser?.close();
    await playground?.stop();
    await h?.stop();
    removeDir(dataDir);
  });

  it('runs mailbox move to the readiness card', async () => {
    const steps: Array<[string, string]> = [
      ['mailbox move', 'Which tenant are the mailboxes in now?'],
      ['contoso.onmicrosoft.com', 'What is the tenant ID of contoso.onmicrosoft.com?'],
      ['11111111-2222-3333-4444-555555555555', 'Which cloud is contoso.onmicrosoft.com in?'],
      ['click:Commercial', 'Which custom domains does contoso.onmicrosoft.com own?'],
      ['skip', 'Does contoso.onmicrosoft.com synchronise users'],
      ['no', 'Which tenant are they moving to?'],
      ['fabrikam.onmicrosoft.com', 'What is the tenant ID of fabrikam.onmicrosoft.com?'],
      ['66666666-7777-8888-9999-000000000000', 'Which cloud is fabrikam.onmicrosoft.com in?'],
      ['skip', 'Which custom domains does fabrikam.onmicrosoft.com own?'],
      ['skip', 'Does fabrikam.onmicrosoft.com synchronise users'],
      ['no', 'How many mailboxes will move'],
      ['250', 'Is any mailbox in contoso.onmicrosoft.com on a hold'],
      ['click:Yes', 'How many Cross Tenant User Data Migration licences'],
      ['250', 'What is the most auxiliary archives'],
      ['0', 'Is auto-expanding archiving turned on?'],
      ['no', 'What is the mail-enabled security group'],
      ['skip', 'Is the migration app registered in fabrikam.onmicrosoft.com?'],
      ['skip', 'Did any target user in fabrikam.onmicrosoft.com have a mailbox before?'],
      ['no', 'Are the MailUsers in fabrikam.onmicrosoft.com prepared'],
      ['partly', 'Were Exchange licences assigned'],
      ['no', 'Is fabrikam.onmicrosoft.com dehydrated'],
      ['no', 'How many mailboxes per migration batch?'],
      ['skip', 'Is a later move back'],
      ['no', 'Review your answers'],
    ];
    for (const [answer, next] of steps) {
      if (answer.startsWith('click:')) await page.getByRole('button', { name: answer.slice(6), exact: true }).last().click();
      else await say(page, answer);
      await page.getByText(next).last().waitFor({ timeout: 30_000 });
    }
    await page.getByRole('button', { name: 'Check readiness', exact: true }).last().click();
    await page.getByText('Mailbox move: contoso.onmicrosoft.com to fabrikam.onmicrosoft.com').last().waitFor({ timeout: 30_000 });
    await page.getByText('Source tenant admin (contoso.onmicrosoft.com)').last().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: artifactPath('playground-mailbox-readiness.png'), fullPage: true });
    assert.ok(await page.getByText('Not ready: blockers first').last().isVisible());
  });

  it('check mailbox log, then a pasted log, shows the log card grouped by cause', async () => {
    await say(page, 'check mailbox log');
    await page.getByText('Send me the log of Microsoft').last().waitFor({ timeout: 30_000 });
    await say(page, SHORT_LOG.replace(/\r\n/g, ' '));
    await page.getByText('arrived as a single line').last().waitFor({ timeout: 30_000 });
    await page.getByText(/2 mailboxes are on litigation hold/).last().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: artifactPath('playground-mailbox-log.png'), fullPage: true });
    assert.ok(await page.getByText(/1 of 3 mailboxes are ready/).last().isVisible());
  });
});
