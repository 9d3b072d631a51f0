/**
 * Mailbox moves end to end in the Microsoft 365 Agents Playground (headless Chromium) against the real bot:
 * `mailbox move` typed through to its readiness card, then `check mailbox log` with a pasted log.
 *
 * The Playground sends a pasted or typed message as one line (its line breaks are lost), so the log is typed as one
 * line: the bot splits it again where the validation script starts its lines and says so.
 */
import assert from 'node:assert/strict';
import { artifactPath } from '../support/browser.js';
import { playgroundPerSuite, say } from '../support/playground.js';
import { SHORT_LOG } from '../mailbox/support.js';

describe('Agents Playground end to end: mailbox moves', function () {
  this.timeout(180_000);
  const s = playgroundPerSuite({ height: 900 });

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
      if (answer.startsWith('click:')) await s.page.getByRole('button', { name: answer.slice(6), exact: true }).last().click();
      else await say(s.page, answer);
      await s.page.getByText(next).last().waitFor({ timeout: 30_000 });
    }
    await s.page.getByRole('button', { name: 'Check readiness', exact: true }).last().click();
    await s.page.getByText('Mailbox move: contoso.onmicrosoft.com to fabrikam.onmicrosoft.com').last().waitFor({ timeout: 30_000 });
    await s.page.getByText('Source tenant admin (contoso.onmicrosoft.com)').last().waitFor({ timeout: 30_000 });
    await s.page.waitForTimeout(500);
    await s.page.screenshot({ path: artifactPath('playground-mailbox-readiness.png'), fullPage: true });
    assert.ok(await s.page.getByText('Not ready: blockers first').last().isVisible());
  });

  it('check mailbox log, then a pasted log, shows the log card grouped by cause', async () => {
    await say(s.page, 'check mailbox log');
    await s.page.getByText('Send me the log of Microsoft').last().waitFor({ timeout: 30_000 });
    await say(s.page, SHORT_LOG.replace(/\r\n/g, ' '));
    await s.page.getByText('arrived as a single line').last().waitFor({ timeout: 30_000 });
    await s.page.getByText(/2 mailboxes are on litigation hold/).last().waitFor({ timeout: 30_000 });
    await s.page.waitForTimeout(500);
    await s.page.screenshot({ path: artifactPath('playground-mailbox-log.png'), fullPage: true });
    assert.ok(await s.page.getByText(/1 of 3 mailboxes are ready/).last().isVisible());
  });
});
