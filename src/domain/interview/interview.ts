/**
 * The eligibility interview as a pure state machine: state + what the person said -> new state + what to show.
 * The Teams dialog only renders the outputs and stores the state (so the position survives a bot restart); every
 * rule about re-asking, skipping, going back, changing an answer from the review and cancelling lives here and is
 * tested without botbuilder.
 */
import { plural } from '../text.js';
import { QUESTIONS, envName, question, type Choice, type Draft, type Question, type QuestionKind } from './questions.js';

export interface Position {
  q: string;
  env: number;
}

export interface InterviewState {
  v: 1;
  draft: Draft;
  /** null while the review is shown. */
  at: Position | null;
  /** Positions answered before the current one, for "back". */
  history: Position[];
  /** Wrong answers to the current question. */
  attempts: number;
  /** After a change from the review, answering returns to the review. */
  returnToReview: boolean;
  /** Required questions skipped after repeated wrong answers ("q|env" keys): asked again before assessing. */
  skippedRequired: string[];
  /** The review has been shown once: later passes skip what is already answered. */
  reviewed: boolean;
}

export interface QuestionView {
  key: string;
  id: string;
  kind: QuestionKind;
  section: string;
  text: string;
  accepted: string;
  choices: Choice[];
  dropdown: boolean;
  skippable: boolean;
  canGoBack: boolean;
  /** The answer already given, when the question is asked again (back, change). */
  current?: string;
  reason?: string;
  example?: string;
  /** Offered after three wrong answers. */
  offerSkip: boolean;
}

export interface ReviewRow {
  key: string;
  label: string;
  value: string;
  missing: boolean;
}

export interface ReviewSection {
  title: string;
  rows: ReviewRow[];
}

export interface ReviewView {
  sections: ReviewSection[];
  missing: string[];
  changeChoices: Choice[];
}

export type Output =
  | { type: 'ask'; view: QuestionView }
  | { type: 'say'; text: string }
  | { type: 'review'; view: ReviewView }
  | { type: 'cancelled'; text: string }
  | { type: 'complete'; draft: Draft };

export interface Step {
  state: InterviewState;
  outputs: Output[];
  ended?: 'cancelled' | 'complete';
}

export interface Input {
  text?: string;
  /** Action.Submit data from a card: { answer, q } for a question, { command, field } from the review. */
  value?: Record<string, unknown>;
}

export const MAX_ENVIRONMENTS = 50;
const SKIP_OFFER_AFTER = 3;

const ENV_QUESTIONS = QUESTIONS.filter((q) => q.section === 'environment');
const keyOf = (p: Position): string => `${p.q}|${p.env}`;
const parseKey = (key: string): Position | null => {
  const m = /^([a-zA-Z.]+)\|(\d+)$/.exec(key);
  return m && QUESTIONS.some((q) => q.id === m[1]) ? { q: m[1]!, env: Number(m[2]) } : null;
};

export function newState(): InterviewState {
  return {
    v: 1,
    draft: { source: {}, destination: {}, environments: [] },
    at: { q: QUESTIONS[0]!.id, env: 0 },
    history: [],
    attempts: 0,
    returnToReview: false,
    skippedRequired: [],
    reviewed: false,
  };
}

export function start(): Step {
  const state = newState();
  return {
    state,
    outputs: [
      {
        type: 'say',
        text: 'Let\'s check whether your environments can move to another tenant. I\'ll ask about both tenants and then each environment: about 2 minutes per environment. You can type **help**, **back**, **skip** (for facts you don\'t know), **restart** or **cancel** at any point.',
      },
      ask(state),
    ],
  };
}

const WORDS = {
  help: /^(help|\?|what\?|huh\??)$/i,
  cancel: /^(cancel|stop|quit|exit|abort|never ?mind)$/i,
  restart: /^(restart|start over|start again|reset)$/i,
  back: /^(back|go back|previous|undo)$/i,
  skip: /^(skip|don'?t know|do not know|dont know|i don'?t know|idk|dunno|not sure|unknown|no idea|pass)$/i,
  assess: /^(assess|assess now|check|done|go|ok|okay|looks good|yes|y|confirm|submit|run|continue)$/i,
  addEnvironment: /^(add( an| another)? environment|another environment|add env(ironment)?)$/i,
};

/**
 * What a message means to an interview (this one and the flat ones, src/domain/interview/flatInterview.ts): a card
 * command, the answer (typed text first, white space folded, else the card's answer; a multi-select joined with
 * commas), and the answer without a final full stop or exclamation mark (for matching words like "skip").
 */
export function readInterviewInput(input: Input): { value: Record<string, unknown>; command: string | undefined; text: string; plain: string } {
  const value = input.value ?? {};
  const command = typeof value.command === 'string' ? value.command : undefined;
  const cardAnswer = value.answer;
  const typed = (input.text ?? '').replace(/\s+/g, ' ').trim();
  const text = typed !== '' ? typed : typeof cardAnswer === 'string' ? cardAnswer.trim() : Array.isArray(cardAnswer) ? cardAnswer.join(',') : '';
  return { value, command, text, plain: text.replace(/[.!]+$/, '') };
}

export function handle(previous: InterviewState, input: Input): Step {
  const state = structuredClone(previous);
  const { value, command, text, plain } = readInterviewInput(input);

  if (command === 'cancel' || WORDS.cancel.test(plain)) return cancel(state);
  if (command === 'restart' || WORDS.restart.test(plain)) {
    const fresh = newState();
    const had = countAnswers(state.draft);
    return {
      state: fresh,
      outputs: [{ type: 'say', text: had > 0 ? `Starting again from the first question; I discarded the ${plural(had, 'answer')} you had given.` : 'Starting again from the first question.' }, ask(fresh)],
    };
  }

  if (state.at === null) return handleReview(state, plain, command, value);

  const q = question(state.at.q);
  if (WORDS.help.test(plain)) {
    return { state, outputs: [{ type: 'say', text: helpText(q, state) }, ask(state)] };
  }
  if (command === 'back' || WORDS.back.test(plain)) return back(state);

  // A button pressed on an older question's card must not answer the current one.
  if (typeof value.q === 'string' && value.q !== keyOf(state.at)) {
    return { state, outputs: [{ type: 'say', text: 'That card was for an earlier question, so I left it alone. Here is where we are:' }, ask(state)] };
  }

  if (command === 'skip' || WORDS.skip.test(plain)) {
    const allowed = q.skippable || state.attempts >= SKIP_OFFER_AFTER;
    if (!allowed) {
      return { state, outputs: [{ type: 'say', text: `I need this one to check eligibility, so it can't be skipped. Expected: ${q.accepted}.` }, ask(state)] };
    }
    q.set(state.draft, state.at.env, undefined);
    const key = keyOf(state.at);
    if (q.required && !state.skippedRequired.includes(key)) state.skippedRequired.push(key);
    return advance(state, q.skippable ? undefined : 'Skipped for now; I\'ll ask again before the assessment.');
  }

  if (text === '') {
    state.attempts++;
    return { state, outputs: [ask(state, { reason: 'I need a typed answer (or pick one on the card).', example: exampleFor(q) })] };
  }

  const parsed = q.parse(text, state.draft, state.at.env);
  if (!parsed.ok) {
    state.attempts++;
    return { state, outputs: [ask(state, { reason: parsed.reason, example: parsed.example })] };
  }

  if (q.id === 'env.another') {
    return anotherEnvironment(state, parsed.value === true);
  }
  const before = new Set(allPositions(state.draft).map(keyOf));
  q.set(state.draft, state.at.env, parsed.value);
  state.skippedRequired = state.skippedRequired.filter((k) => k !== keyOf(state.at!));
  // A change can make a question apply that was never asked (a sandbox becomes production, Marketing is added).
  const newly = allPositions(state.draft).filter((p) => !before.has(keyOf(p)) && question(p.q).get(state.draft, p.env) === undefined);
  return advance(state, undefined, newly[0]);
}

function cancel(state: InterviewState): Step {
  const answers = countAnswers(state.draft);
  const envs = state.draft.environments.map((e) => e.name).filter((n): n is string => !!n);
  const parts: string[] = [];
  if (state.draft.source.tenantDomain || state.draft.destination.tenantDomain) {
    parts.push(`the tenants (${[state.draft.source.tenantDomain, state.draft.destination.tenantDomain].filter(Boolean).join(' to ')})`);
  }
  if (envs.length > 0) parts.push(`${plural(envs.length, 'environment')} (${envs.join(', ')})`);
  const text = answers === 0
    ? 'Cancelled. Nothing had been answered yet, so nothing was discarded. Type **check eligibility** to start again.'
    : `Cancelled. I discarded ${plural(answers, 'answer')}${parts.length ? `: ${parts.join(' and ')}` : ''}. Nothing was assessed or saved. Type **check eligibility** to start again.`;
  return { state, outputs: [{ type: 'cancelled', text }], ended: 'cancelled' };
}

function back(state: InterviewState): Step {
  const previous = state.history.pop();
  if (!previous) {
    return { state, outputs: [{ type: 'say', text: 'This is the first question, so there is nothing to go back to.' }, ask(state)] };
  }
  state.at = previous;
  state.attempts = 0;
  state.returnToReview = false;
  return { state, outputs: [ask(state)] };
}

function anotherEnvironment(state: InterviewState, yes: boolean): Step {
  const env = state.at!.env;
  if (yes) {
    if (env + 1 >= MAX_ENVIRONMENTS) {
      state.history.push(state.at!);
      state.attempts = 0;
      return moveTo(state, forward(state, { q: 'env.another', env }), `One assessment covers up to ${MAX_ENVIRONMENTS} environments; start a second assessment for the rest.`);
    }
    state.history.push(state.at!);
    state.attempts = 0;
    state.draft.environments[env + 1] ??= {};
    return moveTo(state, { q: 'env.name', env: env + 1 });
  }
  // "No more": environments collected beyond this one (after going back) are dropped.
  const dropped = state.draft.environments.slice(env + 1).map((e) => e.name).filter(Boolean);
  state.draft.environments = state.draft.environments.slice(0, env + 1);
  state.skippedRequired = state.skippedRequired.filter((k) => (parseKey(k)?.env ?? 0) <= env || !parseKey(k)!.q.startsWith('env.'));
  state.history.push(state.at!);
  state.attempts = 0;
  const note = dropped.length > 0 ? `I left out ${dropped.join(', ')}, which you had started.` : undefined;
  return moveTo(state, forward(state, { q: 'env.another', env }), note);
}

function advance(state: InterviewState, note?: string, newlyApplicable?: Position): Step {
  const from = state.at!;
  state.history.push(from);
  state.attempts = 0;
  if (state.returnToReview) {
    if (newlyApplicable) return moveTo(state, newlyApplicable, note);
    state.returnToReview = false;
    return moveTo(state, null, note);
  }
  return moveTo(state, forward(state, from), note);
}

/** The next position; once the review has been seen, questions already answered are passed over. */
function forward(state: InterviewState, from: Position): Position | null {
  let next = nextAfter(state.draft, from);
  while (state.reviewed && next && next.q !== 'env.another' && question(next.q).section !== 'environment'
    && question(next.q).get(state.draft, next.env) !== undefined) {
    next = nextAfter(state.draft, next);
  }
  return next;
}

function moveTo(state: InterviewState, to: Position | null, note?: string): Step {
  const outputs: Output[] = note ? [{ type: 'say', text: note }] : [];
  state.at = to;
  if (to === null) {
    state.reviewed = true;
    outputs.push({ type: 'review', view: review(state) });
  } else {
    outputs.push(ask(state));
  }
  return { state, outputs };
}

/** The next applicable position after `from`, or null when the review comes next. */
export function nextAfter(d: Draft, from: Position): Position | null {
  const index = QUESTIONS.findIndex((q) => q.id === from.q);
  for (let i = index + 1; i < QUESTIONS.length; i++) {
    const q = QUESTIONS[i]!;
    const env = q.section === 'environment' ? (from.q.startsWith('env.') ? from.env : 0) : 0;
    if (q.section === 'environment') d.environments[env] ??= {};
    if (!q.applies || q.applies(d, env)) return { q: q.id, env };
  }
  return null;
}

function handleReview(state: InterviewState, plain: string, command: string | undefined, value: Record<string, unknown>): Step {
  if (command === 'assess' || (!command && WORDS.assess.test(plain))) {
    const missing = missingRequired(state);
    if (missing.length > 0) {
      state.at = missing[0]!;
      state.returnToReview = true;
      state.attempts = 0;
      return { state, outputs: [{ type: 'say', text: `Before I can assess I still need: ${missing.map((p) => rowLabel(state.draft, p)).join(', ')}.` }, ask(state)] };
    }
    return { state, outputs: [{ type: 'complete', draft: structuredClone(state.draft) }], ended: 'complete' };
  }
  if (WORDS.help.test(plain)) {
    return {
      state,
      outputs: [{ type: 'say', text: 'This is the review of your answers. Type **assess** to run the check, **change** followed by what to change (for example **change destination region** or **change Contoso Sales type**), **add environment**, **remove** followed by an environment\'s name, **back** or **cancel**.' }, { type: 'review', view: review(state) }],
    };
  }
  if (command === 'back' || WORDS.back.test(plain)) return back(state);
  if (command === 'add-environment' || WORDS.addEnvironment.test(plain)) {
    const env = state.draft.environments.length;
    if (env >= MAX_ENVIRONMENTS) {
      return { state, outputs: [{ type: 'say', text: `One assessment covers up to ${MAX_ENVIRONMENTS} environments.` }, { type: 'review', view: review(state) }] };
    }
    state.draft.environments.push({});
    state.attempts = 0;
    return moveTo(state, { q: 'env.name', env });
  }
  const remove = /^(remove|delete|drop) (environment )?(.+)$/i.exec(plain);
  if (remove) return removeEnvironment(state, remove[3]!);

  let target: Position | null = null;
  if (command === 'change') {
    target = typeof value.field === 'string' ? parseKey(value.field) : null;
    if (!target) {
      return { state, outputs: [{ type: 'say', text: 'Pick the answer to change in the list on the card first, then press **Change**. Or type, for example, **change source region**.' }, { type: 'review', view: review(state) }] };
    }
  }
  const change = /^(change|edit|fix|update) (.+)$/i.exec(plain);
  if (!target && change) {
    const matches = findRows(state, change[2]!);
    if (matches.length === 0) {
      return { state, outputs: [{ type: 'say', text: `I couldn't find "${change[2]}" among your answers. Pick one on the card, or type for example **change source region**.` }, { type: 'review', view: review(state) }] };
    }
    if (matches.length > 1) {
      return {
        state,
        outputs: [{ type: 'say', text: `Which one? ${matches.map((p) => `**change ${rowLabel(state.draft, p).toLowerCase()}**`).join(', or ')}.` }, { type: 'review', view: review(state) }],
      };
    }
    target = matches[0]!;
  }
  if (target) {
    const q = question(target.q);
    if (q.id === 'env.another' || (target.q.startsWith('env.') && !state.draft.environments[target.env])) {
      return { state, outputs: [{ type: 'say', text: 'That answer cannot be changed here.' }, { type: 'review', view: review(state) }] };
    }
    state.at = target;
    state.returnToReview = true;
    state.attempts = 0;
    return { state, outputs: [ask(state)] };
  }
  return {
    state,
    outputs: [{ type: 'say', text: 'Type **assess** to run the check, or **change** followed by what to change (for example **change destination region**).' }, { type: 'review', view: review(state) }],
  };
}

function removeEnvironment(state: InterviewState, name: string): Step {
  const index = state.draft.environments.findIndex((e) => e.name?.toLowerCase() === name.trim().toLowerCase());
  if (index < 0) {
    return { state, outputs: [{ type: 'say', text: `There is no environment called "${name}". Your environments: ${state.draft.environments.map((e) => e.name).join(', ')}.` }, { type: 'review', view: review(state) }] };
  }
  if (state.draft.environments.length === 1) {
    return { state, outputs: [{ type: 'say', text: 'That is the only environment, and an assessment needs at least one. Change its answers instead, or type **cancel**.' }, { type: 'review', view: review(state) }] };
  }
  const [removed] = state.draft.environments.splice(index, 1);
  // Positions that pointed at later environments shift down; history into the removed one is dropped.
  const shift = (p: Position): Position | null => {
    if (!p.q.startsWith('env.')) return p;
    if (p.env === index) return null;
    return p.env > index ? { q: p.q, env: p.env - 1 } : p;
  };
  state.history = state.history.map(shift).filter((p): p is Position => p !== null);
  state.skippedRequired = state.skippedRequired.map((k) => parseKey(k)).filter((p): p is Position => !!p).map(shift).filter((p): p is Position => !!p).map(keyOf);
  return { state, outputs: [{ type: 'say', text: `Removed ${removed?.name ?? 'that environment'}.` }, { type: 'review', view: review(state) }] };
}

function missingRequired(state: InterviewState): Position[] {
  const out: Position[] = [];
  for (const p of allPositions(state.draft)) {
    const q = question(p.q);
    if (q.required && q.id !== 'env.another' && q.get(state.draft, p.env) === undefined) out.push(p);
  }
  return out;
}

/** Every applicable position, in interview order (the review lists these). */
export function allPositions(d: Draft): Position[] {
  const out: Position[] = [];
  for (const q of QUESTIONS) {
    if (q.section === 'environment') continue;
    if (q.section === 'final') continue;
    if (!q.applies || q.applies(d, 0)) out.push({ q: q.id, env: 0 });
  }
  d.environments.forEach((_e, env) => {
    for (const q of ENV_QUESTIONS) {
      if (q.id === 'env.another') continue;
      if (!q.applies || q.applies(d, env)) out.push({ q: q.id, env });
    }
  });
  for (const q of QUESTIONS.filter((x) => x.section === 'final')) {
    if (!q.applies || q.applies(d, 0)) out.push({ q: q.id, env: 0 });
  }
  return out;
}

function rowLabel(d: Draft, p: Position): string {
  const q = question(p.q);
  return p.q.startsWith('env.') ? `${envName(d, p.env)} ${q.label.toLowerCase()}` : q.label;
}

const compact = (s: string): string => s.toLowerCase().replace(/[^a-z0-9 ]/g, ' ').replace(/\s+/g, ' ').trim();

function findRows(state: InterviewState, query: string): Position[] {
  const wanted = compact(query).replace(/^(the|my) /, '');
  const positions = allPositions(state.draft);
  const labelled = positions.map((p) => ({ p, label: compact(rowLabel(state.draft, p)) }));
  const exact = labelled.filter((x) => x.label === wanted);
  if (exact.length > 0) return exact.map((x) => x.p);
  const words = wanted.split(' ').filter(Boolean);
  return labelled.filter((x) => words.every((w) => x.label.split(' ').some((lw) => lw === w || lw.startsWith(w)))).map((x) => x.p);
}

export function review(state: InterviewState): ReviewView {
  const d = state.draft;
  const sections: ReviewSection[] = [];
  const row = (p: Position): ReviewRow => {
    const q = question(p.q);
    const value = q.get(d, p.env);
    return { key: keyOf(p), label: q.label, value: q.format(value, d, p.env), missing: q.required && value === undefined };
  };
  const positions = allPositions(d);
  const tenantRows = (section: string) => positions.filter((p) => question(p.q).section === section).map(row);
  sections.push({ title: `Source tenant: ${d.source.tenantDomain ?? 'not given'}`, rows: tenantRows('source') });
  sections.push({ title: `Destination tenant: ${d.destination.tenantDomain ?? 'not given'}`, rows: tenantRows('destination') });
  d.environments.forEach((_e, env) => {
    sections.push({ title: `Environment ${env + 1}: ${envName(d, env)}`, rows: positions.filter((p) => p.q.startsWith('env.') && p.env === env).map(row) });
  });
  const finalRows = tenantRows('final');
  if (finalRows.length > 0) sections.push({ title: 'Marketing', rows: finalRows });
  return {
    sections,
    missing: missingRequired(state).map((p) => rowLabel(d, p)),
    changeChoices: positions.map((p) => ({ title: rowLabel(d, p), value: keyOf(p) })),
  };
}

function ask(state: InterviewState, problem?: { reason: string; example: string }): Output {
  const at = state.at!;
  const q = question(at.q);
  const d = state.draft;
  const existing = q.get(d, at.env);
  const view: QuestionView = {
    key: keyOf(at),
    id: q.id,
    kind: q.kind,
    section: sectionTitle(q, d, at.env),
    text: q.prompt(d, at.env),
    accepted: q.accepted,
    choices: q.choices ? q.choices(d, at.env) : [],
    dropdown: q.dropdown ?? false,
    skippable: q.skippable,
    canGoBack: state.history.length > 0,
    offerSkip: !q.skippable && state.attempts >= SKIP_OFFER_AFTER,
  };
  if (existing !== undefined) view.current = q.format(existing, d, at.env);
  if (problem) {
    view.reason = problem.reason;
    view.example = problem.example;
    if (q.skippable && state.attempts >= SKIP_OFFER_AFTER) view.offerSkip = true;
  }
  return { type: 'ask', view };
}

function sectionTitle(q: Question, d: Draft, env: number): string {
  switch (q.section) {
    case 'source': return 'Source tenant';
    case 'destination': return 'Destination tenant';
    case 'environment': return `Environment ${env + 1}${d.environments[env]?.name ? `: ${d.environments[env]!.name}` : ''}`;
    default: return 'Last question';
  }
}

function helpText(q: Question, state: InterviewState): string {
  const lines = [
    `I accept ${q.accepted}${q.kind === 'solutions' ? '' : ` (for example: ${exampleFor(q)})`}.`,
    q.skippable ? 'If you don\'t know, type **skip**: I\'ll treat it as unknown and the result will say what to confirm.' : 'I need this answer to check eligibility.',
    `You can also type **back**${state.history.length === 0 ? ' (from the second question on)' : ''}, **restart** or **cancel**.`,
  ];
  return lines.join('\n\n');
}

function exampleFor(q: Question): string {
  const r = q.parse('', { source: {}, destination: {}, environments: [] }, 0);
  return r.ok ? q.accepted : r.example;
}

export function countAnswers(d: Draft): number {
  const count = (o: object): number => Object.values(o).filter((v) => v !== undefined).length;
  return count(d.source) + count(d.destination) + d.environments.reduce((n, e) => n + count(e), 0);
}
