/** Process rules (spec 4, "Process"): what every move involves. Tenant-wide except the mapping file. */
import { DOCS } from '../sources.js';
import { plural, type EnvironmentRule, type TenantRule } from './rule.js';

export const lockboxApproval: TenantRule = {
  id: 'lockbox-approval', severity: 'action', scope: 'tenant', source: DOCS.tenantMoveSupportPath, guidance: 'legacy',
  evaluate({ source }) {
    if (source.customerLockbox !== true) return null;
    return {
      title: 'Be ready to approve the Customer Lockbox request',
      detail: `Customer Lockbox is on in ${source.tenantDomain}. Have a Lockbox approver ready when the move starts: the `
        + 'request expires if nobody approves it, and the move waits for it. The older support-path guidance (and the '
        + 'first self-service version) asked for this; today\'s guide no longer mentions Lockbox, so if no request appears, '
        + 'nothing more is needed.',
    };
  },
};

export const mappingFileRequired: EnvironmentRule = {
  id: 'mapping-file-required', severity: 'info', scope: 'environment', source: DOCS.tenantMove, guidance: 'current',
  evaluate(env) {
    const users = env.mappedUsers === undefined ? '' : ` (${plural(env.mappedUsers, 'user')})`;
    return {
      title: `Prepare the user mapping file for ${env.name}`,
      detail: `${env.name} needs its own mapping file${users}: named usermapping.csv (lower case), comma-separated, with `
        + 'a Source,Destination header and one source and one destination user per line. Users who are not in it are not migrated.',
    };
  },
};

export const cutoverDowntime: TenantRule = {
  id: 'cutover-downtime', severity: 'info', scope: 'tenant', source: DOCS.tenantMove, guidance: 'current',
  evaluate({ environments }) {
    const which = environments.length === 1 ? environments[0].name : `each of the ${environments.length} environments`;
    return {
      title: 'Plan a cut-over window',
      detail: `During the move ${which} is in administration mode: users cannot work in it and background operations `
        + '(flows, plug-ins, scheduled jobs) stop. Plan a window outside business hours and tell the users.',
    };
  },
};

export const backupsNotMigrated: TenantRule = {
  id: 'backups-not-migrated', severity: 'info', scope: 'tenant', source: DOCS.tenantMoveSupportPath, guidance: 'legacy',
  evaluate({ source }) {
    return {
      title: 'Backups stay behind',
      detail: `Backups of the environments in ${source.tenantDomain} are not carried over, so after the move nothing can be `
        + 'restored to a point before it. Export any data you may need to restore and keep it outside the environments. The '
        + 'older support-path guidance states this; today\'s guide does not mention backups.',
    };
  },
};

export const integrationsReconfigure: TenantRule = {
  id: 'integrations-reconfigure', severity: 'info', scope: 'tenant', source: DOCS.tenantMove, guidance: 'current',
  evaluate({ destination }) {
    return {
      title: 'Reconnect integrations after the move',
      detail: `Expect to set up Dynamics 365 App for Outlook, server-side synchronization, SharePoint integration and `
        + `similar connections again against ${destination.tenantDomain} after the move.`,
    };
  },
};

export const TENANT_PROCESS_RULES: readonly TenantRule[] = [lockboxApproval, cutoverDowntime, backupsNotMigrated, integrationsReconfigure];
export const ENVIRONMENT_PROCESS_RULES: readonly EnvironmentRule[] = [mappingFileRequired];
