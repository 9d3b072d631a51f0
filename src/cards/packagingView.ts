/**
 * View model for the packaging card (cards/packaging.json): for one environment, each kind of app, flow, page or
 * bot it lists, with its route (solutions first), who does it, what travels and what must be recreated; the
 * legacy export package appears only as a labelled fallback. One environment per card (paged by buttons). Pure.
 */
import type { PackagingEntry, PackagingPlan, PackagingRoute } from '../domain/commands/index.js';
import { cardUtf16Bytes, sourceText } from './eligibilityView.js';
import { commandsCommand, packagingCommand, type CardButtonView } from './commandsView.js';
import { renderCard } from './renderer.js';

export const PACKAGING_TEMPLATE = 'packaging';
export const PACKAGING_CARD_BUDGET = 60_000;
const MAX_NAME = 120;

const ROUTE_BADGES: Readonly<Record<PackagingRoute, { label: string; color: 'Good' | 'Accent' | 'Warning' | 'Attention' }>> = {
  solution: { label: 'Move it in a solution', color: 'Good' },
  reprovision: { label: 'Provision it again', color: 'Accent' },
  recreate: { label: 'Recreate it', color: 'Warning' },
  'not-supported': { label: 'Not supported by the move', color: 'Attention' },
};

export interface PackagingEntryView {
  title: string;
  routeLabel: string;
  routeColor: string;
  summary: string;
  whoText: string;
  hasBefore: boolean;
  beforeText: string;
  hasAfter: boolean;
  afterText: string;
  hasTravels: boolean;
  travelsText: string;
  hasRecreate: boolean;
  recreateText: string;
  hasFallback: boolean;
  fallbackLabel: string;
  fallbackText: string;
  sourceText: string;
}

export interface PackagingCardView {
  assessmentId: string;
  title: string;
  subtitle: string;
  intro: string;
  canMove: boolean;
  blockedText: string;
  isEmpty: boolean;
  emptyText: string;
  entries: PackagingEntryView[];
  /** Said when the details were left off to keep the card within the Teams message size. */
  isShortened: boolean;
  shortenedNote: string;
  footer: string;
  buttons: CardButtonView[];
}

export interface PackagingCardOptions {
  assessmentId: string;
  /** Default: the first environment that lists something to package, else the first. */
  environment?: string;
  detail?: 'full' | 'brief';
}

function safe(text: string): string {
  return text.replace(/\$\{/g, '$\u200B{');
}

function shortName(name: string): string {
  const chars = Array.from(name.replace(/\s+/g, ' '));
  return safe(chars.length > MAX_NAME ? `${chars.slice(0, MAX_NAME - 3).join('')}...` : chars.join(''));
}

const numbered = (items: readonly string[]): string => items.map((item, i) => `${i + 1}. ${item}`).join('\n');

function entryView(entry: PackagingEntry, detail: 'full' | 'brief'): PackagingEntryView {
  const full = detail === 'full';
  const badge = ROUTE_BADGES[entry.route];
  const f = entry.fallback;
  return {
    title: safe(entry.title),
    routeLabel: badge.label,
    routeColor: badge.color,
    summary: safe(entry.summary),
    whoText: safe(`**Who:** before the move, ${entry.who.before}; after, ${entry.who.after}.`),
    hasBefore: full && entry.before.length > 0,
    beforeText: full ? safe(`**Before the move**\n${numbered(entry.before)}`) : '',
    hasAfter: full && entry.after.length > 0,
    afterText: full ? safe(`**After the move**\n${numbered(entry.after)}`) : '',
    hasTravels: entry.travels.length > 0,
    travelsText: safe(`**Travels:** ${entry.travels.join('; ')}.`),
    hasRecreate: entry.recreate.length > 0,
    recreateText: safe(`**Recreate:** ${entry.recreate.join('; ')}.`),
    hasFallback: f !== null,
    fallbackLabel: f ? f.label : '',
    fallbackText: f
      ? safe([f.when, ...(full ? [numbered(f.steps)] : []),
        `**Who:** export, ${f.who.export}; import, ${f.who.import}.`,
        `**Recreate:** ${f.recreate.join('; ')}.`,
        `${sourceText(f.source)} (${f.sourceDate})`].join('\n\n'))
      : '',
    sourceText: `${sourceText(entry.source)} (${entry.sourceDate}${entry.basis === 'inferred' ? ', our inference' : ''})`,
  };
}

export function packagingCardView(plan: PackagingPlan, options: PackagingCardOptions): PackagingCardView {
  const wanted = options.environment?.trim().toLowerCase();
  const env = wanted !== undefined
    ? plan.environments.find((e) => e.name.toLowerCase() === wanted)
    : plan.environments.find((e) => e.entries.length > 0) ?? plan.environments[0];
  if (!env) throw new Error('packagingCardView: the plan has no such environment');
  const detail = options.detail ?? 'full';
  const id = safe(options.assessmentId);
  const index = plan.environments.indexOf(env);
  const count = plan.environments.length;
  const buttons: CardButtonView[] = [];
  if (count > 1) {
    const next = plan.environments[(index + 1) % count]!;
    buttons.push({ title: `Next: ${shortName(next.name)}`, typed: safe(packagingCommand(options.assessmentId, next.name)) });
    if (count > 2) {
      const previous = plan.environments[(index - 1 + count) % count]!;
      buttons.push({ title: `Back: ${shortName(previous.name)}`, typed: safe(packagingCommand(options.assessmentId, previous.name)) });
    }
  }
  if (env.canMove) buttons.push({ title: 'Move commands', typed: safe(commandsCommand(options.assessmentId, env.name)) });
  return {
    assessmentId: id,
    title: `Apps and flows: ${shortName(env.name)}`,
    subtitle: safe(`${plan.sourceTenant} to ${plan.destinationTenant}${count > 1 ? ` · environment ${index + 1} of ${count}` : ''}`),
    intro: 'For the app makers and admins: how each kind of app, flow, page or bot in this environment gets to the '
      + 'destination. Solutions first; the legacy export package only where it says so.',
    canMove: env.canMove,
    blockedText: env.canMove ? '' : safe(`${shortName(env.name)} cannot move as planned: ${env.blockers.map((b) => b.title).join('; ')}.`),
    isEmpty: env.entries.length === 0,
    emptyText: env.solutionsKnown
      ? 'Nothing in this environment needs packaging.'
      : 'The profile does not say what this environment holds (its solutions), so there is nothing to show yet: add them and assess again.',
    entries: env.entries.map((entry) => entryView(entry, detail)),
    isShortened: detail === 'brief',
    shortenedNote: detail === 'brief' ? 'The step lists are left off to fit Teams: npm run commands -- --packaging gives the full text.' : '',
    footer: `Assessment ${id}`,
    buttons,
  };
}

export interface FittedPackagingCard {
  card: Record<string, unknown>;
  view: PackagingCardView;
  bytes: number;
}

export function fitPackagingCard(
  plan: PackagingPlan,
  options: Omit<PackagingCardOptions, 'detail'>,
  budget: number = PACKAGING_CARD_BUDGET,
  render: (view: PackagingCardView) => Record<string, unknown> = (view) => renderCard(PACKAGING_TEMPLATE, view),
): FittedPackagingCard {
  let fitted: FittedPackagingCard | undefined;
  for (const detail of ['full', 'brief'] as const) {
    const view = packagingCardView(plan, { ...options, detail });
    const card = render(view);
    fitted = { card, view, bytes: cardUtf16Bytes(card) };
    if (fitted.bytes <= budget) break;
  }
  return fitted!;
}
