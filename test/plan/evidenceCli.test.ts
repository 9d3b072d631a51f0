/** `npm run --silent evidence -- <migration id> --data-dir <dir>`: the same bytes the bot offers, from the data dir. */
import assert from 'node:assert/strict';
import { assess } from '../../src/domain/assessment/index.js';
import type { MigrationProfile } from '../../src/domain/assessment/types.js';
import { main, parseArgs, EXIT_NOT_FOUND, EXIT_OK, EXIT_UNUSABLE } from '../../src/cli/evidence.js';
import { memoryLogger } from '../../src/logging.js';
import { BackgroundTasks } from '../../src/proactive/backgroundTasks.js';
import type { Notifier } from '../../src/proactive/notifier.js';
import { AssessmentRepository } from '../../src/records/assessmentRepository.js';
import { ChecklistRepository } from '../../src/records/checklistRepository.js';
import { MigrationRepository } from '../../src/records/migrationRepository.js';
import { planService } from '../../src/services/planService.js';
import { openLowdbStores } from '../../src/storage/index.js';
import { removeDir, tempDataDir } from '../support/appHarness.js';

const TENANT = 'aaaaaaaa-1111-2222-3333-444444444444';
const profile: MigrationProfile = {
  source: { tenantDomain: 'contoso.onmicrosoft.com', region: 'EUR', activeLicensedUsers: 40 },
  destination: { tenantDomain: 'fabrikam.onmicrosoft.com', tenantId: '66666666-7777-8888-9999-000000000000', region: 'EUR', availableLicenses: 50, paidSubscription: true },
  environments: [{ name: 'Sales', type: 'production', mappedUsers: 30 }],
};
const unused = async (): Promise<never> => {
  throw new Error('nothing is sent here');
};
const notifier: Notifier = { send: unused, update: unused, startThread: unused, createPersonalConversation: unused };

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) }, out, err };
}

describe('evidence command line', () => {
  let dir: string;
  let migrationId: string;
  let expected: { markdown: string; html: string };

  before(async () => {
    dir = tempDataDir();
    const stores = openLowdbStores({ dataDir: dir });
    const background = new BackgroundTasks(memoryLogger());
    const assessments = new AssessmentRepository(stores.storage);
    const a = await assessments.save({ tenantId: TENANT, userId: 'aad-megan', userName: 'Megan Bowen', profile, assessment: assess(profile) });
    const plan = planService({
      migrations: new MigrationRepository(stores.storage), assessments, checklists: new ChecklistRepository(stores.storage),
      notifier, background, logger: memoryLogger(), now: () => new Date('2026-12-01T09:00:00Z'),
    });
    const outcome = await plan.plan({ tenantId: TENANT, user: { id: 'aad-megan', name: 'Megan Bowen' }, conversation: { id: 'a:1', scope: 'personal' } }, a.id);
    assert.equal(outcome.kind, 'card');
    migrationId = (outcome as { migrationId: string }).migrationId;
    const files = (await plan.evidenceFiles(TENANT, migrationId))!;
    expected = { markdown: files[0]!.content, html: files[1]!.content };
    await background.close();
    await stores.close();
  });
  after(() => removeDir(dir));

  it('prints the Markdown, or the HTML with --format html, byte for byte the files offered in Teams', async () => {
    const md = capture();
    assert.equal(await main([migrationId, '--data-dir', dir], md.io), EXIT_OK, md.err.join(''));
    assert.equal(md.out.join(''), expected.markdown);
    const html = capture();
    assert.equal(await main([migrationId.toUpperCase(), `--data-dir=${dir}`, '--format', 'html'], html.io), EXIT_OK);
    assert.equal(html.out.join(''), expected.html);
    assert.match(html.out.join(''), /^<!DOCTYPE html>/i);
  });

  it('says what is wrong: an unknown migration, no data dir, bad arguments', async () => {
    const unknown = capture();
    assert.equal(await main(['m-zzzzzzzz', '--data-dir', dir], unknown.io), EXIT_NOT_FOUND);
    assert.match(unknown.err.join(''), /No migration "m-zzzzzzzz"/);
    const missing = capture();
    assert.equal(await main([migrationId, '--data-dir', `${dir}-none`], missing.io, {}), EXIT_UNUSABLE);
    assert.match(missing.err.join(''), /No bot data/);
    assert.deepEqual(parseArgs([], {}), { error: 'Give the migration id (m- and 8 characters, from "migrations" in Teams).' });
    assert.match((parseArgs(['m-1', '--format', 'pdf'], {}) as { error: string }).error, /markdown or html/);
    assert.match((parseArgs(['m-1', '--bogus'], {}) as { error: string }).error, /Unknown option/);
  });
});
