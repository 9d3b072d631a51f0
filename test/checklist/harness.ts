/**
 * The checklist feature inside the real MigrationBot, driven through botbuilder's TestAdapter (no HTTP, no turn
 * lock, so one activity can be delivered twice exactly as Teams would retry it), with in-memory storage, a fake
 * Notifier that records every proactive call, a fake member directory and a controllable clock.
 */
import { randomUUID } from 'node:crypto';
import {
  ConversationState, MemoryStorage, TestAdapter, UserState,
  type Activity, type InvokeResponse, type ResourceResponse, type TurnContext,
} from 'botbuilder';
import { assess, validateProfile } from '../../src/domain/assessment/index.js';
import type { MigrationProfile } from '../../src/domain/assessment/types.js';
import { checklistRoutes, type PeopleDirectory } from '../../src/bot/checklistRoutes.js';
import { checklistService, type Recipient } from '../../src/services/checklistService.js';
import type { Command } from '../../src/bot/commands.js';
import type { VerbTable } from '../../src/bot/verbs.js';

/** The checklist's Teams routes plus a way to wait for its background card updates. */
export interface ChecklistFeature {
  commands: Command[];
  verbs: VerbTable;
  idle(): Promise<void>;
}
import { MigrationBot } from '../../src/bot/teamsBot.js';
import { memoryLogger } from '../../src/logging.js';
import { BackgroundTasks } from '../../src/proactive/backgroundTasks.js';
import type { StoredConversation } from '../../src/proactive/conversationReferenceStore.js';
import type {
  Notifier, PersonalResult, PersonalTarget, Reference, SendResult, UpdateResult,
} from '../../src/proactive/notifier.js';
import { AssessmentRepository, type StoredAssessment } from '../../src/records/assessmentRepository.js';
import { ChecklistRepository } from '../../src/records/checklistRepository.js';

export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const OTHER_TENANT = '99999999-0000-0000-0000-000000000000';

export interface Who {
  id: string;
  name: string;
  aadObjectId: string;
}

export const MEGAN: Who = { id: '29:megan', name: 'Megan Bowen', aadObjectId: '11111111-0000-0000-0000-000000000001' };
export const ADELE: Who = { id: '29:adele', name: 'Adele Vance', aadObjectId: '11111111-0000-0000-0000-000000000002' };
export const ALEX: Who = { id: '29:alex', name: 'Alex Wilber', aadObjectId: '11111111-0000-0000-0000-000000000003' };

export interface NotifierCall {
  kind: 'send' | 'update' | 'create';
  reference?: Reference;
  target?: PersonalTarget;
  activityId?: string;
  activity: Partial<Activity>;
}

/** Records calls; answers can be queued per kind (default: success). */
export class FakeNotifier implements Notifier {
  readonly calls: NotifierCall[] = [];
  readonly answers: { send: SendResult[]; update: UpdateResult[]; create: PersonalResult[] } = { send: [], update: [], create: [] };
  private counter = 0;

  async send(reference: Reference, activity: Partial<Activity>): Promise<SendResult> {
    this.calls.push({ kind: 'send', reference, activity });
    return this.answers.send.shift() ?? { ok: true, activityId: `sent-${++this.counter}` };
  }

  async update(reference: Reference, activityId: string, activity: Partial<Activity>): Promise<UpdateResult> {
    this.calls.push({ kind: 'update', reference, activityId, activity });
    return this.answers.update.shift() ?? { ok: true, activityId, reposted: false, reference };
  }

  async startThread(): Promise<never> {
    throw new Error('checklists never start channel threads');
  }

  async createPersonalConversation(target: PersonalTarget, activity: Partial<Activity>): Promise<PersonalResult> {
    this.calls.push({ kind: 'create', target, activity });
    const answer = this.answers.create.shift();
    if (answer) return answer;
    const n = ++this.counter;
    return {
      ok: true,
      activityId: `created-${n}`,
      reference: {
        channelId: 'msteams', serviceUrl: target.serviceUrl,
        conversation: { id: `a:personal-${target.userId}`, conversationType: 'personal', tenantId: target.tenantId, isGroup: false, name: '' },
      },
    };
  }
}

/** A TestAdapter that keeps every in-turn update, so tests can see in-place changes. */
class RecordingAdapter extends TestAdapter {
  readonly updates: Array<Partial<Activity>> = [];
  override async updateActivity(context: TurnContext, activity: Partial<Activity>): Promise<ResourceResponse | void> {
    this.updates.push(JSON.parse(JSON.stringify(activity)) as Partial<Activity>);
    return super.updateActivity(context, activity);
  }
}

export interface TurnOptions {
  who?: Who;
  tenantId?: string;
  conversationId?: string;
  channel?: boolean;
  entities?: unknown[];
  replyToId?: string;
  id?: string;
}

export interface Harness {
  storage: MemoryStorage;
  assessments: AssessmentRepository;
  checklists: ChecklistRepository;
  notifier: FakeNotifier;
  references: Map<string, StoredConversation>;
  members: Recipient[];
  feature: ChecklistFeature;
  bot: MigrationBot;
  adapter: RecordingAdapter;
  logger: ReturnType<typeof memoryLogger>;
  clock: { now: Date };
  /** Sends a message; returns what the bot sent in that turn. */
  say(text: string, o?: TurnOptions): Promise<Array<Partial<Activity>>>;
  /** Builds an Action.Execute invoke (deliver it with `deliver`, possibly twice). */
  invokeActivity(verb: string, data: Record<string, unknown>, o?: TurnOptions): Partial<Activity>;
  /** Delivers an invoke; returns the invoke response Teams would get. */
  deliver(activity: Partial<Activity>): Promise<InvokeResponse>;
  seedAssessment(profile: unknown, who?: Who, tenantId?: string): Promise<StoredAssessment>;
}

export function createHarness(): Harness {
  const storage = new MemoryStorage();
  const logger = memoryLogger();
  const assessments = new AssessmentRepository(storage);
  const checklists = new ChecklistRepository(storage);
  const notifier = new FakeNotifier();
  const references = new Map<string, StoredConversation>();
  const members: Recipient[] = [];
  const clock = { now: new Date('2026-12-01T09:00:00.000Z') };
  const people: PeopleDirectory = {
    async *members() {
      yield* members;
    },
  };
  const service = checklistService({
    assessments,
    checklists,
    logger,
    notifier,
    references: { forUser: async (tenantId, userId) => references.get(`${tenantId}|${userId.toLowerCase()}`) },
    background: new BackgroundTasks(logger),
    now: () => clock.now,
  });
  const feature: ChecklistFeature = { ...checklistRoutes(service, people), idle: () => service.idle() };
  const bot = new MigrationBot({
    conversationState: new ConversationState(storage),
    userState: new UserState(storage),
    logger,
    forget: async () => ({ items: [] }),
    configureCommands: (router) => router.register(...feature.commands),
    verbs: { ...feature.verbs },
  });
  const adapter = new RecordingAdapter(async (context) => bot.run(context));

  const base = (o: TurnOptions = {}) => {
    const who = o.who ?? MEGAN;
    const tenantId = o.tenantId ?? TENANT;
    const conversationId = o.conversationId ?? (o.channel ? '19:general@thread.tacv2;messageid=1' : `a:personal-${who.id}`);
    return {
      id: o.id ?? randomUUID(),
      channelId: 'msteams',
      serviceUrl: 'https://smba.example.test/emea/',
      from: { id: who.id, name: who.name, aadObjectId: who.aadObjectId },
      recipient: { id: '28:bot', name: 'Migration Readiness' },
      conversation: o.channel
        ? { id: conversationId, conversationType: 'channel', isGroup: true, tenantId, name: '' }
        : { id: conversationId, conversationType: 'personal', tenantId, isGroup: false, name: '' },
      channelData: o.channel
        ? { tenant: { id: tenantId }, team: { id: '19:team@thread.tacv2' }, channel: { id: '19:general@thread.tacv2' } }
        : { tenant: { id: tenantId } },
      entities: o.entities,
      replyToId: o.replyToId,
    };
  };

  return {
    storage, assessments, checklists, notifier, references, members, feature, bot, adapter, logger, clock,
    async say(text, o = {}) {
      const before = adapter.activeQueue.length;
      await adapter.processActivity({ ...base(o), type: 'message', text } as Partial<Activity>);
      const sent = adapter.activeQueue.slice(before);
      adapter.activeQueue.splice(before);
      return sent;
    },
    invokeActivity(verb, data, o = {}) {
      return {
        ...base(o),
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      } as Partial<Activity>;
    },
    async deliver(activity) {
      const before = adapter.activeQueue.length;
      await adapter.processActivity(JSON.parse(JSON.stringify(activity)) as Partial<Activity>);
      // The TestAdapter queues the invoke response like any activity (CloudAdapter would return it as the HTTP answer).
      const sent = adapter.activeQueue.splice(before);
      const responses = sent.filter((a) => a.type === 'invokeResponse');
      if (responses.length !== 1 || sent.length !== 1) throw new Error(`expected one invoke response, got ${JSON.stringify(sent)}`);
      return responses[0]!.value as InvokeResponse;
    },
    async seedAssessment(input, who = MEGAN, tenantId = TENANT) {
      const v = validateProfile(input);
      if (!v.ok) throw new Error(JSON.stringify(v.issues));
      return assessments.save({
        tenantId, userId: who.aadObjectId, userName: who.name, profile: v.profile, assessment: assess(v.profile as MigrationProfile),
      });
    },
  };
}

/** A profile with one production environment holding apps, flows and mailboxes (a realistic, longer checklist). */
export const PROFILE = {
  source: { tenantDomain: 'contoso.onmicrosoft.com', region: 'EUR', customerLockbox: true },
  destination: { tenantDomain: 'fabrikam.onmicrosoft.com', region: 'EUR', tenantId: '66666666-7777-8888-9999-000000000000' },
  environments: [{ name: 'Contoso Sales', type: 'production', solutions: ['canvas-solution-aware', 'power-automate', 'mailboxes'] }],
};

/** The adaptive card in an activity or invoke response. */
export function cardOf(x: Partial<Activity> | InvokeResponse): any {
  const activity = x as Partial<Activity>;
  if (activity.attachments) return activity.attachments[0]?.content;
  const body = (x as InvokeResponse).body as { type?: string; value?: unknown };
  if (body?.type !== 'application/vnd.microsoft.card.adaptive') throw new Error(`not a card response: ${JSON.stringify(body)}`);
  return body.value;
}

/** Every Action.Execute in a card (refresh included), with its verb and data. */
export function executeActions(card: unknown): Array<{ title?: string; verb: string; data: Record<string, any> }> {
  const out: Array<{ title?: string; verb: string; data: Record<string, any> }> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, any>;
      if (o.type === 'Action.Execute') out.push({ title: o.title, verb: o.verb, data: o.data ?? {} });
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

/** The toggle button of an item on a card. */
export function toggleOf(card: unknown, itemId: string): { title?: string; verb: string; data: Record<string, any> } {
  const action = executeActions(card).find((a) => a.verb === 'checklist.toggle' && a.data.itemId === itemId);
  if (!action) throw new Error(`no toggle for ${itemId} on the card`);
  return action;
}
