/**
 * Profile and assessment in, steps per environment out. An environment gets steps when neither it nor the
 * migration as a whole has a blocker; the others are listed with their blockers. Values that cannot be made
 * safe for a command are input errors (every one reported at once), never dropped or guessed. Pure.
 */
import { assessInput } from '../assessment/assess.js';
import type { Assessment, EnvironmentProfile, Finding, MigrationProfile } from '../assessment/types.js';
import { MODULE_MINIMUM_VERSION } from './cmdlets.js';
import { packagingEntries } from './packaging.js';
import { environmentSteps } from './steps.js';
import type {
  CommandBlocker, CommandPlan, CommandRoute, CommandsIssue, CommandsOutcome, EnvironmentCommands, EnvironmentPackaging,
  PackagingPlan,
} from './types.js';
import { checkGuid, nameProblem } from './values.js';

export interface CommandsOptions {
  /** Default `powershell`. */
  route?: CommandRoute;
  /** Only this environment (its name, case does not count). */
  environment?: string;
}

const blockerOf = (finding: Finding): CommandBlocker => ({ ruleId: finding.ruleId, title: finding.title });

interface Selected {
  env: EnvironmentProfile;
  index: number;
  blockers: CommandBlocker[];
  supportNotes: string[];
}

/** The environments asked for, with what stops each; or the issues with the selection. */
function select(profile: MigrationProfile, assessment: Assessment, environment: string | undefined, issues: CommandsIssue[]): Selected[] {
  const tenantFindings = assessment.findings.filter((finding) => finding.environment === null);
  const tenantBlockers = tenantFindings.filter((finding) => finding.severity === 'blocker');
  const tenantSupport = tenantFindings.filter((finding) => finding.severity === 'support');
  const wanted = environment?.trim().toLowerCase();
  const chosen = profile.environments
    .map((env, index) => ({ env, index }))
    .filter(({ env }) => wanted === undefined || env.name.toLowerCase() === wanted);
  if (wanted !== undefined && chosen.length === 0) {
    const names = profile.environments.map((env) => JSON.stringify(env.name)).join(', ');
    issues.push({ path: 'environment', message: `no environment is called ${JSON.stringify(environment)}; the profile has ${names}` });
    return [];
  }
  return chosen.map(({ env, index }) => {
    const assessed = assessment.environments.find((entry) => entry.name === env.name);
    const own = assessed?.findings.filter((finding) => finding.environment !== null) ?? [];
    return {
      env,
      index,
      blockers: [...tenantBlockers, ...own.filter((finding) => finding.severity === 'blocker')].map(blockerOf),
      supportNotes: [...tenantSupport, ...own.filter((finding) => finding.severity === 'support')].map((finding) => finding.title),
    };
  });
}

/** The steps for a validated profile and its assessment. */
export function buildCommandPlan(
  profile: MigrationProfile, assessment: Assessment, options: CommandsOptions = {},
): CommandsOutcome<CommandPlan> {
  const route = options.route ?? 'powershell';
  const issues: CommandsIssue[] = [];
  if (route !== 'powershell' && route !== 'admin-center') {
    issues.push({ path: 'route', message: `expected powershell or admin-center; got ${JSON.stringify(route)}` });
  }
  const targetTenantId = checkGuid(profile.destination.tenantId, 'destination.tenantId', 'the destination tenant ID', issues);
  const selected = select(profile, assessment, options.environment, issues);
  const environments: EnvironmentCommands[] = [];
  for (const { env, index, blockers, supportNotes } of selected) {
    const canMove = blockers.length === 0;
    const environmentId = checkGuid(env.id, `environments[${index}].id`, 'the environment ID', issues);
    if (canMove) {
      const problem = nameProblem(env.name);
      if (problem) issues.push({ path: `environments[${index}].name`, message: problem });
    }
    if (issues.length > 0) continue;
    environments.push({
      name: env.name,
      environmentId: environmentId ?? null,
      canMove,
      steps: canMove ? environmentSteps({ profile, env, targetTenantId, environmentId, position: index + 1 }, route) : [],
      blockers,
      supportNotes,
    });
  }
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    plan: {
      route,
      sourceTenant: profile.source.tenantDomain,
      destinationTenant: profile.destination.tenantDomain,
      moduleMinimumVersion: MODULE_MINIMUM_VERSION,
      environments,
    },
  };
}

/** The packaging route for each kind of app, flow, page or bot each environment lists. */
export function buildPackagingPlan(
  profile: MigrationProfile, assessment: Assessment, options: Pick<CommandsOptions, 'environment'> = {},
): CommandsOutcome<PackagingPlan> {
  const issues: CommandsIssue[] = [];
  const selected = select(profile, assessment, options.environment, issues);
  if (issues.length > 0) return { ok: false, issues };
  const environments: EnvironmentPackaging[] = selected.map(({ env, blockers }) => ({
    name: env.name,
    canMove: blockers.length === 0,
    blockers,
    solutionsKnown: env.solutions !== undefined,
    entries: packagingEntries(env.solutions ?? []),
  }));
  return {
    ok: true,
    plan: { sourceTenant: profile.source.tenantDomain, destinationTenant: profile.destination.tenantDomain, environments },
  };
}

/** Untrusted input (parsed JSON) to steps: the profile's own problems first, as input errors. */
export function commandsForInput(input: unknown, options: CommandsOptions = {}): CommandsOutcome<CommandPlan> {
  const outcome = assessInput(input);
  if (!outcome.ok) return { ok: false, issues: outcome.issues };
  return buildCommandPlan(outcome.profile, outcome.assessment, options);
}

export function packagingForInput(input: unknown, options: Pick<CommandsOptions, 'environment'> = {}): CommandsOutcome<PackagingPlan> {
  const outcome = assessInput(input);
  if (!outcome.ok) return { ok: false, issues: outcome.issues };
  return buildPackagingPlan(outcome.profile, outcome.assessment, options);
}
