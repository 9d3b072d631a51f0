/**
 * The largest message of each kind the bot builds for a 50-environment profile with every solution, sized as Teams
 * counts (UTF-16 bytes of the activity JSON). Used by `npm run bench`; figures only. Round 1 covers the cards and
 * texts that grow with environments; the full walk of every message the bot can send is the message-size test.
 */
import { buildChecklist } from '../src/domain/checklist/build.js';
import { assess, ENVIRONMENT_TYPES, renderMarkdown, SOLUTION_IDS, validateProfile } from '../src/domain/assessment/index.js';
import type { MigrationProfile } from '../src/domain/assessment/index.js';
import { newState, review, handle } from '../src/domain/interview/interview.js';
import { fitChecklistCard } from '../src/cards/checklistView.js';
import { cardUtf16Bytes, fitEligibilityCard, marketingCardView } from '../src/cards/eligibilityView.js';
import { questionCardView, reviewCardView } from '../src/cards/interviewView.js';
import { ADAPTIVE_CARD_CONTENT_TYPE, renderCard } from '../src/cards/renderer.js';

const REGIONS = ['NA', 'EUR', 'OCE', 'UK'];

export function bigProfile(environments = 50): MigrationProfile {
  const input = {
    source: { tenantDomain: 'contoso.onmicrosoft.com', region: 'NA', activeLicensedUsers: 5000, customerLockbox: true },
    destination: {
      tenantDomain: 'fabrikam.onmicrosoft.com', region: 'EUR', availableLicenses: 3000, paidSubscription: true,
      marketingLicenses: false, availableStorageGb: { database: 500, file: 2000, log: 100 },
    },
    environments: Array.from({ length: environments }, (_, i) => ({
      name: `Contoso environment ${String(i + 1).padStart(2, '0')}`,
      type: ENVIRONMENT_TYPES[i % ENVIRONMENT_TYPES.length],
      region: REGIONS[i % REGIONS.length],
      storageGb: { database: 10 + i, file: 30 + i, log: 1 },
      mappedUsers: 40 + i,
      solutions: [...SOLUTION_IDS],
    })),
  };
  const validation = validateProfile(input);
  if (!validation.ok) throw new Error(`bench profile does not validate: ${JSON.stringify(validation.issues.slice(0, 3))}`);
  return validation.profile;
}

/** A message activity as the bot posts it, around a card or a text. */
function messageBytes(content: { card?: object; text?: string }): number {
  return cardUtf16Bytes({
    type: 'message',
    id: 'x'.repeat(40),
    timestamp: new Date().toISOString(),
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    channelId: 'msteams',
    from: { id: `28:${'b'.repeat(36)}`, name: 'Migration Readiness' },
    conversation: { id: `a:${'c'.repeat(120)}` },
    recipient: { id: `29:${'u'.repeat(120)}` },
    replyToId: 'r'.repeat(40),
    inputHint: 'acceptingInput',
    ...(content.text !== undefined ? { text: content.text } : {}),
    ...(content.card ? { attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: content.card }] } : {}),
  });
}

export interface MessageSize {
  kind: string;
  bytes: number;
  note?: string;
}

export function largestMessages(): MessageSize[] {
  const profile = bigProfile();
  const assessment = assess(profile);
  const createdAt = new Date('2026-01-01T00:00:00Z');
  const sizes: MessageSize[] = [];

  const eligibility = fitEligibilityCard(profile, assessment, { assessmentId: 'abcd1234', createdAt });
  sizes.push({ kind: 'eligibility card (verdict)', bytes: messageBytes({ card: eligibility.card }), note: `${eligibility.view.environments?.length ?? "?"} environments shown` });

  const marketing = renderCard('marketing', marketingCardView(assessment, { assessmentId: 'abcd1234' }));
  sizes.push({ kind: 'marketing card', bytes: messageBytes({ card: marketing }) });

  const state = newState();
  state.draft = { source: profile.source, destination: profile.destination, environments: profile.environments } as typeof state.draft;
  const reviewCard = renderCard('review', reviewCardView(review(state)));
  sizes.push({ kind: 'interview review card', bytes: messageBytes({ card: reviewCard }) });

  // The largest question card: the solutions multi-select (every solution a choice).
  let step = handle(newState(), { text: 'contoso.onmicrosoft.com' });
  let largestQuestion = 0;
  for (const text of ['skip', 'Europe', 'commercial', '250', 'no', 'fabrikam.onmicrosoft.com', 'skip', 'EUR', 'commercial', 'yes', '300', '1 TB', 'Contoso Sales', 'production', 'same', 'yes', 'no', 'no', '200 GB', '120', 'yes']) {
    for (const output of step.outputs) {
      if (output.type === 'ask') largestQuestion = Math.max(largestQuestion, messageBytes({ card: renderCard('question', questionCardView(output.view)) }));
    }
    step = handle(step.state, { text });
  }
  for (const output of step.outputs) {
    if (output.type === 'ask') largestQuestion = Math.max(largestQuestion, messageBytes({ card: renderCard('question', questionCardView(output.view)) }));
  }
  sizes.push({ kind: 'interview question card', bytes: largestQuestion });

  const checklist = buildChecklist(profile, assessment);
  let largestChecklist = 0;
  for (const phase of new Set(checklist.items.map((item) => item.phase))) {
    const fitted = fitChecklistCard(checklist, { checklistId: 'chk12345', now: createdAt, phase, refreshUserIds: [] });
    largestChecklist = Math.max(largestChecklist, messageBytes({ card: fitted.card }));
  }
  sizes.push({ kind: 'checklist card (largest phase page)', bytes: largestChecklist });

  const markdown = renderMarkdown(assessment, profile);
  sizes.push({ kind: '`export <id>` report as one text message', bytes: messageBytes({ text: `\`\`\`\n${markdown}\n\`\`\`` }), note: 'to go as a file (plan issue)' });
  return sizes;
}
