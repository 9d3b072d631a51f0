/**
 * The "assess with a form" card: one Adaptive Card with every tenant field and one or more environments, and the
 * mapping from its submitted values to the same migration profile the guided interview builds.
 *
 * Every field is read with the interview's own question (src/domain/interview/questions.ts): the same parser, the
 * same accepted text and the same choices, so the form accepts exactly what the chat accepts ("emea", "1,200",
 * "1.5 TB", "prod"). An empty field or a "Don't know" choice leaves the fact out of the profile (unknown, never
 * false). Input ids are the profile paths (`source.region`, `environments[1].type`), so the engine's validation
 * issues map back onto the input that caused them.
 *
 * Pure: no botbuilder import. The form service (src/services/formService.ts) decides what to show; the route
 * file (src/bot/formRoutes.ts) sends and updates the card.
 */
import { REGION_NAMES, parseSolutions, validateProfile, type MigrationProfile } from '../domain/assessment/index.js';
import { envName, question, type Choice, type Draft } from '../domain/interview/questions.js';

export const PROFILE_FORM_CARD = 'profileForm';
/**
 * The card's buttons, sent as the Action.Submit data's `action` field: the bot routes submits outside dialogs by it
 * (BotDeps.submits), so the names are namespaced by card.
 */
export const FORM_ACTIONS = {
  assess: 'profileForm.assess',
  addEnvironment: 'profileForm.addEnvironment',
  removeEnvironment: 'profileForm.removeEnvironment',
  edit: 'profileForm.edit',
} as const;
export type FormAction = (typeof FORM_ACTIONS)[keyof typeof FORM_ACTIONS];

/**
 * Teams refuses a bot message over about 100 KB counted as UTF-16 (413 MessageSizeTooBig) and advises staying
 * under 80 KB. Each environment adds about 5,000 characters of card JSON (the region, type and solution lists), up
 * to 7,500 with every field marked, and a longer form is unusable on a phone anyway: past this many environments
 * the guided interview is the better tool. test/form measures the worst case.
 */
export const MAX_FORM_ENVIRONMENTS = 4;
/**
 * Longest value kept from one field (an environment name may have 100 characters, and real tenant domains are far
 * shorter): a pasted paragraph is cut rather than echoed back whole into a card that has a size limit.
 */
export const MAX_FIELD_LENGTH = 100;

/** Raw values as the card submits them (input id -> text). Teams sends every input value as a string. */
export type FormValues = Record<string, string>;

type InputKind = 'text' | 'choice' | 'multi';

interface FieldSpec {
  /** Profile field name; with the section it makes the input id. */
  key: string;
  /** The interview question that parses, stores and names this field. */
  questionId: string;
  kind: InputKind;
  /** Short label for a phone-width card. */
  label: string;
  placeholder: string;
  choices?: () => Choice[];
  /** Value of a fresh form. */
  initial?: string;
}

const YES_NO: Choice[] = [
  { title: 'Yes', value: 'yes' },
  { title: 'No', value: 'no' },
  { title: "Don't know", value: 'unknown' },
];
const yesNo = (): Choice[] => YES_NO;
const regions = (): Choice[] => question('source.region').choices!({ source: {}, destination: {}, environments: [] }, 0);
const clouds = (): Choice[] => question('source.cloud').choices!({ source: {}, destination: {}, environments: [] }, 0);
const types = (): Choice[] => question('env.type').choices!({ source: {}, destination: {}, environments: [] }, 0);
/** "None of these" is what the chat's "none" means: no solutions (known), unlike an empty field (unknown). */
const solutions = (): Choice[] => [
  ...question('env.solutions').choices!({ source: {}, destination: {}, environments: [] }, 0),
  { title: 'None of these', value: 'none' },
];

function tenantFields(side: 'source' | 'destination'): FieldSpec[] {
  return [
    { key: 'tenantDomain', questionId: `${side}.tenantDomain`, kind: 'text', label: 'Domain', placeholder: side === 'source' ? 'contoso.onmicrosoft.com' : 'fabrikam.onmicrosoft.com' },
    { key: 'tenantId', questionId: `${side}.tenantId`, kind: 'text', label: 'Tenant ID (optional)', placeholder: '11111111-2222-3333-4444-555555555555' },
    { key: 'region', questionId: `${side}.region`, kind: 'choice', label: 'Region', placeholder: 'Choose a region', choices: regions },
    { key: 'cloud', questionId: `${side}.cloud`, kind: 'choice', label: 'Cloud', placeholder: 'Commercial', choices: clouds, initial: 'commercial' },
  ];
}

const SOURCE_FIELDS: FieldSpec[] = [
  ...tenantFields('source'),
  { key: 'activeLicensedUsers', questionId: 'source.activeLicensedUsers', kind: 'text', label: 'Active licensed users', placeholder: 'for example 1,200' },
  { key: 'customerLockbox', questionId: 'source.customerLockbox', kind: 'choice', label: 'Customer Lockbox on', placeholder: "Don't know", choices: yesNo },
];

const DESTINATION_FIELDS: FieldSpec[] = [
  ...tenantFields('destination'),
  { key: 'paidSubscription', questionId: 'destination.paidSubscription', kind: 'choice', label: 'Paid Dynamics 365, Power Apps or Copilot Studio subscription', placeholder: "Don't know", choices: yesNo },
  { key: 'availableLicenses', questionId: 'destination.availableLicenses', kind: 'text', label: 'Free licences', placeholder: 'for example 300' },
  { key: 'availableStorageGb', questionId: 'destination.availableStorageGb', kind: 'text', label: 'Free Dataverse storage', placeholder: 'for example 800 GB or 1.5 TB' },
  { key: 'marketingLicenses', questionId: 'destination.marketingLicenses', kind: 'choice', label: 'Licences to set up Marketing again (if Marketing is installed)', placeholder: "Don't know", choices: yesNo },
];

const ENVIRONMENT_FIELDS: FieldSpec[] = [
  { key: 'name', questionId: 'env.name', kind: 'text', label: 'Name', placeholder: 'for example Contoso Sales' },
  { key: 'type', questionId: 'env.type', kind: 'choice', label: 'Type', placeholder: 'Choose a type', choices: types },
  { key: 'region', questionId: 'env.region', kind: 'choice', label: 'Region', placeholder: 'Same as the source tenant', choices: () => [{ title: 'Same as the source tenant', value: 'same' }, ...regions()], initial: 'same' },
  { key: 'hasDataverse', questionId: 'env.hasDataverse', kind: 'choice', label: 'Has Dataverse', placeholder: "Don't know (assumed yes)", choices: yesNo },
  { key: 'managedEnvironment', questionId: 'env.managedEnvironment', kind: 'choice', label: 'Managed Environment', placeholder: "Don't know", choices: yesNo },
  { key: 'linkedToFinanceAndOperations', questionId: 'env.linkedToFinanceAndOperations', kind: 'choice', label: 'Linked to Finance and Operations', placeholder: "Don't know", choices: yesNo },
  { key: 'storageGb', questionId: 'env.storageGb', kind: 'text', label: 'Storage used', placeholder: 'for example 200 GB or 1.5 TB' },
  { key: 'mappedUsers', questionId: 'env.mappedUsers', kind: 'text', label: 'Users to map', placeholder: 'for example 120' },
  { key: 'sandboxCopyTested', questionId: 'env.sandboxCopyTested', kind: 'choice', label: 'Sandbox copy rehearsed (production only)', placeholder: "Don't know", choices: yesNo },
  { key: 'solutions', questionId: 'env.solutions', kind: 'multi', label: 'Solutions installed', placeholder: 'Pick all that apply' },
];

/** Input id of a tenant field (its profile path). */
export function tenantFieldId(side: 'source' | 'destination', key: string): string {
  return `${side}.${key}`;
}

/** Input id of an environment field (its profile path). */
export function environmentFieldId(index: number, key: string): string {
  return `environments[${index}].${key}`;
}

interface PlacedField {
  id: string;
  spec: FieldSpec;
  /** Environment index, 0 for tenant fields (the questions ignore it there). */
  env: number;
  section: 'source' | 'destination' | 'environment';
}

/** Every input of a form with this many environments, in card order (which is also parsing order). */
export function formFields(envCount: number): PlacedField[] {
  const fields: PlacedField[] = [
    ...SOURCE_FIELDS.map((spec) => ({ id: tenantFieldId('source', spec.key), spec, env: 0, section: 'source' as const })),
    ...DESTINATION_FIELDS.map((spec) => ({ id: tenantFieldId('destination', spec.key), spec, env: 0, section: 'destination' as const })),
  ];
  for (let env = 0; env < envCount; env++) {
    for (const spec of ENVIRONMENT_FIELDS) fields.push({ id: environmentFieldId(env, spec.key), spec, env, section: 'environment' });
  }
  return fields;
}

/** The number of environments a submit claims, kept within 1..MAX_FORM_ENVIRONMENTS (card data is untrusted). */
export function clampEnvironmentCount(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isInteger(n)) return 1;
  return Math.min(Math.max(n, 1), MAX_FORM_ENVIRONMENTS);
}

/** Text of one submitted value: strings as they are, a multi-select list joined, anything else ignored. */
function asText(value: unknown): string {
  let text = '';
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
  else if (Array.isArray(value)) text = value.filter((v) => typeof v === 'string').join(',');
  // A "${" typed into a field is shown back with a zero-width space (see displayValue); take it out again.
  return text.replace(/\$\u200b\{/g, '${').trim().slice(0, MAX_FIELD_LENGTH);
}

/** The values of this form's inputs from submitted card data; unknown keys (action data, stray ids) are dropped. */
export function pickFormValues(data: Record<string, unknown>, envCount: number): FormValues {
  const values: FormValues = {};
  for (const field of formFields(envCount)) {
    if (!Object.prototype.hasOwnProperty.call(data, field.id)) continue;
    const text = asText(data[field.id]);
    if (text !== '') values[field.id] = text;
  }
  return values;
}

/** The values of a fresh form: the defaults only. */
export function initialFormValues(envCount = 1): FormValues {
  const values: FormValues = {};
  for (const field of formFields(envCount)) if (field.spec.initial !== undefined) values[field.id] = field.spec.initial;
  return values;
}

/** Values after adding an environment: the new one starts with the defaults. */
export function addEnvironment(values: FormValues, envCount: number): { values: FormValues; envCount: number } {
  if (envCount >= MAX_FORM_ENVIRONMENTS) return { values: { ...values }, envCount };
  const next = { ...values };
  for (const spec of ENVIRONMENT_FIELDS) {
    if (spec.initial !== undefined) next[environmentFieldId(envCount, spec.key)] = spec.initial;
  }
  return { values: next, envCount: envCount + 1 };
}

/** Values after removing one environment: the ones after it move up, keeping what was typed in them. */
export function removeEnvironment(values: FormValues, envCount: number, index: number): { values: FormValues; envCount: number } {
  if (envCount <= 1 || !Number.isInteger(index) || index < 0 || index >= envCount) return { values: { ...values }, envCount };
  const next: FormValues = {};
  for (const field of formFields(0)) if (values[field.id] !== undefined) next[field.id] = values[field.id]!;
  for (let env = 0, to = 0; env < envCount; env++) {
    if (env === index) continue;
    for (const spec of ENVIRONMENT_FIELDS) {
      const value = values[environmentFieldId(env, spec.key)];
      if (value !== undefined) next[environmentFieldId(to, spec.key)] = value;
    }
    to++;
  }
  return { values: next, envCount: envCount - 1 };
}

// ---------------------------------------------------------------------------------------------- reading

export interface FieldError {
  /** The input id (profile path). */
  id: string;
  /** The field named for a person: "Destination region", "Contoso Dev: Type". */
  label: string;
  /** What is wrong and what is accepted, naming the value given. */
  message: string;
  /** The field was empty and is needed to assess. */
  missing: boolean;
}

export type FormReading =
  | { ok: true; profile: MigrationProfile; draft: Draft }
  | { ok: false; errors: FieldError[]; general: string[]; draft: Draft };

function fieldLabel(field: PlacedField, draft: Draft): string {
  const q = question(field.spec.questionId);
  if (field.section !== 'environment') return q.label;
  return `${envName(draft, field.env).replace(/^environment/, 'Environment')}: ${q.label}`;
}

function withExample(reason: string, example: string): string {
  const sentence = /[.!?]$/.test(reason) ? reason : `${reason}.`;
  return `${sentence} For example: ${example}`;
}

function exampleFor(field: PlacedField): string {
  return field.spec.placeholder.replace(/^for example /, '');
}

/**
 * Reads a submitted form into a profile. Each field goes through its interview question (so the form and the chat
 * agree), then the whole draft through the engine's validation, whose issues are mapped back to inputs by path.
 */
export function readProfileForm(values: FormValues, envCount: number): FormReading {
  const draft: Draft = { source: {}, destination: {}, environments: Array.from({ length: envCount }, () => ({})) };
  const fields = formFields(envCount);
  const errors: FieldError[] = [];
  const pending: Array<{ field: PlacedField; text: string }> = [];

  // Parse in card order: the destination domain is compared with the source, an environment name with the earlier ones.
  for (const field of fields) {
    const q = question(field.spec.questionId);
    const text = values[field.id] ?? '';
    if (text === '') {
      if (q.required) {
        const message = field.spec.kind === 'text' ? `Needed to assess. Enter ${q.accepted}.` : 'Needed to assess: pick one from the list.';
        errors.push({ id: field.id, label: '', message, missing: true });
      }
      pending.push({ field, text });
      continue;
    }
    const parsed = q.parse(text, draft, field.env);
    if (!parsed.ok) {
      // A dropdown only sends one of its own values, so a failure here means the card data was altered or came
      // from an older card: the list itself is the best statement of what is accepted (and is already on the card).
      const message = field.spec.kind === 'text' ? withExample(parsed.reason, parsed.example) : 'Not one of the choices: pick from the list.';
      errors.push({ id: field.id, label: '', message, missing: false });
    } else {
      q.set(draft, field.env, parsed.value);
    }
    pending.push({ field, text });
  }

  // Facts the interview would not have asked (a rehearsal for a sandbox, Marketing licences without Marketing) stay
  // out, so the form and the chat give the same profile for the same situation.
  for (const { field } of pending) {
    const q = question(field.spec.questionId);
    if (q.applies && !q.applies(draft, field.env)) q.set(draft, field.env, undefined);
  }

  const general: string[] = [];
  const validation = validateProfile(draft);
  if (!validation.ok) {
    for (const issue of validation.issues) {
      const field = fields.find((f) => issue.path === f.id || issue.path.startsWith(`${f.id}.`) || issue.path.startsWith(`${f.id}[`));
      if (!field) {
        general.push(issue.message);
        continue;
      }
      if (errors.some((e) => e.id === field.id)) continue; // the field's own parser already said what is wrong
      errors.push({ id: field.id, label: '', message: withExample(capitalise(issue.message), exampleFor(field)), missing: false });
    }
  }

  if (errors.length === 0 && general.length === 0 && validation.ok) {
    return { ok: true, profile: validation.profile, draft };
  }
  const order = new Map(fields.map((f, i) => [f.id, i]));
  const labelled = errors
    .map((e) => ({ ...e, label: fieldLabel(fields.find((f) => f.id === e.id)!, draft) }))
    .sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  return { ok: false, errors: labelled, general, draft };
}

function capitalise(text: string): string {
  return text.length === 0 ? text : text[0]!.toUpperCase() + text.slice(1);
}

// ---------------------------------------------------------------------------------------------- view model

export interface FieldView {
  id: string;
  label: string;
  isText: boolean;
  isChoice: boolean;
  isMulti: boolean;
  value: string;
  placeholder: string;
  choices: Choice[];
  hasError: boolean;
  error: string;
  /**
   * Only on required fields that came back empty, so Teams checks them before the next submit. The template has a
   * variant of each input with and without isRequired/errorMessage rather than writing `false` and `""` on every
   * input: that keeps a five-environment card well under Teams' message size limit.
   */
  isRequired: boolean;
  /** Shown by Teams when its own check fails (with isRequired); the server's message is in `error`, under the input. */
  errorMessage: string;
}

export interface SectionView {
  title: string;
  fields: FieldView[];
  canRemove: boolean;
  removeTitle: string;
  /** Environment index for the remove button; -1 for tenant sections. */
  index: number;
}

export interface ProfileFormView {
  editing: boolean;
  done: boolean;
  envCount: number;
  hasProblems: boolean;
  problemsTitle: string;
  problems: Array<{ label: string; message: string }>;
  hasMoreProblems: boolean;
  moreProblems: string;
  /** The short reminder next to the buttons (a phone user pressed Assess at the bottom of a long card). */
  bottomNote: string;
  hasBottomNote: boolean;
  hasNotice: boolean;
  notice: string;
  sections: SectionView[];
  canAdd: boolean;
  addTitle: string;
  /** Done state: what was assessed, and the answers carried by "Edit answers" so the form can come back filled. */
  summary: Array<{ title: string; value: string }>;
  values: FormValues;
}

/** How many problems the summary lists before "and N more": the marks under each field show the rest. */
export const SUMMARY_LIMIT = 8;

/**
 * Templating writes user text into the card JSON, and a card still containing "${" is refused by the renderer as
 * unexpanded; a zero-width space after the "$" keeps such text visible and is taken out again when read back.
 */
function displayValue(text: string): string {
  return text.replace(/\$\{/g, '$\u200b{');
}

function fieldView(field: PlacedField, values: FormValues, error: FieldError | undefined): FieldView {
  const q = question(field.spec.questionId);
  const choices = field.spec.kind === 'text' ? [] : field.spec.kind === 'multi' ? solutions() : field.spec.choices!();
  return {
    id: field.id,
    label: field.spec.label,
    isText: field.spec.kind === 'text',
    isChoice: field.spec.kind === 'choice',
    isMulti: field.spec.kind === 'multi',
    value: displayValue(choiceValue(field, values[field.id] ?? '', choices)),
    placeholder: field.spec.placeholder,
    choices,
    hasError: error !== undefined,
    error: error ? `⚠ ${displayValue(error.message)}` : '',
    isRequired: error?.missing === true && q.required,
    errorMessage: error?.missing === true && q.required ? `Needed: ${q.accepted}` : '',
  };
}

/**
 * A choice input shows a value only if it is one of its choices; a typed alias ("emea", carried over from an
 * older card or an edit) is shown as the choice it means so the dropdown is not left blank.
 */
function choiceValue(field: PlacedField, text: string, choices: Choice[]): string {
  if (field.spec.kind === 'text' || text === '') return text;
  if (field.spec.kind === 'multi') {
    const parsed = parseSolutions(text);
    const none = text.split(',').some((part) => part.trim().toLowerCase() === 'none');
    return [...parsed.ids, ...(none ? ['none'] : [])].join(',');
  }
  if (choices.some((c) => c.value === text)) return text;
  const q = question(field.spec.questionId);
  const parsed = q.parse(text, { source: {}, destination: {}, environments: [] }, 0);
  if (parsed.ok && typeof parsed.value === 'string' && choices.some((c) => c.value === parsed.value)) return parsed.value;
  if (parsed.ok && typeof parsed.value === 'boolean') return parsed.value ? 'yes' : 'no';
  if (parsed.ok && parsed.value === undefined && field.spec.questionId === 'env.region') return 'same';
  if (parsed.ok && parsed.value === undefined) return 'unknown';
  // Not a choice: the dropdown shows its placeholder and the mark under it says to pick from the list.
  return '';
}

function sections(values: FormValues, envCount: number, errors: FieldError[]): SectionView[] {
  const fields = formFields(envCount);
  const errorOf = (id: string) => errors.find((e) => e.id === id);
  const out: SectionView[] = [
    { title: 'Source tenant (moving from)', fields: [], canRemove: false, removeTitle: '', index: -1 },
    { title: 'Destination tenant (moving to)', fields: [], canRemove: false, removeTitle: '', index: -1 },
  ];
  for (let env = 0; env < envCount; env++) {
    const name = values[environmentFieldId(env, 'name')];
    out.push({
      title: name ? `Environment ${env + 1}: ${name}` : `Environment ${env + 1}`,
      fields: [],
      canRemove: envCount > 1,
      removeTitle: name ? `Remove ${name}` : `Remove environment ${env + 1}`,
      index: env,
    });
  }
  for (const field of fields) {
    const at = field.section === 'source' ? 0 : field.section === 'destination' ? 1 : 2 + field.env;
    out[at]!.fields.push(fieldView(field, values, errorOf(field.id)));
  }
  for (const s of out) s.title = displayValue(s.title);
  for (const s of out) s.removeTitle = displayValue(s.removeTitle);
  return out;
}

export interface FormViewOptions {
  values: FormValues;
  envCount: number;
  /** From the last "Assess": marked on the fields and listed at the top. */
  errors?: FieldError[];
  general?: string[];
  /** A short note at the top (for example why no more environments can be added). */
  notice?: string;
}

/** The form, blank, being edited, or coming back with problems marked. */
export function profileFormView(options: FormViewOptions): ProfileFormView {
  const { values, envCount } = options;
  const errors = options.errors ?? [];
  const general = options.general ?? [];
  const problems = [
    ...errors.map((e) => ({ label: displayValue(e.label), message: displayValue(e.message) })),
    ...general.map((g) => ({ label: 'Profile', message: displayValue(capitalise(g)) })),
  ];
  const count = problems.length;
  const shown = problems.slice(0, SUMMARY_LIMIT);
  return {
    editing: true,
    done: false,
    envCount,
    hasProblems: count > 0,
    problemsTitle: count === 1 ? 'One thing to fix before I can assess:' : `${count} things to fix before I can assess:`,
    problems: shown,
    hasMoreProblems: count > shown.length,
    moreProblems: `...and ${count - shown.length} more, marked below.`,
    bottomNote: count === 1 ? 'One field needs fixing: it is marked above.' : `${count} fields need fixing: they are marked above.`,
    hasBottomNote: count > 0,
    hasNotice: options.notice !== undefined,
    notice: options.notice ?? '',
    sections: sections(values, envCount, errors),
    canAdd: envCount < MAX_FORM_ENVIRONMENTS,
    addTitle: 'Add environment',
    summary: [],
    values,
  };
}

/** After a successful assessment: a short summary instead of the inputs, and "Edit answers" to bring them back. */
export function submittedFormView(values: FormValues, envCount: number, profile: MigrationProfile): ProfileFormView {
  const tenant = (side: 'source' | 'destination') => {
    const t = profile[side];
    return `${t.tenantDomain}, ${REGION_NAMES[t.region]} (${t.region})`;
  };
  return {
    ...profileFormView({ values, envCount }),
    editing: false,
    done: true,
    sections: [],
    canAdd: false,
    summary: [
      { title: 'From', value: displayValue(tenant('source')) },
      { title: 'To', value: displayValue(tenant('destination')) },
      { title: profile.environments.length === 1 ? 'Environment' : 'Environments', value: displayValue(profile.environments.map((e) => e.name).join(', ')) },
    ],
    values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, displayValue(v)])),
  };
}
