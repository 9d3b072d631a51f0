/**
 * End to end in the Agents Playground's team channel: a person tracks a migration with an @mention, the status card
 * appears as a new post, then an automation changes the phase over HTTP and the same card changes in place, with a
 * reply in its thread; a click on the card's button changes it again. Screenshots go to test-artifacts/.
 */
import assert from 'node:assert/strict';
import { artifactPath } from '../support/browser.js';
import { playgroundPerSuite, postInChannel } from '../support/playground.js';

const TOKEN = 'e2e-status-token-0123456789';

describe('Agents Playground end to end: status card in a team channel', function () {
  this.timeout(120_000);
  let migrationId = '';
  const s = playgroundPerSuite({ env: { STATUS_API_TOKEN: TOKEN, REMINDER_CHECK_SECONDS: '0' }, open: 'channel' });

  it('track posts the status card as a new post and answers with the migration id', async () => {
    await postInChannel(s.page, 'track Contoso Sales');
    const answer = s.page.getByText(/Tracking Contoso Sales as migration m-[a-z0-9]{8}/).first();
    await answer.waitFor({ timeout: 30_000 });
    migrationId = /m-[a-z0-9]{8}/.exec((await answer.textContent()) ?? '')![0];
    await s.page.getByText('◷ Request submitted').first().waitFor({ timeout: 30_000 });
    await s.page.screenshot({ path: artifactPath('playground-status-tracked.png') });
  });

  it('an automation status update changes the same card and replies in its thread', async () => {
    assert.ok(migrationId);
    const res = await fetch(`${s.h.baseUrl}/api/migrations/${migrationId}/status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'idempotency-key': 'e2e-1' },
      body: JSON.stringify({ phase: 'approved', note: 'Approved by the Fabrikam admin', by: 'release pipeline' }),
    });
    assert.equal(res.status, 200);
    assert.equal((await res.json()).phase, 'approved');
    await s.page.getByText('✔ Approved').first().waitFor({ timeout: 30_000 });
    await s.page.getByText(/Contoso Sales: Approved \(was Request submitted\), by release pipeline \(automation\)/).first().waitFor({ timeout: 30_000 });
    assert.equal(await s.page.getByText('◷ Request submitted').count(), 0, 'the card changed in place: no second card with the old phase');
    await s.page.screenshot({ path: artifactPath('playground-status-updated.png') });
  });

  it('a button on the card moves it to the next phase', async () => {
    await s.page.getByRole('button', { name: 'Mapping uploaded' }).first().click();
    await s.page.getByText('◷ Mapping file uploaded').first().waitFor({ timeout: 30_000 });
    await s.page.getByText(/Contoso Sales: Mapping file uploaded \(was Approved\), by Alex Wilber \(person\)/).first().waitFor({ timeout: 30_000 });
    await s.page.screenshot({ path: artifactPath('playground-status-button.png') });
  });
});
