/**
 * Upgrade: a data directory written by the version before conversation addresses had the project's own shape
 * (botbuilder's ConversationReference: `bot`, and `activityId` in some) keeps working with the new code, and each
 * record is rewritten in the new shape (`botAccount`, no activity id) when it is next saved.
 *
 * The old records are written byte for byte as the old version stored them, into a lowdb data directory; the app
 * (the new code) is then started on that directory.
 */
import assert from 'node:assert/strict';
import { assess, validateProfile } from '../../src/domain/assessment/index.js';
import { buildChecklist } from '../../src/domain/checklist/index.js';
import { ChecklistRepository } from '../../src/records/checklistRepository.js';
import { ConversationReferenceStore } from '../../src/proactive/conversationReferenceStore.js';
import { toBotReference } from '../../src/bot/addresses.js';
import { openLowdbStores } from '../../src/storage/index.js';
import { removeDir, startApp, tempDataDir, type Harness } from '../support/appHarness.js';
import { PROFILE } from '../checklist/harness.js';

const TENANT = 'aaaaaaaa-1111-2222-3333-444444444444';
const SERVICE_URL = 'https://smba.example.test/emea/';
const CHAT = 'a:old-chat-1';
const USER = 'bbbbbbbb-1111-2222-3333-444444444444';

/** A 1:1 chat's reference as the old version stored it (TurnContext.getConversationReference, cleaned). */
const OLD_REFERENCE = {
  channelId: 'msteams',
  serviceUrl: SERVICE_URL,
  conversation: { id: CHAT, conversationType: 'personal', tenantId: TENANT, isGroup: false, name: '' },
  bot: { id: '28:bot-app-id', name: 'Migration Readiness' },
  user: { id: '29:megan', name: 'Megan Bowen', aadObjectId: USER },
  locale: 'en-GB',
};

function oldChecklist(): Record<string, unknown> {
  const v = validateProfile(PROFILE);
  if (!v.ok) throw new Error('bad profile');
  return {
    id: 'abcd1234', tenantId: TENANT, createdBy: { id: USER, name: 'Megan Bowen' }, createdAt: '2026-12-01T09:00:00.000Z',
    checklist: buildChecklist(v.profile, assess(v.profile), { assessmentId: 'abcd1234' }),
    refreshUserIds: [], views: {},
    cards: [{ reference: { ...OLD_REFERENCE, activityId: 'stale-activity' }, activityId: 'card-1', at: '2026-12-01T09:00:00.000Z' }],
  };
}

describe('records: conversation addresses written by the previous version', () => {
  let dataDir: string;
  let h: Harness | undefined;

  beforeEach(async () => {
    dataDir = tempDataDir();
    // The previous version's data directory: records under the same keys, addresses in botbuilder's shape.
    const old = openLowdbStores({ dataDir });
    await old.storage.write({
      [`records/conversation-refs/${TENANT}+${encodeURIComponent(CHAT)}`]: {
        tenantId: TENANT, conversationId: CHAT, kind: 'personal', teamId: null, channelId: null,
        userIds: [USER, '29:megan'], reference: OLD_REFERENCE, installed: true,
        updatedAt: '2026-12-01T08:00:00.000Z', dead: null,
      },
      [`records/conversation-users/${TENANT}+${USER}`]: { conversationId: CHAT },
      [`records/checklists/${TENANT}+abcd1234`]: oldChecklist(),
    });
    await old.close();
  });

  afterEach(async () => {
    await h?.stop();
    h = undefined;
    removeDir(dataDir);
  });

  it('reads old conversation references in the new shape and rewrites them on the next save', async () => {
    h = await startApp({}, dataDir);
    const references = new ConversationReferenceStore(h.app.stores.storage);
    const stored = await references.forUser(TENANT, USER);
    assert.ok(stored, 'the old record is found through the old user index');
    assert.deepEqual(stored.reference.botAccount, { id: '28:bot-app-id', name: 'Migration Readiness' });
    assert.equal('bot' in stored.reference, false);
    // The edge hands the SDK its own shape again.
    assert.deepEqual(toBotReference(stored.reference).bot, { id: '28:bot-app-id', name: 'Migration Readiness' });
    assert.equal(toBotReference(stored.reference).conversation?.id, CHAT);

    await references.watch(TENANT, CHAT);
    const key = `records/conversation-refs/${TENANT}+${encodeURIComponent(CHAT)}`;
    const raw = (await h.app.stores.storage.read([key]))[key] as { reference: Record<string, unknown>; watched?: boolean };
    assert.equal(raw.watched, true);
    assert.equal('bot' in raw.reference, false, 'rewritten in the new shape');
    assert.deepEqual(raw.reference.botAccount, { id: '28:bot-app-id', name: 'Migration Readiness' });
  });

  it('reads old checklist card copies in the new shape and rewrites them on the next change', async () => {
    h = await startApp({}, dataDir);
    const checklists = new ChecklistRepository(h.app.stores.storage);
    const record = await checklists.get(TENANT, 'abcd1234');
    assert.ok(record);
    const [copy] = record.cards;
    assert.equal(copy.activityId, 'card-1');
    assert.equal(copy.reference.conversation?.id, CHAT);
    assert.equal(copy.reference.botAccount?.id, '28:bot-app-id');
    assert.equal('activityId' in copy.reference, false);

    const changed = await checklists.modify(TENANT, 'abcd1234', (current) => ({
      next: { ...current, refreshUserIds: ['29:megan'] },
      result: current.cards.length,
    }));
    assert.equal(changed?.result, 1);
    const key = `records/checklists/${TENANT}+abcd1234`;
    const raw = (await h.app.stores.storage.read([key]))[key] as { cards: Array<{ reference: Record<string, unknown> }> };
    assert.equal('bot' in raw.cards[0].reference, false);
    assert.equal('activityId' in raw.cards[0].reference, false);
    assert.equal((raw.cards[0].reference.botAccount as { id: string }).id, '28:bot-app-id');
  });
});
