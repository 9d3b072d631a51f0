/** Tenant and cloud rules (spec 4, "Tenant and cloud"). All tenant-wide. */
import type { Cloud } from '../types.js';
import { DOCS } from '../sources.js';
import { cloudLabel, cloudOf, type TenantRule } from './rule.js';

/** Clouds with no documented tenant-to-tenant path of their own. */
const SOVEREIGN_CLOUDS: readonly Cloud[] = ['gcc-high', 'dod', 'china'];

export const sameTenant: TenantRule = {
  id: 'same-tenant', severity: 'blocker', scope: 'tenant', source: DOCS.tenantMove, guidance: 'current',
  evaluate({ source, destination }) {
    const sameDomain = source.tenantDomain.toLowerCase() === destination.tenantDomain.toLowerCase();
    const sameId = source.tenantId !== undefined && destination.tenantId !== undefined
      && source.tenantId.toLowerCase() === destination.tenantId.toLowerCase();
    if (!sameDomain && !sameId) return null;
    const what = sameDomain ? `the domain ${source.tenantDomain}` : `the tenant ID ${source.tenantId}`;
    return {
      title: 'Source and destination are the same tenant',
      detail: `Both the source and the destination give ${what}. A tenant-to-tenant move needs two different `
        + 'Microsoft 365 tenants: correct the destination, or, to stay in one tenant, copy the environment or '
        + 'ask for a region move instead.',
    };
  },
};

export const cloudMismatch: TenantRule = {
  id: 'cloud-mismatch', severity: 'blocker', scope: 'tenant', source: DOCS.tenantMove, guidance: 'current',
  evaluate({ source, destination }) {
    const from = cloudOf(source);
    const to = cloudOf(destination);
    if (from === to) return null;
    const gccCommercial = [from, to].includes('gcc') && [from, to].includes('commercial');
    return {
      title: 'Environments cannot move between clouds',
      detail: `The source tenant ${source.tenantDomain} is in ${cloudLabel(from)} and the destination `
        + `${destination.tenantDomain} is in ${cloudLabel(to)}. Moving an environment between clouds is not supported`
        + (gccCommercial ? ' (Microsoft names GCC to or from the commercial cloud, in either direction, explicitly)' : '')
        + '. Pick a destination tenant in the same cloud, or rebuild the environment there with solutions and a data migration.',
    };
  },
};

export const cloudSovereign: TenantRule = {
  id: 'cloud-sovereign', severity: 'support', scope: 'tenant', source: DOCS.tenantMove, guidance: 'current',
  evaluate({ source, destination }) {
    const cloud = cloudOf(source);
    if (cloud !== cloudOf(destination) || !SOVEREIGN_CLOUDS.includes(cloud)) return null;
    return {
      title: `Moves inside ${cloudLabel(cloud)} go through Microsoft support`,
      detail: `Both tenants are in ${cloudLabel(cloud)}. Microsoft's tenant-to-tenant guide documents no self-service `
        + 'move for this cloud, so open a support request and let Microsoft confirm and run the move.',
    };
  },
};

export const cloudGcc: TenantRule = {
  id: 'cloud-gcc', severity: 'info', scope: 'tenant', source: DOCS.tenantMoveSupportPath, guidance: 'legacy',
  evaluate({ source, destination }) {
    if (cloudOf(source) !== 'gcc' || cloudOf(destination) !== 'gcc') return null;
    return {
      title: 'GCC to GCC moves are allowed',
      detail: 'Both tenants are in GCC. The older support-path guidance lists GCC to GCC moves as supported; today\'s '
        + 'guide only rules out GCC to or from the commercial cloud and does not say whether the self-service tools '
        + 'run in GCC, so be ready to open a support request if they do not.',
    };
  },
};

export const tenantIdMissing: TenantRule = {
  id: 'tenant-id-missing', severity: 'action', scope: 'tenant', source: DOCS.submitMigrationRequest, guidance: 'current',
  evaluate({ destination }) {
    if (destination.tenantId !== undefined) return null;
    return {
      title: 'Find the destination tenant ID',
      detail: `The move request asks for the destination tenant ID (a GUID), not the domain ${destination.tenantDomain}. `
        + `Copy it from the Microsoft Entra admin center of ${destination.tenantDomain} (Overview, Tenant ID) and keep it `
        + 'for the request (in a profile file: destination.tenantId).',
    };
  },
};

export const TENANT_RULES: readonly TenantRule[] = [sameTenant, cloudMismatch, cloudSovereign, cloudGcc, tenantIdMissing];
