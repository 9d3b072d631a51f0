/**
 * The status service on its own: plain inputs, plain answers, a fake Notifier, a fixed clock, no Teams and no HTTP
 * server. Tracking, changing and listing, the card buttons, and the automation API's authentication and answers.
 */
import assert from 'node:assert/strict';
import { memoryLogger } from '../../src/logging.js';
import { BackgroundTasks } from '../../src/proactive/backgroundTasks.js';
import type { Notifier, OutboundActivity, Reference, SendResult, ThreadResult, UpdateResult } from '../../src/proactive/notifier.js';
import { AssessmentRepository } from '../../src/records/assessmentRepository.js';
import { MigrationRepository } from '../../src/records/migrationRepository.js';
import { statusService, type StatusService } from '../../src/services/statusService.js';
import type { TurnFacts } from '../../src/services/turn.js';
import { openLowdbStores, type LowdbStores } from '../../src/storage/index.js';
import { removeDir, tempDataDir } from '../support/appHarness.js';

const TENANT = 'aaaaaaaa-1111-2222-3333-444444444444';
const CHANNEL = '19:general@thread.tacv2';
const TOKEN = 'service-token-0123456789';
const channel: Reference = {
  channelId: 'msteams', serviceUrl: 'https://smba.example.test/emea/',
  conversation: { id: CHANNEL, conversationType: 'channel', tenantId: TENANT },
  botAccount: { id: '28:bot' },
};
const megan: TurnFacts = { tenantId: TENANT, user: { id: 'aad-megan', name: 'Megan Bowen' }, conversation: { id: `${CHANNEL};messageid=1`, scope: 'team' } };

class RecordingNotifier implements Notifier {
  readonly calls: Array<{ kind: string; reference: Reference; activity: OutboundActivity }> = [];
  async send(reference: Reference, activity: OutboundActivity): Promise<SendResult> {
    this.calls.push({ kind: 'send', reference, activity });
    return { ok: true, activityId: `reply-${this.calls.length}` };
  }
  async update(reference: Reference, activityId: string, activity: OutboundActivity): Promise<UpdateResult> {
    this.calls.push({ kind: 'update', reference, activity });
    return { ok: true, activityId, reposted: false, reference };
  }
  async startThread(channelReference: Reference, activity: OutboundActivity): Promise<ThreadResult> {
    this.calls.push({ kind: 'startThread', reference: channelReference, activity });
    const id = `${CHANNEL};messageid=100`;
    return { ok: true, activityId: '100', threadReference: { ...channelReference, conversation: { ...channelReference.conversation!, id } } };
  }
  async createPersonalConversation(): Promise<never> {
    throw new Error('not used by status');
  }
}

describe('status service (no Teams, no HTTP)', () => {
  let dir: string;
  let stores: LowdbStores;
  let notifier: RecordingNotifier;
  let background: BackgroundTasks;
  let service: StatusService;
  const at = new Date('2026-12-01T09:00:00.000Z');

  const make = (apiTokens: Array<{ tenantId: string | null; token: string }>): StatusService => statusService({
    migrations: new MigrationRepository(stores.storage, () => at),
    assessments: new AssessmentRepository(stores.storage, () => at),
    references: { get: async () => undefined, watch: async () => {}, talkedSince: async () => false },
    notifier,
    background,
    logger: memoryLogger(),
    now: () => at,
    apiTokens,
  });

  beforeEach(() => {
    dir = tempDataDir();
    stores = openLowdbStores({ dataDir: dir });
    notifier = new RecordingNotifier();
    background = new BackgroundTasks(memoryLogger());
    service = make([{ tenantId: null, token: TOKEN }]);
  });
  afterEach(async () => {
    await background.close();
    await stores.close();
    removeDir(dir);
  });

  async function track(name: string): Promise<string> {
    const reply = await service.track(megan, name, channel);
    const id = /migration \*\*([a-z0-9-]+)\*\*/.exec(reply)?.[1];
    assert.ok(id, reply);
    await service.idle();
    return id;
  }

  it('tracks a migration, posts its card as a new thread, and lists it', async () => {
    const id = await track('Contoso Sales move');
    assert.deepEqual(notifier.calls.map((c) => c.kind), ['startThread']);
    assert.equal(notifier.calls[0]!.reference.conversation?.id, CHANNEL);
    assert.match(await service.list(TENANT), new RegExp(`\\*\\*${id}\\*\\*: Contoso Sales move`));
    assert.match(await service.track(megan, 'Contoso Sales move', channel), /already tracked/);
  });

  it('changes the phase by command: the card is updated and the thread gets the change', async () => {
    const id = await track('Fabrikam move');
    const reply = await service.status({ ...megan, conversation: { id: 'a:elsewhere', scope: 'personal' } }, id, 'approved looks good');
    assert.match(reply ?? '', /is now \*\*/);
    await service.idle();
    assert.deepEqual(notifier.calls.map((c) => c.kind), ['startThread', 'update', 'send']);
    assert.match(await service.status(megan, id, 'aproved') ?? '', /Did you mean \*\*approved\*\*/);
    assert.match(await service.status(megan, 'nope', undefined) ?? '', /I don't know a migration "nope"/);
  });

  it('inside the card\'s own thread the thread reply is the answer (nothing else to say)', async () => {
    const id = await track('Thread move');
    assert.equal(await service.status({ ...megan, conversation: { id: `${CHANNEL};messageid=100`, scope: 'team' } }, id, 'approved'), null);
  });

  it('card buttons answer with the card, an out-of-date card with the current one, an unknown id with a message', async () => {
    const id = await track('Button move');
    const set = await service.setFromCard(megan, { migrationId: id, phase: 'approved', revision: 0 });
    assert.ok('card' in set);
    const stale = await service.setFromCard(megan, { migrationId: id, phase: 'validating', revision: 0 });
    assert.ok('card' in stale, 'a press on an old card shows the current card');
    assert.deepEqual(await service.refresh({ ...megan, tenantId: 'other-tenant' }, { migrationId: id }), { message: 'I could not find that migration in your organisation.' });
  });

  it('the API refuses without a token (401), when off (503), and answers by token scope', async () => {
    const denied = service.api.authorise(undefined);
    assert.equal(denied.ok, false);
    assert.equal(!denied.ok && denied.answer.status, 401);
    assert.equal(!denied.ok && denied.answer.headers?.['WWW-Authenticate'], 'Bearer realm="migration-status"');
    const off = make([]).api.authorise(`Bearer ${TOKEN}`);
    assert.equal(!off.ok && off.answer.status, 503);
    const ok = service.api.authorise(`Bearer ${TOKEN}`);
    assert.deepEqual(ok, { ok: true, scope: null });

    const id = await track('API move');
    assert.equal((await service.api.get('some-other-tenant', id)).status, 404, 'a tenant token does not reach other tenants');
    assert.equal((await service.api.post(null, id, { note: 'x' }, undefined)).status, 400);
    const first = await service.api.post(null, id, { phase: 'approved', by: 'pipeline' }, 'key-1');
    assert.equal(first.status, 200);
    const replay = await service.api.post(null, id, { phase: 'approved', by: 'pipeline' }, 'key-1');
    assert.deepEqual(replay.headers, { 'Idempotent-Replayed': 'true' });
    assert.equal((await service.api.post(null, id, { phase: 'validating', by: 'pipeline' }, 'key-1')).status, 422);
  });
});
