/**
 * Every message the bot builds from its view models and domain, for one profile, as the activities Teams would
 * receive (a card in a message activity, or a text). Used by the message-size test (test/messages) and by
 * `npm run bench` (largest message of each kind). Adding a producer is one entry in PRODUCERS.
 *
 * What is reached only through the Teams edge (welcome and help cards built from the command table, the mapping
 * result card, my assessments, the apology after an error) is walked over HTTP in test/messages/messageWalk.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildChecklist } from '../../src/domain/checklist/build.js';
import { CHECKLIST_PHASES } from '../../src/domain/checklist/types.js';
import { assess, ENVIRONMENT_TYPES, SOLUTION_IDS, validateProfile } from '../../src/domain/assessment/index.js';
import type { Assessment, MigrationProfile } from '../../src/domain/assessment/index.js';
import { buildCommandPlan, buildPackagingPlan } from '../../src/domain/commands/index.js';
import { newState, handle, type Output, type InterviewState } from '../../src/domain/interview/interview.js';
import { assessMailboxInput, readValidationLog } from '../../src/domain/mailbox/index.js';
import { buildPlan } from '../../src/domain/plan/index.js';
import { createMigration, describeStatus } from '../../src/domain/status/index.js';
import { fitChecklistCard } from '../../src/cards/checklistView.js';
import { commandsCards } from '../../src/cards/commandsView.js';
import { fitEligibilityCard, marketingCardView } from '../../src/cards/eligibilityView.js';
import { questionCardView, reviewCardView } from '../../src/cards/interviewView.js';
import { fitMailboxLogCard, renderMailboxReadinessCard } from '../../src/cards/mailboxView.js';
import { fitPackagingCard } from '../../src/cards/packagingView.js';
import { fitPlanCard } from '../../src/cards/planView.js';
import { fitIdentityMapCard } from '../../src/cards/identityView.js';
import { checkIdentityMap } from '../../src/domain/identity/index.js';
import { ADAPTIVE_CARD_CONTENT_TYPE, renderCard } from '../../src/cards/renderer.js';
import { statusCardView } from '../../src/cards/statusView.js';
import { projectRoot } from '../../src/paths.js';
import type { StoredAssessment } from '../../src/records/assessmentRepository.js';
import { exportMessages } from '../../src/services/eligibilityService.js';
import { generatedTranscript } from '../domain/mailbox/transcript.js';

const REGIONS = ['NA', 'EUR', 'OCE', 'UK'];

/** A profile of `environments` environments, each with every solution (the largest cards and lists). */
export function bigProfile(environments = 50): MigrationProfile {
  const input = {
    source: { tenantDomain: 'contoso.onmicrosoft.com', region: 'NA', activeLicensedUsers: 5000, customerLockbox: true },
    destination: {
      tenantDomain: 'fabrikam.onmicrosoft.com', region: 'EUR', tenantId: '66666666-7777-8888-9999-000000000000',
      availableLicenses: 3000, paidSubscription: true, marketingLicenses: false,
      availableStorageGb: { database: 500, file: 2000, log: 100 },
    },
    environments: Array.from({ length: environments }, (_, i) => ({
      name: `Contoso environment ${String(i + 1).padStart(2, '0')}`,
      id: `${String(i + 1).padStart(8, '0')}-aaaa-bbbb-cccc-dddddddddddd`,
      type: ENVIRONMENT_TYPES[i % ENVIRONMENT_TYPES.length],
      region: REGIONS[i % REGIONS.length],
      storageGb: { database: 10 + i, file: 30 + i, log: 1 },
      mappedUsers: 40 + i,
      managedEnvironment: i % 2 === 0,
      linkedToFinanceAndOperations: false,
      solutions: [...SOLUTION_IDS],
    })),
  };
  const validation = validateProfile(input);
  if (!validation.ok) throw new Error(`profile does not validate: ${JSON.stringify(validation.issues.slice(0, 3))}`);
  return validation.profile;
}

/** The activity as the connector receives it, around a card or a text (ids as long as Teams' real ones). */
export function messageActivity(content: { card?: object; text?: string }): Record<string, unknown> {
  return {
    type: 'message',
    id: 'x'.repeat(40),
    timestamp: '2026-01-01T00:00:00.000Z',
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    channelId: 'msteams',
    from: { id: `28:${'b'.repeat(36)}`, name: 'Migration Readiness' },
    conversation: { id: `a:${'c'.repeat(120)}` },
    recipient: { id: `29:${'u'.repeat(120)}` },
    replyToId: 'r'.repeat(40),
    inputHint: 'acceptingInput',
    ...(content.text !== undefined ? { text: content.text } : {}),
    ...(content.card ? { attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: content.card }] } : {}),
  };
}

export interface CatalogueMessage {
  /** What it is, e.g. "checklist card (during, page 3)". */
  label: string;
  activity: Record<string, unknown>;
}

export interface Producer {
  /** The kind of message, one row in the bench's table. */
  kind: string;
  /**
   * True while the producer is known to exceed the budget and the send-time net (src/bot/messageBudget.ts) replaces
   * it: the test then checks the net catches it. Remove the flag once the producer fits or pages.
   */
  caughtByNet?: string;
  messages(context: CatalogueContext): CatalogueMessage[];
}

export interface CatalogueContext {
  profile: MigrationProfile;
  assessment: Assessment;
  assessmentId: string;
  now: Date;
}

const card = (label: string, content: object): CatalogueMessage => ({ label, activity: messageActivity({ card: content }) });
const text = (label: string, body: string): CatalogueMessage => ({ label, activity: messageActivity({ text: body }) });

/** Answers for one environment of the interview (`i` 0-based), every solution picked. */
function environmentAnswers(i: number, last: boolean): string[] {
  return [`Contoso environment ${String(i + 1).padStart(2, '0')}`, 'production', 'same', 'yes', 'no', 'no', '200 GB', '120', 'yes', SOLUTION_IDS.join(', '), last ? 'no' : 'yes'];
}

/** The interview's answers for `environments` environments, from the first question to the review. */
export function interviewAnswers(environments: number): string[] {
  const tenants = ['contoso.onmicrosoft.com', 'skip', 'Europe', 'commercial', '5000', 'yes',
    'fabrikam.onmicrosoft.com', '66666666-7777-8888-9999-000000000000', 'EUR', 'commercial', 'yes', '3000', '1 TB'];
  const envs = Array.from({ length: environments }, (_, i) => environmentAnswers(i, i === environments - 1)).flat();
  return [...tenants, ...envs, 'no'];
}

/** Every output of the interview for the profile's size: each question (also re-asked after a wrong answer), each note, the review. */
function interviewMessages(environments: number): CatalogueMessage[] {
  const out: CatalogueMessage[] = [];
  const collect = (outputs: Output[], note: string): void => {
    for (const o of outputs) {
      if (o.type === 'ask') out.push(card(`question ${o.view.id ?? ''} ${note}`.trim(), renderCard('question', questionCardView(o.view))));
      else if (o.type === 'say' || o.type === 'cancelled') out.push(text(`interview note ${note}`.trim(), o.text));
      else if (o.type === 'review') out.push(card('review card', renderCard('review', reviewCardView(o.view))));
    }
  };
  let state: InterviewState = newState();
  let step = handle(state, { text: 'contoso.onmicrosoft.com' });
  collect(step.outputs, '');
  const answers = interviewAnswers(environments).slice(1);
  for (const [n, answer] of answers.entries()) {
    // A wrong answer first (where one can be wrong), then help, every tenth question: the error and help texts too.
    if (n % 10 === 0) {
      collect(handle(step.state, { text: '%%% not an answer %%%' }).outputs, '(after a wrong answer)');
      collect(handle(step.state, { text: 'help' }).outputs, '(help)');
    }
    step = handle(step.state, { text: answer });
    collect(step.outputs, '');
  }
  state = step.state;
  for (const command of ['change', 'add environment', 'remove nothing-like-this', 'back']) collect(handle(state, { text: command }).outputs, `(review: ${command})`);
  return out;
}

const interviews = new Map<number, CatalogueMessage[]>();
const interview = (environments: number): CatalogueMessage[] => {
  if (!interviews.has(environments)) interviews.set(environments, interviewMessages(environments));
  return interviews.get(environments)!;
};

export const PRODUCERS: Producer[] = [
  {
    kind: 'interview question cards and notes (errors, help)',
    messages: ({ profile }) => interview(profile.environments.length).filter((m) => !m.label.startsWith('review')),
  },
  { kind: 'interview review card', messages: ({ profile }) => interview(profile.environments.length).filter((m) => m.label.startsWith('review')) },
  {
    kind: 'eligibility card (verdict)',
    messages: ({ profile, assessment, assessmentId, now }) => [card('eligibility card', fitEligibilityCard(profile, assessment, { assessmentId, createdAt: now }).card)],
  },
  { kind: 'marketing card', messages: ({ assessment, assessmentId }) => [card('marketing card', renderCard('marketing', marketingCardView(assessment, { assessmentId })))] },
  {
    kind: 'checklist card (every phase, every page)',
    messages: ({ profile, assessment, now }) => {
      const checklist = buildChecklist(profile, assessment);
      const out: CatalogueMessage[] = [];
      for (const phase of CHECKLIST_PHASES) {
        for (let page = 0; ; page++) {
          const fitted = fitChecklistCard(checklist, { checklistId: 'chk12345', now, phase, page, refreshUserIds: ['29:a', '29:b'] });
          out.push(card(`checklist card (${phase}, page ${page + 1})`, fitted.card));
          if (!fitted.view.shown.hasNext || page > 200) break;
        }
      }
      return out;
    },
  },
  {
    kind: 'status card',
    messages: ({ now }) => {
      const created = createMigration({
        id: 'm-k7m2q9xd', name: 'Contoso environment 50 move', environment: 'Contoso environment 50', sourceTenant: 'contoso.onmicrosoft.com',
        destinationTenant: 'fabrikam.onmicrosoft.com', phase: 'awaiting-approval', by: { name: 'Ana Lopez' }, via: 'person', at: now,
      });
      if (!created.ok) throw new Error('status fixture');
      return [card('status card', renderCard('status', statusCardView(describeStatus(created.migration, now))))];
    },
  },
  {
    kind: 'commands cards (each environment, both admins, both routes)',
    messages: ({ profile, assessment, assessmentId }) => {
      const out: CatalogueMessage[] = [];
      for (const route of ['powershell', 'admin-center'] as const) {
        const built = buildCommandPlan(profile, assessment, { route });
        if (!built.ok) throw new Error(`command plan: ${JSON.stringify(built.issues.slice(0, 2))}`);
        for (const environment of [undefined, ...profile.environments.map((e) => e.name)]) {
          for (const fitted of commandsCards(built.plan, { assessmentId, environment })) {
            out.push(card(`commands card (${route}, ${environment ?? 'first'}, ${fitted.view.side})`, fitted.card));
          }
        }
      }
      return out;
    },
  },
  {
    kind: 'packaging card',
    messages: ({ profile, assessment, assessmentId }) => {
      const built = buildPackagingPlan(profile, assessment);
      if (!built.ok) throw new Error('packaging plan');
      return [undefined, ...profile.environments.map((e) => e.name)].map((environment) =>
        card(`packaging card (${environment ?? 'all'})`, fitPackagingCard(built.plan, { assessmentId, environment }).card));
    },
  },
  {
    kind: 'mailbox readiness card',
    messages: () => ['blocked', 'ready', 'minimal'].map((name) => {
      const outcome = assessMailboxInput(JSON.parse(readFileSync(join(projectRoot, 'examples/mailbox', `${name}.json`), 'utf8')));
      if (!outcome.ok) throw new Error(name);
      return card(`mailbox readiness card (${name})`, renderMailboxReadinessCard(outcome.readiness, outcome.profile));
    }),
  },
  {
    kind: 'mailbox log card (5,000 mailboxes)',
    messages: () => {
      const read = readValidationLog(generatedTranscript(5000, 3));
      if (!read.ok) throw new Error(read.reason);
      return [card('mailbox log card', fitMailboxLogCard(read.report, 'validation.log').card)];
    },
  },
  {
    kind: 'plan card',
    messages: ({ assessment, assessmentId }) => [card('plan card', fitPlanCard(buildPlan({
      migration: { id: 'm-big', name: 'Contoso to Fabrikam', sourceTenant: 'contoso.onmicrosoft.com', destinationTenant: 'fabrikam.onmicrosoft.com', phase: null },
      assessments: [{ id: assessmentId, assessment }],
      checklist: { done: 3, total: 400, openBlockers: 20 },
    })).card)],
  },
  {
    kind: 'identity map card (2,000 rows: clean, and with an error on every third row)',
    messages: () => {
      const migrations = Array.from({ length: 5 }, (_, i) => ({ id: `m-abcd000${i}`, name: `Contoso environment ${i + 1} to fabrikam.onmicrosoft.com, wave ${i + 1}` }));
      return [0, 3].map((every) => {
        const lines = ['Source,Target,TargetEmail,TargetObjectId,DisplayName,Workstreams', ...Array.from({ length: 2000 }, (_, i) => {
          const target = every > 0 && i % every === 0 ? `not-an-address-${i}-${'x'.repeat(60)}` : `user${i}@fabrikam.com`;
          return `user${i}@contoso.com,${target},user.${i}@fabrikam.com,${every > 0 && i % 7 === 0 ? 'not-a-guid' : ''},Person ${i},${i % 2 ? 'mailboxes;onedrive' : ''}`;
        })];
        const report = checkIdentityMap({ fileName: 'identity-map.csv', text: lines.join('\n'), destinationDomains: ['fabrikam.onmicrosoft.com'] });
        return card(`identity map card (${every > 0 ? 'errors' : 'clean'})`, fitIdentityMapCard(report, { mapId: 'k7m2q9xdabcd', migrations }).card);
      });
    },
  },
  {
    kind: '`export <id>`: the code block of a short report, the intro and the FileConsentCards of the files',
    messages: ({ profile, assessment, assessmentId }) => {
      const out: CatalogueMessage[] = [];
      for (const [label, p] of [['50 environments', profile], ['one environment', { ...profile, environments: profile.environments.slice(0, 1).map((e) => ({ ...e, solutions: [] })) }]] as const) {
        const record = { id: assessmentId, tenantId: 't', userId: 'u', userName: 'Megan Bowen', createdAt: '2026-01-01T00:00:00.000Z', profile: p, assessment: assess(p) } as StoredAssessment;
        const { inline, intro, cards } = exportMessages(record);
        if (label === 'one environment' && !inline) throw new Error('a one-environment report keeps its code block');
        if (label === '50 environments' && inline) throw new Error('a 50-environment report is files only');
        if (inline) out.push(text(`export code block (${label})`, inline));
        out.push(text(`export intro (${label})`, intro));
        cards.forEach((c, i) => out.push({ label: `export file offer ${i + 1} (${label})`, activity: { ...messageActivity({}), ...c } }));
      }
      return out;
    },
  },
];

export function catalogueContext(environments = 50): CatalogueContext {
  const profile = bigProfile(environments);
  return { profile, assessment: assess(profile), assessmentId: 'abcd1234', now: new Date('2026-01-01T00:00:00Z') };
}
