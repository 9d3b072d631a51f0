/**
 * View model of the plan card (cards/plan.json): one card per migration, posted in the channel (a shared channel
 * lets both tenants' admins see it) and updated in place when a workstream changes. Pure: it turns the domain's
 * MigrationPlan into the plain values the template binds, every property present. Each workstream says its
 * readiness in words as well as colour, what it waits for and who acts next in which tenant; each step of the
 * order says why it comes where it does, with the page and date it rests on.
 */
import { cardUtf16Bytes } from './eligibilityView.js';
import { renderCard } from './renderer.js';
import type { MigrationPlan, StepState, WorkstreamStatus } from '../domain/plan/index.js';
import { listText, plural } from '../domain/text.js';

export const PLAN_TEMPLATE = 'plan';
/** Action.Execute verbs of the plan card's buttons (answered by src/bot/planRoutes.ts); data is `{ migrationId }`. */
export const PLAN_REFRESH_VERB = 'plan.refresh';
export const PLAN_EVIDENCE_VERB = 'plan.evidence';
/** Teams refuses a message over about 100 KB (UTF-16); the team's budget for a card is 80 KB, kept with room to spare. */
export const PLAN_CARD_BUDGET = 72_000;
export const PLAN_STEPS_SHOWN = 30;

type Colour = 'Default' | 'Accent' | 'Good' | 'Warning' | 'Attention';

export interface PlanCardView {
  migrationId: string;
  title: string;
  subtitle: string;
  workstreams: Array<{ label: string; statusText: string; color: Colour; countsText: string; hasWaits: boolean; waitsText: string; hasNext: boolean; nextText: string }>;
  steps: Array<{ heading: string; stateText: string; color: Colour; ownerText: string; hasNote: boolean; noteText: string; hasReasons: boolean; reasonsText: string }>;
  hasMoreSteps: boolean;
  moreStepsText: string;
  hasExcluded: boolean;
  excludedText: string;
  hasChecklist: boolean;
  checklistText: string;
  footerText: string;
  fallbackText: string;
}

const WS_STATUS: Record<WorkstreamStatus, { icon: string; text: string; color: Colour }> = {
  done: { icon: '✔', text: 'Done', color: 'Good' },
  ready: { icon: '✔', text: 'Ready', color: 'Good' },
  actions: { icon: '⚠', text: 'Ready after actions', color: 'Warning' },
  support: { icon: '⚠', text: 'Needs Microsoft support', color: 'Warning' },
  blocked: { icon: '✖', text: 'Blocked', color: 'Attention' },
  'not-checked': { icon: '○', text: 'Not checked yet', color: 'Default' },
};
const STEP_STATE: Record<StepState, { icon: string; text: string; color: Colour }> = {
  done: { icon: '✔', text: 'done', color: 'Good' },
  ready: { icon: '➜', text: 'ready', color: 'Accent' },
  waiting: { icon: '○', text: 'waiting', color: 'Default' },
  blocked: { icon: '✖', text: 'blocked', color: 'Attention' },
};

/** Card text is expanded by the templating engine and shown as Markdown: a user's "${" or link syntax stays text. */
function safe(text: string): string {
  return text.replace(/\$\{/g, '$\u200B{').replace(/([\\[\]*_`<>])/g, '\\$1');
}

export interface PlanCardOptions {
  /** How many steps of the order to show (the rest are counted). */
  stepsShown?: number;
  /** Leave out the reasons of each step (only when the card would not fit otherwise). */
  withoutReasons?: boolean;
}

export function planCardView(plan: MigrationPlan, options: PlanCardOptions = {}): PlanCardView {
  const shown = Math.max(1, Math.floor(options.stepsShown ?? PLAN_STEPS_SHOWN));
  const number = new Map(plan.steps.map((s, i) => [s.id, i + 1]));
  const steps = plan.steps.slice(0, shown).map((s) => {
    const state = STEP_STATE[s.state];
    const reasons = plan.edges.filter((e) => e.to === s.id).map((e) =>
      `After ${number.get(e.from)}: ${safe(e.reason)}${e.basis === 'inferred' ? ' (inferred)' : ''} [Source, ${e.sourceDate}](${e.source})`);
    return {
      heading: `${state.icon} ${number.get(s.id)}. ${safe(s.title)}`,
      stateText: state.text,
      color: state.color,
      ownerText: `Owner: ${safe(s.ownerText)}`,
      hasNote: s.stateReason !== '',
      noteText: safe(s.stateReason),
      hasReasons: !options.withoutReasons && reasons.length > 0,
      reasonsText: options.withoutReasons ? '' : reasons.join('\n\n'),
    };
  });
  const rest = plan.steps.length - steps.length;
  const tenants = `${plan.sourceTenant ?? 'source tenant not given'} to ${plan.destinationTenant ?? 'destination tenant not given'}`;
  const blocked = plan.workstreams.filter((w) => w.status === 'blocked').map((w) => w.label);
  return {
    migrationId: plan.migrationId,
    title: `Plan: ${safe(plan.name)}`,
    subtitle: `${safe(tenants)} · ${plan.migrationId}`,
    workstreams: plan.workstreams.map((w) => {
      const st = WS_STATUS[w.status];
      return {
        label: safe(w.label),
        statusText: `${st.icon} ${st.text}`,
        color: st.color,
        countsText: safe(w.countsText),
        hasWaits: w.waitsFor.length > 0,
        waitsText: w.waitsFor.length > 0 ? `Waits for: ${safe(listText(w.waitsFor))}.` : '',
        hasNext: w.next !== null,
        nextText: w.next ? `Next: ${safe(w.next.title)}. Owner: **${safe(w.next.ownerText)}**` : '',
      };
    }),
    steps,
    hasMoreSteps: rest > 0,
    moreStepsText: rest > 0 ? `And ${plural(rest, 'more step')}: the evidence pack lists them all.` : '',
    hasExcluded: plan.excluded.length > 0,
    excludedText: plan.excluded.length > 0 ? `Not in the move: ${safe(plan.excluded.map((e) => `${e.environment} (${e.reason})`).join('; '))}.` : '',
    hasChecklist: plan.checklist !== null,
    checklistText: plan.checklist ? `Checklist: ${plan.checklist.done} of ${plural(plan.checklist.total, 'item')} done, ${plural(plan.checklist.openBlockers, 'blocking item')} open.` : '',
    footerText: 'The order comes from the findings: each step says why it waits and which page says so. "(inferred)" marks an order no Microsoft page states. Records stay with the tenant that made them.',
    fallbackText: `Plan for ${plan.name.replace(/\$\{/g, '$\u200B{')}: ${plan.workstreams.length} workstreams${blocked.length > 0 ? `, blocked: ${listText(blocked)}` : ''}.`,
  };
}

export interface FittedPlanCard {
  card: Record<string, unknown>;
  view: PlanCardView;
  bytes: number;
}

/** The card within the budget: fewer steps shown, then steps without their reasons, until it fits. */
export function fitPlanCard(plan: MigrationPlan, budget: number = PLAN_CARD_BUDGET,
  render: (view: PlanCardView) => Record<string, unknown> = (view) => renderCard(PLAN_TEMPLATE, view)): FittedPlanCard {
  let stepsShown = PLAN_STEPS_SHOWN;
  let withoutReasons = false;
  for (;;) {
    const view = planCardView(plan, { stepsShown, withoutReasons });
    const card = render(view);
    const bytes = cardUtf16Bytes(card);
    if (bytes <= budget || (stepsShown === 1 && withoutReasons)) return { card, view, bytes };
    if (stepsShown > 5) stepsShown = Math.max(5, Math.floor(stepsShown / 2));
    else if (!withoutReasons) withoutReasons = true;
    else stepsShown = Math.max(1, stepsShown - 1);
  }
}
