/**
 * View models for the interview's question and review cards. Buttons send both the answer and the question they
 * belong to, so a button pressed on an older card is recognised instead of answering the current question.
 */
import type { QuestionView, ReviewView } from '../domain/interview/interview.js';

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
  sections: Array<{ title: string; facts: Array<{ title: string; value: string }> }>;
  changeChoices: Array<{ title: string; value: string }>;
}

export function reviewCardView(r: ReviewView): ReviewCardView {
  return {
    hasMissing: r.missing.length > 0,
    missing: r.missing.join(', '),
    sections: r.sections.map((s) => ({
      title: s.title,
      facts: s.rows.map((row) => ({ title: row.label, value: row.missing ? 'Missing: needed to assess' : row.value })),
    })),
    changeChoices: r.changeChoices,
  };
}
