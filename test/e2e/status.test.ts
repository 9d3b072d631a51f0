/**
 * End to end in the Agents Playground's team channel: a person tracks a migration with an @mention, the status card
 * appears as a new post, then an automation changes the phase over HTTP and the same card changes in place, with a
 * reply in its thread; a click on the card's button changes it again. Screenshots go to test-artifacts/.
 */
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startPlayground, type Playground } from '../../scripts/playgroundProcess.js';
import { startApp, removeDir, tempDataDir, type Harness } from '../support/appHarness.js';
import { artifactPath, launchBrowser, skipWithoutBrowser } from '../support/browser.js';

const TOKEN = 'e2e-status-token-0123456789';

/** Posts in the channel with the bot mentioned, the way a person does: "@", pick the bot, type the command. */
async function postInChannel(page: Page, text: string): Promise<void> {
  const box = page.locator('[contenteditable="true"]').first();
  await box.waitFor({ timeout: 20_000 });
  await box.click();
  await page.keyboard.type('@Test');
  // The mention picker lists the bot as a menu item (its name also labels its posts, so match the role).
  await page.getByRole('menuitem', { name: 'Test Bot' }).first().click();
  await page.keyboard.type(` ${text}`);
  await page.getByRole('button', { name: 'Post' }).click();
}

describe('Agents Playground end to end: status card in a team channel', function () {
  this.timeout(120_000);
  let h: Harness;
  let playground: Playground;
  let browser: Browser;
  let page: Page;
  let migrationId = '';
  const dataDir = tempDataDir();

  before(async function () {
    skipWithoutBrowser(this);
    h = await startApp({ STATUS_API_TOKEN: TOKEN, REMINDER_CHECK_SECONDS: '0' }, dataDir);
    playground = await startPlayground({ botEndpoint: `${h.baseUrl}/api/messages`, logFile: `${dataDir}/playground.log` });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(playground.url);
    await page.getByText('General', { exact: true }).first().click();
  });

  after(async () => {
    await browser?.close();
    await playground?.stop();
    await h?.stop();
    removeDir(dataDir);
  });

  it('track posts the status card as a new post and answers with the migration id', async () => {
    await postInChannel(page, 'track Contoso Sales');
    const answer = page.getByText(/Tracking Contoso Sales as migration m-[a-z0-9]{8}/).first();
    await answer.waitFor({ timeout: 30_000 });
    migrationId = /m-[a-z0-9]{8}/.exec((await answer.textContent()) ?? '')![0];
    await page.getByText('◷ Request submitted').first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: artifactPath('playground-status-tracked.png') });
  });

  it('an automation status update changes the same card and replies in its thread', async () => {
    assert.ok(migrationId);
    const res = await fetch(`${h.baseUrl}/api/migrations/${migrationId}/status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'idempotency-key': 'e2e-1' },
      body: JSON.stringify({ phase: 'approved', note: 'Approved by the Fabrikam admin', by: 'release pipeline' }),
    });
    assert.equal(res.status, 200);
    assert.equal((await res.json()).phase, 'approved');
    await page.getByText('✔ Approved').first().waitFor({ timeout: 30_000 });
    await page.getByText(/Contoso Sales: Approved \(was Request submitted\), by release pipeline \(automation\)/).first().waitFor({ timeout: 30_000 });
    assert.equal(await page.getByText('◷ Request submitted').count(), 0, 'the card changed in place: no second card with the old phase');
    await page.screenshot({ path: artifactPath('playground-status-updated.png') });
  });

  it('a button on the card moves it to the next phase', async () => {
    await page.getByRole('button', { name: 'Mapping uploaded' }).first().click();
    await page.getByText('◷ Mapping file uploaded').first().waitFor({ timeout: 30_000 });
    await page.getByText(/Contoso Sales: Mapping file uploaded \(was Approved\), by Alex Wilber \(person\)/).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: artifactPath('playground-status-button.png') });
  });
});
