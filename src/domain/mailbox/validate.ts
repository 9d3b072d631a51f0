/**
 * Mailbox-move profile validation: untrusted input (parsed JSON, a card's submit data, the interview's draft) to a
 * normalised MailboxMoveProfile, or every problem at once, each naming its field path and what is accepted.
 * Unknown fields are errors (a typo must not pass as "unknown"); null or absence means unknown, never false.
 * Every value that later reaches a PowerShell command is checked here, so an unsafe value is an input error.
 * Never throws.
 */
import { CLOUDS, type Cloud } from '../assessment/types.js';
import { parseCloud, parseCount } from '../assessment/inputParsing.js';
import {
  FieldValidator, capIssues, describe, fieldPath, isPlainObject, parseJsonText, withoutUndefined, type Fields,
} from '../validation.js';
import { isDnsName, isGuid, quotePowerShell } from '../powershell.js';
import {
  TARGET_MAILUSER_STATES,
  type MailboxMoveProfile, type MailboxProfileValidation, type MailboxTargetTenant, type MailboxTenant,
  type MailboxUser, type MigrationApp, type ScopeGroup, type TargetMailUserState, type ValidationIssue,
} from './types.js';

export const MAX_USERS = 50_000;
export const MAX_MAILBOX_ISSUES = 100;
/** Exchange limits a group's name to 64 characters. */
export const MAX_GROUP_NAME = 64;

const PROFILE_FIELDS = [
  'source', 'target', 'mailboxes', 'migrationLicences', 'holds', 'maxAuxArchives', 'autoExpandingArchives',
  'scopeGroup', 'migrationApp', 'targetMailUsers', 'previousMailboxes', 'licencesBeforeGuid', 'batchSize', 'moveBack',
  'users',
] as const;
const SOURCE_FIELDS = ['tenantId', 'initialDomain', 'cloud', 'domains', 'hybrid'] as const;
const TARGET_FIELDS = [...SOURCE_FIELDS, 'dehydrated'] as const;
const GROUP_FIELDS = ['name', 'nested', 'members'] as const;
const APP_FIELDS = ['appId', 'consentedInSource'] as const;
const USER_FIELDS = ['source', 'target'] as const;

const GUID_EXAMPLE = '11111111-2222-3333-4444-555555555555';
/** Initial domains per cloud: onmicrosoft.com (commercial, GCC), onmicrosoft.us (GCC High, DoD), onmschina.cn. */
const INITIAL_DOMAIN = /\.(onmicrosoft\.com|onmicrosoft\.us|onmschina\.cn)$/;
/**
 * A mailbox address, narrowed to the characters real Exchange addresses use so it is safe in a CSV cell and in any
 * PowerShell string: letters, digits and . _ % + & ' - (an apostrophe, as in o'brien@, is doubled in a literal); no
 * quotes, commas, spaces, $ or backticks, and no leading character a spreadsheet reads as a formula.
 */
const LOCAL_PART = /^[A-Za-z0-9_][A-Za-z0-9._%+&'-]{0,63}$/;

/** Whether `address` is an email address safe for the batch CSV, the validation CSV and a PowerShell literal. */
export function isSafeAddress(address: string): boolean {
  const at = address.lastIndexOf('@');
  if (at <= 0) return false;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  return LOCAL_PART.test(local) && !local.endsWith('.') && !local.includes('..') && isDnsName(domain);
}

/** A safe group name: 1 to 64 characters that quote safely in PowerShell. Exported for the interview. */
export function checkGroupName(name: string): string | null {
  if (name.trim() === '' || name.length > MAX_GROUP_NAME) return `a group name of 1 to ${MAX_GROUP_NAME} characters`;
  if (!quotePowerShell(name).ok) return 'a group name on one line, without control characters';
  if (name !== name.trim()) return 'a group name without leading or trailing spaces';
  return null;
}

/** The mailbox profile's own field readers over the shared ones (src/domain/validation.ts). */
class Validator extends FieldValidator {
  guid(fields: Fields, key: string, path: string, what: string, required: boolean): string | undefined {
    const value = this.present(fields, key);
    const where = fieldPath(path, key);
    if (value === undefined) {
      if (required) this.add(where, `required; ${what} as a GUID such as ${GUID_EXAMPLE}`);
      return undefined;
    }
    const text = typeof value === 'string' ? value.trim().replace(/^\{(.*)\}$/, '$1') : '';
    if (isGuid(text)) return text.toLowerCase();
    const hint = typeof value === 'string' && value.includes('.') ? ', not a domain (Microsoft Entra admin center, Overview, Tenant ID)' : '';
    this.add(where, `expected ${what} as a GUID such as ${GUID_EXAMPLE}${hint}; got ${describe(value)}`);
    return undefined;
  }

  initialDomain(fields: Fields, path: string): string | undefined {
    const value = this.present(fields, 'initialDomain');
    const where = fieldPath(path, 'initialDomain');
    if (value === undefined) {
      this.add(where, 'required; the tenant\'s initial domain, such as contoso.onmicrosoft.com');
      return undefined;
    }
    const text = typeof value === 'string' ? value.trim().replace(/\.$/, '').toLowerCase() : '';
    if (isDnsName(text) && INITIAL_DOMAIN.test(text)) return text;
    const hint = isDnsName(text) ? ' (the initial onmicrosoft.com domain, not a custom domain)' : '';
    this.add(where, `expected the tenant's initial domain such as contoso.onmicrosoft.com${hint}; got ${describe(value)}`);
    return undefined;
  }

  cloud(fields: Fields, path: string): Cloud {
    const value = this.present(fields, 'cloud');
    if (value === undefined) return 'commercial';
    const parsed = typeof value === 'string' ? parseCloud(value) : null;
    if (parsed?.ok) return parsed.value;
    this.add(fieldPath(path, 'cloud'), `expected one of ${CLOUDS.join(', ')}; got ${describe(value)}`);
    return 'commercial';
  }

  domains(fields: Fields, path: string): string[] | undefined {
    const value = this.present(fields, 'domains');
    const where = fieldPath(path, 'domains');
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) {
      this.add(where, `expected a list of domain names such as ["contoso.com"]; got ${describe(value)}`);
      return undefined;
    }
    const out: string[] = [];
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const text = typeof item === 'string' ? item.trim().replace(/\.$/, '').toLowerCase() : '';
      if (isDnsName(text)) {
        if (!out.includes(text)) out.push(text);
      } else {
        this.add(`${where}[${i}]`, `expected a domain name such as contoso.com; got ${describe(item)}`);
      }
    }
    return out;
  }

  count(fields: Fields, key: string, path: string, min: number, required = false, what = ''): number | undefined {
    const value = this.present(fields, key);
    const where = fieldPath(path, key);
    if (value === undefined) {
      if (required) this.add(where, `required; ${what}, a whole number, ${min} or more`);
      return undefined;
    }
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min) return value;
    let hint = '';
    if (typeof value === 'string') {
      const parsed = parseCount(value);
      if (parsed.ok) hint = ` (write ${parsed.value} as a plain number)`;
    }
    this.add(where, `expected a whole number, ${min} or more${hint}; got ${describe(value)}`);
    return undefined;
  }
}

function validateTenant(v: Validator, value: unknown, side: 'source' | 'target'): MailboxTargetTenant | undefined {
  const fields = v.object(value, side, side === 'source' ? SOURCE_FIELDS : TARGET_FIELDS, `an object describing the ${side} tenant`);
  if (!fields) return undefined;
  const tenantId = v.guid(fields, 'tenantId', side, `the ${side} tenant ID`, true);
  const initialDomain = v.initialDomain(fields, side);
  const cloud = v.cloud(fields, side);
  const domains = v.domains(fields, side);
  const hybrid = v.boolean(fields, 'hybrid', side);
  const dehydrated = side === 'target' ? v.boolean(fields, 'dehydrated', side) : undefined;
  if (tenantId === undefined || initialDomain === undefined) return undefined;
  return withoutUndefined({ tenantId, initialDomain, cloud, domains, hybrid, dehydrated });
}

function validateScopeGroup(v: Validator, value: unknown): ScopeGroup | undefined {
  const fields = v.object(value, 'scopeGroup', GROUP_FIELDS, 'an object such as { "name": "T2T movers", "nested": false, "members": 850 }');
  if (!fields) return undefined;
  const raw = v.present(fields, 'name');
  let name: string | undefined;
  if (typeof raw === 'string' && checkGroupName(raw) === null) name = raw;
  else if (raw === undefined) v.add('scopeGroup.name', 'required; the mail-enabled security group\'s name');
  else v.add('scopeGroup.name', `expected ${typeof raw === 'string' ? checkGroupName(raw) : 'the group\'s name'}; got ${describe(raw)}`);
  const nested = v.boolean(fields, 'nested', 'scopeGroup');
  const members = v.count(fields, 'members', 'scopeGroup', 0);
  return name === undefined ? undefined : withoutUndefined({ name, nested, members });
}

function validateApp(v: Validator, value: unknown): MigrationApp | undefined {
  const fields = v.object(value, 'migrationApp', APP_FIELDS, 'an object such as { "appId": "...", "consentedInSource": true }');
  if (!fields) return undefined;
  const appId = v.guid(fields, 'appId', 'migrationApp', 'the application (client) ID', true);
  const consentedInSource = v.boolean(fields, 'consentedInSource', 'migrationApp');
  return appId === undefined ? undefined : withoutUndefined({ appId, consentedInSource });
}

function validateUsers(v: Validator, value: unknown): MailboxUser[] | undefined {
  if (!Array.isArray(value)) {
    v.add('users', `expected a list of { "source": "ada@contoso.com", "target": "ada@fabrikam.com" }; got ${describe(value)}`);
    return undefined;
  }
  if (value.length > MAX_USERS) {
    v.add('users', `expected at most ${MAX_USERS} users (one profile per move wave); got ${value.length}`);
    return undefined;
  }
  const users: MailboxUser[] = [];
  const seen = { source: new Map<string, number>(), target: new Map<string, number>() };
  for (let i = 0; i < value.length; i++) {
    const path = `users[${i}]`;
    const fields = v.object(value[i], path, USER_FIELDS, 'an object with source and target addresses');
    if (!fields) continue;
    const pair: Partial<MailboxUser> = {};
    for (const side of USER_FIELDS) {
      const raw = v.present(fields, side);
      const where = `${path}.${side}`;
      const text = typeof raw === 'string' ? raw.trim() : '';
      if (raw === undefined) {
        v.add(where, `required; the ${side} address`);
      } else if (!isSafeAddress(text)) {
        v.add(where, `expected an email address such as ada@${side === 'source' ? 'contoso' : 'fabrikam'}.com (letters, digits and . _ - + ' & % before the @); got ${describe(raw)}`);
      } else {
        const key = text.toLowerCase();
        const first = seen[side].get(key);
        if (first !== undefined) v.add(where, `${text} is already the ${side} of users[${first}]; each mailbox is listed once`);
        else seen[side].set(key, i);
        pair[side] = text;
      }
    }
    if (pair.source && pair.target) users.push({ source: pair.source, target: pair.target });
  }
  return users;
}

export function validateMailboxProfile(input: unknown): MailboxProfileValidation {
  const v = new Validator();
  const fields = v.object(input, 'profile', PROFILE_FIELDS, 'a JSON object with source, target and mailboxes', '');
  if (!fields) return { ok: false, issues: v.issues };

  const tenant = (side: 'source' | 'target') => (v.present(fields, side) === undefined
    ? (v.add(side, `required; the tenant the mailboxes move ${side === 'source' ? 'from' : 'to'}`), undefined)
    : validateTenant(v, fields[side], side));
  const source = tenant('source');
  const target = tenant('target');
  if (source && target && source.tenantId === target.tenantId) {
    v.add('target.tenantId', `${target.tenantId} is the source tenant too; a cross-tenant move needs two different tenants`);
  }
  if (source && target && source.initialDomain === target.initialDomain) {
    v.add('target.initialDomain', `${target.initialDomain} is the source tenant's initial domain too; a cross-tenant move needs two different tenants`);
  }
  const mailboxes = v.count(fields, 'mailboxes', '', 1, true, 'the number of mailboxes to move');
  const migrationLicences = v.count(fields, 'migrationLicences', '', 0);
  const holds = v.boolean(fields, 'holds', '');
  const maxAuxArchives = v.count(fields, 'maxAuxArchives', '', 0);
  const autoExpandingArchives = v.boolean(fields, 'autoExpandingArchives', '');
  const scopeGroup = v.present(fields, 'scopeGroup') === undefined ? undefined : validateScopeGroup(v, fields.scopeGroup);
  const migrationApp = v.present(fields, 'migrationApp') === undefined ? undefined : validateApp(v, fields.migrationApp);
  let targetMailUsers: TargetMailUserState | undefined;
  const rawMailUsers = v.present(fields, 'targetMailUsers');
  if (rawMailUsers !== undefined) {
    const text = typeof rawMailUsers === 'string' ? rawMailUsers.trim().toLowerCase() : '';
    if ((TARGET_MAILUSER_STATES as readonly string[]).includes(text)) targetMailUsers = text as TargetMailUserState;
    else v.add('targetMailUsers', `expected one of ${TARGET_MAILUSER_STATES.join(', ')}; got ${describe(rawMailUsers)}`);
  }
  const previousMailboxes = v.boolean(fields, 'previousMailboxes', '');
  const licencesBeforeGuid = v.boolean(fields, 'licencesBeforeGuid', '');
  const batchSize = v.count(fields, 'batchSize', '', 1);
  const moveBack = v.boolean(fields, 'moveBack', '');
  const users = v.present(fields, 'users') === undefined ? undefined : validateUsers(v, fields.users);
  if (users && mailboxes !== undefined && users.length > mailboxes) {
    v.add('users', `lists ${users.length} users but mailboxes is ${mailboxes}; give the number of mailboxes to move`);
  }

  if (v.issues.length > 0 || !source || !target || mailboxes === undefined) return { ok: false, issues: capIssues(v.issues, MAX_MAILBOX_ISSUES) };
  const { dehydrated: _ignored, ...sourceTenant } = source;
  const profile: MailboxMoveProfile = withoutUndefined({
    source: sourceTenant as MailboxTenant, target, mailboxes, migrationLicences, holds, maxAuxArchives, autoExpandingArchives,
    scopeGroup, migrationApp, targetMailUsers, previousMailboxes, licencesBeforeGuid, batchSize, moveBack, users,
  });
  return { ok: true, profile };
}

/** Parse profile text (a file, standard input) and validate it. Syntax errors come back as issues too. */
export function parseMailboxProfileJson(text: string): MailboxProfileValidation {
  const parsed = parseJsonText(text);
  return parsed.ok ? validateMailboxProfile(parsed.value) : parsed;
}
