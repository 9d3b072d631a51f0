/**
 * The mapping service on its own: plain turn inputs (text and file list), outcomes (replies in order, an assessment
 * to show), a lowdb store in a temporary directory, a manual scheduler; no Teams SDK, no bot, no HTTP.
 */
import assert from 'node:assert/strict';
import { assess, validateProfile, type MigrationProfile } from '../../src/domain/assessment/index.js';
import { memoryLogger } from '../../src/logging.js';
import { AssessmentRepository, type StoredAssessment } from '../../src/records/assessmentRepository.js';
import type { KeyValueStore } from '../../src/records/kv.js';
import { mappingService, type MappingOutcome, type MappingService } from '../../src/services/mappingService.js';
import type { Scheduler } from '../../src/services/scheduler.js';
import type { TurnFacts } from '../../src/services/turn.js';
import { openLowdbStores, type LowdbStores } from '../../src/storage/index.js';
import { removeDir, tempDataDir } from '../support/appHarness.js';

const TENANT = 'aaaaaaaa-1111-2222-3333-444444444444';
const megan: TurnFacts = { tenantId: TENANT, user: { id: 'aad-megan', name: 'Megan Bowen' }, conversation: { id: 'a:megan', scope: 'personal' } };
const LINES = 'a@contoso.com,a@fabrikam.com\nb@contoso.com;b@fabrikam.com\nc@contoso.com,c@fabrikam.com';
const PROFILE = {
  source: { tenantDomain: 'contoso.com', region: 'EUR' },
  destination: { tenantDomain: 'fabrikam.com', region: 'EUR', tenantId: '66666666-7777-8888-9999-000000000000', availableLicenses: 100 },
  environments: [{ name: 'Contoso Sales', type: 'production', solutions: ['canvas-solution-aware'] }],
};

const texts = (o: MappingOutcome): string[] => o.replies.map((r) => (typeof r === 'string' ? r : r.attachments?.length ? `[${(r.attachments[0] as { contentType?: string }).contentType}]` : r.text ?? ''));
const message = (text: string) => ({ text, files: [] });

/** A scheduler that runs nothing on its own: start() runs the first pass, tick() the next. */
class ManualScheduler implements Scheduler {
  task: (() => void) | undefined;
  every(_ms: number, task: () => void, options: { runNow?: boolean } = {}) {
    this.task = task;
    if (options.runNow) task();
    return { stop: () => { this.task = undefined; } };
  }
}

describe('mapping service (no Teams, no HTTP)', () => {
  let dir: string;
  let stores: LowdbStores;
  let assessments: AssessmentRepository;
  let logger: ReturnType<typeof memoryLogger>;
  let service: MappingService;
  const make = (storage: KeyValueStore): MappingService => mappingService({
    storage, assessments, logger, transfer: { allowedHosts: [], maxBytes: 1_000_000, timeoutMs: 1000 },
  });

  beforeEach(() => {
    dir = tempDataDir();
    stores = openLowdbStores({ dataDir: dir });
    logger = memoryLogger();
    assessments = new AssessmentRepository(stores.storage);
    service = make(stores.storage);
  });
  afterEach(async () => {
    await stores.close();
    removeDir(dir);
  });

  async function seed(): Promise<StoredAssessment> {
    const v = validateProfile(PROFILE);
    if (!v.ok) throw new Error(JSON.stringify(v.issues));
    return assessments.save({ tenantId: TENANT, userId: megan.user.id, userName: megan.user.name, profile: v.profile, assessment: assess(v.profile as MigrationProfile) });
  }

  it('a bare request waits for the file; an unknown assessment is named and nothing waits', async () => {
    assert.deepEqual(await service.request(megan, message('check mapping file')), { replies: [], waitFor: { link: null } });
    const unknown = await service.request(megan, message('check mapping file for zz99zz99'));
    assert.equal(unknown.waitFor, undefined);
    assert.match(texts(unknown)[0]!, /I don't know an assessment "zz99zz99"/);
    assert.match(await service.askForFile(megan, null), /^Send me the user mapping file: attach \*\*usermapping\.csv\*\*/);
  });

  it('lines pasted with the command are checked at once: the result card, then the corrected file', async () => {
    const outcome = await service.request(megan, message(`check mapping file\n${LINES}`));
    const shown = texts(outcome);
    assert.equal(shown[0], '[application/vnd.microsoft.card.adaptive]');
    assert.ok(shown.some((t) => t === '[application/vnd.microsoft.teams.card.file.consent]'), 'a personal chat is offered the file');
    assert.equal(outcome.show, undefined);
  });

  it('while waiting: cancel and help are answered, other talk is declined explicitly, pasted lines are checked', async () => {
    const cancel = await service.whileWaiting(megan, null, message('cancel'));
    assert.deepEqual({ handled: cancel.handled, waiting: cancel.waiting }, { handled: true, waiting: false });
    assert.match(texts(cancel)[0]!, /^Stopped: I did not check a mapping file/);

    const help = await service.whileWaiting(megan, null, message('help'));
    assert.deepEqual({ handled: help.handled, waiting: help.waiting }, { handled: true, waiting: true });

    const other = await service.whileWaiting(megan, null, message('check eligibility'));
    assert.deepEqual({ handled: other.handled, waiting: other.waiting }, { handled: false, waiting: false });
    assert.deepEqual(texts(other), ['I stopped waiting for the mapping file.']);

    const again = await service.whileWaiting(megan, null, message('check mapping file'));
    assert.deepEqual({ handled: again.handled, replies: again.replies }, { handled: false, replies: [] });

    const pasted = await service.whileWaiting(megan, null, message(LINES));
    assert.equal(pasted.handled, true);
    assert.equal(texts(pasted)[0], '[application/vnd.microsoft.card.adaptive]');
  });

  it('a check for an assessment saves a new assessment with the count, says so and leaves it to be shown', async () => {
    const original = await seed();
    const outcome = await service.whileWaiting(megan, { assessmentId: original.id, environment: 'Contoso Sales' }, message(LINES));
    assert.ok(outcome.show, 'the new assessment is handed back to be shown');
    assert.notEqual(outcome.show.id, original.id);
    assert.equal(outcome.show.profile.environments[0]!.mappedUsers, 3);
    assert.match(texts(outcome).at(-1)!, /\*\*Contoso Sales\*\* now has 3 mapped users \(not given before\)\. I saved this as a new assessment/);
    assert.match(texts(outcome).at(-1)!, /Licence check: passed/);
    assert.equal((await assessments.get(TENANT, original.id))?.profile.environments[0]!.mappedUsers, undefined);
  });

  it('show more, consent answers and files: expired checks and messages that are not for it', async () => {
    assert.match((await service.more(megan, { checkId: 'nope', offset: 10 }) as { message: string }).message, /That check has expired/);
    const checked = await service.request(megan, message(`check mapping file\n${LINES}`));
    const consent = checked.replies.find((r) => typeof r !== 'string' && JSON.stringify(r).includes('file.consent')) as { attachments: Array<{ content: { acceptContext: { checkId: string } } }> };
    const checkId = consent.attachments[0]!.content.acceptContext.checkId;
    assert.ok(checkId);
    assert.ok('view' in (await service.more(megan, { checkId, offset: 0 })));
    assert.deepEqual(texts(await service.consentAccepted(megan, { checkId: 'nope', uploadInfo: {} })), ['That corrected file has expired. Type **check mapping file** and send the file again.']);
    assert.match(texts(service.consentDeclined())[0]!, /did not save the corrected file/);
    assert.equal(await service.unrequestedFile(megan, message('hello')), null);
    assert.equal(await service.unrequestedFile(megan, { text: 'check mapping file for abc', files: [{ name: 'usermapping.csv', downloadUrl: 'https://x.test/f' }] }), null);
  });

  it('the sweep runs on the scheduler at once on start, and not at all on a store that cannot list keys', async () => {
    const scheduler = new ManualScheduler();
    const job = service.sweepJob(scheduler, 60_000);
    job.start();
    assert.ok(scheduler.task, 'started on the scheduler');
    await job.stop();
    assert.equal(scheduler.task, undefined);

    const unlisted: KeyValueStore = { read: (k) => stores.storage.read(k), write: (c) => stores.storage.write(c), delete: (k) => stores.storage.delete(k) };
    const other = new ManualScheduler();
    make(unlisted).sweepJob(other, 60_000).start();
    assert.equal(other.task, undefined);
    assert.ok(logger.lines.some((l) => l.msg === 'expired mapping checks are not swept: the storage cannot list keys'));
  });
});
