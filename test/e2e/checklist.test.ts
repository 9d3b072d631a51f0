/**
 * End to end in the Microsoft 365 Agents Playground (headless Chromium): open a migration checklist and tick an item
 * with its Action.Execute button. The assessment is written through the real app's storage first, in the
 * Playground's tenant, so the test does not have to type the whole interview. Screenshots go to test-artifacts/.
 */
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startPlayground, type Playground } from '../../scripts/playgroundProcess.js';
import { assess, validateProfile } from '../../src/domain/assessment/index.js';
import { AssessmentRepository } from '../../src/records/assessmentRepository.js';
import { ChecklistRepository } from '../../src/records/checklistRepository.js';
import { startApp, removeDir, tempDataDir, type Harness } from '../support/appHarness.js';
import { artifactPath, launchBrowser, skipWithoutBrowser } from '../support/browser.js';

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

describe('Agents Playground: migration checklist', function () {
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
    await page.getByText('Tenant-to-tenant migration readiness for Power Platform').first().waitFor({ timeout: 30_000 });
  });

  after(async () => {
    await browser?.close();
    await playground?.stop();
    await h?.stop();
    removeDir(dataDir);
  });

  it('opens the checklist card for a stored assessment', async () => {
    await say(page, `checklist ${assessmentId}`);
    await page.getByText('Migration checklist').first().waitFor({ timeout: 20_000 });
    await page.getByText(/0 of \d+ done · \d+ must-do steps? left before the move/).first().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: artifactPath('playground-checklist.png'), fullPage: true });
  });

  it('ticks the first item with its button and shows who ticked it', async () => {
    await page.getByRole('button', { name: 'Mark done' }).first().click();
    await page.getByText(/Done by Alex Wilber on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/).first().waitFor({ timeout: 20_000 });
    await page.getByText(/1 of \d+ done/).first().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: artifactPath('playground-checklist-ticked.png'), fullPage: true });
    const stored = await new ChecklistRepository(h.app.stores.storage).get(PLAYGROUND_TENANT, assessmentId);
    const done = stored!.checklist.items.filter((i) => i.done !== null);
    assert.equal(done.length, 1);
    assert.equal(done[0]!.done!.by.name, 'Alex Wilber');
    assert.equal(stored!.checklist.revision, 1);
  });

  it('sets a phase due date by typing, and the card already in the chat shows it', async () => {
    // A year from today, so the phase is never overdue whenever the test runs.
    const due = new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    await say(page, `due move ${due}`);
    await page.getByText(new RegExp(`Move is now due ${due}`)).first().waitFor({ timeout: 20_000 });
    // The phase line on the card (not the reply) changes in place.
    await page.getByText(new RegExp(`\\d+ of \\d+ done · due ${due}`)).first().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: artifactPath('playground-checklist-due.png'), fullPage: true });
  });
});
