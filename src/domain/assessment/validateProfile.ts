/**
 * Profile validation: untrusted input (parsed JSON, a card's submit data) to a normalised MigrationProfile, or
 * every problem at once, each naming its field path and what is accepted. Unknown fields are errors (a typo
 * must not pass as "unknown"); null or absence means unknown, never false. Never throws.
 */
import {
  CLOUDS, ENVIRONMENT_TYPES, SOLUTION_IDS,
  type Cloud, type DestinationTenant, type EnvironmentProfile, type MigrationProfile, type ProfileValidation,
  type RegionCode, type SolutionId, type SourceTenant, type StorageGb, type ValidationIssue,
} from './types.js';
import {
  REGION_HINT, lookupSolution, parseCloud, quoteInput, parseCount, parseEnvironmentType, parseRegion, parseStorageGb, parseYesNo,
} from './inputParsing.js';
import {
  FieldValidator, capIssues, describe, fieldPath, isPlainObject, parseJsonText, withoutUndefined, type Fields,
} from '../validation.js';

export const MAX_ENVIRONMENTS = 50;
/** Past this many problems the rest are summarised in one line: a pasted wrong file should not print thousands. */
export const MAX_ISSUES = 100;

const PROFILE_FIELDS = ['source', 'destination', 'environments'] as const;
const SOURCE_FIELDS = ['tenantDomain', 'tenantId', 'region', 'cloud', 'activeLicensedUsers', 'customerLockbox'] as const;
const DESTINATION_FIELDS = [
  'tenantDomain', 'tenantId', 'region', 'cloud', 'paidSubscription', 'availableLicenses', 'marketingLicenses',
  'availableStorageGb',
] as const;
const ENVIRONMENT_FIELDS = [
  'name', 'id', 'type', 'region', 'hasDataverse', 'managedEnvironment', 'linkedToFinanceAndOperations', 'storageGb',
  'mappedUsers', 'sandboxCopyTested', 'solutions',
] as const;
const STORAGE_FIELDS = ['database', 'file', 'log'] as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GUID_EXAMPLE = '11111111-2222-3333-4444-555555555555';

/** The profile's own field readers over the shared ones (src/domain/validation.ts). */
class Validator extends FieldValidator {
  domain(fields: Fields, path: string): string | undefined {
    const value = this.present(fields, 'tenantDomain');
    const where = fieldPath(path, 'tenantDomain');
    if (value === undefined) {
      this.add(where, 'required; the tenant\'s domain, such as contoso.onmicrosoft.com');
      return undefined;
    }
    const text = typeof value === 'string' ? value.trim().replace(/\.$/, '').toLowerCase() : '';
    if (typeof value === 'string' && isDnsName(text)) return text;
    const hint = typeof value === 'string' && value.includes('@') ? ' (a domain, not an email address)' : '';
    this.add(where, `expected a DNS name such as contoso.onmicrosoft.com${hint}; got ${describe(value)}`);
    return undefined;
  }

  guid(fields: Fields, key: string, path: string, what: string): string | undefined {
    const value = this.present(fields, key);
    if (value === undefined) return undefined;
    if (typeof value === 'string' && GUID.test(value.trim())) return value.trim().toLowerCase();
    const domainHint = typeof value === 'string' && value.includes('.') && !/^[0-9a-f-]+$/i.test(value)
      ? ', not a domain (Microsoft Entra admin center, Overview, Tenant ID)'
      : '';
    this.add(fieldPath(path, key), `expected ${what} as a GUID such as ${GUID_EXAMPLE}${domainHint}; got ${describe(value)}`);
    return undefined;
  }

  region(fields: Fields, path: string, required: boolean): RegionCode | undefined {
    const value = this.present(fields, 'region');
    const where = fieldPath(path, 'region');
    if (value === undefined) {
      if (required) this.add(where, `required; expected ${REGION_HINT}`);
      return undefined;
    }
    const parsed = typeof value === 'string' ? parseRegion(value) : null;
    if (parsed?.ok) return parsed.value;
    this.add(where, `expected ${REGION_HINT}; got ${describe(value)}`);
    return undefined;
  }

  /**
   * The tenant's cloud. The CHN region is China operated by 21Vianet, a cloud of its own: an absent cloud there
   * means "china", not "commercial" (which would report a sovereign move as self-service), and the two must agree.
   */
  cloud(fields: Fields, path: string, region?: RegionCode): Cloud {
    const value = this.present(fields, 'cloud');
    if (value === undefined) return region === 'CHN' ? 'china' : 'commercial';
    const parsed = typeof value === 'string' ? parseCloud(value) : null;
    if (!parsed?.ok) {
      this.add(fieldPath(path, 'cloud'), `expected one of ${CLOUDS.join(', ')}; got ${describe(value)}`);
      return 'commercial';
    }
    if (region === 'CHN' && parsed.value !== 'china') {
      this.add(fieldPath(path, 'cloud'), `region CHN is China operated by 21Vianet, whose cloud is china; got ${describe(value)}`);
    } else if (region !== undefined && region !== 'CHN' && parsed.value === 'china') {
      this.add(fieldPath(path, 'cloud'), `the china cloud (operated by 21Vianet) has only the CHN region; got region ${region}`);
    }
    return parsed.value;
  }

  count(fields: Fields, key: string, path: string): number | undefined {
    const value = this.present(fields, key);
    if (value === undefined) return undefined;
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
    let hint = '';
    if (typeof value === 'string') {
      const parsed = parseCount(value);
      if (parsed.ok) hint = ` (write ${parsed.value} as a plain number)`;
    }
    this.add(fieldPath(path, key), `expected a whole number, 0 or more${hint}; got ${describe(value)}`);
    return undefined;
  }

  private gigabytes(value: unknown, where: string): number | undefined {
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
    let hint = '';
    if (typeof value === 'string') {
      const parsed = parseStorageGb(value);
      if (parsed.ok) hint = ` (write ${parsed.value} as a plain number of GB)`;
    }
    this.add(where, `expected a number of GB, 0 or more${hint}; got ${describe(value)}`);
    return undefined;
  }

  storage(fields: Fields, key: string, path: string): StorageGb | undefined {
    const value = this.present(fields, key);
    const where = fieldPath(path, key);
    if (value === undefined) return undefined;
    if (!isPlainObject(value)) return this.gigabytes(value, where);
    const parts = this.object(value, where, STORAGE_FIELDS, 'an object with database, file and log in GB');
    const storage: { database?: number; file?: number; log?: number } = {};
    for (const type of STORAGE_FIELDS) {
      const part = parts === null ? undefined : this.present(parts, type);
      if (part === undefined) continue;
      const gb = this.gigabytes(part, fieldPath(where, type));
      if (gb !== undefined) storage[type] = gb;
    }
    return storage;
  }

  solutions(fields: Fields, path: string): SolutionId[] | undefined {
    const value = this.present(fields, 'solutions');
    const where = fieldPath(path, 'solutions');
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) {
      this.add(where, `expected a list of solution ids such as ["power-automate", "marketing"]; got ${describe(value)}`);
      return undefined;
    }
    const found = new Set<SolutionId>();
    // Index loops, not value.forEach: input built in code may carry an array whose prototype was replaced.
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      const id = typeof item === 'string' ? lookupSolution(item) : null;
      if (id) found.add(id);
      else this.add(`${where}[${index}]`, `expected one of ${SOLUTION_IDS.join(', ')}; got ${describe(item)}`);
    }
    return SOLUTION_IDS.filter((id) => found.has(id));
  }
}

/** US government clouds: their Power Platform environments live in the United States (NA) only. */
const US_GOVERNMENT_CLOUDS: readonly Cloud[] = ['gcc', 'gcc-high', 'dod'];

/**
 * Input that contradicts itself is refused, not assessed (spec section 7): a US government cloud with a region
 * other than NA, and CHN (China, operated by 21Vianet) with any cloud but china. `cloud` is the tenant's cloud,
 * `what` names whose region it is. Returns the message, or null when the two agree.
 */
function regionCloudConflict(region: RegionCode, cloud: Cloud, what: string, cloudField: string): string | null {
  if (region === 'CHN' && cloud !== 'china') {
    return `${what} cannot be CHN: CHN is China operated by 21Vianet, used only by tenants in the china cloud, and `
      + `${cloudField} is ${cloud}; correct the region, or the cloud if the tenant is in China`;
  }
  if (US_GOVERNMENT_CLOUDS.includes(cloud) && region !== 'NA') {
    return `${what} cannot be ${region}: ${cloudField} is ${cloud}, a US government cloud whose environments are in NA `
      + `(United States) only; correct the region, or the cloud if the tenant is not in ${cloud}`;
  }
  if (region !== 'CHN' && cloud === 'china') {
    return `${what} cannot be ${region}: ${cloudField} is china (operated by 21Vianet), whose only region is CHN; `
      + 'correct the region, or the cloud';
  }
  return null;
}

function isDnsName(text: string): boolean {
  if (text.length === 0 || text.length > 253) return false;
  const labels = text.split('.');
  if (labels.length < 2) return false;
  if (!labels.every((label) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(label))) return false;
  return !/^\d+$/.test(labels[labels.length - 1]);
}

function validateSource(v: Validator, value: unknown): SourceTenant | undefined {
  const fields = v.object(value, 'source', SOURCE_FIELDS, 'an object describing the source tenant');
  if (!fields) return undefined;
  const tenantDomain = v.domain(fields, 'source');
  const tenantId = v.guid(fields, 'tenantId', 'source', 'the source tenant ID');
  const region = v.region(fields, 'source', true);
  const cloud = v.cloud(fields, 'source', region);
  // CHN against a non-china cloud is reported by v.cloud (on the cloud field); the US government clouds here.
  if (region !== undefined && US_GOVERNMENT_CLOUDS.includes(cloud)) {
    const conflict = regionCloudConflict(region, cloud, 'the source tenant\'s region', 'the source tenant\'s cloud (source.cloud)');
    if (conflict) v.add('source.region', conflict);
  }
  const activeLicensedUsers = v.count(fields, 'activeLicensedUsers', 'source');
  const customerLockbox = v.boolean(fields, 'customerLockbox', 'source');
  if (tenantDomain === undefined || region === undefined) return undefined;
  return withoutUndefined({ tenantDomain, tenantId, region, cloud, activeLicensedUsers, customerLockbox });
}

function validateDestination(v: Validator, value: unknown): DestinationTenant | undefined {
  const fields = v.object(value, 'destination', DESTINATION_FIELDS, 'an object describing the destination tenant');
  if (!fields) return undefined;
  const tenantDomain = v.domain(fields, 'destination');
  const tenantId = v.guid(fields, 'tenantId', 'destination', 'the destination tenant ID');
  const region = v.region(fields, 'destination', true);
  const cloud = v.cloud(fields, 'destination', region);
  // CHN against a non-china cloud is reported by v.cloud (on the cloud field); the US government clouds here.
  if (region !== undefined && US_GOVERNMENT_CLOUDS.includes(cloud)) {
    const conflict = regionCloudConflict(region, cloud, 'the destination tenant\'s region', 'the destination tenant\'s cloud (destination.cloud)');
    if (conflict) v.add('destination.region', conflict);
  }
  const paidSubscription = v.boolean(fields, 'paidSubscription', 'destination');
  const availableLicenses = v.count(fields, 'availableLicenses', 'destination');
  const marketingLicenses = v.boolean(fields, 'marketingLicenses', 'destination');
  const availableStorageGb = v.storage(fields, 'availableStorageGb', 'destination');
  if (tenantDomain === undefined || region === undefined) return undefined;
  return withoutUndefined({
    tenantDomain, tenantId, region, cloud, paidSubscription, availableLicenses, marketingLicenses, availableStorageGb,
  });
}

function validateEnvironment(
  v: Validator, value: unknown, path: string, source: SourceTenant | undefined, names: Map<string, string>,
): EnvironmentProfile | undefined {
  const defaultRegion = source?.region;
  const fields = v.object(value, path, ENVIRONMENT_FIELDS, 'an object describing one environment');
  if (!fields) return undefined;

  const rawName = v.present(fields, 'name');
  let name: string | undefined;
  if (typeof rawName === 'string' && rawName.trim() !== '') {
    name = rawName.trim();
    const key = name.toLowerCase();
    const firstPath = names.get(key);
    if (firstPath) v.add(fieldPath(path, 'name'), `${describe(name)} is already the name of ${firstPath}; names must be unique (case does not count)`);
    else names.set(key, path);
  } else {
    v.add(fieldPath(path, 'name'), rawName === undefined
      ? 'required; the environment\'s display name'
      : `expected the environment's display name; got ${describe(rawName)}`);
  }

  const id = v.guid(fields, 'id', path, 'the environment ID');
  const rawType = v.present(fields, 'type');
  const parsedType = typeof rawType === 'string' ? parseEnvironmentType(rawType) : null;
  if (!parsedType?.ok) {
    v.add(fieldPath(path, 'type'), rawType === undefined
      ? `required; expected one of ${ENVIRONMENT_TYPES.join(', ')}`
      : `expected one of ${ENVIRONMENT_TYPES.join(', ')}; got ${describe(rawType)}`);
  }
  const ownRegion = v.region(fields, path, false);
  if (ownRegion !== undefined && source !== undefined) {
    // The environment lives in the source tenant, so its region must be one the source tenant's cloud has.
    const conflict = regionCloudConflict(ownRegion, source.cloud ?? 'commercial', name === undefined ? 'the region of this environment' : `the region of ${describe(name)}`, 'the source tenant\'s cloud (source.cloud)');
    if (conflict) v.add(fieldPath(path, 'region'), conflict);
  }
  const region = ownRegion ?? defaultRegion;
  const hasDataverse = v.boolean(fields, 'hasDataverse', path) ?? true;
  const managedEnvironment = v.boolean(fields, 'managedEnvironment', path);
  const linkedToFinanceAndOperations = v.boolean(fields, 'linkedToFinanceAndOperations', path);
  const storageGb = v.storage(fields, 'storageGb', path);
  const mappedUsers = v.count(fields, 'mappedUsers', path);
  const sandboxCopyTested = v.boolean(fields, 'sandboxCopyTested', path);
  const solutions = v.solutions(fields, path);
  if (name === undefined || !parsedType?.ok) return undefined;
  return withoutUndefined({
    name, id, type: parsedType.value, region, hasDataverse, managedEnvironment, linkedToFinanceAndOperations,
    storageGb, mappedUsers, sandboxCopyTested, solutions,
  });
}

export function validateProfile(input: unknown): ProfileValidation {
  const v = new Validator();
  // The root is called "profile" when it is wrong as a whole; its fields are named without a prefix.
  const fields = v.object(input, 'profile', PROFILE_FIELDS, 'a JSON object with source, destination and environments', '');
  if (!fields) return { ok: false, issues: v.issues };

  const source = v.present(fields, 'source') === undefined
    ? (v.add('source', 'required; the tenant the environments move from'), undefined)
    : validateSource(v, fields.source);
  const destination = v.present(fields, 'destination') === undefined
    ? (v.add('destination', 'required; the tenant the environments move to'), undefined)
    : validateDestination(v, fields.destination);

  const rawEnvironments = v.present(fields, 'environments');
  const environments: EnvironmentProfile[] = [];
  if (rawEnvironments === undefined) {
    v.add('environments', `required; a list of 1 to ${MAX_ENVIRONMENTS} environments`);
  } else if (!Array.isArray(rawEnvironments)) {
    v.add('environments', `expected a list of 1 to ${MAX_ENVIRONMENTS} environments; got ${describe(rawEnvironments)}`);
  } else {
    if (rawEnvironments.length === 0 || rawEnvironments.length > MAX_ENVIRONMENTS) {
      v.add('environments', `expected 1 to ${MAX_ENVIRONMENTS} environments; got ${rawEnvironments.length}`);
    }
    const names = new Map<string, string>();
    for (let index = 0; index < rawEnvironments.length; index++) {
      const env = validateEnvironment(v, rawEnvironments[index], `environments[${index}]`, source, names);
      if (env) environments.push(env);
    }
  }

  if (v.issues.length > 0 || !source || !destination) return { ok: false, issues: capIssues(v.issues, MAX_ISSUES) };
  return { ok: true, profile: { source, destination, environments } };
}

/** Parse profile text (a file, standard input) and validate it. Syntax errors come back as issues too. */
export function parseProfileJson(text: string): ProfileValidation {
  const parsed = parseJsonText(text);
  return parsed.ok ? validateProfile(parsed.value) : parsed;
}
