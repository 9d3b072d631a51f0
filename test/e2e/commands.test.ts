/**
 * End to end in the Microsoft 365 Agents Playground (headless Chromium): open a stored assessment, press the Move
 * commands button on its eligibility card, and see one card per admin with the commands; then page to the next
 * environment with the card's own button. The assessment is written through the real app's storage first, in the
 * Playground's tenant, so the test does not type the whole interview (test/e2e/playground.test.ts does).
 * Screenshots go to test-artifacts/.
 */
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startPlayground, type Playground } from '../../scripts/playgroundProcess.js';
import { AssessmentRepository } from '../../src/records/assessmentRepository.js';
import { startApp, removeDir, tempDataDir, type Harness } from '../support/appHarness.js';
import { artifactPath, launchBrowser, skipWithoutBrowser } from '../support/browser.js';
import { MIXED, seed } from '../commands/support.js';

/** The tenant and signed-in user of the Playground's built-in mock data. */
const PLAYGROUND_TENANT = '00000000-0000-0000-0000-0000000000001';
const PLAYGROUND_USER = { aadObjectId: '00000000-0000-0000-0000-0000000000020', name: 'Alex Wilber' };

async function say(page: Page, text: string): Promise<void> {
  const box = page.locator('[contenteditable="true"]').first();
  await box.waitFor({ timeout: 20_000 });
  await box.click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

describe('Agents Playground: move commands from the eligibility card', function () {
  this.timeout(120_000);
  let h: Harness;
  let playground: Playground;
  let browser: Browser;
  let page: Page;
  let assessmentId = '';
  const dataDir = tempDataDir();

  before(async function () {
    skipWithoutBrowser(this);
    h = await startApp({}, dataDir);
    assessmentId = (await seed(new AssessmentRepository(h.app.stores.storage), MIXED, {
      tenantId: PLAYGROUND_TENANT, userId: PLAYGROUND_USER.aadObjectId, userName: PLAYGROUND_USER.name,
    })).id;
    playground = await startPlayground({ botEndpoint: `${h.baseUrl}/api/messages`, logFile: `${dataDir}/playground.log` });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(playground.url);
    await page.getByText('Tenant-to-tenant migration readiness for Power Platform').first().waitFor({ timeout: 30_000 });
  });

  after(async () => {
    await browser?.close();
    await playground?.stop();
    await h?.stop();
    removeDir(dataDir);
  });

  it('shows the eligibility card with a Move commands button', async () => {
    await say(page, `open ${assessmentId}`);
    await page.getByText('Migration eligibility').last().waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Move commands', exact: true }).last().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: artifactPath('playground-eligibility-commands-button.png'), fullPage: true });
  });

  it('opens one commands card per admin from the button', async () => {
    await page.getByRole('button', { name: 'Move commands', exact: true }).last().click();
    await page.getByText('Move commands: source admin').last().waitFor({ timeout: 20_000 });
    await page.getByText('Move commands: destination admin').last().waitFor({ timeout: 20_000 });
    // The commands themselves, as the card's code (a CodeBlock, or its monospace fallback in the Playground).
    await page.getByText(/TenantToTenant-SubmitMigrationRequest -EnvironmentName 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee'/).first().waitFor({ timeout: 20_000 });
    await page.getByText(/TenantToTenant-ManageMigrationRequest -MigrationId \$env1MigrationId/).first().waitFor({ timeout: 20_000 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: artifactPath('playground-commands.png'), fullPage: true });
    assert.ok(await page.getByText(new RegExp(`from assessment ${assessmentId}`)).last().isVisible());
  });

  it('pages to the next environment with the card\'s own button', async () => {
    await page.getByRole('button', { name: 'Next: Ops', exact: true }).last().click();
    await page.getByText('Ops: contoso.onmicrosoft.com to fabrikam.onmicrosoft.com').last().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: artifactPath('playground-commands-next.png'), fullPage: true });
  });
});
