/**
 * The questions of the eligibility interview, as data: what to ask, what is accepted, where the answer goes in
 * the migration profile, and when a question applies. The Teams dialog renders them; the order here is the order
 * an admin is asked.
 */
import { formatNumber, formatStorage } from '../text.js';
import {
  CLOUD_NAMES, REGION_NAMES, SOLUTION_NAMES, parseCloud, parseCount, parseEnvironmentType, parseRegion,
  levenshtein, parseSolutions, parseStorageGb, parseYesNo, quoteInput, type Parsed,
} from '../assessment/inputParsing.js';
import {
  CLOUDS, ENVIRONMENT_TYPES, REGION_CODES, SOLUTION_IDS,
  type DestinationTenant, type EnvironmentProfile, type SolutionId, type SourceTenant, type StorageGb,
} from '../assessment/types.js';

/** A profile being collected: every field may still be missing. */
export interface Draft {
  source: Partial<SourceTenant>;
  destination: Partial<DestinationTenant>;
  environments: Array<Partial<EnvironmentProfile>>;
}

export type QuestionKind = 'text' | 'choice' | 'yesno' | 'number' | 'solutions';
export type Section = 'source' | 'destination' | 'environment' | 'final';

export interface Choice {
  title: string;
  value: string;
}

export interface Question {
  id: string;
  section: Section;
  kind: QuestionKind;
  /** Short label for the review card ("Source region"). */
  label: string;
  /** Needed to assess; may still be skipped after repeated wrong answers and filled in from the review. */
  required: boolean;
  /** May be answered "skip" / "don't know" at once (the fact stays unknown). */
  skippable: boolean;
  prompt(d: Draft, env: number): string;
  /** What is accepted, shown with a re-ask and with help. */
  accepted: string;
  choices?(d: Draft, env: number): Choice[];
  /** Show choices as a dropdown instead of buttons (long lists). */
  dropdown?: boolean;
  applies?(d: Draft, env: number): boolean;
  parse(text: string, d: Draft, env: number): Parsed<unknown>;
  get(d: Draft, env: number): unknown;
  /** undefined clears the field (unknown). */
  set(d: Draft, env: number, value: unknown): void;
  format(value: unknown, d: Draft, env: number): string;
}

const DOMAIN = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function envName(d: Draft, env: number): string {
  return d.environments[env]?.name ?? `environment ${env + 1}`;
}

function parseDomain(text: string): Parsed<string> {
  let t = text.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  if (/^[^@\s]+@[^@\s]+$/.test(t)) t = t.split('@')[1]!; // an admin's address: its domain is what we need
  if (DOMAIN.test(t)) {
    // A one- or two-letter slip in "onmicrosoft.com" is a different (and wrong) tenant: ask rather than accept it.
    const m = /^(.+)\.([a-z]+)\.com$/.exec(t);
    if (m && m[2] !== 'onmicrosoft' && levenshtein(m[2]!, 'onmicrosoft') <= 2) {
      const fixed = `${m[1]}.onmicrosoft.com`;
      return { ok: false, reason: `${quoteInput(text)} looks like a typo: did you mean ${fixed}?`, example: fixed };
    }
    return { ok: true, value: t };
  }
  return { ok: false, reason: `${quoteInput(text)} is not a domain name.`, example: 'contoso.onmicrosoft.com' };
}

function parseGuid(text: string): Parsed<string> {
  const t = text.trim().toLowerCase().replace(/^\{|\}$/g, '');
  if (GUID.test(t)) return { ok: true, value: t };
  return {
    ok: false,
    reason: `${quoteInput(text)} is not a tenant ID. It is a GUID, shown in the Microsoft Entra admin center under Overview.`,
    example: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  };
}

function yesNo(text: string): Parsed<boolean | undefined> {
  const r = parseYesNo(text);
  if (!r.ok) return r;
  return { ok: true, value: r.value ?? undefined };
}

const yesNoChoices = (): Choice[] => [
  { title: 'Yes', value: 'yes' },
  { title: 'No', value: 'no' },
];

const regionChoices = (): Choice[] => REGION_CODES.map((c) => ({ title: `${REGION_NAMES[c]} (${c})`, value: c }));
const CLOUD_BUTTONS: Readonly<Record<(typeof CLOUDS)[number], string>> = {
  commercial: 'Commercial', gcc: 'GCC', 'gcc-high': 'GCC High', dod: 'DoD', china: 'China (21Vianet)',
};
const cloudChoices = (): Choice[] => CLOUDS.map((c) => ({ title: CLOUD_BUTTONS[c], value: c }));

const formatBool = (v: unknown): string => (v === true ? 'Yes' : v === false ? 'No' : 'Not known');
const formatCount = (v: unknown): string => (typeof v === 'number' ? formatNumber(v) : 'Not known');
const formatText = (v: unknown): string => (typeof v === 'string' && v !== '' ? v : 'Not known');

type TenantSide = 'source' | 'destination';

function tenantField<K extends keyof SourceTenant & keyof DestinationTenant>(side: TenantSide, key: K) {
  return {
    get: (d: Draft) => d[side][key],
    set: (d: Draft, _env: number, value: unknown) => {
      if (value === undefined) delete d[side][key];
      else (d[side] as Record<string, unknown>)[key] = value;
    },
  };
}

function envField<K extends keyof EnvironmentProfile>(key: K) {
  return {
    get: (d: Draft, env: number) => d.environments[env]?.[key],
    set: (d: Draft, env: number, value: unknown) => {
      const e = (d.environments[env] ??= {});
      if (value === undefined) delete e[key];
      else (e as Record<string, unknown>)[key] = value;
    },
  };
}

function tenantQuestions(side: TenantSide): Question[] {
  const Side = side === 'source' ? 'Source' : 'Destination';
  const other = side === 'source' ? 'destination' : 'source';
  return [
    {
      id: `${side}.tenantDomain`, section: side, kind: 'text', label: `${Side} tenant domain`, required: true, skippable: false,
      prompt: () => side === 'source'
        ? 'Which tenant are the environments in now? Give its domain.'
        : 'Which tenant are they moving to? Give its domain.',
      accepted: 'a domain name such as contoso.onmicrosoft.com or contoso.com',
      parse: (text, d) => {
        const r = parseDomain(text);
        if (r.ok && d[other].tenantDomain === r.value) {
          return { ok: false, reason: `${r.value} is the ${other} tenant too. Source and destination must be different tenants.`, example: 'fabrikam.onmicrosoft.com' };
        }
        return r;
      },
      ...tenantField(side, 'tenantDomain'),
      format: formatText,
    },
    {
      id: `${side}.tenantId`, section: side, kind: 'text', label: `${Side} tenant ID`, required: false, skippable: true,
      prompt: (d) => `What is the tenant ID of ${d[side].tenantDomain ?? `the ${side} tenant`}? (Type **skip** if you don't have it to hand.)`,
      accepted: 'a GUID from the Microsoft Entra admin center (Overview page)',
      parse: (text) => parseGuid(text),
      ...tenantField(side, 'tenantId'),
      format: formatText,
    },
    {
      id: `${side}.region`, section: side, kind: 'choice', dropdown: true, label: `${Side} region`, required: true, skippable: false,
      prompt: (d) => `Which Power Platform region is ${d[side].tenantDomain ?? `the ${side} tenant`} in?`,
      accepted: `a region code (${REGION_CODES.join(', ')}) or a name such as Europe, EMEA or United States`,
      choices: regionChoices,
      parse: (text) => parseRegion(text),
      ...tenantField(side, 'region'),
      format: (v) => (typeof v === 'string' ? `${REGION_NAMES[v as keyof typeof REGION_NAMES] ?? v} (${v})` : 'Not known'),
    },
    {
      id: `${side}.cloud`, section: side, kind: 'choice', label: `${Side} cloud`, required: false, skippable: true,
      prompt: (d) => `Which cloud is ${d[side].tenantDomain ?? `the ${side} tenant`} in? Most tenants are in the commercial cloud.`,
      accepted: `one of ${CLOUDS.join(', ')}`,
      choices: cloudChoices,
      parse: (text, d) => {
        const r = parseCloud(text);
        // The CHN region is China operated by 21Vianet, a cloud of its own; the other clouds have no CHN region.
        if (r.ok && (d[side].region === 'CHN') !== (r.value === 'china')) {
          return { ok: false, reason: d[side].region === 'CHN' ? 'The CHN region is China operated by 21Vianet, whose cloud is china.' : `The china cloud has only the CHN region, and ${d[side].tenantDomain ?? `the ${side} tenant`} is in ${d[side].region}.`, example: d[side].region === 'CHN' ? 'china' : 'commercial' };
        }
        return r;
      },
      ...tenantField(side, 'cloud'),
      format: (v) => (typeof v === 'string' ? capitalise(CLOUD_NAMES[v as keyof typeof CLOUD_NAMES] ?? v) : 'Not known (commercial assumed)'),
    },
  ];
}

export const QUESTIONS: readonly Question[] = [
  ...tenantQuestions('source'),
  {
    id: 'source.activeLicensedUsers', section: 'source', kind: 'number', label: 'Active licensed users in the source', required: false, skippable: true,
    prompt: (d) => `How many active licensed users does ${d.source.tenantDomain ?? 'the source tenant'} have?`,
    accepted: 'a whole number such as 250 or 1,200',
    parse: (text) => parseCount(stripUnitWords(text)),
    get: (d) => d.source.activeLicensedUsers,
    set: (d, _e, v) => assign(d.source, 'activeLicensedUsers', v),
    format: formatCount,
  },
  {
    id: 'source.customerLockbox', section: 'source', kind: 'yesno', label: 'Customer Lockbox in the source', required: false, skippable: true,
    prompt: (d) => `Is Customer Lockbox turned on in ${d.source.tenantDomain ?? 'the source tenant'}?`,
    accepted: 'yes, no or don\'t know',
    choices: yesNoChoices,
    parse: (text) => yesNo(text),
    get: (d) => d.source.customerLockbox,
    set: (d, _e, v) => assign(d.source, 'customerLockbox', v),
    format: formatBool,
  },
  ...tenantQuestions('destination'),
  {
    id: 'destination.paidSubscription', section: 'destination', kind: 'yesno', label: 'Paid subscription in the destination', required: false, skippable: true,
    prompt: (d) => `Does ${d.destination.tenantDomain ?? 'the destination tenant'} have a paid Dynamics 365, Power Apps or Copilot Studio subscription?`,
    accepted: 'yes, no or don\'t know',
    choices: yesNoChoices,
    parse: (text) => yesNo(text),
    get: (d) => d.destination.paidSubscription,
    set: (d, _e, v) => assign(d.destination, 'paidSubscription', v),
    format: formatBool,
  },
  {
    id: 'destination.availableLicenses', section: 'destination', kind: 'number', label: 'Free licences in the destination', required: false, skippable: true,
    prompt: (d) => `How many free licences does ${d.destination.tenantDomain ?? 'the destination tenant'} have for the users you will map?`,
    accepted: 'a whole number such as 300 or 1,200',
    parse: (text) => parseCount(stripUnitWords(text)),
    get: (d) => d.destination.availableLicenses,
    set: (d, _e, v) => assign(d.destination, 'availableLicenses', v),
    format: formatCount,
  },
  {
    id: 'destination.availableStorageGb', section: 'destination', kind: 'number', label: 'Free storage in the destination', required: false, skippable: true,
    prompt: (d) => `How much free Dataverse storage does ${d.destination.tenantDomain ?? 'the destination tenant'} have in total (database, file and log)?`,
    accepted: 'an amount such as 800 GB, 1.5 TB or 2 TiB (a bare number means GB)',
    parse: (text) => parseStorageGb(text),
    get: (d) => d.destination.availableStorageGb,
    set: (d, _e, v) => assign(d.destination, 'availableStorageGb', v),
    format: (v) => formatStorage(v as StorageGb | undefined, 'Not known'),
  },
  {
    id: 'env.name', section: 'environment', kind: 'text', label: 'Name', required: true, skippable: false,
    prompt: (d, env) => env === 0
      ? 'Now the environments. What is the name of the first environment to move?'
      : `What is the name of environment ${env + 1}?`,
    accepted: 'the environment\'s display name, up to 100 characters, different from the other environments',
    parse: (text, d, env) => {
      const name = text.replace(/\s+/g, ' ').trim();
      if (name === '' || name.length > 100) return { ok: false, reason: 'A name needs 1 to 100 characters.', example: 'Contoso Sales' };
      const clash = d.environments.findIndex((e, i) => i !== env && e.name?.toLowerCase() === name.toLowerCase());
      if (clash >= 0) return { ok: false, reason: `You already named environment ${clash + 1} "${d.environments[clash]!.name}". Each environment needs its own name.`, example: `${name} 2` };
      return { ok: true, value: name };
    },
    ...envField('name'),
    format: formatText,
  },
  {
    id: 'env.type', section: 'environment', kind: 'choice', label: 'Type', required: true, skippable: false,
    prompt: (d, env) => `What type of environment is ${envName(d, env)}?`,
    accepted: `one of ${ENVIRONMENT_TYPES.join(', ')}`,
    choices: () => ENVIRONMENT_TYPES.map((t) => ({ title: t[0]!.toUpperCase() + t.slice(1), value: t })),
    parse: (text) => parseEnvironmentType(text),
    ...envField('type'),
    format: (v) => (typeof v === 'string' ? v[0]!.toUpperCase() + v.slice(1) : 'Not known'),
  },
  {
    id: 'env.region', section: 'environment', kind: 'choice', dropdown: true, label: 'Region', required: false, skippable: true,
    prompt: (d, env) => `Is ${envName(d, env)} in ${d.source.region ?? 'the source region'} like the tenant? If not, which region is it in?`,
    accepted: `"same", or a region code (${REGION_CODES.join(', ')}) or name`,
    choices: (d) => [{ title: `Same as the source tenant${d.source.region ? ` (${d.source.region})` : ''}`, value: 'same' }, ...regionChoices()],
    parse: (text) => {
      // Absent means "the tenant's region" in the profile, so a later change of the source region carries over.
      if (/^(same|same as (the )?(tenant|source)|yes|y|default)$/i.test(text.trim())) return { ok: true, value: undefined };
      return parseRegion(text);
    },
    ...envField('region'),
    format: (v, d) => (typeof v === 'string'
      ? `${REGION_NAMES[v as keyof typeof REGION_NAMES] ?? v} (${v})`
      : `Same as the source tenant${d.source.region ? `, ${REGION_NAMES[d.source.region]} (${d.source.region})` : ''}`),
  },
  {
    id: 'env.hasDataverse', section: 'environment', kind: 'yesno', label: 'Has Dataverse', required: false, skippable: true,
    prompt: (d, env) => `Does ${envName(d, env)} have a Dataverse database?`,
    accepted: 'yes, no or don\'t know',
    choices: yesNoChoices,
    parse: (text) => yesNo(text),
    ...envField('hasDataverse'),
    format: (v) => (v === undefined ? 'Not known (assumed yes)' : formatBool(v)),
  },
  {
    id: 'env.managedEnvironment', section: 'environment', kind: 'yesno', label: 'Managed Environment', required: false, skippable: true,
    prompt: (d, env) => `Is ${envName(d, env)} a Managed Environment?`,
    accepted: 'yes, no or don\'t know',
    choices: yesNoChoices,
    parse: (text) => yesNo(text),
    ...envField('managedEnvironment'),
    format: formatBool,
  },
  {
    id: 'env.linkedToFinanceAndOperations', section: 'environment', kind: 'yesno', label: 'Linked to Finance and Operations', required: false, skippable: true,
    prompt: (d, env) => `Is ${envName(d, env)} linked to a Finance and Operations environment?`,
    accepted: 'yes, no or don\'t know',
    choices: yesNoChoices,
    parse: (text) => yesNo(text),
    ...envField('linkedToFinanceAndOperations'),
    format: formatBool,
  },
  {
    id: 'env.storageGb', section: 'environment', kind: 'number', label: 'Storage used', required: false, skippable: true,
    prompt: (d, env) => `How much storage does ${envName(d, env)} use in total (database, file and log)?`,
    accepted: 'an amount such as 800 GB, 1.5 TB or 2 TiB (a bare number means GB)',
    parse: (text) => parseStorageGb(text),
    ...envField('storageGb'),
    format: (v) => formatStorage(v as StorageGb | undefined, 'Not known'),
  },
  {
    id: 'env.mappedUsers', section: 'environment', kind: 'number', label: 'Users to map', required: false, skippable: true,
    prompt: (d, env) => `How many users of ${envName(d, env)} will you map to the destination (the lines of its usermapping.csv)?`,
    accepted: 'a whole number such as 120 or 1,200',
    parse: (text) => parseCount(stripUnitWords(text)),
    ...envField('mappedUsers'),
    format: formatCount,
  },
  {
    id: 'env.sandboxCopyTested', section: 'environment', kind: 'yesno', label: 'Sandbox copy rehearsed', required: false, skippable: true,
    applies: (d, env) => d.environments[env]?.type === 'production',
    prompt: (d, env) => `Has a sandbox copy of ${envName(d, env)} already been moved and checked as a rehearsal?`,
    accepted: 'yes, no or don\'t know',
    choices: yesNoChoices,
    parse: (text) => yesNo(text),
    ...envField('sandboxCopyTested'),
    format: formatBool,
  },
  {
    id: 'env.solutions', section: 'environment', kind: 'solutions', label: 'Solutions', required: false, skippable: true,
    prompt: (d, env) => `Which of these are in ${envName(d, env)}? Pick them on the card, or type a list such as "power automate, portals, marketing". Type **none** if there are none.`,
    accepted: `a comma-separated list of: ${SOLUTION_IDS.join(', ')} (names like "flows" or "portals" work too), or none`,
    choices: () => SOLUTION_IDS.map((id) => ({ title: capitalise(SOLUTION_NAMES[id]), value: id })),
    parse: (text) => {
      const r = parseSolutions(text);
      if (r.unknown.length > 0) return { ok: false, reason: r.reason ?? 'Some solutions were not recognised.', example: r.example ?? 'power automate, portals' };
      return { ok: true, value: r.ids };
    },
    ...envField('solutions'),
    format: (v) => (Array.isArray(v) ? (v.length === 0 ? 'None' : (v as SolutionId[]).map((id) => SOLUTION_NAMES[id]).join(', ')) : 'Not known'),
  },
  {
    id: 'env.another', section: 'environment', kind: 'yesno', label: 'Another environment', required: true, skippable: false,
    prompt: (d, env) => `That's everything for ${envName(d, env)}. Is there another environment to move?`,
    accepted: 'yes or no',
    choices: yesNoChoices,
    parse: (text) => {
      const r = parseYesNo(text);
      if (!r.ok || r.value === null) return { ok: false, reason: 'Please answer yes or no.', example: 'no' };
      return r;
    },
    // The answer steers the interview; it is not part of the profile.
    get: () => undefined,
    set: () => {},
    format: () => '',
  },
  {
    id: 'destination.marketingLicenses', section: 'final', kind: 'yesno', label: 'Marketing licences in the destination', required: false, skippable: true,
    applies: (d) => d.environments.some((e) => e.solutions?.includes('marketing')),
    prompt: (d) => `One last thing, because Marketing is installed: does ${d.destination.tenantDomain ?? 'the destination tenant'} have the licences to set up Dynamics 365 Marketing (Customer Insights - Journeys) again?`,
    accepted: 'yes, no or don\'t know',
    choices: yesNoChoices,
    parse: (text) => yesNo(text),
    get: (d) => d.destination.marketingLicenses,
    set: (d, _e, v) => assign(d.destination, 'marketingLicenses', v),
    format: formatBool,
  },
];

export const QUESTION_BY_ID: ReadonlyMap<string, Question> = new Map(QUESTIONS.map((q) => [q.id, q]));

export function question(id: string): Question {
  const q = QUESTION_BY_ID.get(id);
  if (!q) throw new Error(`Unknown question ${id}`);
  return q;
}

function assign(target: Record<string, unknown>, key: string, value: unknown): void {
  if (value === undefined) delete target[key];
  else target[key] = value;
}

/** "about 1,200 users" -> "1,200": people hedge and add the unit they were asked about. */
function stripUnitWords(text: string): string {
  return text
    .replace(/^\s*(about|around|approx(\.|imately)?|roughly|circa|ca\.|~|some)\s*/i, '')
    .replace(/\s*(users?|people|seats?|licen[cs]es?|accounts?)\s*$/i, '');
}

function capitalise(s: string): string {
  return s[0]!.toUpperCase() + s.slice(1);
}

