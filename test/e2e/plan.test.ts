/**
 * End to end in the Agents Playground's team channel: the status card of an assessment's migration, then
 * `plan {assessment id}` posts the plan for the same migration, and the status card's "Open plan" button opens it
 * again. The assessment is stored for the Playground's tenant first, so the test does not type the interview.
 * Screenshots go to test-artifacts/.
 */
import assert from 'node:assert/strict';
import { artifactPath } from '../support/browser.js';
import { playgroundPerSuite, postInChannel, saveContosoSales } from '../support/playground.js';

const PLAN_TITLE = 'Plan: Contoso Sales';

describe('Agents Playground end to end: the migration plan from an assessment and the status card', function () {
  this.timeout(150_000);
  let assessmentId = '';
  let migrationId = '';
  const s = playgroundPerSuite({
    seed: async (app) => {
      assessmentId = await saveContosoSales(app);
    },
    env: { REMINDER_CHECK_SECONDS: '0' },
    open: 'channel',
  });

  it('track posts the status card for the assessment\'s environment', async () => {
    await postInChannel(s.page, `track ${assessmentId}`);
    const answer = s.page.getByText(/Tracking Contoso Sales as migration m-[a-z0-9]{8}/).first();
    await answer.waitFor({ timeout: 30_000 });
    migrationId = /m-[a-z0-9]{8}/.exec((await answer.textContent()) ?? '')![0];
    await s.page.getByText('◷ Request submitted').first().waitFor({ timeout: 30_000 });
  });

  it('plan {assessment id} posts the plan of the same migration, with owners and order', async () => {
    assert.ok(migrationId);
    await postInChannel(s.page, `plan ${assessmentId}`);
    await s.page.getByText(PLAN_TITLE).first().waitFor({ timeout: 30_000 });
    await s.page.getByText(new RegExp(`contoso\\.onmicrosoft\\.com to fabrikam\\.onmicrosoft\\.com · ${migrationId}`)).first().waitFor({ timeout: 30_000 });
    await s.page.getByText(/Owner: Source admin \(contoso\.onmicrosoft\.com\)/).first().waitFor({ timeout: 30_000 });
    await s.page.screenshot({ path: artifactPath('playground-plan-posted.png') });
  });

  it('the status card\'s "Open plan" button opens the plan again', async () => {
    const before = await s.page.getByText(PLAN_TITLE).count();
    await s.page.getByRole('button', { name: 'Open plan' }).first().click();
    await s.page.waitForFunction(([title, count]) => document.body.innerText.split(title as string).length - 1 > (count as number), [PLAN_TITLE, before] as const, { timeout: 30_000 });
    assert.ok((await s.page.getByText(PLAN_TITLE).count()) > before, 'a second copy of the plan card');
    await s.page.screenshot({ path: artifactPath('playground-plan-opened.png') });
  });
});
