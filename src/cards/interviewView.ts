/**
 * View models for the interview's question and review cards. Buttons send both the answer and the question they
 * belong to, so a button pressed on an older card is recognised instead of answering the current question.
 */
import type { QuestionView, ReviewRow, ReviewView } from '../domain/interview/interview.js';
import { cardUtf16Bytes } from './eligibilityView.js';
import { renderCard } from './renderer.js';

export interface QuestionCardView {
  key: string;
  section: string;
  text: string;
  hasCurrent: boolean;
  current: string;
  hasReason: boolean;
  reason: string;
  example: string;
  offerSkip: boolean;
  skipText: string;
  useButtons: boolean;
  useDropdown: boolean;
  useMulti: boolean;
  choices: Array<{ title: string; value: string }>;
  canSkip: boolean;
  canGoBack: boolean;
  needsSubmit: boolean;
  submitTitle: string;
  hint: string;
}

export function questionCardView(q: QuestionView): QuestionCardView {
  const useMulti = q.kind === 'solutions';
  const useDropdown = !useMulti && q.dropdown && q.choices.length > 0;
  const useButtons = !useMulti && !useDropdown && q.choices.length > 0;
  return {
    key: q.key,
    section: q.section,
    text: q.text,
    hasCurrent: q.current !== undefined,
    current: q.current ?? '',
    hasReason: q.reason !== undefined,
    reason: q.reason ?? '',
    example: q.example ?? '',
    offerSkip: q.offerSkip,
    skipText: q.skippable
      ? 'Not sure? Type **skip** and I\'ll treat it as unknown.'
      : 'Stuck? Type **skip** to leave it for now; I\'ll ask again before the assessment.',
    useButtons,
    useDropdown,
    useMulti,
    choices: q.choices.map((c) => ({ title: c.title, value: c.value })),
    canSkip: q.skippable || q.offerSkip,
    canGoBack: q.canGoBack,
    needsSubmit: useDropdown || useMulti,
    submitTitle: useMulti ? 'Done' : 'OK',
    hint: useDropdown ? 'Pick one, or type it.' : useMulti ? 'Tick all that apply, or type a list.' : useButtons ? '' : `Type ${q.accepted}.`,
  };
}

export interface ReviewCardView {
  hasMissing: boolean;
  missing: string;
  /** Set when the card is condensed to fit: says what is left out and how to reach it. */
  hasNote: boolean;
  note: string;
  sections: Array<{ title: string; facts: Array<{ title: string; value: string }> }>;
  changeChoices: Array<{ title: string; value: string }>;
}

/**
 * Size budget of the review card, in UTF-16 bytes (how Teams counts): the 80 KB message budget less room for the
 * activity around the card, as for the eligibility card.
 */
export const REVIEW_CARD_BUDGET = 72_000;

/**
 * How much of the review the card shows:
 * - full: every answer of every environment, and every answer in the "change" list;
 * - summary: one line per environment (all its answers), and only the tenant answers and missing ones in the list;
 * - brief: the same with each answer cut short;
 * - then as many environments as fit (missing answers first), the rest counted.
 * An environment's answers can always be changed by typing, e.g. **change Contoso Sales region**.
 */
export type ReviewDetail = 'full' | 'summary' | 'brief';
const REVIEW_DETAILS: readonly ReviewDetail[] = ['full', 'summary', 'brief'];
const BRIEF_VALUE_CHARS = 40;
const MISSING_VALUE = 'Missing: needed to assess';

/**
 * The review card's view at the most detail that fits `budget` (deterministic). `render` defaults to expanding
 * cards/review.json; the budget counts the card as Teams does.
 */
export function reviewCardView(
  r: ReviewView,
  budget: number = REVIEW_CARD_BUDGET,
  render: (view: ReviewCardView) => object = (view) => renderCard('review', view),
): ReviewCardView {
  let last: ReviewCardView | undefined;
  for (const detail of REVIEW_DETAILS) {
    last = reviewCardViewAt(r, detail);
    if (cardUtf16Bytes(render(last)) <= budget) return last;
  }
  // Largest number of environments that fits; none at all is the floor.
  const environments = r.sections.filter(isEnvironmentSection).length;
  let low = 0;
  let high = environments - 1;
  let best = reviewCardViewAt(r, 'brief', 0);
  while (low <= high) {
    const mid = Math.floor((low + high) / 2);
    const view = reviewCardViewAt(r, 'brief', mid);
    if (cardUtf16Bytes(render(view)) <= budget) {
      best = view;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return best ?? last!;
}

/** The review card's view at one level of detail; `maxEnvironments` limits the environments listed. */
export function reviewCardViewAt(r: ReviewView, detail: ReviewDetail, maxEnvironments?: number): ReviewCardView {
  const base = {
    hasMissing: r.missing.length > 0,
    missing: r.missing.join(', '),
  };
  if (detail === 'full') {
    return {
      ...base,
      hasNote: false,
      note: '',
      sections: r.sections.map((s) => ({
        title: s.title,
        facts: s.rows.map((row) => ({ title: row.label, value: row.missing ? MISSING_VALUE : row.value })),
      })),
      changeChoices: r.changeChoices,
    };
  }
  const environmentSections = r.sections.filter(isEnvironmentSection);
  // Environments with a missing answer first (they need the user), then in their order.
  const ordered = [...environmentSections].sort(
    (a, b) => Number(b.rows.some((row) => row.missing)) - Number(a.rows.some((row) => row.missing)),
  );
  const shown = new Set(ordered.slice(0, maxEnvironments ?? ordered.length));
  const sections: ReviewCardView['sections'] = [];
  let environmentsAdded = false;
  for (const section of r.sections) {
    if (!isEnvironmentSection(section)) {
      sections.push({ title: section.title, facts: section.rows.map((row) => ({ title: row.label, value: row.missing ? MISSING_VALUE : row.value })) });
      continue;
    }
    if (environmentsAdded) continue;
    environmentsAdded = true;
    // All environments in one section, one line each, where the first environment was.
    sections.push({
      title: `Environments (${environmentSections.length})`,
      facts: environmentSections
        .filter((s) => shown.has(s))
        .map((s) => ({ title: s.title.replace(/^Environment /, ''), value: environmentSummary(s.rows, detail) })),
    });
  }
  const hidden = environmentSections.length - shown.size;
  const missingKeys = new Set(r.sections.flatMap((s) => s.rows.filter((row) => row.missing).map((row) => row.key)));
  const tenantKeys = new Set(r.sections.filter((s) => !isEnvironmentSection(s)).flatMap((s) => s.rows.map((row) => row.key)));
  const note = [
    hidden > 0
      ? `${hidden} of your ${environmentSections.length} environments are not listed, to keep this card within what Teams can show.`
      : `Each environment is on one line${detail === 'brief' ? ', long answers cut short,' : ''} to keep this card within what Teams can show.`,
    `To change an environment's answer, type **change** with its name and the answer, for example **change ${exampleName(environmentSections)} region**.`,
  ].join(' ');
  return {
    ...base,
    hasNote: true,
    note,
    sections,
    changeChoices: r.changeChoices.filter((choice) => tenantKeys.has(choice.value) || missingKeys.has(choice.value)),
  };
}

function exampleName(sections: ReviewView['sections']): string {
  for (const section of sections) {
    const name = section.rows.find((row) => row.key.startsWith('env.name|') && !row.missing)?.value;
    if (name) return name;
  }
  return 'Contoso Sales';
}

function isEnvironmentSection(section: ReviewView['sections'][number]): boolean {
  return section.rows.length > 0 && section.rows.every((row) => row.key.startsWith('env.'));
}

function environmentSummary(rows: readonly ReviewRow[], detail: ReviewDetail): string {
  return rows
    .filter((row) => !row.key.startsWith('env.name|'))
    .map((row) => {
      const value = row.missing ? MISSING_VALUE : row.value;
      const cut = detail === 'brief' && value.length > BRIEF_VALUE_CHARS ? `${value.slice(0, BRIEF_VALUE_CHARS - 1).trimEnd()}…` : value;
      return `${row.label}: ${cut}`;
    })
    .join('; ');
}
