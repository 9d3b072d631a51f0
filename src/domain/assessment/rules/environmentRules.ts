/** Environment rules (spec 4, "Environment"), per environment. */
import type { EnvironmentProfile, EnvironmentType } from '../types.js';
import { SOURCES } from '../sources.js';
import type { EnvironmentRule } from './rule.js';

const UNSUPPORTED_TYPES: Readonly<Partial<Record<EnvironmentType, string>>> = {
  default: 'The default environment of a tenant always stays with it: put its apps and flows into solutions, import '
    + 'them into a production or sandbox environment and move that one instead.',
  teams: 'Dataverse for Teams environments are excluded: upgrade it to a regular Dataverse environment first, or rebuild it in the destination.',
  trial: 'Convert the trial to a production environment first, then move it.',
  developer: 'Copy its solutions into a sandbox and move that, or rebuild it in the destination.',
  demo: 'Copy its solutions into a sandbox and move that, or rebuild it in the destination. Today\'s guide no longer names '
    + 'demo environments, but it allows only production and sandbox ones.',
};

export const envTypeUnsupported: EnvironmentRule = {
  id: 'env-type-unsupported', severity: 'blocker', scope: 'environment', source: SOURCES.tenantMove, guidance: 'current',
  basis: 'documented',
  condition: 'type is default, teams, trial, demo or developer',
  evaluate(env) {
    const advice = UNSUPPORTED_TYPES[env.type];
    if (!advice) return null;
    return {
      title: `${env.name} is a ${env.type} environment, which cannot move`,
      detail: `${env.name} is a ${env.type} environment; only production and sandbox environments can move to another tenant. ${advice}`,
    };
  },
};

export const envNoDataverse: EnvironmentRule = {
  id: 'env-no-dataverse', severity: 'blocker', scope: 'environment', source: SOURCES.tenantMove, guidance: 'current',
  basis: 'documented',
  condition: 'hasDataverse is false',
  evaluate(env) {
    if (env.hasDataverse !== false) return null;
    return {
      title: `${env.name} has no Dataverse database`,
      detail: `${env.name} has no Dataverse database. The move carries a Dataverse organization to the other tenant, and `
        + 'only environments with Dataverse can be chosen. Add a Dataverse database to it before planning the move, or '
        + 'rebuild its apps and flows in the destination.',
    };
  },
};

/** An environment that cannot move whatever the answer is needs no "confirm" question about it. */
const alreadyBlocked = (env: EnvironmentProfile): boolean => UNSUPPORTED_TYPES[env.type] !== undefined || env.hasDataverse === false;

export const envManaged: EnvironmentRule = {
  id: 'env-managed', severity: 'blocker', scope: 'environment', source: SOURCES.tenantMove, guidance: 'current',
  basis: 'documented',
  condition: 'managedEnvironment is true (unknown: an action to confirm)',
  evaluate(env) {
    if (env.managedEnvironment === undefined) {
      if (alreadyBlocked(env)) return null;
      return {
        confirm: true,
        title: `Confirm whether ${env.name} is a Managed Environment`,
        detail: `Managed Environments cannot move to another tenant yet, and the answers do not say whether ${env.name} `
          + 'is one. Check the Managed column in the Power Platform admin center (Environments), then update that answer (in a profile file: managedEnvironment).',
      };
    }
    if (!env.managedEnvironment) return null;
    return {
      title: `${env.name} is a Managed Environment, which cannot move yet`,
      detail: `${env.name} is a Managed Environment. Microsoft's tenant-to-tenant guide says only that Managed Environments `
        + 'will be supported in the future, so it cannot move today. The guide offers no workaround: no page says that '
        + 'turning Managed Environment off makes an environment movable, and turning it off drops the policies that '
        + 'depend on it. Ask Microsoft support when support is planned, and keep the move of this environment on hold until then.',
    };
  },
};

export const envFinopsLinked: EnvironmentRule = {
  id: 'env-finops-linked', severity: 'blocker', scope: 'environment', source: SOURCES.tenantMove, guidance: 'current',
  basis: 'documented', alsoSources: [SOURCES.lcsTenantMove],
  condition: 'linkedToFinanceAndOperations is true (unknown: an action to confirm)',
  evaluate(env) {
    if (env.linkedToFinanceAndOperations === undefined) {
      if (alreadyBlocked(env)) return null;
      return {
        confirm: true,
        title: `Confirm whether ${env.name} is linked to finance and operations apps`,
        detail: `An environment linked to a finance and operations environment cannot move to another tenant, and the `
          + `answers do not say whether ${env.name} is linked. Check it in the Power Platform admin center, then `
          + 'update that answer (in a profile file: linkedToFinanceAndOperations).',
      };
    }
    if (!env.linkedToFinanceAndOperations) return null;
    return {
      title: `${env.name} is linked to finance and operations apps`,
      detail: `${env.name} is linked to a finance and operations environment, and the Power Platform tenant-to-tenant move `
        + 'does not cover such an environment. Microsoft documents another route: move the Lifecycle Services '
        + 'implementation project to the other tenant ("Move Lifecycle Services implementation projects to different '
        + 'Microsoft Entra tenants"). That move works only when the source and target production environments are in '
        + 'the same region, and only while Customer Lockbox is off; Microsoft copies the production database as part of it.',
    };
  },
};

export const envSandboxRehearsal: EnvironmentRule = {
  id: 'env-sandbox-rehearsal', severity: 'action', scope: 'environment', source: SOURCES.tenantMoveSupportPath, guidance: 'legacy',
  basis: 'documented',
  condition: 'type production and sandboxCopyTested is not true',
  evaluate(env, profile) {
    if (env.type !== 'production' || env.sandboxCopyTested === true) return null;
    const state = env.sandboxCopyTested === false
      ? `No sandbox copy of ${env.name} has been moved and checked yet.`
      : `The answers do not say whether a sandbox copy of ${env.name} has been moved and checked.`;
    return {
      title: `Rehearse with a sandbox copy of ${env.name} first`,
      detail: `${env.name} is a production environment. ${state} Copy it to a new sandbox in ${profile.source.tenantDomain}, `
        + `move that copy to ${profile.destination.tenantDomain}, let its users validate it, then move ${env.name} `
        + '(the copy needs spare capacity in the source tenant). The older support-path guidance required this rehearsal; '
        + 'today\'s guide does not, but it is still the best protection against a failed cut-over.',
    };
  },
};

export const ENVIRONMENT_RULES: readonly EnvironmentRule[] = [
  envTypeUnsupported, envNoDataverse, envManaged, envFinopsLinked, envSandboxRehearsal,
];
