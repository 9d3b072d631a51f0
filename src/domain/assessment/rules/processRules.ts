/** Process rules (spec 4, "Process"): what every move involves. Tenant-wide except the mapping file. */
import { SOURCES } from '../sources.js';
import { canMove } from './movable.js';
import { plural, type EnvironmentRule, type TenantRule } from './rule.js';

export const lockboxApproval: TenantRule = {
  id: 'lockbox-approval', severity: 'action', scope: 'tenant', source: SOURCES.lockbox, guidance: 'current', basis: 'documented',
  alsoSources: [SOURCES.tenantMoveSupportPath],
  condition: 'source.customerLockbox is true',
  evaluate({ source }) {
    if (source.customerLockbox !== true) return null;
    return {
      title: 'Turn Customer Lockbox off before the move, and back on after it',
      detail: `Customer Lockbox is on in ${source.tenantDomain}. Microsoft's Customer Lockbox page (Known issues) says a `
        + 'tenant-to-tenant move is not supported while Customer Lockbox is enabled: turn it off before the move and '
        + 'turn it on again once the move is complete. The older support-path guidance said instead to approve a '
        + 'Lockbox request when the move starts; today\'s page replaces that.',
    };
  },
};

export const mappingFileRequired: EnvironmentRule = {
  id: 'mapping-file-required', severity: 'info', scope: 'environment', source: SOURCES.tenantMove, guidance: 'current',
  basis: 'documented',
  condition: 'once per environment that can move (no blocker of its own)',
  evaluate(env, profile) {
    if (!canMove(env, profile)) return null;
    const users = env.mappedUsers === undefined ? '' : ` (${plural(env.mappedUsers, 'user')})`;
    return {
      title: `Prepare the user mapping file for ${env.name}`,
      detail: `${env.name} needs its own mapping file${users}: named usermapping.csv (lower case), comma-separated, with `
        + 'a Source,Destination header and one source and one destination user per line. Users who are not in it are not migrated.',
    };
  },
};

export const mappingFileEmpty: EnvironmentRule = {
  id: 'mapping-file-empty', severity: 'action', scope: 'environment', source: SOURCES.tenantMove, guidance: 'current',
  basis: 'documented',
  condition: 'an environment that can move has mappedUsers 0',
  evaluate(env, profile) {
    if (env.mappedUsers !== 0 || !canMove(env, profile)) return null;
    return {
      title: `The mapping file for ${env.name} lists no users`,
      detail: `The answers give 0 users to map for ${env.name}. Users who are not in the mapping file are not migrated, `
        + `so the file must list every user of ${env.name} to move, each with a source and a destination address `
        + `(${profile.source.tenantDomain} and ${profile.destination.tenantDomain}). Fill it in before validating the move.`,
    };
  },
};

export const adminRoles: TenantRule = {
  id: 'admin-roles', severity: 'info', scope: 'tenant', source: SOURCES.tenantMove, guidance: 'current', basis: 'documented',
  condition: 'always',
  evaluate({ source, destination }) {
    return {
      title: 'Who submits, approves and runs the move',
      detail: `In ${source.tenantDomain}, a Power Platform administrator or Dynamics 365 administrator submits the move `
        + 'request, uploads the mapping file, validates and starts the move. In '
        + `${destination.tenantDomain}, an administrator with one of the same roles approves (or rejects) the request, `
        + 'and creates and licenses the mapped users beforehand. Each signs in to their own tenant.',
    };
  },
};

export const requestWindows: TenantRule = {
  id: 'request-windows', severity: 'info', scope: 'tenant', source: SOURCES.tenantMove, guidance: 'current', basis: 'documented',
  condition: 'always',
  evaluate({ destination }) {
    return {
      title: 'Two 7-day windows, and up to 24 hours for the move',
      detail: `A move request expires 7 days after it is submitted, so ${destination.tenantDomain} must approve it within `
        + 'that time. After a validation passes, the move must start within 7 days, or the validation must be run again. '
        + 'The move itself can take up to 24 hours: a long run is not a failure.',
    };
  },
};

export const postMoveAdminRole: TenantRule = {
  id: 'post-move-admin-role', severity: 'info', scope: 'tenant', source: SOURCES.tenantMove, guidance: 'current', basis: 'documented',
  condition: 'always',
  evaluate({ destination }) {
    return {
      title: 'Assign the System Administrator role after the move',
      detail: `After the move, assign the System Administrator security role in each moved environment in `
        + `${destination.tenantDomain} to the admins who manage it. If an environment's view in the admin center is `
        + 'empty after the move, that is a permissions problem, not a failed move.',
    };
  },
};

export const cutoverDowntime: TenantRule = {
  id: 'cutover-downtime', severity: 'info', scope: 'tenant', source: SOURCES.tenantMove, guidance: 'current', basis: 'documented',
  condition: 'always',
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
  id: 'backups-not-migrated', severity: 'info', scope: 'tenant', source: SOURCES.tenantMoveSupportPath, guidance: 'legacy',
  basis: 'documented',
  condition: 'always',
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
  id: 'integrations-reconfigure', severity: 'info', scope: 'tenant', source: SOURCES.tenantMove, guidance: 'current', basis: 'documented',
  condition: 'always',
  evaluate({ destination }) {
    return {
      title: 'Reconnect integrations after the move',
      detail: `Expect to set up Dynamics 365 App for Outlook, server-side synchronization, SharePoint integration and `
        + `similar connections again against ${destination.tenantDomain} after the move.`,
    };
  },
};

export const TENANT_PROCESS_RULES: readonly TenantRule[] = [
  lockboxApproval, adminRoles, requestWindows, postMoveAdminRole, cutoverDowntime, backupsNotMigrated, integrationsReconfigure,
];
export const ENVIRONMENT_PROCESS_RULES: readonly EnvironmentRule[] = [mappingFileRequired, mappingFileEmpty];
