/**
 * Parsers for what people type: the Teams dialog uses them on free text, and the profile validator uses the
 * same vocabulary (codes, aliases) so the dialog, the form card and the command line agree on what is accepted.
 * Each parser returns the value, or a reason and an example of an accepted answer: never throws.
 */
import {
  CLOUDS, ENVIRONMENT_TYPES, REGION_CODES, SOLUTION_IDS,
  type Cloud, type EnvironmentType, type RegionCode, type SolutionId,
} from './types.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string; example: string };

export interface ParsedSolutions {
  /** Recognised solution ids, without duplicates, in catalogue order. */
  ids: SolutionId[];
  /** The parts of the answer that named no known solution, as the person typed them. */
  unknown: string[];
  /** Set when `unknown` is not empty. */
  reason?: string;
  example?: string;
}

/** Lower-case, accents removed, everything but letters and digits dropped: "Café X" -> "cafex", "GCC High" -> "gcchigh". */
export function compactKey(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');
}

function fail<T>(reason: string, example: string): Parsed<T> {
  return { ok: false, reason, example };
}

/** Quote what the person typed, shortened so a pasted paragraph does not flood the reply. */
export function quoteInput(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(flat.length > 40 ? `${flat.slice(0, 37)}...` : flat);
}

// ---------------------------------------------------------------------------------------------- regions

/** The Power Platform geography each code stands for (also its accepted full name). */
export const REGION_NAMES: Readonly<Record<RegionCode, string>> = {
  NA: 'United States', SAM: 'South America', CAN: 'Canada', EUR: 'Europe', FRA: 'France', GER: 'Germany',
  CHE: 'Switzerland', NOR: 'Norway', UK: 'United Kingdom', UAE: 'United Arab Emirates', ZAF: 'South Africa',
  APJ: 'Asia', JPN: 'Japan', KOR: 'Korea', IND: 'India', OCE: 'Australia', SGP: 'Singapore',
  CHN: 'China (operated by 21Vianet)',
};

/** Looser names people use; the first six groups are the contract's (spec 1.1), the rest are unambiguous extras. */
const REGION_ALIASES: Readonly<Record<string, RegionCode>> = {
  emea: 'EUR', apac: 'APJ', us: 'NA', usa: 'NA', unitedstates: 'NA', northamerica: 'NA', aus: 'OCE', australia: 'OCE',
  unitedstatesofamerica: 'NA', eu: 'EUR', europeanunion: 'EUR', asiapacific: 'APJ', southkorea: 'KOR',
  brazil: 'SAM', switzerland: 'CHE', greatbritain: 'UK', gb: 'UK', china: 'CHN', china21vianet: 'CHN',
  chinaoperatedby21vianet: 'CHN',
};

const REGION_LOOKUP: ReadonlyMap<string, RegionCode> = new Map<string, RegionCode>([
  ...REGION_CODES.map((code) => [code.toLowerCase(), code] as const),
  ...REGION_CODES.map((code) => [compactKey(REGION_NAMES[code]), code] as const),
  ...Object.entries(REGION_ALIASES),
]);

export const REGION_HINT = `one of ${REGION_CODES.join(', ')} (or a name such as "Europe", "EMEA", "United States")`;

export function parseRegion(text: string): Parsed<RegionCode> {
  const example = 'EUR, or a name such as "Europe" or "EMEA"';
  // "N/A" would otherwise compact to "na", the United States code.
  if (/^\s*n\/a\s*$/i.test(text)) return fail('"N/A" is not a region; give the Power Platform geography.', example);
  const code = REGION_LOOKUP.get(compactKey(text));
  if (code) return { ok: true, value: code };
  return fail(`${quoteInput(text)} is not a Power Platform region; expected ${REGION_HINT}.`, example);
}

// ---------------------------------------------------------------------------------------------- clouds

export const CLOUD_NAMES: Readonly<Record<Cloud, string>> = {
  commercial: 'the commercial cloud',
  gcc: 'US Government Community Cloud (GCC)',
  'gcc-high': 'US Government GCC High',
  dod: 'US Government DoD',
  china: 'China (operated by 21Vianet)',
};

const CLOUD_LOOKUP: ReadonlyMap<string, Cloud> = new Map<string, Cloud>([
  ...CLOUDS.map((cloud) => [compactKey(cloud), cloud] as const),
  ['public', 'commercial'], ['worldwide', 'commercial'], ['global', 'commercial'], ['commercialcloud', 'commercial'],
  ['governmentcommunitycloud', 'gcc'], ['usgcc', 'gcc'], ['gccmoderate', 'gcc'],
  ['usgcchigh', 'gcc-high'], ['departmentofdefense', 'dod'], ['usdod', 'dod'],
  ['21vianet', 'china'], ['chinacloud', 'china'],
]);

export function parseCloud(text: string): Parsed<Cloud> {
  const cloud = CLOUD_LOOKUP.get(compactKey(text));
  if (cloud) return { ok: true, value: cloud };
  return fail(`${quoteInput(text)} is not a cloud; expected one of ${CLOUDS.join(', ')}.`, 'commercial');
}

// ---------------------------------------------------------------------------------------------- environment types

const ENVIRONMENT_TYPE_LOOKUP: ReadonlyMap<string, EnvironmentType> = new Map<string, EnvironmentType>([
  ...ENVIRONMENT_TYPES.map((type) => [type, type] as const),
  ['prod', 'production'], ['sbx', 'sandbox'], ['dataverseforteams', 'teams'], ['microsoftteams', 'teams'],
  ['subscriptionbasedtrial', 'trial'], ['trialsubscriptionbased', 'trial'],
]);

export function parseEnvironmentType(text: string): Parsed<EnvironmentType> {
  const example = 'production';
  // "Sales production environment" style answers: the last word is the type.
  const key = compactKey(text).replace(/environment$/, '');
  const type = ENVIRONMENT_TYPE_LOOKUP.get(key);
  if (type) return { ok: true, value: type };
  // People say "dev" for a sandbox used for development as often as for the Developer type, and the two
  // verdicts are opposite (sandbox moves, developer cannot): ask rather than guess.
  if (key === 'dev' || key === 'development' || key === 'test' || key === 'uat' || key === 'qa') {
    return fail(`${quoteInput(text)} could be a sandbox or a Developer environment; say which (the admin center shows the type).`, 'sandbox');
  }
  return fail(`${quoteInput(text)} is not an environment type; expected one of ${ENVIRONMENT_TYPES.join(', ')}.`, example);
}

// ---------------------------------------------------------------------------------------------- yes / no

const YES = new Set(['y', 'yes', 'yeah', 'yep', 'true', 'sure', 'ok', 'okay', 'on', 'enabled', 'correct']);
const NO = new Set(['n', 'no', 'nope', 'false', 'off', 'disabled', 'none', 'not']);
const UNKNOWN = new Set([
  'dontknow', 'donotknow', 'idontknow', 'idk', 'unknown', 'notsure', 'unsure', 'maybe', 'dunno', 'noidea', 'skip', 'na',
]);

/** true, false, or null for "don't know" (the profile then leaves the fact out: unknown, not false). */
export function parseYesNo(text: string): Parsed<boolean | null> {
  const key = compactKey(text);
  if (YES.has(key)) return { ok: true, value: true };
  if (NO.has(key)) return { ok: true, value: false };
  if (UNKNOWN.has(key) || text.trim() === '?') return { ok: true, value: null };
  return fail(`${quoteInput(text)} is not a yes or no answer.`, 'yes, no, or "don\'t know"');
}

// ---------------------------------------------------------------------------------------------- solutions

/** Human names for each solution id (also used in findings and reports). */
export const SOLUTION_NAMES: Readonly<Record<SolutionId, string>> = {
  'canvas-solution-aware': 'canvas apps in solutions',
  'canvas-non-solution-aware': 'canvas apps outside solutions',
  'custom-pages': 'custom pages',
  'component-library': 'component libraries',
  'power-automate': 'Power Automate flows',
  'copilot-studio': 'Copilot Studio agents',
  'customer-voice': 'Dynamics 365 Customer Voice',
  'power-pages': 'Power Pages sites',
  'power-apps-checker': 'the Power Apps Checker app',
  'cafe-x': 'Cafe X',
  marketing: 'Dynamics 365 Marketing (Customer Insights - Journeys)',
  'customer-insights-data': 'Customer Insights - Data',
  omnichannel: 'Omnichannel for Customer Service',
  'custom-connectors': 'custom connectors',
  connections: 'connections',
  gateways: 'on-premises data gateways',
  mailboxes: 'mailboxes',
};

/** Aliases, keyed by compactKey. The contract's two are power-virtual-agents and portals (and customer-insights-journeys). */
const SOLUTION_ALIASES: Readonly<Record<string, SolutionId>> = {
  solutionawarecanvas: 'canvas-solution-aware', canvasinsolutions: 'canvas-solution-aware',
  nonsolutionawarecanvas: 'canvas-non-solution-aware', canvasoutsidesolutions: 'canvas-non-solution-aware',
  canvasnotinsolutions: 'canvas-non-solution-aware', canvasnotsolutionaware: 'canvas-non-solution-aware',
  custompage: 'custom-pages', componentlibraries: 'component-library',
  flows: 'power-automate', flow: 'power-automate', cloudflows: 'power-automate', microsoftflow: 'power-automate',
  powervirtualagents: 'copilot-studio', powervirtualagent: 'copilot-studio', pva: 'copilot-studio',
  chatbots: 'copilot-studio', copilots: 'copilot-studio',
  dynamics365customervoice: 'customer-voice', formspro: 'customer-voice',
  portals: 'power-pages', portal: 'power-pages', powerappsportals: 'power-pages', powerpage: 'power-pages',
  checker: 'power-apps-checker', powerappscheckerapp: 'power-apps-checker',
  dynamics365marketing: 'marketing', dynamics365marketingcustomerinsightsjourneys: 'marketing', customerinsightsjourneys: 'marketing', cijourneys: 'marketing',
  realtimemarketing: 'marketing', journeys: 'marketing',
  cidata: 'customer-insights-data', audienceinsights: 'customer-insights-data',
  omnichannelforcustomerservice: 'omnichannel',
  customconnector: 'custom-connectors', connection: 'connections', gateway: 'gateways',
  onpremisesdatagateway: 'gateways', onpremisesdatagateways: 'gateways', datagateways: 'gateways', mailbox: 'mailboxes',
};

const SOLUTION_LOOKUP: ReadonlyMap<string, SolutionId> = new Map<string, SolutionId>([
  ...SOLUTION_IDS.map((id) => [compactKey(id), id] as const),
  ...Object.entries(SOLUTION_ALIASES),
]);

/** One solution name or id, or null. Tolerates a trailing "app(s)" and plurals ("Power Pages sites"). */
export function lookupSolution(text: string): SolutionId | null {
  const key = compactKey(text).replace(/^the(?=.)/, '');
  const candidates = [
    key, key.replace(/apps?$/, ''), key.replace(/s$/, ''), key.replace(/(sites?|flows?|agents?|bots?)$/, ''),
    key.replace(/apps?/g, ''),
  ];
  for (const candidate of candidates) {
    const id = SOLUTION_LOOKUP.get(candidate);
    if (id) return id;
  }
  return null;
}

/** The solution whose name, id or alias is within two typing slips of what was typed ("portlas" -> power-pages). */
function closestSolution(text: string): SolutionId | null {
  const key = compactKey(text);
  if (key.length < 4) return null;
  let best: { id: SolutionId; distance: number } | null = null;
  for (const [candidate, id] of SOLUTION_LOOKUP) {
    if (Math.abs(candidate.length - key.length) > 2) continue;
    const distance = levenshtein(key, candidate);
    if (distance <= 2 && (!best || distance < best.distance)) best = { id, distance };
  }
  return best?.id ?? null;
}

/** Levenshtein distance, for "did you mean" on short words. */
export function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

const NOTHING = new Set(['none', 'no', 'nothing', 'n/a', '-']);

/** "power automate, portals and marketing" -> ids; whatever is not recognised comes back in `unknown`. */
export function parseSolutions(text: string): ParsedSolutions {
  const parts = text.split(/[,;\n]|\s+and\s+|\s*[&+]\s*/i).map((part) => part.trim()).filter((part) => part !== '');
  const found = new Set<SolutionId>();
  const unknown: string[] = [];
  for (const part of parts) {
    if (NOTHING.has(part.toLowerCase())) continue;
    const id = lookupSolution(part);
    if (id) found.add(id);
    else unknown.push(part);
  }
  const ids = SOLUTION_IDS.filter((id) => found.has(id));
  if (unknown.length === 0) return { ids, unknown };
  const canvas = unknown.some((part) => /^canvas( apps?)?$/i.test(part));
  const described = unknown.map((part) => {
    const guess = closestSolution(part);
    return guess ? `${quoteInput(part)} (did you mean ${SOLUTION_NAMES[guess]}?)` : quoteInput(part);
  });
  const reason = canvas
    ? 'Say whether the canvas apps are in solutions ("canvas apps in solutions") or not ("canvas apps outside solutions").'
    : `Not recognised: ${described.join(', ')}. Known: ${SOLUTION_IDS.map((id) => SOLUTION_NAMES[id]).join('; ')}.`;
  return { ids, unknown, reason, example: 'power automate, portals, marketing' };
}

// ---------------------------------------------------------------------------------------------- numbers

/**
 * A non-negative decimal with optional thousands grouping ("1,200", "1 200", "1.200.000") or a decimal comma
 * ("1,5"). Returns null when the text is not such a number.
 */
function parseDecimal(text: string): number | null {
  const t = text.replace(/[\u00a0\u202f]/g, ' ').trim();
  let normal: string;
  if (/^\d+(\.\d+)?$/.test(t)) normal = t;
  else if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) normal = t.replace(/,/g, '');
  else if (/^\d{1,3}( \d{3})+([.,]\d+)?$/.test(t)) normal = t.replace(/ /g, '').replace(',', '.');
  else if (/^\d{1,3}(\.\d{3}){2,}(,\d+)?$/.test(t)) normal = t.replace(/\./g, '').replace(',', '.');
  else if (/^\d+,\d+$/.test(t)) normal = t.replace(',', '.');
  else return null;
  const value = Number(normal);
  return Number.isFinite(value) ? value : null;
}

/**
 * Capacity in GB. Microsoft's capacity reports count in binary steps under decimal names, so TB and TiB both
 * mean 1024 GB and MB means 1/1024 GB. A bare number is GB.
 */
const STORAGE_UNITS: Readonly<Record<string, number>> = {
  '': 1, g: 1, gb: 1, gib: 1, t: 1024, tb: 1024, tib: 1024, m: 1 / 1024, mb: 1 / 1024, mib: 1 / 1024,
};

export function parseStorageGb(text: string): Parsed<number> {
  const example = '800 GB, 1.5 TB or 1,200';
  const match = /^\s*(.*?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = match ? match[2].toLowerCase() : '';
  const factor = STORAGE_UNITS[unit];
  if (!match || factor === undefined) {
    return fail(`${quoteInput(text)} is not an amount of storage; use GB, TB or MB.`, example);
  }
  if (/^\s*-/.test(match[1])) return fail('Storage cannot be negative.', example);
  const amount = parseDecimal(match[1]);
  if (amount === null) return fail(`${quoteInput(text)} is not an amount of storage.`, example);
  return { ok: true, value: Math.round(amount * factor * 1000) / 1000 };
}

/** A whole count of users or licences: "250", "1,200", "1 200", "1.200". */
export function parseCount(text: string): Parsed<number> {
  const example = '1,200';
  const t = text.trim();
  if (/^-/.test(t)) return fail('A count cannot be negative.', example);
  // "1.200" is a grouped thousand, not 1.2: a count of people has no fractions.
  const grouped = /^\d{1,3}(\.\d{3})+$/.test(t) ? t.replace(/\./g, '') : t;
  const value = parseDecimal(grouped);
  if (value === null) return fail(`${quoteInput(text)} is not a number.`, example);
  if (!Number.isInteger(value)) return fail(`${quoteInput(text)} is not a whole number.`, example);
  if (!Number.isSafeInteger(value)) return fail(`${quoteInput(text)} is too large.`, example);
  return { ok: true, value };
}
