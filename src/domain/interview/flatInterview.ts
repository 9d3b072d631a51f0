/**
 * A second interview machine, for questionnaires without repeated sections (the mailbox-move interview): the same
 * behaviour as the eligibility interview (help, back, skip, restart, cancel, the review with change, three wrong
 * answers offering skip, a card for an older question left alone, the state as plain JSON so the position survives
 * a restart) and the same views (QuestionView, ReviewView), so the same question and review cards render it.
 *
 * Why a sibling and not a generalised interview.ts: the eligibility machine's positions, "another environment" loop
 * and removal are woven through it, and its behaviour must stay byte-for-byte the same; this module shares its view
 * types and words and leaves it untouched. Generic over the draft, pure, tested without botbuilder.
 */
import { plural } from '../text.js';
import type { Parsed } from '../assessment/inputParsing.js';
import { readInterviewInput, type Input, type QuestionView, type ReviewRow, type ReviewSection, type ReviewView } from './interview.js';
import type { Choice, QuestionKind } from './questions.js';

export interface FlatQuestion<D> {
  id: string;
  /** Section id; the questionnaire gives each section its title. */
  section: string;
  kind: QuestionKind;
  label: string;
  required: boolean;
  skippable: boolean;
  prompt(d: D): string;
  accepted: string;
  choices?(d: D): Choice[];
  dropdown?: boolean;
  applies?(d: D): boolean;
  parse(text: string, d: D): Parsed<unknown>;
  get(d: D): unknown;
  /** undefined clears the field (unknown). */
  set(d: D, value: unknown): void;
  format(value: unknown, d: D): string;
}

export interface Questionnaire<D> {
  /** Stored with the state, so a state is never resumed by the wrong questionnaire. */
  kind: string;
  /** What the user types to start again ("mailbox move"). */
  startCommand: string;
  intro: string;
  /** "check readiness" etc.: said in the review's help. */
  finishWord: string;
  questions: ReadonlyArray<FlatQuestion<D>>;
  sections: ReadonlyArray<{ id: string; title(d: D): string }>;
  emptyDraft(): D;
  /** Needed for "I need this one to ..." */
  purpose: string;
}

export interface FlatState<D> {
  v: 1;
  kind: string;
  draft: D;
  /** Question id; null while the review is shown. */
  at: string | null;
  history: string[];
  attempts: number;
  returnToReview: boolean;
  skippedRequired: string[];
  reviewed: boolean;
}

export type FlatOutput<D> =
  | { type: 'ask'; view: QuestionView }
  | { type: 'say'; text: string }
  | { type: 'review'; view: ReviewView }
  | { type: 'cancelled'; text: string }
  | { type: 'complete'; draft: D };

export interface FlatStep<D> {
  state: FlatState<D>;
  outputs: Array<FlatOutput<D>>;
  ended?: 'cancelled' | 'complete';
}

export type FlatInput = Input;

const SKIP_OFFER_AFTER = 3;

const WORDS = {
  help: /^(help|\?|what\?|huh\??)$/i,
  cancel: /^(cancel|stop|quit|exit|abort|never ?mind)$/i,
  restart: /^(restart|start over|start again|reset)$/i,
  back: /^(back|go back|previous|undo)$/i,
  skip: /^(skip|don'?t know|do not know|dont know|i don'?t know|idk|dunno|not sure|unknown|no idea|pass)$/i,
  finish: /^(assess|assess now|check|check readiness|done|go|ok|okay|looks good|yes|y|confirm|submit|run|continue)$/i,
};

const keyOf = (id: string): string => `${id}|0`;
const idOf = (key: string): string => key.replace(/\|0$/, '');

export function isFlatState(value: unknown, kind: string): value is FlatState<unknown> {
  const s = value as Partial<FlatState<unknown>> | null;
  return typeof s === 'object' && s !== null && s.v === 1 && s.kind === kind && typeof s.draft === 'object'
    && (s.at === null || typeof s.at === 'string') && Array.isArray(s.history);
}

export function newFlatState<D>(qn: Questionnaire<D>): FlatState<D> {
  return {
    v: 1, kind: qn.kind, draft: qn.emptyDraft(), at: firstApplicable(qn, qn.emptyDraft(), -1), history: [], attempts: 0,
    returnToReview: false, skippedRequired: [], reviewed: false,
  };
}

export function startFlat<D>(qn: Questionnaire<D>): FlatStep<D> {
  const state = newFlatState(qn);
  return { state, outputs: [{ type: 'say', text: qn.intro }, ask(qn, state)] };
}

function question<D>(qn: Questionnaire<D>, id: string): FlatQuestion<D> {
  const q = qn.questions.find((x) => x.id === id);
  if (!q) throw new Error(`Unknown question ${id}`);
  return q;
}

function firstApplicable<D>(qn: Questionnaire<D>, d: D, afterIndex: number): string | null {
  for (let i = afterIndex + 1; i < qn.questions.length; i++) {
    const q = qn.questions[i]!;
    if (!q.applies || q.applies(d)) return q.id;
  }
  return null;
}

export function handleFlat<D>(qn: Questionnaire<D>, previous: FlatState<D>, input: FlatInput): FlatStep<D> {
  const state = structuredClone(previous);
  const { value, command, text, plain } = readInterviewInput(input);

  if (command === 'cancel' || WORDS.cancel.test(plain)) return cancel(qn, state);
  if (command === 'restart' || WORDS.restart.test(plain)) {
    const fresh = newFlatState(qn);
    const had = countFlatAnswers(qn, state.draft);
    return {
      state: fresh,
      outputs: [{ type: 'say', text: had > 0 ? `Starting again from the first question; I discarded the ${plural(had, 'answer')} you had given.` : 'Starting again from the first question.' }, ask(qn, fresh)],
    };
  }
  if (state.at === null) return handleReview(qn, state, plain, command, value);

  const q = question(qn, state.at);
  if (WORDS.help.test(plain)) return { state, outputs: [{ type: 'say', text: helpText(qn, q, state) }, ask(qn, state)] };
  if (command === 'back' || WORDS.back.test(plain)) return back(qn, state);
  if (typeof value.q === 'string' && value.q !== keyOf(state.at)) {
    return { state, outputs: [{ type: 'say', text: 'That card was for an earlier question, so I left it alone. Here is where we are:' }, ask(qn, state)] };
  }
  if (command === 'skip' || WORDS.skip.test(plain)) {
    if (!q.skippable && state.attempts < SKIP_OFFER_AFTER) {
      return { state, outputs: [{ type: 'say', text: `I need this one ${qn.purpose}, so it can't be skipped. Expected: ${q.accepted}.` }, ask(qn, state)] };
    }
    q.set(state.draft, undefined);
    if (q.required && !state.skippedRequired.includes(q.id)) state.skippedRequired.push(q.id);
    return advance(qn, state, q.skippable ? undefined : 'Skipped for now; I\'ll ask again before the check.');
  }
  if (text === '') {
    state.attempts++;
    return { state, outputs: [ask(qn, state, { reason: 'I need a typed answer (or pick one on the card).', example: exampleFor(qn, q) })] };
  }
  const parsed = q.parse(text, state.draft);
  if (!parsed.ok) {
    state.attempts++;
    return { state, outputs: [ask(qn, state, { reason: parsed.reason, example: parsed.example })] };
  }
  q.set(state.draft, parsed.value);
  state.skippedRequired = state.skippedRequired.filter((id) => id !== q.id);
  // A change can make questions apply that were never asked (a scope group is named: ask about nesting and size).
  const newly = applicable(qn, state.draft).find((x) => x.id !== q.id && !state.history.includes(x.id) && x.get(state.draft) === undefined);
  return advance(qn, state, undefined, newly?.id);
}

function cancel<D>(qn: Questionnaire<D>, state: FlatState<D>): FlatStep<D> {
  const answers = countFlatAnswers(qn, state.draft);
  const text = answers === 0
    ? `Cancelled. Nothing had been answered yet, so nothing was discarded. Type **${qn.startCommand}** to start again.`
    : `Cancelled. I discarded ${plural(answers, 'answer')}. Nothing was checked or saved. Type **${qn.startCommand}** to start again.`;
  return { state, outputs: [{ type: 'cancelled', text }], ended: 'cancelled' };
}

function back<D>(qn: Questionnaire<D>, state: FlatState<D>): FlatStep<D> {
  const previous = state.history.pop();
  if (!previous) return { state, outputs: [{ type: 'say', text: 'This is the first question, so there is nothing to go back to.' }, ask(qn, state)] };
  state.at = previous;
  state.attempts = 0;
  state.returnToReview = false;
  return { state, outputs: [ask(qn, state)] };
}

function advance<D>(qn: Questionnaire<D>, state: FlatState<D>, note?: string, newlyApplicable?: string): FlatStep<D> {
  const from = state.at!;
  state.history.push(from);
  state.attempts = 0;
  if (state.returnToReview) {
    if (newlyApplicable) return moveTo(qn, state, newlyApplicable, note);
    state.returnToReview = false;
    return moveTo(qn, state, null, note);
  }
  let next = firstApplicable(qn, state.draft, qn.questions.findIndex((q) => q.id === from));
  while (state.reviewed && next !== null && question(qn, next).get(state.draft) !== undefined) {
    next = firstApplicable(qn, state.draft, qn.questions.findIndex((q) => q.id === next));
  }
  return moveTo(qn, state, next, note);
}

function moveTo<D>(qn: Questionnaire<D>, state: FlatState<D>, to: string | null, note?: string): FlatStep<D> {
  const outputs: Array<FlatOutput<D>> = note ? [{ type: 'say', text: note }] : [];
  state.at = to;
  if (to === null) {
    state.reviewed = true;
    outputs.push({ type: 'review', view: flatReview(qn, state) });
  } else {
    outputs.push(ask(qn, state));
  }
  return { state, outputs };
}

function applicable<D>(qn: Questionnaire<D>, d: D): Array<FlatQuestion<D>> {
  return qn.questions.filter((q) => !q.applies || q.applies(d));
}

function missingRequired<D>(qn: Questionnaire<D>, d: D): Array<FlatQuestion<D>> {
  return applicable(qn, d).filter((q) => q.required && q.get(d) === undefined);
}

const compact = (s: string): string => s.toLowerCase().replace(/[^a-z0-9 ]/g, ' ').replace(/\s+/g, ' ').trim();

function findRows<D>(qn: Questionnaire<D>, d: D, query: string): Array<FlatQuestion<D>> {
  const wanted = compact(query).replace(/^(the|my) /, '');
  const labelled = applicable(qn, d).map((q) => ({ q, label: compact(q.label) }));
  const exact = labelled.filter((x) => x.label === wanted);
  if (exact.length > 0) return exact.map((x) => x.q);
  const words = wanted.split(' ').filter(Boolean);
  return labelled.filter((x) => words.every((w) => x.label.split(' ').some((lw) => lw === w || lw.startsWith(w)))).map((x) => x.q);
}

function handleReview<D>(qn: Questionnaire<D>, state: FlatState<D>, plain: string, command: string | undefined, value: Record<string, unknown>): FlatStep<D> {
  const again = (text: string): FlatStep<D> => ({ state, outputs: [{ type: 'say', text }, { type: 'review', view: flatReview(qn, state) }] });
  if (command === 'assess' || (!command && WORDS.finish.test(plain))) {
    const missing = missingRequired(qn, state.draft);
    if (missing.length > 0) {
      state.at = missing[0]!.id;
      state.returnToReview = true;
      state.attempts = 0;
      return { state, outputs: [{ type: 'say', text: `Before I can check I still need: ${missing.map((q) => q.label).join(', ')}.` }, ask(qn, state)] };
    }
    return { state, outputs: [{ type: 'complete', draft: structuredClone(state.draft) }], ended: 'complete' };
  }
  if (WORDS.help.test(plain)) {
    return again(`This is the review of your answers. Type **${qn.finishWord}** to run the check, **change** followed by what to change (for example **change ${qn.questions[0]!.label.toLowerCase()}**), **back** or **cancel**.`);
  }
  if (command === 'back' || WORDS.back.test(plain)) return back(qn, state);
  let target: FlatQuestion<D> | undefined;
  if (command === 'change') {
    const id = typeof value.field === 'string' ? idOf(value.field) : '';
    target = applicable(qn, state.draft).find((q) => q.id === id);
    if (!target) return again(`Pick the answer to change in the list on the card first, then press **Change**. Or type, for example, **change ${qn.questions[0]!.label.toLowerCase()}**.`);
  }
  const change = /^(change|edit|fix|update) (.+)$/i.exec(plain);
  if (!target && change) {
    const matches = findRows(qn, state.draft, change[2]!);
    if (matches.length === 0) return again(`I couldn't find "${change[2]}" among your answers. Pick one on the card, or type for example **change ${qn.questions[0]!.label.toLowerCase()}**.`);
    if (matches.length > 1) return again(`Which one? ${matches.map((q) => `**change ${q.label.toLowerCase()}**`).join(', or ')}.`);
    target = matches[0]!;
  }
  if (target) {
    state.at = target.id;
    state.returnToReview = true;
    state.attempts = 0;
    return { state, outputs: [ask(qn, state)] };
  }
  return again(`Type **${qn.finishWord}** to run the check, or **change** followed by what to change (for example **change ${qn.questions[0]!.label.toLowerCase()}**).`);
}

export function flatReview<D>(qn: Questionnaire<D>, state: FlatState<D>): ReviewView {
  const d = state.draft;
  const shown = applicable(qn, d);
  const row = (q: FlatQuestion<D>): ReviewRow => {
    const value = q.get(d);
    return { key: keyOf(q.id), label: q.label, value: q.format(value, d), missing: q.required && value === undefined };
  };
  const sections: ReviewSection[] = qn.sections
    .map((s) => ({ title: s.title(d), rows: shown.filter((q) => q.section === s.id).map(row) }))
    .filter((s) => s.rows.length > 0);
  return {
    sections,
    missing: missingRequired(qn, d).map((q) => q.label),
    changeChoices: shown.map((q) => ({ title: q.label, value: keyOf(q.id) })),
  };
}

function ask<D>(qn: Questionnaire<D>, state: FlatState<D>, problem?: { reason: string; example: string }): FlatOutput<D> {
  const q = question(qn, state.at!);
  const d = state.draft;
  const existing = q.get(d);
  const view: QuestionView = {
    key: keyOf(q.id),
    id: q.id,
    kind: q.kind,
    section: qn.sections.find((s) => s.id === q.section)?.title(d) ?? '',
    text: q.prompt(d),
    accepted: q.accepted,
    choices: q.choices ? q.choices(d) : [],
    dropdown: q.dropdown ?? false,
    skippable: q.skippable,
    canGoBack: state.history.length > 0,
    offerSkip: !q.skippable && state.attempts >= SKIP_OFFER_AFTER,
  };
  if (existing !== undefined) view.current = q.format(existing, d);
  if (problem) {
    view.reason = problem.reason;
    view.example = problem.example;
    if (q.skippable && state.attempts >= SKIP_OFFER_AFTER) view.offerSkip = true;
  }
  return { type: 'ask', view };
}

function helpText<D>(qn: Questionnaire<D>, q: FlatQuestion<D>, state: FlatState<D>): string {
  return [
    `I accept ${q.accepted} (for example: ${exampleFor(qn, q)}).`,
    q.skippable ? 'If you don\'t know, type **skip**: I\'ll treat it as unknown and the result will say what to confirm.' : `I need this answer ${qn.purpose}.`,
    `You can also type **back**${state.history.length === 0 ? ' (from the second question on)' : ''}, **restart** or **cancel**.`,
  ].join('\n\n');
}

function exampleFor<D>(qn: Questionnaire<D>, q: FlatQuestion<D>): string {
  const r = q.parse('', qn.emptyDraft());
  return r.ok ? q.accepted : r.example;
}

export function countFlatAnswers<D>(qn: Questionnaire<D>, d: D): number {
  return qn.questions.filter((q) => q.get(d) !== undefined).length;
}
