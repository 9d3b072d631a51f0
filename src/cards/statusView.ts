/**
 * View model of the status card (cards/status.json): one card per migration, posted as a channel thread and updated
 * in place. Pure: it turns the domain's StatusView (describeStatus) into the plain values the template binds, with
 * every property present (templating drops a property whose expression is undefined).
 *
 * Conventions (see docs/status-api.md): the phase badge carries a shape and words as well as a colour; the flow
 * steps say done / in progress / to do in words; "as of" is in UTC and in the viewer's own time (Adaptive Cards
 * DATE/TIME functions, formatted by the Teams client), because an edited card is not always re-rendered at once.
 */
import type { BadgeColour, StatusPhase, StatusView, StepState } from '../domain/status/index.js';
import { formatUtc, PHASE_INFO } from '../domain/status/index.js';

export const STATUS_TEMPLATE = 'status';
/** Action.Execute verbs of the status card; data is `{ migrationId, phase, revision }` / `{ migrationId }`. */
export const STATUS_SET_VERB = 'status.set';
export const STATUS_REFRESH_VERB = 'status.refresh';

type ContainerStyle = 'emphasis' | 'accent' | 'good' | 'warning' | 'attention';

export interface StatusCardView {
  migrationId: string;
  revision: number;
  title: string;
  subtitle: string;
  badgeText: string;
  badgeColor: BadgeColour;
  badgeStyle: ContainerStyle;
  steps: Array<{ icon: string; label: string; stateText: string; weight: 'Bolder' | 'Default'; color: BadgeColour }>;
  facts: Array<{ title: string; value: string }>;
  lastChangeText: string;
  hasNote: boolean;
  noteText: string;
  hasNext: boolean;
  nextHeading: string;
  nextText: string;
  clocks: Array<{ text: string; color: BadgeColour }>;
  hasClocks: boolean;
  asOfText: string;
  howToText: string;
  actions: Array<{ title: string; phase: StatusPhase; style: 'positive' | 'destructive' | 'default' }>;
  setVerb: string;
  refreshVerb: string;
  fallbackText: string;
}

const BADGE_STYLE: Record<BadgeColour, ContainerStyle> = {
  Default: 'emphasis', Accent: 'accent', Good: 'good', Warning: 'warning', Attention: 'attention',
};
/** A shape per colour, so the badge does not rely on colour alone. */
const BADGE_ICON: Record<BadgeColour, string> = {
  Default: '■', Accent: '◷', Good: '✔', Warning: '⚠', Attention: '✖',
};
const STEP: Record<StepState, { icon: string; text: string; color: BadgeColour }> = {
  done: { icon: '✔', text: 'done', color: 'Good' },
  current: { icon: '➜', text: 'in progress', color: 'Accent' },
  upcoming: { icon: '○', text: 'to do', color: 'Default' },
  stopped: { icon: '✖', text: 'stopped here', color: 'Attention' },
};
const DESTRUCTIVE: ReadonlySet<StatusPhase> = new Set(['cancelled', 'failed', 'validation-failed']);
const DAY_MS = 24 * 60 * 60 * 1000;

/** "2026-12-02T10:15:30Z": the form the Adaptive Cards DATE() and TIME() functions accept (no milliseconds). */
function rfc3339(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19)}Z`;
}

function tenants(view: StatusView): string {
  if (!view.sourceTenant && !view.destinationTenant) return 'Source and destination tenants not given yet';
  return `${view.sourceTenant ?? 'source tenant not given'} to ${view.destinationTenant ?? 'destination tenant not given'}`;
}

export function lastChangeText(view: StatusView): string {
  const c = view.lastChange;
  const how = c.via === 'person' ? 'a person' : 'automation';
  const what = c.from === null ? `Tracking started at ${PHASE_INFO[c.phase].label}` : `Set to ${PHASE_INFO[c.phase].label}`;
  return `${what} by ${c.by} (${how}) at ${c.atText}.`;
}

/** The card's view model at the time the StatusView was described. */
export function statusCardView(view: StatusView): StatusCardView {
  const colour = view.badge.colour;
  const asOfIso = rfc3339(view.asOf);
  const now = Date.parse(view.asOf);
  const facts = [
    { title: 'Migration', value: view.id },
    { title: 'Environment', value: view.environment ?? 'not given' },
    { title: 'From', value: view.sourceTenant ?? 'not given' },
    { title: 'To', value: view.destinationTenant ?? 'not given' },
  ];
  if (view.assessmentId) facts.push({ title: 'Assessment', value: view.assessmentId });
  if (view.stoppedAt) facts.push({ title: 'Stopped at', value: PHASE_INFO[view.stoppedAt].label });
  let positiveGiven = false;
  const actions = view.actions.map((a) => {
    let style: 'positive' | 'destructive' | 'default' = 'default';
    if (DESTRUCTIVE.has(a.phase)) style = 'destructive';
    else if (!positiveGiven) {
      style = 'positive';
      positiveGiven = true;
    }
    return { title: a.label, phase: a.phase, style };
  });
  const next = view.next;
  return {
    migrationId: view.id,
    revision: view.revision,
    title: view.name,
    subtitle: view.environment && view.environment.toLowerCase() !== view.name.toLowerCase()
      ? `${view.environment}: ${tenants(view)}`
      : tenants(view),
    badgeText: `${BADGE_ICON[colour]} ${view.badge.text}`,
    badgeColor: colour,
    badgeStyle: BADGE_STYLE[colour],
    steps: view.steps.map((s) => ({
      icon: STEP[s.state].icon,
      label: s.label,
      stateText: STEP[s.state].text,
      weight: s.state === 'current' || s.state === 'stopped' ? 'Bolder' : 'Default',
      color: STEP[s.state].color,
    })),
    facts,
    lastChangeText: lastChangeText(view),
    hasNote: view.lastChange.note !== null,
    noteText: view.lastChange.note ? `Note: ${view.lastChange.note}` : '',
    hasNext: next !== null,
    nextHeading: next ? `Next step (${next.ownerLabel})` : '',
    nextText: next ? next.text : '',
    clocks: view.deadlines.map((d) => {
      const left = Date.parse(d.dueAt) - now;
      return {
        text: `${d.label} ${formatUtc(d.dueAt)} (${d.timeLeft}).`,
        color: (d.expired ? 'Attention' : left <= DAY_MS ? 'Warning' : 'Default') as BadgeColour,
      };
    }),
    hasClocks: view.deadlines.length > 0,
    asOfText: `As of ${view.asOfText} ({{DATE(${asOfIso}, SHORT)}} {{TIME(${asOfIso})}} your time).`,
    howToText: `To change it, use the buttons, or mention me with: status ${view.id} {phase} [note]. Changes are listed in this thread.`,
    actions,
    setVerb: STATUS_SET_VERB,
    refreshVerb: STATUS_REFRESH_VERB,
    fallbackText: `${view.name}: ${view.badge.text} (as of ${view.asOfText}).`,
  };
}
