/**
 * View models for the eligibility result card (cards/eligibility.json) and the Marketing card (cards/marketing.json).
 * The builders are pure functions from the assessment contract to plain card data: no botbuilder, no I/O, no clock.
 * fitEligibilityCard also expands the template, to keep the card within what Teams accepts.
 *
 * Every value the templates read is present (empty strings, empty arrays, booleans for `$when`), because
 * adaptivecards-templating silently drops a property whose expression is undefined.
 */
import {
  SEVERITIES,
  VERDICTS,
  type Assessment,
  type Cloud,
  type EnvironmentProfile,
  type Finding,
  type MigrationProfile,
  type RegionCode,
  type Severity,
  type StorageGb,
  type Verdict,
} from '../domain/assessment/types.js';
import { CLOUD_NAMES, REGION_NAMES, SOLUTION_NAMES } from '../domain/assessment/inputParsing.js';
import { VERDICT_LABELS } from '../domain/assessment/markdown.js';
import { verdictFor } from '../domain/assessment/assess.js';
import { formatNumber, formatStorage, formatUtc as utcText, listText, plural } from '../domain/text.js';

export { formatNumber, formatStorage };
import { renderCard } from './renderer.js';
import { buildPackagingPlan } from '../domain/commands/index.js';
import { commandsCommand, packagingCommand } from './commandsView.js';

export const ELIGIBILITY_TEMPLATE = 'eligibility';
export const MARKETING_TEMPLATE = 'marketing';

/**
 * Size budget of the eligibility card, in UTF-16 bytes (how Teams counts). Teams rejects a bot message over about
 * 100 KB with 413 MessageSizeTooBig and recommends keeping the whole message within 80 KB ("Format your bot
 * messages", Microsoft Learn; older revisions of that page said 40 KB). The card gets 72 KB, leaving the rest for
 * the activity around it.
 */
export const ELIGIBILITY_CARD_BUDGET = 72_000;

/** Action.Execute verb of the Marketing card's acknowledgement button; data is `{ assessmentId }`. */
export const MARKETING_ACK_VERB = 'marketing.acknowledge';

/** Typed commands behind the next-step buttons (sent as { typed }, so they behave exactly like typing them). */
export const START_OVER_COMMAND = 'check eligibility';
export const checklistCommand = (assessmentId: string): string => `checklist ${assessmentId}`;
export const exportCommand = (assessmentId: string): string => `export ${assessmentId}`;

/** Adaptive Card 1.5 colour names and container styles used by the templates. */
export type TextColor = 'Default' | 'Good' | 'Warning' | 'Attention' | 'Accent';
export type ContainerStyle = 'default' | 'emphasis' | 'good' | 'warning' | 'attention' | 'accent';

export interface BadgeView {
  label: string;
  /** A shape next to the colour, so the verdict does not rely on colour alone. */
  icon: string;
  color: TextColor;
  style: ContainerStyle;
}

export interface FactView {
  title: string;
  value: string;
}

export interface FindingView {
  title: string;
  /** True when no Microsoft page states the finding (basis `inferred`): the card labels it before the title. */
  isInferred: boolean;
  /** "Inferred: not stated by Microsoft", or "" for documented findings. */
  inferredLabel: string;
  /** "Source: [learn.microsoft.com](https://...), page dated 2026-02-13" */
  sourceText: string;
  hasSource: boolean;
  /** Empty in the shorter levels of detail, where only the title and the source are kept. */
  detailText: string;
  hasDetail: boolean;
  isLegacy: boolean;
  hasLegacyNote: boolean;
  legacyNote: string;
}

export interface SeverityGroupView {
  severity: Severity;
  heading: string;
  color: TextColor;
  findings: FindingView[];
}

/** One coloured piece of a headline such as "1 blocker · 3 actions · 2 notes". */
export interface CountRunView {
  text: string;
  color: TextColor;
  bold: boolean;
}

/** Element ids of a collapsible block: the block and the two "show"/"hide" labels that swap when it toggles. */
export interface ToggleView {
  targetId: string;
  showId: string;
  hideId: string;
  showLabel: string;
  hideLabel: string;
}

export interface SectionView {
  title: string;
  subtitle: string;
  hasSubtitle: boolean;
  hasVerdict: boolean;
  verdict: BadgeView;
  counts: CountRunView[];
  /** Said when the section's verdict comes from findings for the whole migration, not its own. */
  verdictNote: string;
  hasVerdictNote: boolean;
  /** Whether the section has a "Show details" toggle; false at the "headlines" level of detail. */
  expandable: boolean;
  details: ToggleView;
  groups: SeverityGroupView[];
  hasGroups: boolean;
  hasInfo: boolean;
  /** Notes sit behind their own toggle only when there is something more important to read first. */
  infoCollapsed: boolean;
  infoToggle: ToggleView;
  info: FindingView[];
  facts: FactView[];
  hasFacts: boolean;
  factsHeading: string;
}

export interface NextStepsView {
  /** The move commands button, shown when at least one environment can move. */
  hasCommands: boolean;
  commandsTitle: string;
  commandsCommand: string;
  /** The packaging button, shown when an environment lists apps, flows or other solutions to package. */
  hasPackaging: boolean;
  packagingTitle: string;
  packagingCommand: string;
  checklistTitle: string;
  checklistCommand: string;
  exportTitle: string;
  exportCommand: string;
  startOverTitle: string;
  startOverCommand: string;
}

export interface EligibilityView {
  assessmentId: string;
  detail: EligibilityDetail;
  title: string;
  badge: BadgeView;
  summary: string;
  nextStep: string;
  route: FactView[];
  hasTenantSection: boolean;
  tenantSection: SectionView;
  environments: SectionView[];
  /** Said when environments were left off the card to keep it within the Teams message size. */
  moreEnvironmentsText: string;
  hasMoreEnvironments: boolean;
  /** Said when the card is shorter than the full assessment (see EligibilityDetail). */
  shortenedNote: string;
  isShortened: boolean;
  hasMarketing: boolean;
  marketingNote: string;
  inputs: ToggleView;
  sourceFacts: FactView[];
  destinationFacts: FactView[];
  footer: string;
  actions: NextStepsView;
}

/**
 * How much of the assessment the card carries. Teams refuses a message over its size limit, so a long assessment
 * (many environments) is shown with less on the card and the full text in the exported report:
 * - `full`: every finding with its explanation, and the inputs of each environment;
 * - `brief`: finding titles and sources only, no per-environment inputs;
 * - `headlines`: each environment's name, verdict and counts only.
 */
export const ELIGIBILITY_DETAILS = ['full', 'brief', 'headlines'] as const;
export type EligibilityDetail = (typeof ELIGIBILITY_DETAILS)[number];

export interface EligibilityCardOptions {
  assessmentId: string;
  /** When the assessment was made (a Date or an ISO 8601 string); shown in UTC. */
  createdAt: Date | string;
  /** Default `full`. */
  detail?: EligibilityDetail;
  /**
   * Show at most this many environments, the least eligible first; the rest are named in a count and left to the
   * report. Default: all.
   */
  maxEnvironments?: number;
}

export interface MarketingItemView {
  number: string;
  text: string;
}

export interface MarketingView {
  assessmentId: string;
  title: string;
  intro: string;
  items: MarketingItemView[];
  ask: string;
  pending: boolean;
  acknowledged: boolean;
  acknowledgedText: string;
  ackVerb: string;
  ackTitle: string;
  footer: string;
}

export interface MarketingCardOptions {
  assessmentId: string;
  /** Who acknowledged the post-migration state and when; absent while nobody has. */
  acknowledgement?: { by: string; at: Date | string };
}

// ---------------------------------------------------------------------------------------------- vocabulary

const VERDICT_BADGES: Readonly<Record<Verdict, BadgeView>> = {
  // Labels come from the domain so the card, the Markdown report and chat replies use the same words.
  eligible: { label: VERDICT_LABELS.eligible, icon: '✓', color: 'Good', style: 'good' },
  'eligible-with-actions': { label: VERDICT_LABELS['eligible-with-actions'], icon: '!', color: 'Warning', style: 'warning' },
  'support-required': { label: VERDICT_LABELS['support-required'], icon: '☎', color: 'Accent', style: 'accent' },
  'not-eligible': { label: VERDICT_LABELS['not-eligible'], icon: '✗', color: 'Attention', style: 'attention' },
};

interface SeverityWords {
  heading: string;
  one: string;
  many: string;
  color: TextColor;
}

const SEVERITY_WORDS: Readonly<Record<Severity, SeverityWords>> = {
  blocker: { heading: 'Blockers: cannot move as planned', one: 'blocker', many: 'blockers', color: 'Attention' },
  support: { heading: 'Only Microsoft support can do this', one: 'for Microsoft support', many: 'for Microsoft support', color: 'Accent' },
  action: { heading: 'Actions for you', one: 'action', many: 'actions', color: 'Warning' },
  warning: { heading: 'Warnings: something is lost or changes', one: 'warning', many: 'warnings', color: 'Warning' },
  info: { heading: 'Good to know', one: 'note', many: 'notes', color: 'Default' },
};

/** What to do next, by verdict; `look` is how the reader gets to the reasons (open a section, or the report). */
const NEXT_STEP: Readonly<Record<Verdict, (look: string) => string>> = {
  eligible: () => 'Nothing stands in the way. Get the checklist to plan the move and the cutover window.',
  'eligible-with-actions': (look) =>
    `The move can go ahead once the actions are done. ${look} to see what to do, then get the checklist.`,
  'support-required': (look) =>
    `Part of this move can only be done by Microsoft support. ${look} to see what to ask for, then open a support request; the checklist lists who does what.`,
  'not-eligible': (look) =>
    `At least one environment cannot move as planned. ${look} to see why and what you can change, then assess again.`,
};

const LEGACY_NOTE = 'From older Microsoft guidance that today\'s page no longer states: confirm it with Microsoft support.';

/** Shown above an inferred finding's title, so a guess is never read as a documented rule. */
export const INFERRED_LABEL = 'Inferred: not stated by Microsoft, our judgement';

// ---------------------------------------------------------------------------------------------- helpers

/**
 * The card renderer refuses any output that still contains "${" (an unexpanded template), so a user's own value
 * that happens to contain it (an environment called "Sales ${x}") is broken up with a zero-width space instead of
 * failing the whole card.
 */
function safe(text: string): string {
  return text.replace(/\$\{/g, '$\u200B{');
}


/** Thousands separators without locale data, so the output is the same on every machine. */

/** "2026-11-22 18:03 UTC"; an unparseable value is shown as given rather than as "Invalid Date". */
export function formatUtc(at: Date | string): string {
  return safe(utcText(at));
}


function yesNo(value: boolean | undefined, unknown = 'Unknown'): string {
  return value === undefined ? unknown : value ? 'Yes' : 'No';
}

function count(value: number | undefined): string {
  return value === undefined ? 'Unknown' : formatNumber(value);
}

function regionText(code: RegionCode): string {
  return `${REGION_NAMES[code] ?? code} (${code})`;
}

function cloudText(cloud: Cloud | undefined): string {
  const name = CLOUD_NAMES[cloud ?? 'commercial'] ?? String(cloud);
  const bare = name.replace(/^the /, '');
  return bare.charAt(0).toUpperCase() + bare.slice(1);
}

function environmentTypeText(env: EnvironmentProfile): string {
  return env.type.charAt(0).toUpperCase() + env.type.slice(1);
}

/**
 * "Source: [learn.microsoft.com](url)". Parentheses are percent-encoded because a ")" would end the markdown link
 * early; anything that is not an http(s) URL is shown as text rather than linked.
 */
export function sourceText(source: string, sourceDate?: string): string {
  const dated = sourceDate && /^\d{4}-\d{2}-\d{2}$/.test(sourceDate) ? `, page dated ${sourceDate}` : '';
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    return `Source: ${safe(source)}${dated}`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `Source: ${safe(source)}${dated}`;
  const host = url.hostname.replace(/^www\./, '');
  const label = host === 'github.com' && url.pathname.startsWith('/MicrosoftDocs/')
    ? 'older revision of the Microsoft page (github.com)'
    : host;
  const href = safe(url.href.replace(/\(/g, '%28').replace(/\)/g, '%29'));
  return `Source: [${label}](${href})${dated}`;
}

function findingView(finding: Finding, detail: EligibilityDetail): FindingView {
  const source = finding.source.trim();
  const full = detail === 'full';
  const legacy = finding.guidance === 'legacy';
  const inferred = finding.basis === 'inferred';
  return {
    title: safe(finding.title),
    isInferred: inferred,
    inferredLabel: inferred ? INFERRED_LABEL : '',
    detailText: full ? safe(finding.detail) : '',
    hasDetail: full && finding.detail.trim() !== '',
    sourceText: source ? sourceText(source, finding.sourceDate) : '',
    hasSource: source !== '',
    isLegacy: legacy,
    hasLegacyNote: legacy && full,
    legacyNote: legacy && full ? LEGACY_NOTE : '',
  };
}

/** The verdict a section's own findings give, by the engine's own rule (spec section 3). */
function severityVerdict(findings: readonly Finding[]): Verdict {
  return verdictFor(findings.map((f) => f.severity));
}

function countRuns(findings: readonly Finding[]): CountRunView[] {
  const runs: CountRunView[] = [];
  for (const severity of SEVERITIES) {
    const n = findings.filter((f) => f.severity === severity).length;
    if (n === 0) continue;
    const words = SEVERITY_WORDS[severity];
    if (runs.length > 0) runs.push({ text: ' · ', color: 'Default', bold: false });
    runs.push({ text: plural(n, words.one, words.many), color: words.color, bold: severity !== 'info' });
  }
  if (runs.length === 0) runs.push({ text: 'No findings', color: 'Default', bold: false });
  return runs;
}

function toggle(id: string, showLabel: string, hideLabel: string): ToggleView {
  return { targetId: id, showId: `${id}-show`, hideId: `${id}-hide`, showLabel, hideLabel };
}

interface SectionInput {
  key: string;
  title: string;
  subtitle: string;
  verdict: Verdict | null;
  findings: readonly Finding[];
  /** Findings for the whole migration that also count in this section's verdict. */
  inheritedVerdictFrom: readonly Finding[];
  facts: FactView[];
  factsHeading: string;
  detail: EligibilityDetail;
}

function sectionView(input: SectionInput): SectionView {
  const main = input.findings.filter((f) => f.severity !== 'info');
  const info = input.findings.filter((f) => f.severity === 'info');
  const groups: SeverityGroupView[] = SEVERITIES.filter((s) => s !== 'info')
    .map((severity) => ({
      severity,
      heading: SEVERITY_WORDS[severity].heading,
      color: SEVERITY_WORDS[severity].color,
      findings: main.filter((f) => f.severity === severity).map((f) => findingView(f, input.detail)),
    }))
    .filter((group) => group.findings.length > 0);
  const own = severityVerdict(input.findings);
  const inherited = input.verdict !== null
    && VERDICTS.indexOf(input.verdict) > VERDICTS.indexOf(own)
    && input.inheritedVerdictFrom.length > 0;
  const total = input.findings.length;
  const facts = input.detail === 'full' ? input.facts : [];
  const detailsLabel = main.length > 0 ? plural(main.length, 'finding', 'findings') : plural(info.length, 'note', 'notes');
  return {
    title: safe(input.title),
    subtitle: safe(input.subtitle),
    hasSubtitle: input.subtitle !== '',
    hasVerdict: input.verdict !== null,
    verdict: VERDICT_BADGES[input.verdict ?? 'eligible'],
    counts: countRuns(input.findings),
    verdictNote: inherited ? 'Its verdict comes from the findings for the whole migration above.' : '',
    hasVerdictNote: inherited,
    expandable: input.detail !== 'headlines' && (total > 0 || facts.length > 0),
    details: toggle(`${input.key}-details`, `▸ Show ${total > 0 ? detailsLabel : 'details'}`, '▾ Hide details'),
    groups,
    hasGroups: groups.length > 0,
    hasInfo: info.length > 0,
    infoCollapsed: info.length > 0 && groups.length > 0,
    infoToggle: toggle(`${input.key}-info`, `▸ ${plural(info.length, 'thing', 'things')} good to know`, '▾ Hide notes'),
    info: info.map((f) => findingView(f, input.detail)),
    facts,
    hasFacts: facts.length > 0,
    factsHeading: input.factsHeading,
  };
}

function environmentFacts(env: EnvironmentProfile, profile: MigrationProfile): FactView[] {
  const solutions = env.solutions === undefined
    ? 'Unknown'
    : env.solutions.length === 0
      ? 'None'
      : env.solutions.map((id) => SOLUTION_NAMES[id] ?? id).join('; ');
  return [
    { title: 'Type', value: environmentTypeText(env) },
    {
      title: 'Region',
      value: env.region ? regionText(env.region) : `${regionText(profile.source.region)}, as the source tenant`,
    },
    { title: 'Dataverse', value: yesNo(env.hasDataverse, 'Not given (taken as yes)') },
    { title: 'Managed Environment', value: yesNo(env.managedEnvironment) },
    { title: 'Finance and Operations link', value: yesNo(env.linkedToFinanceAndOperations) },
    { title: 'Storage used', value: formatStorage(env.storageGb) },
    { title: 'Users to map', value: count(env.mappedUsers) },
    { title: 'Sandbox rehearsal done', value: yesNo(env.sandboxCopyTested) },
    { title: 'Solutions', value: solutions },
  ].map((fact) => ({ title: fact.title, value: safe(fact.value) }));
}

// ---------------------------------------------------------------------------------------------- eligibility

/** The eligibility result card: verdict first, then one collapsible section per environment, then next steps. */
export function eligibilityCardView(
  profile: MigrationProfile,
  assessment: Assessment,
  options: EligibilityCardOptions,
): EligibilityView {
  const { source, destination } = profile;
  const id = safe(options.assessmentId);
  const tenantFindings = assessment.findings.filter((f) => f.environment === null);
  const inheriting = tenantFindings.filter((f) => f.severity !== 'info');
  const profilesByName = new Map(profile.environments.map((env) => [env.name, env]));
  const usesMarketing = assessment.marketing !== null || profile.environments.some((env) => env.solutions?.includes('marketing'));

  const detail = options.detail ?? 'full';
  // Element ids stay tied to the environment's position in the assessment, so they are unique and stable whichever
  // environments are shown.
  const indexed = assessment.environments.map((env, i) => ({ env, key: `env-${i + 1}` }));
  const limit = Math.max(0, Math.min(options.maxEnvironments ?? indexed.length, indexed.length));
  const shown = limit < indexed.length
    ? [...indexed]
      .sort((a, b) => VERDICTS.indexOf(b.env.verdict) - VERDICTS.indexOf(a.env.verdict))
      .slice(0, limit)
    : indexed;
  const left = indexed.filter((entry) => !shown.includes(entry));

  const environments = shown.map(({ env, key }) => {
    const envProfile = profilesByName.get(env.name);
    const region = envProfile ? envProfile.region ?? source.region : undefined;
    const subtitle = envProfile && region ? `${environmentTypeText(envProfile)} · ${regionText(region)}` : '';
    // The engine lists only an environment's own findings here; a tenant-wide one copied in would be shown twice.
    const own = env.findings.filter((f) => f.environment !== null);
    return sectionView({
      key,
      title: env.name,
      subtitle,
      verdict: env.verdict,
      findings: own,
      inheritedVerdictFrom: inheriting,
      facts: envProfile ? environmentFacts(envProfile, profile) : [],
      factsHeading: `What I knew about ${safe(env.name)}`,
      detail,
    });
  });

  const tenantSection = sectionView({
    key: 'tenant',
    title: 'The whole migration',
    subtitle: 'Findings about the tenants, licences and the move itself; they apply to every environment.',
    verdict: null,
    findings: tenantFindings,
    inheritedVerdictFrom: [],
    facts: [],
    factsHeading: '',
    detail,
  });
  const isShortened = detail !== 'full' || left.length > 0;
  const shortenedHow = detail === 'headlines'
    ? 'shows only the verdict of each environment'
    : detail === 'brief'
      ? 'shows each finding without its explanation'
      : 'leaves some environments out';

  const marketingEnvs = assessment.findings
    .filter((f) => f.ruleId === 'sol-marketing' && f.environment !== null)
    .map((f) => f.environment as string);

  return {
    assessmentId: id,
    detail,
    title: 'Migration eligibility',
    badge: VERDICT_BADGES[assessment.verdict],
    summary: safe(assessment.summary),
    nextStep: NEXT_STEP[assessment.verdict](
      detail === 'headlines'
        ? 'Export the report'
        : assessment.verdict === 'not-eligible' ? 'Open the sections marked "Not eligible"' : 'Open each section',
    ),
    route: [
      { title: 'From', value: safe(`${source.tenantDomain}, ${regionText(source.region)}`) },
      { title: 'To', value: safe(`${destination.tenantDomain}, ${regionText(destination.region)}`) },
    ],
    hasTenantSection: tenantFindings.length > 0,
    tenantSection,
    environments,
    moreEnvironmentsText: left.length > 0
      ? `${plural(left.length, 'more environment is', 'more environments are')} not shown here `
        + `(${listText(verdictCounts(left.map((entry) => entry.env.verdict)))}): export the report to see `
        + `${left.length === 1 ? 'it' : 'them all'}.`
      : '',
    hasMoreEnvironments: left.length > 0,
    shortenedNote: isShortened
      ? `This assessment is too long for one card in Teams, so the card ${shortenedHow}. **Export report** gives the full text.`
      : '',
    isShortened,
    hasMarketing: assessment.marketing !== null,
    marketingNote: assessment.marketing === null
      ? ''
      : `${marketingEnvs.length > 0 ? safe(listText(marketingEnvs)) : 'An environment'} ${marketingEnvs.length > 1 ? 'use' : 'uses'} Marketing: a separate card explains what the app will look like after the move, for the business owner to acknowledge.`,
    inputs: toggle('inputs', '▸ Show what this is based on', '▾ Hide what this is based on'),
    sourceFacts: [
      { title: 'Source tenant', value: source.tenantDomain },
      { title: 'Tenant ID', value: source.tenantId ?? 'Not given' },
      { title: 'Region', value: regionText(source.region) },
      { title: 'Cloud', value: cloudText(source.cloud) },
      { title: 'Active licensed users', value: count(source.activeLicensedUsers) },
      { title: 'Customer Lockbox', value: source.customerLockbox === undefined ? 'Unknown' : source.customerLockbox ? 'On' : 'Off' },
    ].map((f) => ({ title: f.title, value: safe(f.value) })),
    destinationFacts: [
      { title: 'Destination tenant', value: destination.tenantDomain },
      { title: 'Tenant ID', value: destination.tenantId ?? 'Not given' },
      { title: 'Region', value: regionText(destination.region) },
      { title: 'Cloud', value: cloudText(destination.cloud) },
      { title: 'Paid subscription', value: yesNo(destination.paidSubscription) },
      { title: 'Free licences', value: count(destination.availableLicenses) },
      // Only relevant with Marketing; an unknown answer to a question nobody was asked is noise.
      ...(usesMarketing || destination.marketingLicenses !== undefined
        ? [{ title: 'Marketing licences', value: yesNo(destination.marketingLicenses) }]
        : []),
      { title: 'Free storage', value: formatStorage(destination.availableStorageGb) },
    ].map((f) => ({ title: f.title, value: safe(f.value) })),
    footer: `Assessment ${id} · ${formatUtc(options.createdAt)}`,
    actions: {
      ...moveButtons(profile, assessment, options.assessmentId),
      checklistTitle: 'Get the checklist',
      checklistCommand: checklistCommand(id),
      exportTitle: 'Export report',
      exportCommand: exportCommand(id),
      startOverTitle: 'Start over',
      startOverCommand: START_OVER_COMMAND,
    },
  };
}

/**
 * The Move commands and Apps and flows buttons: commands when at least one environment can move (the same rule as
 * the commands themselves: no blocker of its own nor for the whole migration), packaging when an environment
 * lists something to package.
 */
function moveButtons(profile: MigrationProfile, assessment: Assessment, assessmentId: string) {
  const plan = buildPackagingPlan(profile, assessment);
  const environments = plan.ok ? plan.plan.environments : [];
  return {
    hasCommands: environments.some((env) => env.canMove),
    commandsTitle: 'Move commands',
    commandsCommand: safe(commandsCommand(assessmentId)),
    hasPackaging: environments.some((env) => env.entries.length > 0),
    packagingTitle: 'Apps and flows',
    packagingCommand: safe(packagingCommand(assessmentId)),
  };
}

/** ["2 not eligible", "1 eligible"]: the verdicts of environments left off the card, worst first. */
function verdictCounts(verdicts: readonly Verdict[]): string[] {
  return [...VERDICTS].reverse()
    .map((verdict) => ({ verdict, n: verdicts.filter((v) => v === verdict).length }))
    .filter(({ n }) => n > 0)
    .map(({ verdict, n }) => `${n} ${VERDICT_BADGES[verdict].label.toLowerCase()}`);
}


// ---------------------------------------------------------------------------------------------- marketing

/**
 * The Marketing card: what the app will look like after the move, for the business owner to acknowledge.
 * Throws when the assessment has no Marketing state (no environment lists Marketing): there is nothing to show.
 */
export function marketingCardView(assessment: Assessment, options: MarketingCardOptions): MarketingView {
  if (assessment.marketing === null) {
    throw new Error('marketingCardView: this assessment has no Marketing post-migration state');
  }
  const id = safe(options.assessmentId);
  const envs = [...new Set(assessment.findings
    .filter((f) => f.ruleId === 'sol-marketing' && f.environment !== null)
    .map((f) => f.environment as string))];
  const who = envs.length > 0 ? safe(listText(envs)) : 'One of the environments';
  const ack = options.acknowledgement;
  return {
    assessmentId: id,
    title: 'Marketing after the move',
    intro: `${who} ${envs.length > 1 ? 'use' : 'uses'} Marketing. Microsoft support carries out the move; `
      + 'afterwards the app is in this state:',
    items: assessment.marketing.map((item, i) => ({ number: String(i + 1), text: safe(item.text) })),
    ask: 'Business owner: please read this and confirm that the team can work with it. I record who acknowledged it and when.',
    pending: ack === undefined,
    acknowledged: ack !== undefined,
    acknowledgedText: ack === undefined ? '' : `✓ Acknowledged by ${safe(ack.by.trim() || 'someone')} on ${formatUtc(ack.at)}`,
    ackVerb: MARKETING_ACK_VERB,
    ackTitle: 'I acknowledge this',
    footer: `Assessment ${id}`,
  };
}

// ---------------------------------------------------------------------------------------------- size

/** The size Teams counts for a card: its JSON in UTF-16, two bytes per code unit. */
export function cardUtf16Bytes(card: object): number {
  return JSON.stringify(card).length * 2;
}

export interface FittedEligibilityCard {
  card: Record<string, unknown>;
  view: EligibilityView;
  bytes: number;
}

/**
 * The eligibility card at the most detail that fits the budget: full, then brief, then headlines, then headlines
 * for as many environments (the least eligible first) as fit. Deterministic: the same inputs give the same card.
 * `render` defaults to expanding cards/eligibility.json.
 */
export function fitEligibilityCard(
  profile: MigrationProfile,
  assessment: Assessment,
  options: Omit<EligibilityCardOptions, 'detail' | 'maxEnvironments'>,
  budget: number = ELIGIBILITY_CARD_BUDGET,
  render: (view: EligibilityView) => Record<string, unknown> = (view) => renderCard(ELIGIBILITY_TEMPLATE, view),
): FittedEligibilityCard {
  const attempt = (detail: EligibilityDetail, maxEnvironments?: number): FittedEligibilityCard => {
    const view = eligibilityCardView(profile, assessment, { ...options, detail, maxEnvironments });
    const card = render(view);
    return { card, view, bytes: cardUtf16Bytes(card) };
  };
  // The text a level carries is a lower bound of its size: a level whose text alone is over budget is not rendered.
  const textBytes = (detail: EligibilityDetail): number => 2 * assessment.findings.reduce(
    (sum, f) => sum + f.title.length + f.source.length + (f.basis === 'inferred' ? INFERRED_LABEL.length : 0)
      + (detail === 'full' ? f.detail.length : 0),
    0,
  );
  for (const detail of ELIGIBILITY_DETAILS) {
    if (detail !== 'headlines' && textBytes(detail) > budget) continue;
    const fitted = attempt(detail);
    if (fitted.bytes <= budget) return fitted;
  }
  // Largest number of environments whose headlines fit; a card with none is the floor.
  let low = 0;
  let high = assessment.environments.length - 1;
  let best = attempt('headlines', 0);
  while (low <= high) {
    const mid = Math.floor((low + high) / 2);
    const fitted = attempt('headlines', mid);
    if (fitted.bytes <= budget) {
      best = fitted;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return best;
}
