/**
 * End to end in a real Teams-like client: the Microsoft 365 Agents Playground's web UI in headless Chromium,
 * talking to the real bot over HTTP. Screenshots are kept in test-artifacts/.
 */
import assert from 'node:assert/strict';
import { artifactPath } from '../support/browser.js';
import { playgroundPerSuite, say } from '../support/playground.js';

describe('Agents Playground end to end', function () {
  this.timeout(120_000);
  const s = playgroundPerSuite({ height: 900, open: 'none' });

  it('shows the welcome card on install', async () => {
    await s.page.getByText('Tenant-to-tenant migration readiness for Power Platform').first().waitFor({ timeout: 30_000 });
    await s.page.screenshot({ path: artifactPath('playground-welcome.png') });
  });

  it('runs a complete assessment by typing and shows the verdict card', async () => {
    // Each answer, and a piece of the question that must appear after it (so typing waits for the bot).
    const steps: Array<[string, string]> = [
      ['check eligibility', 'Which tenant are the environments in now?'],
      ['contoso.onmicrosoft.com', 'What is the tenant ID of contoso.onmicrosoft.com?'],
      ['skip', 'Which Power Platform region is contoso.onmicrosoft.com in?'],
      ['Europe', 'Which cloud is contoso.onmicrosoft.com in?'],
      ['commercial', 'How many active licensed users does contoso.onmicrosoft.com have?'],
      ['250', 'Is Customer Lockbox turned on in contoso.onmicrosoft.com?'],
      ['click:No', 'Which tenant are they moving to?'],
      ['fabrikam.onmicrosoft.com', 'What is the tenant ID of fabrikam.onmicrosoft.com?'],
      ['skip', 'Which Power Platform region is fabrikam.onmicrosoft.com in?'],
      ['EUR', 'Which cloud is fabrikam.onmicrosoft.com in?'],
      ['commercial', 'Does fabrikam.onmicrosoft.com have a paid'],
      ['yes', 'How many free licences does fabrikam.onmicrosoft.com have'],
      ['300', 'How much free Dataverse storage does fabrikam.onmicrosoft.com have'],
      ['1 TB', 'What is the name of the first environment to move?'],
      ['Contoso Sales', 'What type of environment is Contoso Sales?'],
      ['production', 'Is Contoso Sales in EUR like the tenant?'],
      ['same', 'Does Contoso Sales have a Dataverse database?'],
      ['yes', 'Is Contoso Sales a Managed Environment?'],
      ['no', 'Is Contoso Sales linked to a Finance and Operations environment?'],
      ['no', 'How much storage does Contoso Sales use'],
      ['200 GB', 'How many users of Contoso Sales will you map'],
      ['120', 'Has a sandbox copy of Contoso Sales already been moved'],
      ['yes', 'Which of these are in Contoso Sales?'],
      ['power automate, portals', 'Is there another environment to move?'],
      ['no', 'Review your answers'],
    ];
    for (const [answer, next] of steps) {
      // Some answers are given with the card's own buttons, as a person would.
      if (answer.startsWith('click:')) await s.page.getByRole('button', { name: answer.slice(6), exact: true }).last().click();
      else await say(s.page, answer);
      await s.page.getByText(next).last().waitFor({ timeout: 20_000 });
    }
    await s.page.getByText('Review your answers').last().waitFor({ timeout: 20_000 });
    await s.page.screenshot({ path: artifactPath('playground-review.png'), fullPage: true });
    await s.page.getByRole('button', { name: 'Assess', exact: true }).last().click();
    await s.page.getByText('Eligible with actions').last().waitFor({ timeout: 20_000 });
    await s.page.waitForTimeout(500);
    await s.page.screenshot({ path: artifactPath('playground-verdict.png'), fullPage: true });
    assert.ok(await s.page.getByText(/Get the checklist/).last().isVisible());
  });

  it('answers help with the command list, from the welcome card\'s button', async () => {
    await s.page.getByRole('button', { name: 'Help', exact: true }).first().click();
    await s.page.getByText('What I can do').first().waitFor({ timeout: 20_000 });
    await s.page.screenshot({ path: artifactPath('playground-help.png') });
    assert.ok(await s.page.getByText('forget me').first().isVisible());
  });
});
