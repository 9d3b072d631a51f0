/**
 * End to end in the Microsoft 365 Agents Playground (headless Chromium): open a migration checklist and tick an item
 * with its Action.Execute button. The assessment is written through the real app's storage first, in the
 * Playground's tenant, so the test does not have to type the whole interview. Screenshots go to test-artifacts/.
 */
import assert from 'node:assert/strict';
import { ChecklistRepository } from '../../src/records/checklistRepository.js';
import { artifactPath } from '../support/browser.js';
import { PLAYGROUND_TENANT, playgroundPerSuite, saveContosoSales, say } from '../support/playground.js';

describe('Agents Playground: migration checklist', function () {
  this.timeout(120_000);
  let assessmentId = '';
  const s = playgroundPerSuite({
    seed: async (app) => {
      assessmentId = await saveContosoSales(app);
    },
  });

  it('opens the checklist card for a stored assessment', async () => {
    await say(s.page, `checklist ${assessmentId}`);
    await s.page.getByText('Migration checklist').first().waitFor({ timeout: 20_000 });
    await s.page.getByText(/0 of \d+ done · \d+ must-do steps? left before the move/).first().waitFor({ timeout: 20_000 });
    await s.page.screenshot({ path: artifactPath('playground-checklist.png'), fullPage: true });
  });

  it('ticks the first item with its button and shows who ticked it', async () => {
    await s.page.getByRole('button', { name: 'Mark done' }).first().click();
    await s.page.getByText(/Done by Alex Wilber on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/).first().waitFor({ timeout: 20_000 });
    await s.page.getByText(/1 of \d+ done/).first().waitFor({ timeout: 20_000 });
    await s.page.screenshot({ path: artifactPath('playground-checklist-ticked.png'), fullPage: true });
    const stored = await new ChecklistRepository(s.h.app.stores.storage).get(PLAYGROUND_TENANT, assessmentId);
    const done = stored!.checklist.items.filter((i) => i.done !== null);
    assert.equal(done.length, 1);
    assert.equal(done[0]!.done!.by.name, 'Alex Wilber');
    assert.equal(stored!.checklist.revision, 1);
  });

  it('sets a phase due date by typing, and the card already in the chat shows it', async () => {
    // A year from today, so the phase is never overdue whenever the test runs.
    const due = new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    await say(s.page, `due move ${due}`);
    await s.page.getByText(new RegExp(`Move is now due ${due}`)).first().waitFor({ timeout: 20_000 });
    // The phase line on the card (not the reply) changes in place.
    await s.page.getByText(new RegExp(`\\d+ of \\d+ done · due ${due}`)).first().waitFor({ timeout: 20_000 });
    await s.page.screenshot({ path: artifactPath('playground-checklist-due.png'), fullPage: true });
  });
});
