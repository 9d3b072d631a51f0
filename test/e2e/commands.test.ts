/**
 * End to end in the Microsoft 365 Agents Playground (headless Chromium): open a stored assessment, press the Move
 * commands button on its eligibility card, and see one card per admin with the commands; then page to the next
 * environment with the card's own button. The assessment is written through the real app's storage first, in the
 * Playground's tenant, so the test does not type the whole interview (test/e2e/playground.test.ts does).
 * Screenshots go to test-artifacts/.
 */
import assert from 'node:assert/strict';
import { AssessmentRepository } from '../../src/records/assessmentRepository.js';
import { artifactPath } from '../support/browser.js';
import { PLAYGROUND_TENANT, PLAYGROUND_USER, playgroundPerSuite, say } from '../support/playground.js';
import { MIXED, seed } from '../commands/support.js';

describe('Agents Playground: move commands from the eligibility card', function () {
  this.timeout(120_000);
  let assessmentId = '';
  const s = playgroundPerSuite({
    seed: async (app) => {
      assessmentId = (await seed(new AssessmentRepository(app.app.stores.storage), MIXED, {
        tenantId: PLAYGROUND_TENANT, userId: PLAYGROUND_USER.aadObjectId, userName: PLAYGROUND_USER.name,
      })).id;
    },
  });

  it('shows the eligibility card with a Move commands button', async () => {
    await say(s.page, `open ${assessmentId}`);
    await s.page.getByText('Migration eligibility').last().waitFor({ timeout: 20_000 });
    await s.page.getByRole('button', { name: 'Move commands', exact: true }).last().waitFor({ timeout: 20_000 });
    await s.page.screenshot({ path: artifactPath('playground-eligibility-commands-button.png'), fullPage: true });
  });

  it('opens one commands card per admin from the button', async () => {
    await s.page.getByRole('button', { name: 'Move commands', exact: true }).last().click();
    await s.page.getByText('Move commands: source admin').last().waitFor({ timeout: 20_000 });
    await s.page.getByText('Move commands: destination admin').last().waitFor({ timeout: 20_000 });
    // The commands themselves, as the card's code (a CodeBlock, or its monospace fallback in the Playground).
    await s.page.getByText(/TenantToTenant-SubmitMigrationRequest -EnvironmentName 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee'/).first().waitFor({ timeout: 20_000 });
    await s.page.getByText(/TenantToTenant-ManageMigrationRequest -MigrationId \$env1MigrationId/).first().waitFor({ timeout: 20_000 });
    await s.page.waitForTimeout(300);
    await s.page.screenshot({ path: artifactPath('playground-commands.png'), fullPage: true });
    assert.ok(await s.page.getByText(new RegExp(`from assessment ${assessmentId}`)).last().isVisible());
  });

  it('pages to the next environment with the card\'s own button', async () => {
    await s.page.getByRole('button', { name: 'Next: Ops', exact: true }).last().click();
    await s.page.getByText('Ops: contoso.onmicrosoft.com to fabrikam.onmicrosoft.com').last().waitFor({ timeout: 20_000 });
    await s.page.screenshot({ path: artifactPath('playground-commands-next.png'), fullPage: true });
  });
});
