/**
 * The mailbox service without Teams: the interview steps to the readiness outcome, the log check by paste and by
 * download (a fake download function), the CSV offers and their consent answers, and the records it keeps, over a
 * temporary lowdb store.
 */
import assert from 'node:assert/strict';
import { memoryLogger } from '../../src/logging.js';
import { MailboxRepository } from '../../src/records/mailboxRepository.js';
import { MAX_PASTED_LOG_BYTES, mailboxService, pastedLogText, type MailboxReply, type MailboxService } from '../../src/services/mailboxService.js';
import type { TurnFacts } from '../../src/services/turn.js';
import type { DownloadResult } from '../../src/files/attachmentDownloader.js';
import { openLowdbStores, type LowdbStores } from '../../src/storage/index.js';
import { removeDir, tempDataDir } from '../support/appHarness.js';
import { eligibilityCardView, MAILBOX_MOVE_COMMAND } from '../../src/cards/eligibilityView.js';
import { MAILBOX_START_COMMAND } from '../../src/cards/mailboxView.js';
import { generatedTranscript, mailboxBlock, utf16le } from '../domain/mailbox/transcript.js';
import { INTERVIEW, SHORT_LOG } from './support.js';
import { assess } from '../../src/domain/assessment/index.js';

const texts = (replies: MailboxReply[]) => replies.filter((r): r is Extract<MailboxReply, { type: 'text' }> => r.type === 'text').map((r) => r.text);
const cards = (replies: MailboxReply[]) => replies.filter((r): r is Extract<MailboxReply, { type: 'card' }> => r.type === 'card');
const files = (replies: MailboxReply[]) => replies.filter((r): r is Extract<MailboxReply, { type: 'file' }> => r.type === 'file');

describe('mailbox service', () => {
  let dir: string;
  let stores: LowdbStores;
  let repository: MailboxRepository;
  let service: MailboxService;
  let downloads: Record<string, DownloadResult>;
  let uploads: Array<{ url: string; body: string }>;
  const facts = (scope: TurnFacts['conversation']['scope'] = 'personal', user = 'u-ada'): TurnFacts => ({
    tenantId: 'tenant-1', user: { id: user, name: 'Ada Admin' }, conversation: { id: `conv-${scope}`, scope },
  });

  beforeEach(() => {
    dir = tempDataDir();
    stores = openLowdbStores({ dataDir: dir });
    repository = new MailboxRepository(stores.storage);
    downloads = {};
    uploads = [];
    service = mailboxService({
      repository,
      logger: memoryLogger(),
      maxFileBytes: 16 * 1024 * 1024,
      download: async (url) => downloads[url] ?? { ok: false, code: 'http-error', reason: 'x' },
      upload: async (url, bytes) => {
        if (!url.startsWith('https://onedrive.test/')) return { ok: false, code: 'host-not-allowed' };
        uploads.push({ url, body: new TextDecoder().decode(bytes) });
        return { ok: true };
      },
    });
  });
  afterEach(async () => {
    await stores.close();
    removeDir(dir);
  });

  async function interview(scope: TurnFacts['conversation']['scope'] = 'personal') {
    let outcome = service.startInterview();
    assert.match(texts(outcome.replies)[0]!, /mailboxes are ready to move/);
    for (const answer of INTERVIEW) {
      // The state goes through JSON, as it does when the conversation state is stored.
      outcome = await service.continueInterview(facts(scope), JSON.parse(JSON.stringify(outcome.state)), { text: answer });
      assert.equal(outcome.ended, false);
    }
    const review = JSON.stringify(cards(outcome.replies)[0]!.card);
    assert.match(review, /Review/);
    assert.match(review, /"title":"Check readiness"/);
    assert.doesNotMatch(review, /Add environment|"title":"Assess"/);
    return service.continueInterview(facts(scope), outcome.state, { text: 'check' });
  }

  it('runs the interview to the readiness card, blockers first, and the commands per side in code blocks, target first', async () => {
    const done = await interview();
    assert.equal(done.ended, true);
    const [card] = cards(done.replies);
    const json = JSON.stringify(card!.card);
    assert.match(json, /Mailbox move: contoso.onmicrosoft.com to fabrikam.onmicrosoft.com/);
    assert.ok(json.indexOf('Blockers (') > 0 && json.indexOf('Blockers (') < json.indexOf('Actions ('), 'blockers before actions');
    const sides = texts(done.replies).filter((t) => t.includes('```'));
    assert.equal(sides.length, 2);
    assert.match(sides[0]!, /^\*\*Target tenant admin \(fabrikam\.onmicrosoft\.com\)\*\*/);
    assert.match(sides[1]!, /^\*\*Source tenant admin \(contoso\.onmicrosoft\.com\)\*\*/);
    // The validation script's command lines, including the two-admin hand-off.
    const all = sides.join('\n');
    assert.match(all, /-CollectSourceOnly/);
    assert.match(all, /-SourceIsOffline/);
    assert.match(all, /```powershell\n/);
    assert.equal(files(done.replies).length, 0, 'no users given, so no CSV files');

    const latest = await repository.latestForTenant('tenant-1');
    assert.equal(latest?.profile.source.initialDomain, 'contoso.onmicrosoft.com');
    assert.equal(latest?.createdBy.name, 'Ada Admin');
    assert.deepEqual((await repository.listForTenant('tenant-1')).map((r) => r.id), [latest!.id]);
    assert.equal(await repository.latestForTenant('tenant-2'), undefined);
  });

  it('cancels, and restarts from a state it cannot read', async () => {
    const start = service.startInterview();
    const cancelled = await service.continueInterview(facts(), start.state, { text: 'cancel' });
    assert.equal(cancelled.ended, true);
    const fresh = await service.continueInterview(facts(), { v: 9, kind: 'something-else' }, { text: 'contoso.onmicrosoft.com' });
    assert.equal(fresh.ended, false);
    assert.match(texts(fresh.replies)[0]!, /start again/);
  });

  it('reads a pasted log into the card, keeps counts and causes but no addresses, and offers the blocked CSV in personal chat', async () => {
    const replies = await service.checkPastedLog(facts(), SHORT_LOG);
    const [card] = cards(replies);
    const json = JSON.stringify(card!.card);
    assert.match(json, /2 mailboxes are on litigation hold/);
    assert.match(json, /ada@contoso.com/);
    const [offer] = files(replies);
    assert.equal(offer!.fileName, 'blocked-mailboxes.csv');

    const [record] = await repository.listForTenant('tenant-1');
    assert.equal(record!.kind, 'log');
    const stored = JSON.stringify(record);
    assert.doesNotMatch(stored, /@contoso\.com/, 'no addresses in the log-check record');
    assert.doesNotMatch(stored, /Litigation Hold and this/, 'no log text');
    assert.match(stored, /"blocked":2/);

    // Accept: the CSV goes to the upload URL once, even when Teams retries the invoke.
    const accepted = await service.acceptFile(facts(), offer!.offerId, { uploadUrl: 'https://onedrive.test/up', uniqueId: 'F1', name: 'blocked-mailboxes.csv', contentUrl: 'https://contoso-my.sharepoint.com/x.csv' });
    assert.match(texts(accepted.replies)[0]!, /Saved blocked-mailboxes.csv/);
    assert.equal(accepted.fileInfo?.uniqueId, 'F1');
    assert.match(uploads[0]!.body, /^SourceUser,TargetUser,Causes,DirSynced\r\nada@contoso.com,ada@fabrikam.com/);
    assert.deepEqual((await service.acceptFile(facts(), offer!.offerId, { uploadUrl: 'https://onedrive.test/up', uniqueId: 'F1' })).replies, []);
    assert.equal(uploads.length, 1);
    // Another person cannot take the offer.
    assert.match(texts((await service.acceptFile(facts('personal', 'u-eve'), offer!.offerId, { uploadUrl: 'https://onedrive.test/up' })).replies)[0]!, /expired/);
    // A refused upload URL says so without the URL.
    const refused = await service.acceptFile(facts(), offer!.offerId, { uploadUrl: 'https://evil.test/x', uniqueId: 'F2' });
    assert.match(texts(refused.replies)[0]!, /not allowed to send files/);
    assert.doesNotMatch(texts(refused.replies)[0]!, /evil/);
    // Decline deletes the offer.
    await service.declineFile(facts(), offer!.offerId);
    assert.match(texts((await service.acceptFile(facts(), offer!.offerId, { uploadUrl: 'https://onedrive.test/up' })).replies)[0]!, /expired/);
  });

  it('in a channel gives the card only and says the file comes in personal chat', async () => {
    const replies = await service.checkPastedLog(facts('team'), SHORT_LOG);
    assert.equal(files(replies).length, 0);
    assert.equal(cards(replies).length, 1);
    assert.match(texts(replies).join('\n'), /comes only in personal chat/);
  });

  it('reads a paste whose line breaks were lost, and says so', async () => {
    const oneLine = SHORT_LOG.replace(/\r\n/g, ' ');
    const { rejoined } = pastedLogText(oneLine);
    assert.equal(rejoined, true);
    const replies = await service.checkPastedLog(facts(), oneLine);
    assert.match(texts(replies)[0]!, /arrived as a single line/);
    assert.match(JSON.stringify(cards(replies)[0]!.card), /2 mailboxes are on litigation hold/);
  });

  it('answers empty, not-a-log, too-large and hostile pastes clearly', async () => {
    assert.match(texts(await service.checkPastedLog(facts(), '   '))[0]!, /empty/);
    assert.match(texts(await service.checkPastedLog(facts(), 'Source,Destination\na@contoso.com,a@fabrikam.com'))[0]!, /not a log/);
    assert.match(texts(await service.checkPastedLog(facts(), 'x'.repeat(MAX_PASTED_LOG_BYTES + 1)))[0]!, /longer than 1 MB.*Attach the \.log file/);
    const hostile = [
      ...mailboxBlock('x@contoso.com', '"><script>alert(1)</script>@fabrikam.com', ['>> Error: SOURCE mailbox is under Litigation Hold and this is not a supported scenario `; Remove-Mailbox *']),
      `\u0000\u202e${'A'.repeat(5000)}`,
    ].join('\n');
    const replies = await service.checkPastedLog(facts(), hostile);
    assert.equal(cards(replies).length, 1);
    assert.ok(JSON.stringify(cards(replies)[0]!.card).length < 100_000);
  });

  it('reads an uploaded UTF-16 log and explains a refused download without its URL', async () => {
    downloads['https://files.test/ok'] = { ok: true, bytes: utf16le(generatedTranscript(40)), contentType: 'text/plain' };
    const replies = await service.checkUploadedLog(facts(), [{ name: 'ctmm-users.log', downloadUrl: 'https://files.test/ok' }]);
    assert.match(JSON.stringify(cards(replies)[0]!.card), /ctmm-users.log/);
    downloads['https://files.test/big?tempauth=SECRET'] = { ok: false, code: 'too-large', reason: 'x' };
    const big = await service.checkUploadedLog(facts(), [{ name: 'huge.log', downloadUrl: 'https://files.test/big?tempauth=SECRET' }]);
    assert.match(texts(big)[0]!, /larger than 16 MB/);
    assert.doesNotMatch(texts(big)[0]!, /SECRET|files\.test/);
    downloads['https://files.test/zip'] = { ok: true, bytes: new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]), contentType: null };
    assert.match(texts(await service.checkUploadedLog(facts(), [{ name: 'data.zip', downloadUrl: 'https://files.test/zip' }]))[0]!, /zip archive/);
  });

  it('forget me deletes the person\'s records and offers, and nobody else\'s', async () => {
    await service.checkPastedLog(facts('personal', 'u-ada'), SHORT_LOG);
    await service.checkPastedLog(facts('personal', 'u-bob'), SHORT_LOG);
    assert.equal(await repository.deleteAllForUser('tenant-1', 'u-ada'), 2);
    const left = await repository.listForTenant('tenant-1');
    assert.deepEqual(left.map((r) => r.createdBy.id), ['u-bob']);
  });

  it('the eligibility card offers mailbox move only when an environment lists the mailboxes solution', () => {
    assert.equal(MAILBOX_MOVE_COMMAND, MAILBOX_START_COMMAND);
    const profile = {
      source: { tenantDomain: 'contoso.onmicrosoft.com', region: 'europe', cloud: 'commercial' },
      destination: { tenantDomain: 'fabrikam.onmicrosoft.com', region: 'europe', cloud: 'commercial' },
      environments: [{ name: 'Sales', type: 'production', solutions: ['mailboxes'] }],
    } as any;
    const withMailboxes = eligibilityCardView(profile, assess(profile), { assessmentId: 'a1b2c3d4', createdAt: new Date(0) });
    assert.equal(withMailboxes.actions.hasMailboxes, true);
    const without = { ...profile, environments: [{ name: 'Sales', type: 'production', solutions: [] }] };
    assert.equal(eligibilityCardView(without, assess(without), { assessmentId: 'a1b2c3d4', createdAt: new Date(0) }).actions.hasMailboxes, false);
  });
});
