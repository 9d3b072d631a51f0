/**
 * The checklist service on its own: plain turn inputs, a recording Notifier, recorded in-turn replies, a fixed clock
 * and a lowdb store in a temporary directory; no Teams SDK, no bot, no HTTP.
 */
import assert from 'node:assert/strict';
import { assess, validateProfile, type MigrationProfile } from '../../src/domain/assessment/index.js';
import { memoryLogger } from '../../src/logging.js';
import { BackgroundTasks } from '../../src/proactive/backgroundTasks.js';
import { AssessmentRepository, type StoredAssessment } from '../../src/records/assessmentRepository.js';
import { ChecklistRepository } from '../../src/records/checklistRepository.js';
import { checklistService, type ChecklistService, type ChecklistTurn, type People, type Recipient } from '../../src/services/checklistService.js';
import type { OutboundActivity } from '../../src/proactive/notifier.js';
import type { TurnReplies } from '../../src/services/turn.js';
import { openLowdbStores, type LowdbStores } from '../../src/storage/index.js';
import { removeDir, tempDataDir } from '../support/appHarness.js';
import { ADELE, FakeNotifier, MEGAN, PROFILE, TENANT, toggleOf, type Who } from './harness.js';

const SERVICE_URL = 'https://smba.example.test/emea/';

function turnOf(who: Who, conversationId = `a:personal-${who.id}`, extra: Partial<ChecklistTurn> = {}): ChecklistTurn {
  const channel = conversationId.startsWith('19:');
  return {
    tenantId: TENANT,
    user: { id: who.aadObjectId, name: who.name },
    conversation: { id: conversationId, scope: channel ? 'team' : 'personal' },
    address: {
      channelId: 'msteams', serviceUrl: SERVICE_URL,
      conversation: { id: conversationId, conversationType: channel ? 'channel' : 'personal', tenantId: TENANT },
      botAccount: { id: '28:bot' },
      user: { id: who.id, name: who.name, aadObjectId: who.aadObjectId },
    },
    ...extra,
  };
}

/** In-turn replies, recorded; updates can be told to fail with a status. */
class RecordedReplies implements TurnReplies {
  readonly sent: OutboundActivity[] = [];
  readonly updated: Array<{ activityId: string; activity: OutboundActivity }> = [];
  failUpdatesWith: number | undefined;
  async send(activity: OutboundActivity | string): Promise<string | undefined> {
    this.sent.push(typeof activity === 'string' ? { type: 'message', text: activity } : activity);
    return `here-${this.sent.length}`;
  }
  async update(activityId: string, activity: OutboundActivity) {
    this.updated.push({ activityId, activity });
    return this.failUpdatesWith ? { ok: false as const, status: this.failUpdatesWith } : { ok: true as const };
  }
}

const cardIn = (activity: OutboundActivity | undefined): any => (activity?.attachments as Array<{ content: unknown }> | undefined)?.[0]?.content;

describe('checklist service (no Teams, no HTTP)', () => {
  let dir: string;
  let stores: LowdbStores;
  let notifier: FakeNotifier;
  let background: BackgroundTasks;
  let assessments: AssessmentRepository;
  let checklists: ChecklistRepository;
  let service: ChecklistService;
  const at = new Date('2026-12-01T09:00:00.000Z');

  beforeEach(() => {
    dir = tempDataDir();
    stores = openLowdbStores({ dataDir: dir });
    notifier = new FakeNotifier();
    background = new BackgroundTasks(memoryLogger());
    assessments = new AssessmentRepository(stores.storage, () => at);
    checklists = new ChecklistRepository(stores.storage);
    service = checklistService({
      assessments, checklists, notifier, background, logger: memoryLogger(), now: () => at,
      references: { forUser: async () => undefined },
    });
  });
  afterEach(async () => {
    await background.close();
    await stores.close();
    removeDir(dir);
  });

  async function seed(who: Who = MEGAN): Promise<StoredAssessment> {
    const v = validateProfile(PROFILE);
    if (!v.ok) throw new Error('profile');
    return assessments.save({ tenantId: TENANT, userId: who.aadObjectId, userName: who.name, profile: v.profile, assessment: assess(v.profile as MigrationProfile) });
  }

  it('says what to do when the person has no assessment, and posts nothing', async () => {
    const replies = new RecordedReplies();
    const text = await service.open(turnOf(MEGAN), replies, undefined);
    assert.match(text ?? '', /no saved assessments yet/);
    assert.match(text ?? '', /check eligibility/);
    assert.equal(replies.sent.length, 0);
  });

  it('names an unknown id in its answer', async () => {
    const text = await service.open(turnOf(MEGAN), new RecordedReplies(), 'zzzz9999');
    assert.match(text ?? '', /"zzzz9999"/);
  });

  it('posts the card of the latest assessment through the turn, stores the copy and makes it the current checklist', async () => {
    const saved = await seed();
    const replies = new RecordedReplies();
    assert.equal(await service.open(turnOf(MEGAN), replies, undefined), null);
    assert.equal(replies.sent.length, 1);
    assert.equal(cardIn(replies.sent[0])?.type, 'AdaptiveCard');
    assert.match(replies.sent[0]!.summary ?? '', /contoso\.onmicrosoft\.com to fabrikam\.onmicrosoft\.com: 0 of \d+ done/);
    const record = await checklists.get(TENANT, saved.id);
    assert.deepEqual(record?.cards.map((c) => c.activityId), ['here-1']);
    assert.deepEqual(record?.refreshUserIds, [MEGAN.id]);
    assert.equal((await checklists.current(TENANT, MEGAN.aadObjectId))?.id, saved.id);
  });

  it('a tick answers with the new card, updates the copies elsewhere after the answer, and a repeat changes nothing', async () => {
    const saved = await seed();
    await service.open(turnOf(MEGAN), new RecordedReplies(), saved.id);
    await service.open(turnOf(ADELE), new RecordedReplies(), saved.id);
    const card = (await service.refresh(turnOf(MEGAN), { checklistId: saved.id }) as { card: unknown }).card;
    const item = (await checklists.get(TENANT, saved.id))!.checklist.items[0]!;
    const data = toggleOf(card, item.id).data;

    const first = await service.toggle(turnOf(MEGAN, `a:personal-${MEGAN.id}`, { replyToId: 'here-1' }), data);
    assert.ok('card' in first);
    await service.idle();
    const updates = notifier.calls.filter((c) => c.kind === 'update');
    assert.deepEqual(updates.map((c) => c.activityId).sort(), ['here-1', 'here-1'], 'both copies (Megan\'s and Adele\'s chat) follow');
    assert.notEqual((await checklists.get(TENANT, saved.id))!.checklist.items[0]!.done, null);

    const again = await service.toggle(turnOf(MEGAN), data);
    assert.ok('card' in again);
    await service.idle();
    assert.equal(notifier.calls.filter((c) => c.kind === 'update').length, updates.length, 'a repeated press updates nothing');
  });

  it('a button for a checklist that is not there answers with a message', async () => {
    assert.deepEqual(await service.toggle(turnOf(MEGAN), { checklistId: 'gone1234', itemId: 'x' }), {
      message: 'I could not find that checklist in your organisation. It may have been deleted; type checklist to get a new one.',
    });
  });

  it('a due date changes the copy in this conversation through the turn and forgets a copy that is gone', async () => {
    const saved = await seed();
    await service.open(turnOf(MEGAN), new RecordedReplies(), saved.id);
    const replies = new RecordedReplies();
    const text = await service.setDue(turnOf(MEGAN), replies, 'pre-move 2026-12-15');
    assert.match(text, /now due 2026-12-15/);
    assert.deepEqual(replies.updated.map((u) => u.activityId), ['here-1']);
    assert.equal(await service.setDue(turnOf(MEGAN), replies, 'pre-move 2026-12-15').then((t) => /already due/.test(t)), true);

    replies.failUpdatesWith = 404;
    await service.setDue(turnOf(MEGAN), replies, 'pre-move none');
    assert.deepEqual((await checklists.get(TENANT, saved.id))?.cards, []);
  });

  it('sends the checklist to a person found through the People port, and says who could not be found', async () => {
    const saved = await seed();
    await service.open(turnOf(MEGAN), new RecordedReplies(), saved.id);
    const adele: Recipient = { id: ADELE.id, name: ADELE.name, aadObjectId: ADELE.aadObjectId, email: 'adele@contoso.com' };
    const people: People = { async *members() { yield adele; } };
    const channel = turnOf(MEGAN, '19:general@thread.tacv2;messageid=1');

    const unknown = await service.send(channel, new RecordedReplies(), { query: 'Nobody Here', people });
    assert.match(unknown ?? '', /couldn't find "Nobody Here" in this team/);

    const sent = await service.send(channel, new RecordedReplies(), { query: 'Adele', people });
    assert.match(sent ?? '', /^Sent\. Adele Vance has the checklist/);
    const create = notifier.calls.find((c) => c.kind === 'create');
    assert.equal(create?.target?.userId, ADELE.id);
    assert.equal(create?.target?.serviceUrl, SERVICE_URL);
    assert.match(String(create?.activity.text), /^Megan Bowen sent you the migration checklist/);
    assert.equal((await checklists.current(TENANT, ADELE.aadObjectId))?.id, saved.id);
  });

  it('an @mention wins over the typed name and is completed through the People port', async () => {
    const saved = await seed();
    await service.open(turnOf(MEGAN), new RecordedReplies(), saved.id);
    const completed: Recipient[] = [];
    const people: People = {
      async *members() { throw new Error('the member list is not read for a mention'); },
      async complete(person) { completed.push(person); return { ...person, aadObjectId: ADELE.aadObjectId }; },
    };
    const text = await service.send(turnOf(MEGAN, '19:general@thread.tacv2;messageid=1'), new RecordedReplies(), {
      query: '', mention: { id: ADELE.id, name: 'Adele' }, people,
    });
    assert.match(text ?? '', /^Sent\. Adele has the checklist/);
    assert.deepEqual(completed.map((p) => p.id), [ADELE.id]);
  });
});
