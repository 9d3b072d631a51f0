/**
 * View model for the migration checklist card (cards/checklist.json). Pure: checklist in, plain card data out; the
 * clock and the viewer's choices come in as options.
 *
 * A real checklist is long (36 items for one production environment with every kind of solution, about 150 for
 * five), and Teams rejects a message over about 100 KB, so the card shows every phase as a one-line summary and the
 * items of one phase at a time, in pages when a phase is long. Buttons switch phase or page (`checklist.show`) and tick
 * items (`checklist.toggle`); the card's `refresh` (`checklist.refresh`) gives each viewer the current state.
 *
 * Every value the template reads is present (empty strings, empty arrays, booleans for `$when`), because
 * adaptivecards-templating silently drops a property whose expression is undefined.
 */
import { listText, plural } from '../domain/text.js';
import {
  CHECKLIST_PHASES, CHECKLIST_PHASE_LABELS, OWNER_ROLE_LABELS, progress,
  type Checklist, type ChecklistItem, type ChecklistPhase, type PhaseProgress,
} from '../domain/checklist/index.js';
import { cardUtf16Bytes, formatUtc } from './eligibilityView.js';
import { renderCard } from './renderer.js';

export const CHECKLIST_TEMPLATE = 'checklist';

/** Ticks or unticks one item. Data: `{ checklistId, itemId, revision, done, page }` (done = the state wanted). */
export const CHECKLIST_TOGGLE_VERB = 'checklist.toggle';
/** Shows another phase or page; changes nothing in the checklist. Data: `{ checklistId, phase, page }`. */
export const CHECKLIST_SHOW_VERB = 'checklist.show';
/** The card's refresh action: the current state for the viewer. Data: `{ checklistId }`. */
export const CHECKLIST_REFRESH_VERB = 'checklist.refresh';
export const CHECKLIST_VERBS = [CHECKLIST_TOGGLE_VERB, CHECKLIST_SHOW_VERB, CHECKLIST_REFRESH_VERB] as const;

/**
 * Size budget of the checklist card in UTF-16 bytes (how Teams counts). Teams rejects a bot message over about
 * 100 KB (413 MessageSizeTooBig) and recommends staying within 80 KB; the card gets 60 KB, leaving room for the
 * activity around it and for longer names than the ones measured.
 */
export const CHECKLIST_CARD_BUDGET = 60_000;
/** Items per page before the budget is checked: a screenful in Teams, and well inside the budget. */
export const CHECKLIST_PAGE_SIZE = 12;
/** Environments named in the header before "and N more". */
const MAX_NAMED_ENVIRONMENTS = 8;

export interface ChecklistCardOptions {
  checklistId: string;
  now: Date;
  /** The phase whose items are shown; default: the first phase with open items. */
  phase?: ChecklistPhase;
  /** 0-based page of that phase; clamped to the pages there are. */
  page?: number;
  pageSize?: number;
  /** Teams user ids the card refreshes for automatically (see ChecklistRepository). */
  refreshUserIds: readonly string[];
}

export interface ChecklistPhaseRowView {
  phase: ChecklistPhase;
  icon: string;
  label: string;
  summary: string;
  color: 'Default' | 'Good' | 'Warning' | 'Attention';
  isShown: boolean;
  canShow: boolean;
  showTitle: string;
}

export interface ChecklistItemView {
  itemId: string;
  icon: string;
  text: string;
  detailText: string;
  isBlockerOpen: boolean;
  blockerText: string;
  isDone: boolean;
  doneText: string;
  buttonTitle: string;
  /** The state the button asks for: true ticks, false unticks. */
  target: boolean;
}

export interface ChecklistCardView {
  checklistId: string;
  revision: number;
  /** Items per page this card was rendered with; buttons carry it so the next card pages the same way. */
  pageSize: number;
  title: string;
  subtitle: string;
  facts: Array<{ title: string; value: string }>;
  progressText: string;
  progressColor: 'Good' | 'Warning' | 'Accent';
  phases: ChecklistPhaseRowView[];
  shown: {
    phase: ChecklistPhase;
    heading: string;
    dueText: string;
    hasDue: boolean;
    dueColor: 'Default' | 'Attention';
    isEmpty: boolean;
    emptyText: string;
    page: number;
    pageText: string;
    hasPages: boolean;
    hasPrevious: boolean;
    hasNext: boolean;
    previousPage: number;
    nextPage: number;
  };
  items: ChecklistItemView[];
  footer: string;
  verbs: { toggle: string; show: string; refresh: string };
  refreshUserIds: string[];
}

/** The phase a card opens on: the first with open items, else the last (everything is done). */
export function defaultPhase(checklist: Checklist): ChecklistPhase {
  const open = CHECKLIST_PHASES.find((phase) => checklist.items.some((i) => i.phase === phase && i.done === null));
  return open ?? CHECKLIST_PHASES[CHECKLIST_PHASES.length - 1]!;
}

/** The page of `phase` an item is on, for a given page size. */
export function pageOfItem(checklist: Checklist, itemId: string, pageSize = CHECKLIST_PAGE_SIZE): number {
  const item = checklist.items.find((i) => i.id === itemId);
  if (!item) return 0;
  const index = checklist.items.filter((i) => i.phase === item.phase).findIndex((i) => i.id === itemId);
  return Math.floor(index / Math.max(1, pageSize));
}

export function checklistCardView(checklist: Checklist, options: ChecklistCardOptions): ChecklistCardView {
  const overall = progress(checklist, options.now);
  const phase = options.phase ?? defaultPhase(checklist);
  const pageSize = Math.max(1, Math.floor(options.pageSize ?? CHECKLIST_PAGE_SIZE));
  const phaseItems = checklist.items.filter((i) => i.phase === phase);
  const pages = Math.max(1, Math.ceil(phaseItems.length / pageSize));
  const page = Math.min(Math.max(0, Math.floor(options.page ?? 0)), pages - 1);
  const shownItems = phaseItems.slice(page * pageSize, (page + 1) * pageSize);
  const phaseProgress = overall.perPhase.find((p) => p.phase === phase)!;
  const id = safe(options.checklistId);

  const named = checklist.environments.slice(0, MAX_NAMED_ENVIRONMENTS).map((e) => e.name);
  const more = checklist.environments.length - named.length;
  const facts = [
    { title: 'Environments', value: `${listText(named)}${more > 0 ? ` and ${more} more` : ''}` || 'None' },
    ...checklist.excludedEnvironments.slice(0, MAX_NAMED_ENVIRONMENTS).map((e) => ({ title: 'Left out', value: `${e.name}: ${e.reason}` })),
    ...(checklist.excludedEnvironments.length > MAX_NAMED_ENVIRONMENTS
      ? [{ title: 'Left out', value: `${checklist.excludedEnvironments.length - MAX_NAMED_ENVIRONMENTS} more environments` }]
      : []),
    ...(checklist.assessmentId ? [{ title: 'Assessment', value: checklist.assessmentId }] : []),
  ].map((f) => ({ title: f.title, value: safe(f.value) }));

  const blockers = overall.openBlockers;
  const first = page * pageSize + 1;
  const last = page * pageSize + shownItems.length;
  return {
    checklistId: id,
    revision: checklist.revision,
    pageSize,
    title: 'Migration checklist',
    subtitle: safe(`${checklist.sourceTenant} to ${checklist.destinationTenant}`),
    facts,
    // "Blocker" is the assessment's word for what stops a move; here it means a step that must come first.
    progressText: `${overall.done} of ${overall.total} done · ${plural(blockers, 'must-do step', 'must-do steps')} left before the move`
      + (overall.done === overall.total && overall.total > 0 ? ' · everything is done' : ''),
    progressColor: blockers > 0 ? 'Warning' : overall.done === overall.total ? 'Good' : 'Accent',
    phases: overall.perPhase.map((p) => phaseRow(p, phase)),
    shown: {
      phase,
      heading: `${phaseProgress.label}: ${phaseProgress.done} of ${phaseProgress.total} done`,
      dueText: phaseProgress.due === null ? '' : dueText(phaseProgress),
      hasDue: phaseProgress.due !== null,
      dueColor: phaseProgress.overdue ? 'Attention' : 'Default',
      isEmpty: phaseItems.length === 0,
      emptyText: `Nothing to do in ${phaseProgress.label} for this move.`,
      page,
      pageText: `Items ${first} to ${last} of ${phaseItems.length}`,
      hasPages: pages > 1,
      hasPrevious: page > 0,
      hasNext: page < pages - 1,
      previousPage: Math.max(0, page - 1),
      nextPage: Math.min(pages - 1, page + 1),
    },
    items: shownItems.map(itemView),
    footer: `Checklist ${id} · as of ${formatUtc(options.now)} · set a due date with **due ${phase} YYYY-MM-DD**, `
      + 'share it with **send checklist to** and a name.',
    verbs: { toggle: CHECKLIST_TOGGLE_VERB, show: CHECKLIST_SHOW_VERB, refresh: CHECKLIST_REFRESH_VERB },
    refreshUserIds: [...options.refreshUserIds],
  };
}

function phaseRow(p: PhaseProgress, shown: ChecklistPhase): ChecklistPhaseRowView {
  const complete = p.total > 0 && p.done === p.total;
  const parts = [p.total === 0 ? 'nothing to do' : `${p.done} of ${p.total} done`];
  if (p.openBlockers > 0) parts.push(`${plural(p.openBlockers, 'must-do step', 'must-do steps')} left`);
  if (p.due !== null) parts.push(dueText(p));
  return {
    phase: p.phase,
    // A shape as well as a colour, so state does not rely on colour alone.
    icon: p.phase === shown ? '▶' : complete || p.total === 0 ? '✓' : p.openBlockers > 0 ? '!' : '○',
    label: p.label,
    summary: parts.join(' · '),
    color: p.overdue ? 'Attention' : p.openBlockers > 0 ? 'Warning' : complete ? 'Good' : 'Default',
    isShown: p.phase === shown,
    canShow: p.phase !== shown,
    showTitle: 'Show',
  };
}

function dueText(p: PhaseProgress): string {
  return p.overdue ? `overdue since ${p.due}` : `due ${p.due}`;
}

function itemView(item: ChecklistItem): ChecklistItemView {
  const done = item.done;
  const owner = OWNER_ROLE_LABELS[item.owner];
  const supporting = item.supporting.map((r) => OWNER_ROLE_LABELS[r]);
  const detail = [
    `Owner: ${owner}${supporting.length > 0 ? ` with ${listText(supporting)}` : ''}`,
    ...(item.environment ? [item.environment] : []),
    `[Source: ${hostOf(item.source)}](${item.source})`,
  ];
  return {
    itemId: item.id,
    icon: done ? '☑' : '☐',
    text: safe(item.text),
    detailText: safe(detail.join(' · ')),
    isBlockerOpen: item.blocker && done === null,
    blockerText: 'Must be done before the move',
    isDone: done !== null,
    doneText: done ? safe(`Done by ${done.by.name.trim() || 'someone'} on ${formatUtc(done.at)}`) : '',
    buttonTitle: done ? 'Mark as not done' : 'Mark done',
    target: done === null,
  };
}

export interface FittedChecklistCard {
  card: Record<string, unknown>;
  view: ChecklistCardView;
  bytes: number;
  pageSize: number;
}

/**
 * The card at the page size that fits the budget: CHECKLIST_PAGE_SIZE items, halved until the page fits (one item
 * per page is the floor). `render` defaults to expanding cards/checklist.json.
 */
export function fitChecklistCard(
  checklist: Checklist,
  options: ChecklistCardOptions,
  budget: number = CHECKLIST_CARD_BUDGET,
  render: (view: ChecklistCardView) => Record<string, unknown> = (view) => renderCard(CHECKLIST_TEMPLATE, view),
): FittedChecklistCard {
  let pageSize = Math.max(1, Math.floor(options.pageSize ?? CHECKLIST_PAGE_SIZE));
  for (;;) {
    const view = checklistCardView(checklist, { ...options, pageSize });
    const card = render(view);
    const bytes = cardUtf16Bytes(card);
    if (bytes <= budget || pageSize === 1) return { card, view, bytes, pageSize };
    // Keep the viewer on the same items: the first item of their page stays on the page they land on.
    const firstIndex = (options.page ?? 0) * pageSize;
    pageSize = Math.max(1, Math.floor(pageSize / 2));
    options = { ...options, page: Math.floor(firstIndex / pageSize) };
  }
}

/** Card text is expanded by the templating engine: a user's "${" must stay text. */
function safe(text: string): string {
  return text.replace(/\$\{/g, '$\u200B{');
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'documentation';
  }
}

