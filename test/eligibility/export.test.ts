/**
 * `export {id}` in the eligibility service: a short report stays a code block and is offered as files too; a long one
 * (50 environments) comes only as files; in a channel the files go to the person's personal chat; accepting rebuilds
 * the bytes from the record of the asking tenant and uploads them; declining saves nothing. A lowdb store in a
 * temporary directory, a recording Notifier and upload function; no Teams, no HTTP.
 */
import assert from 'node:assert/strict';
import { assess, renderMarkdown } from '../../src/domain/assessment/index.js';
import { MESSAGE_BUDGET_BYTES, utf16Bytes } from '../../src/domain/messageSize.js';
import { memoryLogger } from '../../src/logging.js';
import { BackgroundTasks } from '../../src/proactive/backgroundTasks.js';
import type {
  Notifier, OutboundActivity, PersonalResult, PersonalTarget, Reference, SendResult, ThreadResult, UpdateResult,
} from '../../src/proactive/notifier.js';
import { AssessmentRepository } from '../../src/records/assessmentRepository.js';
import {
  ASSESSMENT_EXPORT_PURPOSE, EXPORT_INLINE_LIMIT_BYTES, eligibilityService, exportFiles, type EligibilityService,
} from '../../src/services/eligibilityService.js';
import { FILE_CONSENT_CONTENT_TYPE } from '../../src/services/fileOffers.js';
import type { TurnFacts } from '../../src/services/turn.js';
import { openLowdbStores, type LowdbStores } from '../../src/storage/index.js';
import { removeDir, tempDataDir } from '../support/appHarness.js';
import { bigProfile } from '../support/messageCatalogue.js';

const TENANT = 'aaaaaaaa-1111-2222-3333-444444444444';
const megan: TurnFacts = { tenantId: TENANT, user: { id: 'aad-megan', name: 'Megan Bowen' }, conversation: { id: 'a:megan', scope: 'personal' } };
const meganInChannel: TurnFacts = { ...megan, conversation: { id: '19:general@thread.tacv2;messageid=1', scope: 'team' } };
const other: TurnFacts = { tenantId: 'bbbbbbbb-0000-0000-0000-000000000000', user: { id: 'aad-farah', name: 'Farah' }, conversation: { id: 'a:farah', scope: 'personal' } };
const PROFILE = {
  source: { tenantDomain: 'contoso.onmicrosoft.com', region: 'EUR' },
  destination: { tenantDomain: 'fabrikam.onmicrosoft.com', region: 'EUR' },
  environments: [{ name: 'Contoso <Sales>', type: 'production', solutions: ['canvas-solution-aware'] }],
};

class RecordingNotifier implements Notifier {
  readonly calls: Array<{ kind: string; target?: PersonalTarget; activity: OutboundActivity }> = [];
  async send(_reference: Reference, activity: OutboundActivity): Promise<SendResult> {
    this.calls.push({ kind: 'send', activity });
    return { ok: true, activityId: `sent-${this.calls.length}` };
  }
  async update(): Promise<UpdateResult> {
    throw new Error('export never updates');
  }
  async startThread(): Promise<ThreadResult> {
    throw new Error('export never starts a thread');
  }
  async createPersonalConversation(target: PersonalTarget, activity: OutboundActivity): Promise<PersonalResult> {
    this.calls.push({ kind: 'personal', target, activity });
    return { ok: true, reference: { serviceUrl: target.serviceUrl, conversation: { id: `a:${target.userId}` } }, activityId: 'p-1' };
  }
}

const consentOf = (m: OutboundActivity | string) => (typeof m === 'string' ? undefined : (m.attachments?.[0] as { contentType: string; name: string; content: any }));

describe('export of an assessment as files (service, no Teams)', () => {
  let dir: string;
  let stores: LowdbStores;
  let notifier: RecordingNotifier;
  let background: BackgroundTasks;
  let uploads: Array<{ url: string; text: string }>;
  let service: EligibilityService;
  let repository: AssessmentRepository;

  beforeEach(() => {
    dir = tempDataDir();
    stores = openLowdbStores({ dataDir: dir });
    notifier = new RecordingNotifier();
    background = new BackgroundTasks(memoryLogger());
    uploads = [];
    repository = new AssessmentRepository(stores.storage);
    service = eligibilityService({
      assessments: repository, logger: memoryLogger(), notifier, background,
      upload: async (url, bytes) => {
        uploads.push({ url, text: new TextDecoder().decode(bytes) });
        return url.includes('expired') ? { ok: false, code: 'http-error' } : { ok: true };
      },
    });
  });
  afterEach(async () => {
    await background.close();
    await stores.close();
    removeDir(dir);
  });

  it('a short report: the code block, then the two files offered in the personal chat', async () => {
    const done = await service.complete(megan, PROFILE);
    assert.ok(done.ok);
    const replies = await service.export(megan, done.record.id);
    assert.equal(replies.length, 4);
    assert.match(String(replies[0]), /^Here is assessment [a-z0-9]+ as Markdown[\s\S]*```\n# Migration readiness/);
    assert.ok(utf16Bytes({ type: 'message', text: replies[0] }) <= EXPORT_INLINE_LIMIT_BYTES);
    assert.match(String(replies[1]), /as files too/);
    const cards = replies.slice(2).map(consentOf);
    assert.deepEqual(cards.map((c) => c?.contentType), [FILE_CONSENT_CONTENT_TYPE, FILE_CONSENT_CONTENT_TYPE]);
    assert.deepEqual(cards.map((c) => c?.name), [`assessment-${done.record.id}.md`, `assessment-${done.record.id}.html`]);
    assert.deepEqual(cards[1]!.content.acceptContext, { purpose: ASSESSMENT_EXPORT_PURPOSE, assessmentId: done.record.id, format: 'html' });
    assert.deepEqual(cards[1]!.content.declineContext, cards[1]!.content.acceptContext);
    const files = exportFiles(done.record);
    assert.equal(cards[0]!.content.sizeInBytes, Buffer.byteLength(renderMarkdown(done.record.assessment, done.record.profile), 'utf8'));
    assert.equal(cards[1]!.content.sizeInBytes, files[1]!.bytes);
  });

  it('a 50-environment report: no code block, a short message and the files; every message within the budget', async () => {
    const profile = bigProfile(50);
    const record = await repository.save({ tenantId: TENANT, userId: 'aad-megan', userName: 'Megan Bowen', profile, assessment: assess(profile) });
    const replies = await service.export(megan, record.id);
    assert.equal(replies.length, 3);
    assert.match(String(replies[0]), new RegExp(`The report of assessment \\*\\*${record.id}\\*\\* is [\\d.,]+ KB, too long to read well in a chat message, so it comes as files`));
    for (const r of replies) assert.ok(utf16Bytes(typeof r === 'string' ? { type: 'message', text: r } : r) <= MESSAGE_BUDGET_BYTES);
    assert.ok(exportFiles(record)[0]!.bytes > 100_000, 'the file holds the whole report');
  });

  it('in a channel: the code block here, the files in the personal chat (in the background); without a target it says where to ask', async () => {
    const done = await service.complete(megan, PROFILE);
    assert.ok(done.ok);
    const replies = await service.export(meganInChannel, done.record.id, { serviceUrl: 'https://smba.example.test/emea/', userId: '29:megan', botId: '28:bot' });
    assert.equal(replies.length, 2);
    assert.match(String(replies[0]), /```/);
    assert.match(String(replies[1]), /comes in our personal chat: files cannot be offered here/);
    await background.idle();
    assert.deepEqual(notifier.calls.map((c) => c.kind), ['personal', 'send', 'send']);
    assert.deepEqual(notifier.calls[0]!.target, { tenantId: TENANT, serviceUrl: 'https://smba.example.test/emea/', userId: '29:megan', botId: '28:bot' });
    assert.match(notifier.calls[0]!.activity.text!, /as files too/);
    assert.deepEqual(notifier.calls.slice(1).map((c) => consentOf(c.activity)?.name), [`assessment-${done.record.id}.md`, `assessment-${done.record.id}.html`]);

    const noTarget = await service.export(meganInChannel, done.record.id, null);
    assert.match(String(noTarget[1]), new RegExp(`open a chat with me and type \\*\\*export ${done.record.id}\\*\\*`));
  });

  it('accepting uploads the bytes rebuilt from the record; another tenant, an expired upload and a decline get plain answers', async () => {
    const done = await service.complete(megan, PROFILE);
    assert.ok(done.ok);
    const id = done.record.id;
    const context = { purpose: ASSESSMENT_EXPORT_PURPOSE, assessmentId: id, format: 'html' };
    const accepted = await service.acceptExportFile(megan, context, { uploadUrl: 'https://contoso-my.sharepoint.com/upload/1', name: `assessment-${id}.html`, contentUrl: 'https://contoso-my.sharepoint.com/x.html', uniqueId: 'U-1' });
    assert.deepEqual(accepted.replies, [`Saved assessment-${id}.html to your OneDrive.`]);
    assert.deepEqual(accepted.fileInfo, { name: `assessment-${id}.html`, contentUrl: 'https://contoso-my.sharepoint.com/x.html', uniqueId: 'U-1', fileType: 'html' });
    assert.equal(uploads.length, 1);
    assert.equal(uploads[0]!.text, exportFiles(done.record)[1]!.content);
    assert.match(uploads[0]!.text, /Contoso &lt;Sales&gt;/);

    const elsewhere = await service.acceptExportFile(other, context, { uploadUrl: 'https://contoso-my.sharepoint.com/upload/2' });
    assert.match(elsewhere.replies[0]!, /don't know that assessment in your organisation/);
    assert.equal(uploads.length, 1, 'nothing uploaded for another tenant');

    const expired = await service.acceptExportFile(megan, { ...context, format: 'markdown' }, { uploadUrl: 'https://contoso-my.sharepoint.com/expired' });
    assert.match(expired.replies[0]!, new RegExp(`I could not save assessment-${id}\\.md: OneDrive did not accept the file; the offer may have expired\\. Type \\*\\*export ${id}\\*\\* to try again\\.`));

    assert.deepEqual((await service.declineExportFile(megan, context)).replies, [`All right, I did not save that file. Type **export ${id}** when you want it.`]);
    assert.deepEqual((await service.declineExportFile(megan, { assessmentId: '<script>' })).replies, ['All right, I did not save that file.']);
  });
});
