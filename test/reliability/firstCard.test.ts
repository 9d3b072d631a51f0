/**
 * A migration's first status card is claimed in the store (create-only, with an expiry) before it is posted: two
 * status service instances over one store, one posting from `track` and the other from its reminder timer at the
 * same moment, post one card. A claim whose holder died before recording a card is taken over once it expires.
 * A status change made on the other instance while the claim is held is not lost: its thread reply is owed on the
 * record, and the card ends up showing it, with the reply posted once.
 * Over lowdb on disk, and over Azurite (two BlobStorage clients, as two processes have).
 */
import assert from 'node:assert/strict';
import { memoryLogger } from '../../src/logging.js';
import { BackgroundTasks } from '../../src/proactive/backgroundTasks.js';
import type { Notifier, OutboundActivity, Reference, SendResult, ThreadResult, UpdateResult } from '../../src/proactive/notifier.js';
import type { KeyValueStore } from '../../src/records/kv.js';
import { AssessmentRepository } from '../../src/records/assessmentRepository.js';
import { FIRST_CARD_CLAIM_MS, MigrationRepository } from '../../src/records/migrationRepository.js';
import { createMigration, describeStatus, PHASE_INFO } from '../../src/domain/status/index.js';
import { cardActivity, statusService, type StatusService } from '../../src/services/statusService.js';
import type { TurnFacts } from '../../src/services/turn.js';
import { BlobStorage } from '../../src/storage/blob/index.js';
import { openLowdbStores, type LowdbStores } from '../../src/storage/index.js';
import { removeDir, tempDataDir } from '../support/appHarness.js';
import { startAzurite, type Azurite } from '../support/azurite.js';

const TENANT = 'aaaaaaaa-1111-2222-3333-444444444444';
const CHANNEL = '19:general@thread.tacv2';
const channel: Reference = {
  channelId: 'msteams', serviceUrl: 'https://smba.example.test/emea/',
  conversation: { id: CHANNEL, conversationType: 'channel', tenantId: TENANT },
  botAccount: { id: '28:bot' },
};
const megan: TurnFacts = { tenantId: TENANT, user: { id: 'aad-megan', name: 'Megan Bowen' }, conversation: { id: `${CHANNEL};messageid=1`, scope: 'team' } };

/**
 * Counts new channel posts; each takes a while, as a real post does, so two racing posters overlap. With `gate` set,
 * a new post waits until the test opens it (`posting` resolves once it has started). Records replies and updates.
 */
class SlowChannel implements Notifier {
  threads = 0;
  replies: string[] = [];
  cards: OutboundActivity[] = [];
  gate: Promise<void> | null = null;
  #started!: () => void;
  posting: Promise<void> = new Promise((resolve) => (this.#started = resolve));
  async send(_reference: Reference, activity: OutboundActivity): Promise<SendResult> {
    this.replies.push(activity.text ?? '');
    return { ok: true, activityId: `reply-${this.replies.length}` };
  }
  async update(reference: Reference, activityId: string, activity: OutboundActivity): Promise<UpdateResult> {
    this.cards.push(activity);
    return { ok: true, activityId, reposted: false, reference };
  }
  async startThread(channelReference: Reference, activity: OutboundActivity): Promise<ThreadResult> {
    this.threads++;
    this.cards.push(activity);
    const root = String(1_700_000_000_000 + this.threads);
    this.#started();
    await (this.gate ?? new Promise((resolve) => setTimeout(resolve, 40)));
    return { ok: true, activityId: root, threadReference: { ...channelReference, conversation: { ...channelReference.conversation!, id: `${CHANNEL};messageid=${root}` } } };
  }
  async createPersonalConversation(): Promise<never> {
    throw new Error('not used by status');
  }
}

interface Instance {
  service: StatusService;
  migrations: MigrationRepository;
  background: BackgroundTasks;
}

function raceSuite(label: string, open: () => Promise<{ stores: [KeyValueStore, KeyValueStore]; close(): Promise<void> }>): void {
  describe(`reliability: one first status card from two instances (${label})`, function () {
    this.timeout(60_000);
    let close: () => Promise<void>;
    let notifier: SlowChannel;
    let time: number;
    let a: Instance;
    let b: Instance;

    const instance = (storage: KeyValueStore, migrationsOf?: (now: () => Date) => MigrationRepository): Instance => {
      const now = (): Date => new Date(time);
      const migrations = migrationsOf?.(now) ?? new MigrationRepository(storage, now);
      const background = new BackgroundTasks(memoryLogger());
      const service = statusService({
        migrations,
        assessments: new AssessmentRepository(storage, now),
        references: { get: async () => undefined, watch: async () => {}, talkedSince: async () => false },
        notifier, background, logger: memoryLogger(), now, apiTokens: [],
      });
      return { service, migrations, background };
    };

    let stores: [KeyValueStore, KeyValueStore];
    beforeEach(async () => {
      time = Date.parse('2026-12-01T09:00:00Z');
      notifier = new SlowChannel();
      const opened = await open();
      stores = opened.stores;
      close = opened.close;
      a = instance(opened.stores[0]);
      b = instance(opened.stores[1]);
    });
    afterEach(async () => {
      await a.background.close();
      await b.background.close();
      await close();
    });

    it('track on one instance and the reminder timer on the other, at the same moment: one card', async () => {
      const reply = await a.service.track(megan, 'Contoso Sales', channel);
      const id = /migration \*\*([a-z0-9-]+)\*\*/.exec(reply)![1]!;
      // A's post is under way in the background; B's timer sees a migration without a card at the same moment.
      await Promise.all([b.service.runDueReminders(), a.background.idle()]);
      await b.background.idle();
      await b.service.runDueReminders();
      assert.equal(notifier.threads, 1);
      const stored = await b.migrations.get(TENANT, id);
      assert.equal(stored?.card?.activityId, '1700000000001');
    });

    it('a claim whose holder died is taken over after it expires, and the card is posted once', async () => {
      // A migration whose first card an instance claimed, and then died without posting (track's own steps).
      const id = await a.migrations.newId();
      await b.migrations.claimFirstCard(TENANT, id, 'crashed-instance:0');
      const created = createMigration({ id, name: 'Fabrikam HR', environment: null, sourceTenant: null, destinationTenant: null, assessmentId: null, by: { name: 'Megan Bowen', id: 'aad-megan' }, via: 'person', at: new Date(time) });
      assert.ok(created.ok);
      await a.migrations.create({
        tenantId: TENANT, migration: created.migration, trackedBy: megan.user,
        card: { channel, thread: null, activityId: null, revision: 0, postedAt: null, updatedAt: null, failing: null },
      });
      await Promise.all([a.service.runDueReminders(), b.service.runDueReminders()]);
      assert.equal(notifier.threads, 0, 'the claim is respected while it lasts');
      time += FIRST_CARD_CLAIM_MS + 1;
      await Promise.all([a.service.runDueReminders(), b.service.runDueReminders()]);
      assert.equal(notifier.threads, 1, 'taken over once, by one instance');
      assert.ok((await a.migrations.get(TENANT, id))?.card?.activityId);
      await a.service.runDueReminders();
      assert.equal(notifier.threads, 1);
    });

    /** The card drawn from the stored record now: what the channel must show last. */
    const cardOfRecord = async (id: string): Promise<OutboundActivity> => cardActivity(describeStatus((await a.migrations.get(TENANT, id))!.migration, new Date(time)));
    const repliesAbout = (phase: keyof typeof PHASE_INFO): string[] => notifier.replies.filter((r) => r.includes(`: ${PHASE_INFO[phase].label} (was`));

    it('a status change on the other instance while the first card is being posted: the card shows it, and its reply is posted once', async () => {
      let openGate!: () => void;
      notifier.gate = new Promise((resolve) => (openGate = resolve));
      const tracked = await a.service.track(megan, 'Contoso Sales', channel);
      const id = /migration \*\*([a-z0-9-]+)\*\*/.exec(tracked)![1]!;
      await notifier.posting; // A holds the first-card claim; its post is under way
      assert.match((await b.service.status(megan, id, 'approved'))!, /now \*\*Approved\*\*/);
      await b.background.idle();
      assert.deepEqual(notifier.replies, [], 'no thread to reply in yet');
      const owed = await b.migrations.get(TENANT, id);
      assert.deepEqual(owed?.card?.pendingReplies, [owed!.migration.revision], 'the reply is owed on the record');
      openGate();
      await a.background.idle();
      await b.background.idle();
      assert.equal(notifier.threads, 1);
      const stored = await a.migrations.get(TENANT, id);
      assert.equal(stored?.migration.phase, 'approved');
      assert.equal(stored?.card?.revision, stored?.migration.revision, 'the card is up to date');
      assert.equal(stored?.card?.pendingReplies, undefined, 'nothing owed any more');
      assert.deepEqual(notifier.cards.at(-1), await cardOfRecord(id), 'the card shows the latest phase');
      assert.equal(repliesAbout('approved').length, 1);
      // Later passes of either timer post nothing more.
      await Promise.all([a.service.runDueReminders(), b.service.runDueReminders()]);
      assert.equal(notifier.threads, 1);
      assert.equal(notifier.replies.length, 1);
    });

    it('the claim holder records its card just after the change looked: the changing instance updates the card and replies, once', async () => {
      // B's publish reads a record without a card, then the holder records its card (and has looked for owed replies
      // already) before B's claim attempt: B then finds the thread after owing the reply, and posts it itself.
      const tracked = await a.service.track(megan, 'Contoso Sales', channel);
      const id = /migration \*\*([a-z0-9-]+)\*\*/.exec(tracked)![1]!;
      await a.background.idle();
      const posted = (await a.migrations.get(TENANT, id))!.card!;
      await a.migrations.update(TENANT, id, (current) => ({ ...current, card: { ...current.card!, thread: null, activityId: null, revision: 0, postedAt: null } }));
      const holder = 'holder-instance:0';
      assert.ok(await a.migrations.claimFirstCard(TENANT, id, holder));
      class HolderFinishesFirst extends MigrationRepository {
        override async claimFirstCard(tenantId: string, migrationId: string, owner: string): Promise<boolean> {
          await a.migrations.update(tenantId, migrationId, (current) => ({ ...current, card: { ...posted } }));
          return super.claimFirstCard(tenantId, migrationId, owner);
        }
      }
      await b.background.close();
      b = instance(stores[1], (now) => new HolderFinishesFirst(stores[1], now));
      await b.service.status(megan, id, 'approved');
      await b.background.idle();
      const stored = await a.migrations.get(TENANT, id);
      assert.equal(stored?.card?.revision, stored?.migration.revision, 'B updated the card');
      assert.equal(stored?.card?.pendingReplies, undefined);
      assert.deepEqual(notifier.cards.at(-1), await cardOfRecord(id));
      assert.equal(repliesAbout('approved').length, 1);
      assert.equal(notifier.threads, 1);
      await a.migrations.releaseFirstCard(TENANT, id, holder);
      await Promise.all([a.service.runDueReminders(), b.service.runDueReminders()]);
      assert.equal(notifier.replies.length, 1);
    });

    it('a change made while a dead instance holds the claim: once the claim expires the card shows it and the reply is posted once', async () => {
      const id = await a.migrations.newId();
      await b.migrations.claimFirstCard(TENANT, id, 'crashed-instance:0');
      const created = createMigration({ id, name: 'Fabrikam HR', environment: null, sourceTenant: null, destinationTenant: null, assessmentId: null, by: { name: 'Megan Bowen', id: 'aad-megan' }, via: 'person', at: new Date(time) });
      assert.ok(created.ok);
      await a.migrations.create({
        tenantId: TENANT, migration: created.migration, trackedBy: megan.user,
        card: { channel, thread: null, activityId: null, revision: 0, postedAt: null, updatedAt: null, failing: null },
      });
      await b.service.status(megan, id, 'approved');
      await b.background.idle();
      await Promise.all([a.service.runDueReminders(), b.service.runDueReminders()]);
      assert.equal(notifier.threads, 0, 'the claim is respected while it lasts');
      time += FIRST_CARD_CLAIM_MS + 1;
      await Promise.all([a.service.runDueReminders(), b.service.runDueReminders()]);
      await Promise.all([a.service.runDueReminders(), b.service.runDueReminders()]);
      assert.equal(notifier.threads, 1);
      assert.deepEqual(notifier.cards.at(-1), await cardOfRecord(id), 'the first card already shows the change');
      assert.equal(repliesAbout('approved').length, 1);
      assert.equal(notifier.replies.length, 1);
    });
  });
}

raceSuite('lowdb', async () => {
  const dir = tempDataDir();
  const stores: LowdbStores = openLowdbStores({ dataDir: dir });
  return { stores: [stores.storage, stores.storage], close: async () => { await stores.close(); removeDir(dir); } };
});

describe('over Azurite', function () {
  this.timeout(60_000);
  let azurite: Azurite;
  before(async () => {
    azurite = await startAzurite();
  });
  after(async () => {
    await azurite?.stop();
  });
  raceSuite('Azurite, two clients', async () => {
    const containerName = azurite.containerName('firstcard');
    const open = (): BlobStorage => BlobStorage.fromConnectionString({ connectionString: azurite.connectionString, containerName });
    return { stores: [open(), open()], close: () => azurite.deleteContainer(containerName) };
  });
});
