/**
 * End to end in a real Teams-like client: the Microsoft 365 Agents Playground's web UI in headless Chromium,
 * talking to the real bot over HTTP. Screenshots are kept in test-artifacts/.
 */
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startPlayground, type Playground } from '../../scripts/playgroundProcess.js';
import { startApp, removeDir, tempDataDir, type Harness } from '../support/appHarness.js';
import { artifactPath, launchBrowser, skipWithoutBrowser } from '../support/browser.js';

async function say(page: Page, text: string): Promise<void> {
  const box = page.locator('[contenteditable="true"]').first();
  await box.waitFor({ timeout: 20_000 });
  await box.click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

describe('Agents Playground end to end', function () {
  this.timeout(120_000);
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
  });

  after(async () => {
    await browser?.close();
    await playground?.stop();
    await h?.stop();
    removeDir(dataDir);
  });

  it('shows the welcome card on install', async () => {
    await page.getByText('Tenant-to-tenant migration readiness for Power Platform').first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: artifactPath('playground-welcome.png') });
  });

  it('answers help with the command list', async () => {
    await say(page, 'help');
    await page.getByText('What I can do').first().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: artifactPath('playground-help.png') });
    assert.ok(await page.getByText('forget me').first().isVisible());
  });
});
