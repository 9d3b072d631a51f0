/**
 * The questions of the mailbox-move interview ("mailbox move" in Teams), as data for the flat interview machine
 * (src/domain/interview/flatInterview.ts): what to ask, what is accepted, where the answer goes in the mailbox-move
 * profile, and when a question applies. mailboxDraftToInput turns a finished draft into profile input, which
 * validateMailboxProfile then checks like any other input.
 */
import { CLOUDS, type Cloud } from '../assessment/types.js';
import { CLOUD_NAMES, parseCloud, parseCount, parseYesNo, quoteInput, type Parsed } from '../assessment/inputParsing.js';
import type { FlatQuestion, Questionnaire } from '../interview/flatInterview.js';
import type { Choice } from '../interview/questions.js';
import { isDnsName, isGuid } from '../powershell.js';
import { formatNumber } from '../text.js';
import { MAX_AUX_ARCHIVES, MAX_BATCH_SIZE } from './rules.js';
import { TARGET_MAILUSER_STATES, type TargetMailUserState } from './types.js';
import { checkGroupName } from './validate.js';

interface TenantDraft {
  initialDomain?: string;
  tenantId?: string;
  cloud?: Cloud;
  domains?: string[];
  hybrid?: boolean;
  dehydrated?: boolean;
}

/** A mailbox-move profile being collected: every field may still be missing. */
export interface MailboxDraft {
  source: TenantDraft;
  target: TenantDraft;
  mailboxes?: number;
  migrationLicences?: number;
  holds?: boolean;
  maxAuxArchives?: number;
  autoExpandingArchives?: boolean;
  scopeGroupName?: string;
  scopeGroupNested?: boolean;
  scopeGroupMembers?: number;
  appId?: string;
  consentedInSource?: boolean;
  targetMailUsers?: TargetMailUserState;
  previousMailboxes?: boolean;
  licencesBeforeGuid?: boolean;
  batchSize?: number;
  moveBack?: boolean;
}

type Q = FlatQuestion<MailboxDraft>;
type Side = 'source' | 'target';

const yesNoChoices = (): Choice[] => [{ title: 'Yes', value: 'yes' }, { title: 'No', value: 'no' }];
const formatBool = (v: unknown): string => (v === true ? 'Yes' : v === false ? 'No' : 'Not known');
const formatCount = (v: unknown): string => (typeof v === 'number' ? formatNumber(v) : 'Not known');
const formatText = (v: unknown): string => (typeof v === 'string' && v !== '' ? v : 'Not known');

function yesNo(text: string): Parsed<boolean | undefined> {
  const r = parseYesNo(text);
  return r.ok ? { ok: true, value: r.value ?? undefined } : r;
}

function count(text: string, min: number): Parsed<number> {
  const r = parseCount(text.replace(/^\s*(about|around|roughly|~)\s*/i, '').replace(/\s*(mailbox(es)?|users?|licen[cs]es?|archives?|members?)\s*$/i, ''));
  if (!r.ok) return r;
  return r.value >= min ? r : { ok: false, reason: `I need a whole number, ${min} or more.`, example: String(Math.max(min, 1)) };
}

function parseInitialDomain(text: string, side: Side, d: MailboxDraft): Parsed<string> {
  let t = text.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/.*$/, '').replace(/\.$/, '');
  if (/^[^@\s]+@[^@\s]+$/.test(t)) t = t.split('@')[1]!;
  if (/^[a-z0-9][a-z0-9-]{0,62}$/.test(t)) t = `${t}.onmicrosoft.com`; // "contoso" -> contoso.onmicrosoft.com
  const example = side === 'source' ? 'contoso.onmicrosoft.com' : 'fabrikam.onmicrosoft.com';
  if (!isDnsName(t)) return { ok: false, reason: `${quoteInput(text)} is not a domain name.`, example };
  if (!/\.(onmicrosoft\.com|onmicrosoft\.us|onmschina\.cn)$/.test(t)) {
    return { ok: false, reason: `${t} looks like a custom domain. I need the tenant's initial domain, which ends in .onmicrosoft.com (Microsoft 365 admin center, Settings, Domains).`, example };
  }
  const other = d[side === 'source' ? 'target' : 'source'].initialDomain;
  if (other === t) return { ok: false, reason: `${t} is the ${side === 'source' ? 'target' : 'source'} tenant too; the two tenants must differ.`, example };
  return { ok: true, value: t };
}

function parseTenantId(text: string, side: Side, d: MailboxDraft): Parsed<string> {
  const t = text.trim().toLowerCase().replace(/^\{|\}$/g, '');
  if (!isGuid(t)) {
    return { ok: false, reason: `${quoteInput(text)} is not a tenant ID. It is a GUID, shown in the Microsoft Entra admin center under Overview.`, example: '72f988bf-86f1-41af-91ab-2d7cd011db47' };
  }
  if (d[side === 'source' ? 'target' : 'source'].tenantId === t) {
    return { ok: false, reason: 'That is the other tenant\'s ID; the two tenants must differ.', example: '72f988bf-86f1-41af-91ab-2d7cd011db47' };
  }
  return { ok: true, value: t };
}

function parseDomains(text: string): Parsed<string[]> {
  if (/^(none|no|nothing|-)$/i.test(text.trim())) return { ok: true, value: [] };
  const parts = text.split(/[,;\s]+/).map((p) => p.trim().toLowerCase().replace(/\.$/, '')).filter(Boolean);
  const bad = parts.filter((p) => !isDnsName(p));
  if (parts.length === 0 || bad.length > 0) {
    return { ok: false, reason: `${bad.length > 0 ? `${quoteInput(bad[0]!)} is not a domain name.` : 'I need at least one domain.'} Give a list such as "contoso.com, contoso.co.uk", or **none**.`, example: 'contoso.com, contoso.co.uk' };
  }
  return { ok: true, value: [...new Set(parts)] };
}

function tenantQuestions(side: Side): Q[] {
  const Side = side === 'source' ? 'Source' : 'Target';
  const name = (d: MailboxDraft) => d[side].initialDomain ?? `the ${side} tenant`;
  const field = <K extends keyof TenantDraft>(key: K) => ({
    get: (d: MailboxDraft) => d[side][key],
    set: (d: MailboxDraft, v: unknown) => {
      if (v === undefined) delete d[side][key];
      else (d[side] as Record<string, unknown>)[key] = v;
    },
  });
  return [
    {
      id: `${side}.initialDomain`, section: side, kind: 'text', label: `${Side} initial domain`, required: true, skippable: false,
      prompt: () => (side === 'source'
        ? 'Which tenant are the mailboxes in now? Give its initial domain (the one ending in .onmicrosoft.com).'
        : 'Which tenant are they moving to? Give its initial domain.'),
      accepted: 'a tenant\'s initial domain such as contoso.onmicrosoft.com',
      parse: (text, d) => parseInitialDomain(text, side, d),
      ...field('initialDomain'),
      format: formatText,
    },
    {
      id: `${side}.tenantId`, section: side, kind: 'text', label: `${Side} tenant ID`, required: true, skippable: false,
      prompt: (d) => `What is the tenant ID of ${name(d)}? The organisation relationships need it.`,
      accepted: 'a GUID from the Microsoft Entra admin center (Overview page)',
      parse: (text, d) => parseTenantId(text, side, d),
      ...field('tenantId'),
      format: formatText,
    },
    {
      id: `${side}.cloud`, section: side, kind: 'choice', label: `${Side} cloud`, required: false, skippable: true,
      prompt: (d) => `Which cloud is ${name(d)} in? Most tenants are in the commercial cloud.`,
      accepted: `one of ${CLOUDS.join(', ')}`,
      choices: () => CLOUDS.map((c) => ({ title: c === 'commercial' ? 'Commercial' : c === 'gcc' ? 'GCC' : c === 'gcc-high' ? 'GCC High' : c === 'dod' ? 'DoD' : 'China (21Vianet)', value: c })),
      parse: (text) => parseCloud(text),
      ...field('cloud'),
      format: (v) => (typeof v === 'string' ? CLOUD_NAMES[v as Cloud] : 'Not known (commercial assumed)'),
    },
    {
      id: `${side}.domains`, section: side, kind: 'text', label: `${Side} custom domains`, required: false, skippable: true,
      prompt: (d) => `Which custom domains does ${name(d)} own? A list such as "contoso.com, contoso.co.uk", or **none**.`,
      accepted: 'a comma-separated list of domain names, or none',
      parse: (text) => parseDomains(text),
      ...field('domains'),
      format: (v) => (Array.isArray(v) ? (v.length === 0 ? 'None' : v.join(', ')) : 'Not known'),
    },
    {
      id: `${side}.hybrid`, section: side, kind: 'yesno', label: `${Side} hybrid`, required: false, skippable: true,
      prompt: (d) => `Does ${name(d)} synchronise users from on-premises (Exchange hybrid or Microsoft Entra Connect)?`,
      accepted: 'yes, no or don\'t know',
      choices: yesNoChoices,
      parse: (text) => yesNo(text),
      ...field('hybrid'),
      format: formatBool,
    },
  ];
}

function top<K extends Exclude<keyof MailboxDraft, 'source' | 'target'>>(key: K) {
  return {
    get: (d: MailboxDraft) => d[key],
    set: (d: MailboxDraft, v: unknown) => {
      if (v === undefined) delete d[key];
      else (d as unknown as Record<string, unknown>)[key] = v;
    },
  };
}

const yesNoQuestion = (id: Exclude<keyof MailboxDraft, 'source' | 'target'>, section: string, label: string, prompt: (d: MailboxDraft) => string, applies?: (d: MailboxDraft) => boolean): Q => ({
  id, section, kind: 'yesno', label, required: false, skippable: true, prompt, applies,
  accepted: 'yes, no or don\'t know', choices: yesNoChoices, parse: (text) => yesNo(text), ...top(id), format: formatBool,
});

const src = (d: MailboxDraft) => d.source.initialDomain ?? 'the source tenant';
const dst = (d: MailboxDraft) => d.target.initialDomain ?? 'the target tenant';

export const MAILBOX_QUESTIONS: readonly Q[] = [
  ...tenantQuestions('source'),
  ...tenantQuestions('target'),
  {
    id: 'mailboxes', section: 'mailboxes', kind: 'number', label: 'Mailboxes to move', required: true, skippable: false,
    prompt: (d) => `How many mailboxes will move from ${src(d)} to ${dst(d)}?`,
    accepted: 'a whole number such as 850 or 1,200',
    parse: (text) => count(text, 1), ...top('mailboxes'), format: formatCount,
  },
  yesNoQuestion('holds', 'mailboxes', 'Mailboxes on hold', (d) => `Is any mailbox in ${src(d)} on a hold (litigation, retention, eDiscovery or delay hold)?`),
  {
    id: 'migrationLicences', section: 'mailboxes', kind: 'number', label: 'Migration licences', required: false, skippable: true,
    prompt: () => 'How many Cross Tenant User Data Migration licences have you bought? (One per moving user.)',
    accepted: 'a whole number such as 850, or 0 if none yet',
    parse: (text) => count(text, 0), ...top('migrationLicences'), format: formatCount,
  },
  {
    id: 'maxAuxArchives', section: 'mailboxes', kind: 'number', label: 'Most auxiliary archives', required: false, skippable: true,
    prompt: () => `What is the most auxiliary archives any one mailbox has? (More than ${MAX_AUX_ARCHIVES} cannot move; 0 if none.)`,
    accepted: 'a whole number such as 0 or 3',
    parse: (text) => count(text, 0), ...top('maxAuxArchives'), format: formatCount,
  },
  yesNoQuestion('autoExpandingArchives', 'mailboxes', 'Auto-expanding archives', () => 'Is auto-expanding archiving turned on?'),
  {
    id: 'scopeGroupName', section: 'source-setup', kind: 'text', label: 'Scope group', required: false, skippable: true,
    prompt: (d) => `What is the mail-enabled security group in ${src(d)} that scopes the move? Type **skip** if it does not exist yet.`,
    accepted: 'the group\'s name, 1 to 64 characters',
    parse: (text) => {
      const name = text.trim();
      const problem = checkGroupName(name);
      return problem ? { ok: false, reason: `I need ${problem}.`, example: 'T2T movers' } : { ok: true, value: name };
    },
    ...top('scopeGroupName'), format: (v) => (typeof v === 'string' ? v : 'Not created yet'),
  },
  yesNoQuestion('scopeGroupNested', 'source-setup', 'Scope group has nested groups', (d) => `Does ${d.scopeGroupName ?? 'the group'} contain other groups?`, (d) => d.scopeGroupName !== undefined),
  {
    id: 'scopeGroupMembers', section: 'source-setup', kind: 'number', label: 'Scope group members', required: false, skippable: true,
    applies: (d) => d.scopeGroupName !== undefined,
    prompt: (d) => `How many members does ${d.scopeGroupName ?? 'the group'} have?`,
    accepted: 'a whole number such as 850',
    parse: (text) => count(text, 0), ...top('scopeGroupMembers'), format: formatCount,
  },
  {
    id: 'appId', section: 'target-setup', kind: 'text', label: 'Migration app ID', required: false, skippable: true,
    prompt: (d) => `Is the migration app registered in ${dst(d)}? Give its Application (client) ID, or type **skip** if not yet. (Never its secret.)`,
    accepted: 'a GUID from the app\'s Overview page in the Microsoft Entra admin center',
    parse: (text) => {
      const t = text.trim().toLowerCase().replace(/^\{|\}$/g, '');
      return isGuid(t) ? { ok: true, value: t } : { ok: false, reason: `${quoteInput(text)} is not an application ID. It is a GUID on the app's Overview page.`, example: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' };
    },
    ...top('appId'), format: (v) => (typeof v === 'string' ? v : 'Not registered yet'),
  },
  yesNoQuestion('consentedInSource', 'target-setup', 'Consented in the source', (d) => `Has a global admin of ${src(d)} consented to that app?`, (d) => d.appId !== undefined),
  yesNoQuestion('previousMailboxes', 'target-setup', 'Target users had mailboxes before', (d) => `Did any target user in ${dst(d)} have a mailbox before?`),
  {
    id: 'targetMailUsers', section: 'target-setup', kind: 'choice', label: 'Target MailUsers', required: false, skippable: true,
    prompt: (d) => `Are the MailUsers in ${dst(d)} prepared (ExchangeGuid, x500 addresses, ExternalEmailAddress stamped)?`,
    accepted: 'prepared, partly or missing',
    choices: () => [{ title: 'All prepared', value: 'prepared' }, { title: 'Some', value: 'partly' }, { title: 'Not yet', value: 'missing' }],
    parse: (text) => {
      const t = text.trim().toLowerCase();
      const value: TargetMailUserState | undefined = (TARGET_MAILUSER_STATES as readonly string[]).includes(t) ? t as TargetMailUserState
        : /^(yes|y|all|all prepared|done)$/.test(t) ? 'prepared' : /^(some|partly|partially|half)$/.test(t) ? 'partly' : /^(no|n|none|not yet)$/.test(t) ? 'missing' : undefined;
      return value ? { ok: true, value } : { ok: false, reason: `${quoteInput(text)} is not one of prepared, partly or missing.`, example: 'partly' };
    },
    ...top('targetMailUsers'),
    format: (v) => (v === 'prepared' ? 'All prepared' : v === 'partly' ? 'Some' : v === 'missing' ? 'Not yet' : 'Not known'),
  },
  yesNoQuestion('licencesBeforeGuid', 'target-setup', 'Exchange licences before ExchangeGuid', (d) => `Were Exchange licences assigned in ${dst(d)} before ExchangeGuid was stamped on the MailUsers?`),
  {
    id: 'target.dehydrated', section: 'target-setup', kind: 'yesno', label: 'Target dehydrated', required: false, skippable: true,
    prompt: (d) => `Is ${dst(d)} dehydrated (Get-OrganizationConfig shows IsDehydrated True)?`,
    accepted: 'yes, no or don\'t know', choices: yesNoChoices, parse: (text) => yesNo(text),
    get: (d) => d.target.dehydrated,
    set: (d, v) => { if (v === undefined) delete d.target.dehydrated; else d.target.dehydrated = v as boolean; },
    format: formatBool,
  },
  {
    id: 'batchSize', section: 'plan', kind: 'number', label: 'Mailboxes per batch', required: false, skippable: true,
    prompt: () => `How many mailboxes per migration batch? (Microsoft recommends at most ${formatNumber(MAX_BATCH_SIZE)}.)`,
    accepted: 'a whole number such as 500',
    parse: (text) => count(text, 1), ...top('batchSize'), format: formatCount,
  },
  yesNoQuestion('moveBack', 'plan', 'Move back planned', (d) => `Is a later move back, from ${dst(d)} to ${src(d)}, planned?`),
];

export const MAILBOX_QUESTIONNAIRE: Questionnaire<MailboxDraft> = {
  kind: 'mailbox-move',
  startCommand: 'mailbox move',
  finishWord: 'check',
  purpose: 'to check the mailbox move',
  intro: 'Let\'s check whether your mailboxes are ready to move to another tenant, and get the exact commands. I\'ll ask about both tenants, the mailboxes and the setup: about 3 minutes. You can type **help**, **back**, **skip** (for facts you don\'t know), **restart** or **cancel** at any point.',
  questions: MAILBOX_QUESTIONS,
  sections: [
    { id: 'source', title: (d) => `Source tenant: ${d.source.initialDomain ?? 'not given'}` },
    { id: 'target', title: (d) => `Target tenant: ${d.target.initialDomain ?? 'not given'}` },
    { id: 'mailboxes', title: () => 'Mailboxes' },
    { id: 'source-setup', title: () => 'Source setup' },
    { id: 'target-setup', title: () => 'Target setup' },
    { id: 'plan', title: () => 'Plan' },
  ],
  emptyDraft: () => ({ source: {}, target: {} }),
};

/** The finished draft as profile input for validateMailboxProfile (unknown facts left out). */
export function mailboxDraftToInput(d: MailboxDraft): Record<string, unknown> {
  const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  const { dehydrated: _d, ...source } = d.source;
  return defined({
    source: defined({ ...source }),
    target: defined({ ...d.target }),
    mailboxes: d.mailboxes,
    migrationLicences: d.migrationLicences,
    holds: d.holds,
    maxAuxArchives: d.maxAuxArchives,
    autoExpandingArchives: d.autoExpandingArchives,
    scopeGroup: d.scopeGroupName === undefined ? undefined : defined({ name: d.scopeGroupName, nested: d.scopeGroupNested, members: d.scopeGroupMembers }),
    migrationApp: d.appId === undefined ? undefined : defined({ appId: d.appId, consentedInSource: d.consentedInSource }),
    targetMailUsers: d.targetMailUsers,
    previousMailboxes: d.previousMailboxes,
    licencesBeforeGuid: d.licencesBeforeGuid,
    batchSize: d.batchSize,
    moveBack: d.moveBack,
  });
}
