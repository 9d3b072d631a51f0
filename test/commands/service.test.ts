/**
 * The move-commands service on its own: plain inputs, plain replies, assessments in a temporary lowdb store, a
 * recording Notifier and a fixed list of people. No Teams, no HTTP.
 */
import assert from 'node:assert/strict';
import { cardUtf16Bytes } from '../../src/cards/eligibilityView.js';
import { COMMANDS_CARD_BUDGET } from '../../src/cards/commandsView.js';
import type { Recipient } from '../../src/domain/checklist/recipients.js';
import { unknownTenantToTenantCmdlets } from '../../src/domain/commands/index.js';
import { memoryLogger } from '../../src/logging.js';
import type { StoredConversation } from '../../src/proactive/conversationReferenceStore.js';
import type {
  Notifier, OutboundActivity, PersonalResult, PersonalTarget, Reference, SendResult, UpdateResult,
} from '../../src/proactive/notifier.js';
import { AssessmentRepository, type StoredAssessment } from '../../src/records/assessmentRepository.js';
import {
  commandsService, parseRoute, parseSendArgs, shown, type CommandsReply, type CommandsService, type PeopleLookup,
} from '../../src/services/commandsService.js';
import type { TurnFacts } from '../../src/services/turn.js';
import { openLowdbStores, type LowdbStores } from '../../src/storage/index.js';
import { removeDir, tempDataDir } from '../support/appHarness.js';
import {
  codeBlocks, DESTINATION_CMDLETS, environment, fiftyEnvironments, invocations, MIXED, profile, seed, SOURCE_CMDLETS, typedButtons,
} from './support.js';

const TENANT = 'aaaaaaaa-1111-2222-3333-444444444444';
const OTHER_TENANT = 'bbbbbbbb-1111-2222-3333-444444444444';
const MEGAN = { id: '11111111-0000-0000-0000-000000000001', name: 'Megan Bowen' };
const ADELE: Recipient = { id: '29:adele', name: 'Adele Vance', aadObjectId: '11111111-0000-0000-0000-000000000002', email: 'adele@contoso.com' };
const ALEX: Recipient = { id: '29:alex', name: 'Alex Wilber', aadObjectId: '11111111-0000-0000-0000-000000000003', email: 'alex@contoso.com' };
const ADAM: Recipient = { id: '29:adam', name: 'Adam Vance', aadObjectId: '11111111-0000-0000-0000-000000000004' };

const facts = (scope: TurnFacts['conversation']['scope'] = 'personal', user = MEGAN): TurnFacts => ({
  tenantId: TENANT, user, conversation: { id: scope === 'personal' ? 'a:personal-megan' : '19:general@thread.tacv2;messageid=1', scope },
});
const target = { serviceUrl: 'https://smba.example.test/emea/', botId: '28:bot', fromId: '29:megan' };

class RecordingNotifier implements Notifier {
  readonly calls: Array<{ kind: 'send' | 'create'; reference?: Reference; target?: PersonalTarget; activity: OutboundActivity }> = [];
  readonly answers: { send: SendResult[]; create: PersonalResult[] } = { send: [], create: [] };
  async send(reference: Reference, activity: OutboundActivity): Promise<SendResult> {
    this.calls.push({ kind: 'send', reference, activity });
    return this.answers.send.shift() ?? { ok: true, activityId: `sent-${this.calls.length}` };
  }
  async update(reference: Reference, activityId: string): Promise<UpdateResult> {
    return { ok: true, activityId, reposted: false, reference };
  }
  async startThread(): Promise<never> {
    throw new Error('commands never start channel threads');
  }
  async createPersonalConversation(t: PersonalTarget, activity: OutboundActivity): Promise<PersonalResult> {
    this.calls.push({ kind: 'create', target: t, activity });
    return this.answers.create.shift() ?? {
      ok: true, activityId: `created-${this.calls.length}`,
      reference: { channelId: 'msteams', serviceUrl: t.serviceUrl, conversation: { id: `a:personal-${t.userId}`, conversationType: 'personal', tenantId: t.tenantId } },
    };
  }
}

const textOf = (replies: CommandsReply[]): string => replies.map((r) => ('text' in r ? r.text : '')).join('\n');
const cardsOf = (replies: CommandsReply[]): Array<Record<string, unknown>> => replies.flatMap((r) => ('card' in r ? [r.card] : []));

describe('move commands service (no Teams, no HTTP)', () => {
  let dir: string;
  let stores: LowdbStores;
  let assessments: AssessmentRepository;
  let notifier: RecordingNotifier;
  let stored: Map<string, StoredConversation>;
  let service: CommandsService;
  let people: Recipient[];
  let mention: Recipient | undefined;

  const lookup = (): PeopleLookup => ({
    mention: async () => mention,
    async *members() { yield* people; },
  });
  const mine = (raw: unknown): Promise<StoredAssessment> => seed(assessments, raw, { tenantId: TENANT, userId: MEGAN.id });

  beforeEach(() => {
    dir = tempDataDir();
    stores = openLowdbStores({ dataDir: dir });
    assessments = new AssessmentRepository(stores.storage);
    notifier = new RecordingNotifier();
    stored = new Map();
    people = [{ id: '29:megan', name: MEGAN.name, aadObjectId: MEGAN.id }, ADELE, ALEX, ADAM];
    mention = undefined;
    service = commandsService({
      assessments, notifier, logger: memoryLogger(),
      references: { forUser: async (tenantId, userId) => stored.get(`${tenantId}|${userId.toLowerCase()}`) },
    });
  });
  afterEach(async () => {
    await stores.close();
    removeDir(dir);
  });

  describe('commands', () => {
    it('with no assessment yet, says how to get one', async () => {
      const replies = await service.commands(facts(), undefined);
      assert.equal(cardsOf(replies).length, 0);
      assert.match(textOf(replies), /^You have no saved assessments yet, so there are no move commands to give\. Type \*\*check eligibility\*\*/);
    });

    it('gives one card per admin, each with its own cmdlets and parameters in the documented order', async () => {
      const record = await mine(MIXED);
      const replies = await service.commands(facts(), record.id);
      assert.equal(replies.length, 3);
      assert.match(textOf(replies), new RegExp(`^Move commands \\(PowerShell steps\\) for \\*\\*Sales\\*\\* from assessment \\*\\*${record.id}\\*\\* \\(contoso\\.onmicrosoft\\.com to fabrikam\\.onmicrosoft\\.com`));
      const [source, destination] = cardsOf(replies);
      assert.deepEqual(invocations(source), [
        'Import-Module -Name -MinimumVersion',
        'Add-PowerAppsAccount -Endpoint',
        'Add-AdminFlowsToSolution -EnvironmentName -SolutionId',
        'TenantToTenant-SubmitMigrationRequest -EnvironmentName -TargetTenantID',
        'TenantToTenant-ViewMigrationRequest',
        'TenantToTenant-UploadUserMappingFile -EnvironmentName -UserMappingFilePath',
        'TenantToTenant-PrepareMigration -MigrationId -TargetTenantId -ReadOnlyUserMappingFileContainerUri',
        'TenantToTenant-GetMigrationStatus -MigrationId',
        'TenantToTenant-MigratePowerAppEnvironment -MigrationId -TargetTenantId',
        'TenantToTenant-GetMigrationStatus -MigrationId',
        'TenantToTenant-DeleteMigrationRequest -MigrationId',
      ]);
      assert.deepEqual(invocations(destination), [
        'Import-Module -Name -MinimumVersion',
        'Add-PowerAppsAccount -Endpoint',
        'TenantToTenant-ViewApprovalRequest',
        'TenantToTenant-ManageMigrationRequest -MigrationId',
      ]);
      assert.deepEqual(invocations(source).map((l) => l.split(' ')[0]).filter((n) => n!.startsWith('TenantToTenant-')), SOURCE_CMDLETS);
      assert.deepEqual(invocations(destination).map((l) => l.split(' ')[0]).filter((n) => n!.startsWith('TenantToTenant-')), DESTINATION_CMDLETS);
      // The profile's values, as single-quoted literals; only cmdlets that exist.
      const sourceCode = codeBlocks(source).join('\n');
      assert.match(sourceCode, /TenantToTenant-SubmitMigrationRequest -EnvironmentName 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' -TargetTenantID '66666666-7777-8888-9999-000000000000'/);
      for (const card of [source, destination]) {
        assert.deepEqual(unknownTenantToTenantCmdlets(codeBlocks(card).join('\n')), []);
        assert.doesNotMatch(codeBlocks(card).join('\n'), /<[a-z ]+>|\u2013|\u2014/i, 'no angle-bracket placeholder, no en dash');
      }
      assert.match(JSON.stringify(source), /Move commands: source admin/);
      assert.match(JSON.stringify(destination), /Move commands: destination admin/);
    });

    it('without an id uses the latest assessment and says so', async () => {
      await mine(profile([environment('Old')]));
      const latest = await mine(MIXED);
      const replies = await service.commands(facts(), undefined);
      assert.match(textOf(replies), new RegExp(`from your latest assessment \\*\\*${latest.id}\\*\\*`));
      assert.equal(cardsOf(replies).length, 2);
    });

    it('takes the words as an environment of the latest assessment when they are not an assessment id', async () => {
      // "finance" has the shape of an id: it is tried as one first, then as an environment name.
      const latest = await mine(profile([environment('Sales'), environment('finance')]));
      const replies = await service.commands(facts(), 'FINANCE');
      assert.match(textOf(replies), new RegExp(`for \\*\\*finance\\*\\* from your latest assessment \\*\\*${latest.id}\\*\\*`));
      assert.match(JSON.stringify(cardsOf(replies)[0]), /"value":"finance"/);
    });

    it('opens a colleague\'s assessment in the same organisation by id, never one from another organisation', async () => {
      const colleague = await seed(assessments, MIXED, { tenantId: TENANT, userId: 'someone-else' });
      const elsewhere = await seed(assessments, MIXED, { tenantId: OTHER_TENANT, userId: MEGAN.id });
      assert.equal(cardsOf(await service.commands(facts(), `${colleague.id} Ops`)).length, 2);
      const replies = await service.commands(facts(), elsewhere.id);
      assert.equal(cardsOf(replies).length, 0);
      assert.match(textOf(replies), new RegExp(`^I don't know an assessment "${elsewhere.id}" in your organisation, and you have no saved assessments yet`));
    });

    it('an unknown id: did you mean one of yours, or neither an assessment nor an environment', async () => {
      const record = await mine(MIXED);
      const typo = `${record.id.slice(0, -1)}${record.id.endsWith('2') ? '3' : '2'}`;
      assert.equal(textOf(await service.commands(facts(), typo)),
        `I don't know an assessment "${typo}" in your organisation. Did you mean **commands ${record.id}**? Type **my assessments** to see yours.`);
      assert.match(textOf(await service.commands(facts(), 'zzzzzzzz')),
        /^"zzzzzzzz" is neither an assessment in your organisation nor an environment of your latest assessment \*\*[a-z0-9]+\*\*.*Its environments: \*\*Sales\*\*, \*\*Ops\*\* and \*\*Dev\*\*/);
    });

    it('an unknown environment: did you mean, and the ones that can move', async () => {
      const record = await mine(MIXED);
      const text = textOf(await service.commands(facts(), `${record.id} Sals`));
      assert.match(text, /has no environment called "Sals"\. Did you mean \*\*commands [a-z0-9]+ Sales\*\*\? The ones that can move: \*\*Sales\*\* and \*\*Ops\*\*\.$/);
      assert.doesNotMatch(text, /Dev/, 'Dev cannot move, so it is not offered');
    });

    it('an environment that cannot move: its blockers, and which ones can', async () => {
      const record = await mine(MIXED);
      const replies = await service.commands(facts(), `${record.id} dev`);
      assert.equal(cardsOf(replies).length, 0);
      assert.equal(textOf(replies), 'Dev cannot move as things stand, so it gets no move commands:\n\n'
        + '- Dev: Dev is a developer environment, which cannot move\n\n'
        + `2 environments can: **Sales** and **Ops**; for example **commands ${record.id} Sales**. Type **open ${record.id}** for the findings and what to do about them.`);
    });

    it('everything blocked: no cards, the blockers of the whole migration once, then each environment\'s own', async () => {
      const record = await mine({
        ...profile([environment('Dev', { type: 'developer' }), environment('Ops')]),
        destination: { tenantDomain: 'contoso.onmicrosoft.com', region: 'NA' },
      });
      const replies = await service.commands(facts(), undefined);
      assert.equal(cardsOf(replies).length, 0);
      const text = textOf(replies);
      assert.match(text, new RegExp(`^None of the environments in assessment \\*\\*${record.id}\\*\\*.* can move as things stand, so there are no move commands yet:`));
      assert.match(text, /\n- The whole migration: [^\n]+/);
      assert.match(text, /\n- Dev: Dev is a developer environment, which cannot move/);
      assert.doesNotMatch(text, /\n- Ops:/, 'Ops has no blocker of its own');
    });

    it('in admin center: numbered clicks instead of code, and a button back to PowerShell', async () => {
      const record = await mine(MIXED);
      const replies = await service.commands(facts(), `${record.id} ops in the admin centre`);
      assert.match(textOf(replies), /^Move commands \(admin center clicks\) for \*\*Ops\*\*/);
      for (const card of cardsOf(replies)) {
        assert.deepEqual(codeBlocks(card), []);
        assert.ok(typedButtons(card).some((b) => b.typed === `commands ${record.id} Ops`));
      }
      assert.match(JSON.stringify(cardsOf(replies)[0]), /1\. Open https:\/\/admin\.powerplatform\.microsoft\.com and sign in as an administrator of contoso\.onmicrosoft\.com/);
    });

    it('an environment whose name ends like the route words is still found', async () => {
      await mine(profile([environment('Sales in admin center')]));
      const replies = await service.commands(facts(), 'Sales in admin center');
      assert.match(textOf(replies), /^Move commands \(PowerShell steps\) for \*\*Sales in admin center\*\*/);
    });

    it('a value that cannot be made safe for PowerShell is an input error with the field, not a crash', async () => {
      const v = { ...profile([environment('Sales')]) };
      const record = await mine(v);
      // A stored profile edited by hand: a line break in the name (the domain refuses it in prompts).
      const hostile = { ...record, profile: { ...record.profile, environments: [{ ...record.profile.environments[0]!, name: 'Sales\nRemove-Item C:\\ -Recurse' }] } };
      hostile.assessment = { ...record.assessment, environments: [{ ...record.assessment.environments[0]!, name: hostile.profile.environments[0]!.name }] };
      const saved = await assessments.save({ tenantId: TENANT, userId: MEGAN.id, userName: MEGAN.name, profile: hostile.profile, assessment: hostile.assessment });
      const replies = await service.commands(facts(), saved.id);
      assert.equal(cardsOf(replies).length, 0);
      const text = textOf(replies);
      assert.match(text, /^I can't write safe commands for assessment \*\*[a-z0-9]+\*\*/);
      assert.match(text, /- environments\\\[0\\\]\.name: contains a line break/);
      assert.doesNotMatch(text, /at [\w.]+ \(|Error:|\n\s+at /, 'no stack trace');
    });

    it('hostile typed values come back escaped, cut short and on one line', async () => {
      await mine(MIXED);
      const typed = `<at>x</at> \${evil} **bold** [link](http://x) \u0007 ${'long '.repeat(500)}`;
      const text = textOf(await service.commands(facts(), typed));
      assert.match(text, /has no environment called "‹at›x‹\/at› \$\u200B\{evil\} \\\*\\\*bold\\\*\\\* \\\[link\\\]\(http:\/\/x\) long/);
      assert.doesNotMatch(text, /<|\$\{|\u0007/);
      assert.ok(text.length < 600, `${text.length} characters`);
      assert.equal(shown('a\r\nb\tc'), 'a b c');
    });

    it('50 environments with every kind of app, no IDs, a government cloud: both cards fit, paged by environment', async function () {
      this.timeout(60_000);
      const record = await mine(fiftyEnvironments());
      for (const args of [record.id, `${record.id} in admin center`]) {
        const replies = await service.commands(facts(), args);
        const cards = cardsOf(replies);
        assert.equal(cards.length, 2);
        for (const card of cards) {
          const bytes = cardUtf16Bytes(card);
          assert.ok(bytes <= COMMANDS_CARD_BUDGET && bytes < 80_000, `${bytes} bytes`);
          assert.ok(typedButtons(card).some((b) => b.title.startsWith('Next: ')), 'a Next button pages to the next environment');
        }
      }
      const packaging = cardsOf(await service.packaging(facts(), record.id));
      assert.equal(packaging.length, 1);
      assert.ok(cardUtf16Bytes(packaging[0]!) < 80_000);
    });
  });

  describe('packaging', () => {
    it('gives the packaging card for the first environment with something to package, or the one asked for', async () => {
      const record = await mine(MIXED);
      const first = await service.packaging(facts(), undefined);
      assert.match(textOf(first), new RegExp(`^Apps and flows for \\*\\*Sales\\*\\* from your latest assessment \\*\\*${record.id}\\*\\*`));
      assert.match(JSON.stringify(cardsOf(first)[0]), /Canvas apps outside solutions/);
      const ops = await service.packaging(facts(), `${record.id} OPS`);
      assert.match(textOf(ops), /^Apps and flows for \*\*Ops\*\*/);
      assert.match(JSON.stringify(cardsOf(ops)[0]), /does not say what this environment holds/);
    });

    it('unknown environment and no assessment', async () => {
      assert.match(textOf(await service.packaging(facts(), undefined)), /^You have no saved assessments yet/);
      const record = await mine(MIXED);
      assert.match(textOf(await service.packaging(facts(), `${record.id} Nowhere`)), /has no environment called "Nowhere"\. Its environments: \*\*Sales\*\*, \*\*Ops\*\* and \*\*Dev\*\*\.$/);
    });
  });

  describe('send commands to', () => {
    it('parses person, side and what follows', () => {
      assert.deepEqual(parseSendArgs('Adele Vance destination k7m2q9xd Sales'), { person: 'Adele Vance', side: 'destination', rest: 'k7m2q9xd Sales' });
      assert.deepEqual(parseSendArgs('adele@contoso.com Source admin'), { person: 'adele@contoso.com', side: 'source', rest: '' });
      assert.deepEqual(parseSendArgs('destination'), { person: '', side: 'destination', rest: '' });
      assert.deepEqual(parseSendArgs('Adele'), { person: 'Adele', side: undefined, rest: '' });
      assert.deepEqual(parseRoute('k7m2q9xd Sales via admin center'), { rest: 'k7m2q9xd Sales', route: 'admin-center' });
      assert.deepEqual(parseRoute('Sales in PowerShell'), { rest: 'Sales', route: 'powershell' });
    });

    it('asks for the side, and for the person', async () => {
      assert.match(textOf(await service.sendCommands(facts(), 'Adele Vance', lookup(), target)),
        /^Which admin is Adele Vance\? Type \*\*send commands to Adele Vance source\*\* for the admin of the tenant the environments are in now, or \*\*send commands to Adele Vance destination\*\*/);
      assert.match(textOf(await service.sendCommands(facts(), undefined, lookup(), target)), /^Who should get the commands, and which admin are they\?/);
      await mine(MIXED);
      assert.match(textOf(await service.sendCommands(facts('team'), 'source', lookup(), target)), /^Who should get the commands\? Type .*, or @mention them\.$/);
      assert.equal(notifier.calls.length, 0);
    });

    it('opens a 1:1 chat with the person and posts a note, then that side\'s card', async () => {
      const record = await mine(MIXED);
      const replies = await service.sendCommands(facts('team'), `adele@contoso.com destination ${record.id} Ops`, lookup(), target);
      assert.equal(textOf(replies), `Sent. Adele Vance has the destination admin's move commands for **Ops** (assessment **${record.id}**, PowerShell) in a personal chat with me.`);
      assert.deepEqual(notifier.calls.map((c) => c.kind), ['create', 'send']);
      assert.deepEqual(notifier.calls[0]!.target, { tenantId: TENANT, serviceUrl: target.serviceUrl, userId: '29:adele', botId: '28:bot' });
      assert.match(notifier.calls[0]!.activity.text!, /^Megan Bowen sent you the move commands for the administrator of fabrikam\.onmicrosoft\.com: environment \*\*Ops\*\*/);
      const card = (notifier.calls[1]!.activity.attachments![0] as { content: Record<string, unknown> }).content;
      assert.match(JSON.stringify(card), /Move commands: destination admin/);
      assert.deepEqual(invocations(card).filter((l) => l.startsWith('TenantToTenant-')).map((l) => l.split(' ')[0]), DESTINATION_CMDLETS);
    });

    it('reaches a person in the chat the bot already has with them', async () => {
      await mine(MIXED);
      const reference: Reference = { channelId: 'msteams', serviceUrl: target.serviceUrl, conversation: { id: 'a:adele-chat', conversationType: 'personal', tenantId: TENANT } };
      stored.set(`${TENANT}|${ADELE.aadObjectId}`, {
        tenantId: TENANT, conversationId: 'a:adele-chat', kind: 'personal', teamId: null, channelId: null, userIds: [ADELE.aadObjectId!],
        reference, installed: true, updatedAt: '2026-12-01T09:00:00.000Z', dead: null,
      });
      const replies = await service.sendCommands(facts(), 'Adele source', lookup(), target);
      assert.match(textOf(replies), /^Sent\. Adele Vance has the source admin's move commands for \*\*Sales\*\*/);
      assert.deepEqual(notifier.calls.map((c) => [c.kind, c.reference?.conversation?.id]), [['send', 'a:adele-chat'], ['send', 'a:adele-chat']]);
    });

    it('uses the @mentioned person in a channel', async () => {
      await mine(MIXED);
      mention = { id: '29:alex', name: 'Alex Wilber' };
      const replies = await service.sendCommands(facts('team'), 'source', lookup(), target);
      assert.match(textOf(replies), /^Sent\. Alex Wilber has the source admin's/);
      assert.equal(notifier.calls[0]!.target!.userId, '29:alex');
    });

    it('more than one match, nobody, and the app not installed for them: plain answers, nothing sent', async () => {
      await mine(MIXED);
      const many = textOf(await service.sendCommands(facts('team'), 'vance destination', lookup(), target));
      assert.match(many, /^More than one person matches "vance":\n\n- Adele Vance \(adele@contoso\.com\)\n- Adam Vance\n\nType \*\*send commands to\*\*/);
      const nobody = textOf(await service.sendCommands(facts('team'), 'Zed destination', lookup(), target));
      assert.match(nobody, /^I couldn't find "Zed" in this team\./);
      assert.equal(notifier.calls.length, 0);
      notifier.answers.create.push({ ok: false, reason: 'not-in-conversation', status: 403 });
      const refused = textOf(await service.sendCommands(facts('team'), 'Adele destination', lookup(), target));
      assert.match(refused, /^I couldn't reach Adele Vance: Migration Readiness is not installed for them/);
      assert.match(refused, /type \*\*send commands to Adele Vance destination [a-z0-9]+ Sales\*\* again\.$/);
      assert.doesNotMatch(refused, /403|roster/i);
    });

    it('someone sending it to themselves in their own chat gets the card right here', async () => {
      await mine(MIXED);
      const replies = await service.sendCommands(facts(), 'Megan Bowen source', lookup(), target);
      assert.match(textOf(replies), /^That's you: here are the source admin's move commands for \*\*Sales\*\*/);
      assert.equal(cardsOf(replies).length, 1);
      assert.equal(notifier.calls.length, 0);
    });

    it('the same answers as commands for an environment that cannot move or no assessment', async () => {
      assert.match(textOf(await service.sendCommands(facts(), 'Adele destination', lookup(), target)), /^You have no saved assessments yet/);
      const record = await mine(MIXED);
      assert.match(textOf(await service.sendCommands(facts(), `Adele destination ${record.id} Dev`, lookup(), target)), /^Dev cannot move as things stand/);
      assert.equal(notifier.calls.length, 0);
    });
  });
});
