/**
 * End to end in the Agents Playground's team channel: the status card of an assessment's migration, then
 * `plan {assessment id}` posts the plan for the same migration, and the status card's "Open plan" button opens it
 * again. The assessment is stored for the Playground's tenant first, so the test does not type the interview.
 * Screenshots go to test-artifacts/.
 */
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startPlayground, type Playground } from '../../scripts/playgroundProcess.js';
import { assess, validateProfile } from '../../src/domain/assessment/index.js';
import { AssessmentRepository } from '../../src/records/assessmentRepository.js';
import { startApp, removeDir, tempDataDir, type Harness } from '../support/appHarness.js';
import { artifactPath, launchBrowser, skipWithoutBrowser } from '../support/browser.js';

/** The tenant and signed-in user of the Playground's built-in mock data. */
const PLAYGROUND_TENANT = '00000000-0000-0000-0000-0000000000001';
const PLAYGROUND_USER = { aadObjectId: '00000000-0000-0000-0000-0000000000020', name: 'Alex Wilber' };
const PLAN_TITLE = 'Plan: Contoso Sales';

/** Posts in the channel with the bot mentioned, the way a person does: "@", pick the bot, type the command. */
async function postInChannel(page: Page, text: string): Promise<void> {
  const box = page.locator('[contenteditable="true"]').first();
  await box.waitFor({ timeout: 20_000 });
  await box.click();
  await page.keyboard.type('@Test');
  await page.getByRole('menuitem', { name: 'Test Bot' }).first().click();
  await page.keyboard.type(` ${text}`);
  await page.getByRole('button', { name: 'Post' }).click();
}

describe('Agents Playground end to end: the migration plan from an assessment and the status card', function () {
  this.timeout(150_000);
  let h: Harness;
  let playground: Playground;
  let browser: Browser;
  let page: Page;
  let assessmentId = '';
  let migrationId = '';
  const dataDir = tempDataDir();

  before(async function () {
    skipWithoutBrowser(this);
    h = await startApp({ REMINDER_CHECK_SECONDS: '0' }, dataDir);
    const v = validateProfile({
      source: { tenantDomain: 'contoso.onmicrosoft.com', region: 'EUR' },
      destination: { tenantDomain: 'fabrikam.onmicrosoft.com', region: 'EUR', tenantId: '66666666-7777-8888-9999-000000000000' },
      environments: [{ name: 'Contoso Sales', type: 'sandbox', solutions: ['power-automate'] }],
    });
    assert.ok(v.ok);
    assessmentId = (await new AssessmentRepository(h.app.stores.storage).save({
      tenantId: PLAYGROUND_TENANT, userId: PLAYGROUND_USER.aadObjectId, userName: PLAYGROUND_USER.name,
      profile: v.profile, assessment: assess(v.profile),
    })).id;
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

  it('track posts the status card for the assessment\'s environment', async () => {
    await postInChannel(page, `track ${assessmentId}`);
    const answer = page.getByText(/Tracking Contoso Sales as migration m-[a-z0-9]{8}/).first();
    await answer.waitFor({ timeout: 30_000 });
    migrationId = /m-[a-z0-9]{8}/.exec((await answer.textContent()) ?? '')![0];
    await page.getByText('◷ Request submitted').first().waitFor({ timeout: 30_000 });
  });

  it('plan {assessment id} posts the plan of the same migration, with owners and order', async () => {
    assert.ok(migrationId);
    await postInChannel(page, `plan ${assessmentId}`);
    await page.getByText(PLAN_TITLE).first().waitFor({ timeout: 30_000 });
    await page.getByText(new RegExp(`contoso\\.onmicrosoft\\.com to fabrikam\\.onmicrosoft\\.com · ${migrationId}`)).first().waitFor({ timeout: 30_000 });
    await page.getByText(/Owner: Source admin \(contoso\.onmicrosoft\.com\)/).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: artifactPath('playground-plan-posted.png') });
  });

  it('the status card\'s "Open plan" button opens the plan again', async () => {
    const before = await page.getByText(PLAN_TITLE).count();
    await page.getByRole('button', { name: 'Open plan' }).first().click();
    await page.waitForFunction(([title, count]) => document.body.innerText.split(title as string).length - 1 > (count as number), [PLAN_TITLE, before] as const, { timeout: 30_000 });
    assert.ok((await page.getByText(PLAN_TITLE).count()) > before, 'a second copy of the plan card');
    await page.screenshot({ path: artifactPath('playground-plan-opened.png') });
  });
});
