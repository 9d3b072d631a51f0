/**
 * Builds a migration checklist from a profile and its assessment.
 *
 * Steps and owners follow the documented tenant-to-tenant flow (whole project, then per installed
 * solution). Which items appear follows two kinds of input:
 * - facts the user stated in the profile: environments, installed solutions, Customer Lockbox;
 * - judgements the assessment made, read from its findings by rule id: blockers, support cases, the
 *   production rehearsal, subscription, licences, capacity, a missing destination tenant id.
 * Deterministic: the same inputs give the same items, ids and order.
 */
import { formatStorage } from '../text.js';
import type {
  Assessment, Cloud, EnvironmentProfile, Finding, MigrationProfile, SolutionId,
} from '../assessment/types.js';
import type { OwnerRole } from './roles.js';
import { CHECKLIST_SOURCES as DOCS } from './sources.js';
import { listText, plural, slugify } from './text.js';
import type {
  BuildChecklistOptions, Checklist, ChecklistEnvironment, ChecklistItem, ChecklistPhase, ExcludedEnvironment,
} from './types.js';
import { CHECKLIST_PHASES } from './types.js';

/** Rule ids this module reads (spec section 4). Kept here as strings: the ids are the contract. */
export const CHECKLIST_RULES = {
  sandboxRehearsal: 'env-sandbox-rehearsal',
  paidSubscription: 'dst-paid-subscription',
  licensesMapped: 'dst-licenses-mapped',
  licensesActive: 'dst-licenses-active',
  storage: 'dst-storage',
  tenantIdMissing: 'tenant-id-missing',
  lockbox: 'lockbox-approval',
  cloudGcc: 'cloud-gcc',
  mappingFileEmpty: 'mapping-file-empty',
  postMoveAdminRole: 'post-move-admin-role',
  regionChange: 'region-change',
  regionChangeOceInd: 'region-change-oce-ind',
  cloudSovereign: 'cloud-sovereign',
  marketing: 'sol-marketing',
} as const;

/** The solution-specific rule id each solution raises, so items can name the finding they answer. */
const SOLUTION_RULE: Readonly<Record<SolutionId, string>> = {
  'canvas-solution-aware': 'sol-canvas-solution-aware',
  'canvas-non-solution-aware': 'sol-canvas-non-solution-aware',
  'custom-pages': 'sol-custom-pages',
  'component-library': 'sol-component-library',
  'power-automate': 'sol-power-automate',
  'copilot-studio': 'sol-copilot-studio',
  'customer-voice': 'sol-customer-voice',
  'power-pages': 'sol-power-pages',
  'power-apps-checker': 'sol-checker-cafe-x',
  'cafe-x': 'sol-checker-cafe-x',
  marketing: 'sol-marketing',
  'customer-insights-data': 'sol-customer-insights-data',
  omnichannel: 'sol-omnichannel',
  'custom-connectors': 'sol-connections',
  connections: 'sol-connections',
  gateways: 'sol-connections',
  mailboxes: 'sol-mailboxes',
};

const SOLUTION_NAMES: Readonly<Record<SolutionId, string>> = {
  'canvas-solution-aware': 'canvas apps',
  'canvas-non-solution-aware': 'canvas apps outside solutions',
  'custom-pages': 'custom pages',
  'component-library': 'component libraries',
  'power-automate': 'Power Automate flows',
  'copilot-studio': 'Copilot Studio agents',
  'customer-voice': 'Customer Voice',
  'power-pages': 'Power Pages sites',
  'power-apps-checker': 'Power Apps Checker',
  'cafe-x': 'Café X',
  marketing: 'Marketing (Customer Insights - Journeys)',
  'customer-insights-data': 'Customer Insights - Data',
  omnichannel: 'Omnichannel for Customer Service',
  'custom-connectors': 'custom connectors',
  connections: 'connections',
  gateways: 'gateways',
  mailboxes: 'mailboxes',
};

const CLOUD_NAMES: Readonly<Record<Cloud, string>> = {
  commercial: 'commercial',
  gcc: 'GCC',
  'gcc-high': 'GCC High',
  dod: 'DoD',
  china: 'China (21Vianet)',
};

interface IncludedEnvironment extends ChecklistEnvironment {
  profile: EnvironmentProfile;
  solutions: ReadonlySet<SolutionId>;
}

interface Context {
  profile: MigrationProfile;
  findings: Finding[];
  src: string;
  dst: string;
  included: IncludedEnvironment[];
  keyOf: (environment: string) => string;
}

type ItemSpec = Omit<ChecklistItem, 'id' | 'phase' | 'done' | 'supporting' | 'ruleIds' | 'environment'> & {
  supporting?: OwnerRole[];
  ruleIds?: string[];
};

function makeItem(phase: ChecklistPhase, key: string, env: ChecklistEnvironment | null, spec: ItemSpec): ChecklistItem {
  return {
    id: env ? `${phase}:${key}:${env.key}` : `${phase}:${key}`,
    phase,
    text: spec.text,
    owner: spec.owner,
    supporting: spec.supporting ?? [],
    source: spec.source,
    environment: env ? env.name : null,
    blocker: spec.blocker,
    ruleIds: spec.ruleIds ?? [],
    done: null,
  };
}

const lower = (value: string): string => value.toLowerCase();

/** Unique slug per environment name, in profile order, so ids stay stable for one profile. */
function environmentKeys(profile: MigrationProfile): Map<string, string> {
  const keys = new Map<string, string>();
  const used = new Set<string>();
  for (const env of profile.environments) {
    const base = slugify(env.name) || 'environment';
    let key = base;
    for (let n = 2; used.has(key); n += 1) key = `${base}-${n}`;
    used.add(key);
    keys.set(lower(env.name), key);
  }
  return keys;
}

function blockerFindingsByEnvironment(findings: Finding[]): Map<string, Finding[]> {
  const byEnv = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.severity !== 'blocker' || f.environment === null) continue;
    const list = byEnv.get(lower(f.environment)) ?? [];
    list.push(f);
    byEnv.set(lower(f.environment), list);
  }
  return byEnv;
}

function chooseEnvironments(
  profile: MigrationProfile, findings: Finding[], requested: string[] | undefined,
): { chosen: EnvironmentProfile[]; excluded: ExcludedEnvironment[] } {
  const blockers = blockerFindingsByEnvironment(findings);
  const reasonFor = (env: EnvironmentProfile): string => {
    const titles = [...new Set((blockers.get(lower(env.name)) ?? []).map((f) => f.title))];
    return titles.length > 0 ? titles.join('; ') : 'Not selected for this checklist';
  };
  if (requested !== undefined) {
    const wanted = new Set(requested.map(lower));
    const known = new Set(profile.environments.map((e) => lower(e.name)));
    const unknown = requested.filter((name) => !known.has(lower(name)));
    if (unknown.length > 0) {
      throw new RangeError(
        `Unknown environment ${listText(unknown)}; the profile has ${listText(profile.environments.map((e) => e.name))}.`,
      );
    }
    const chosen = profile.environments.filter((e) => wanted.has(lower(e.name)));
    const excluded = profile.environments.filter((e) => !wanted.has(lower(e.name)))
      .map((e) => ({ name: e.name, reason: reasonFor(e) }));
    return { chosen, excluded };
  }
  // An environment with a blocker cannot move as assessed: planning its mapping file and request would
  // be busywork. It keeps a Plan item naming the blocker instead. If every environment is blocked
  // (a tenant-wide blocker, say), plan for all of them so the checklist still shows the whole move.
  const movable = profile.environments.filter((e) => !blockers.has(lower(e.name)));
  if (movable.length === 0) return { chosen: profile.environments, excluded: [] };
  const excluded = profile.environments.filter((e) => blockers.has(lower(e.name)))
    .map((e) => ({ name: e.name, reason: reasonFor(e) }));
  return { chosen: movable, excluded };
}

function has(ctx: Context, ruleId: string, environment?: string): boolean {
  return ctx.findings.some((f) => f.ruleId === ruleId
    && (environment === undefined || (f.environment !== null && lower(f.environment) === lower(environment))));
}


function envNames(envs: readonly ChecklistEnvironment[]): string {
  return listText(envs.map((e) => e.name));
}

// ---------------------------------------------------------------- Plan

function planItems(ctx: Context): ChecklistItem[] {
  const { src, dst, included, profile } = ctx;
  const items: ChecklistItem[] = [];
  const all = envNames(included);

  items.push(makeItem('plan', 'inventory', null, {
    text: `Confirm the inventory of ${all} in ${src}: type, region, Dataverse, Managed Environment, `
      + 'finance and operations link and installed components. Run the assessment again if anything changed.',
    owner: 'project-manager', supporting: ['source-admin'], source: DOCS.tenantMove, blocker: false,
  }));

  // Every blocker finding becomes its own item, so "blockers open" on the card counts them one by one.
  const seen = new Set<string>();
  const includedNames = new Set(included.map((e) => lower(e.name)));
  for (const f of ctx.findings) {
    if (f.severity !== 'blocker') continue;
    const dedupe = `${f.ruleId}|${f.environment === null ? '' : lower(f.environment)}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    const env = f.environment === null ? null : { name: f.environment, key: ctx.keyOf(f.environment) };
    const text = env === null
      ? `${f.title}. Resolve this before the move, then run the assessment again.`
      : includedNames.has(lower(env.name))
        ? `${env.name}: ${f.title}. Resolve this before moving ${env.name}, then run the assessment again.`
        : `${env.name} is left out of this checklist: ${f.title}. Resolve this and run the assessment again `
          + `to plan ${env.name}, or agree to leave it in ${src}.`;
    items.push(makeItem('plan', `blocker:${f.ruleId}`, env, {
      text, owner: 'project-manager', supporting: ['source-admin'], source: f.source, blocker: true, ruleIds: [f.ruleId],
    }));
  }

  const support = supportReasons(ctx);
  items.push(makeItem('plan', 'path', null, support.reasons.length > 0
    ? {
      text: `Open a Microsoft support request for ${listText(support.reasons)}: Microsoft's self-service guide does not `
        + 'cover this. Agree the steps and dates with support before submitting anything.',
      owner: 'project-manager', supporting: ['source-admin', 'microsoft-support'], source: support.source,
      blocker: true, ruleIds: support.ruleIds,
    }
    : {
      text: 'Choose how to run the move: Move environment in the Power Platform admin center, or the TenantToTenant '
        + 'PowerShell commands (update Microsoft.PowerApps.Administration.PowerShell first).',
      owner: 'project-manager', supporting: ['source-admin'], source: DOCS.tenantMove, blocker: false,
    }));

  if (has(ctx, CHECKLIST_RULES.cloudGcc)) {
    items.push(makeItem('plan', 'gcc-confirm', null, {
      text: `Confirm with Microsoft support that the move from ${src} to ${dst} can run in GCC (self-service, or run by `
        + 'support): only the older support-path guidance lists GCC to GCC moves, and today\'s guide does not say.',
      owner: 'project-manager', supporting: ['source-admin', 'microsoft-support'], source: DOCS.tenantMoveSupportPath,
      blocker: true, ruleIds: [CHECKLIST_RULES.cloudGcc],
    }));
  }

  if (has(ctx, CHECKLIST_RULES.paidSubscription)) {
    items.push(makeItem('plan', 'subscription', null, {
      text: `Buy a paid Dynamics 365, Power Apps or Copilot Studio subscription in ${dst}, or convert the trial, before the move.`,
      owner: 'destination-admin', supporting: ['project-manager'], source: DOCS.tenantMoveSupportPath, blocker: true,
      ruleIds: [CHECKLIST_RULES.paidSubscription],
    }));
  }

  const mappedShort = has(ctx, CHECKLIST_RULES.licensesMapped);
  const activeShort = has(ctx, CHECKLIST_RULES.licensesActive);
  if (mappedShort || activeShort) {
    const available = profile.destination.availableLicenses;
    const mappedCounts = included.map((e) => e.profile.mappedUsers);
    const mapped = mappedCounts.every((n) => n !== undefined)
      ? mappedCounts.reduce<number>((sum, n) => sum + (n ?? 0), 0) : undefined;
    const active = profile.source.activeLicensedUsers;
    let text: string;
    if (mappedShort) {
      text = mapped !== undefined && available !== undefined && mapped > available
        ? `Make ${plural(mapped - available, 'more licence')} available in ${dst}: ${plural(mapped, 'user is', 'users are')} `
          + `mapped and ${plural(available, 'licence is', 'licences are')} free. Every mapped user must be licensed `
          + 'and enabled in both tenants or the move fails; people in several mapping files need one licence each, '
          + 'so count distinct people first.'
        : `Make sure every mapped user has a licence in ${dst}: every mapped user must be licensed and enabled in `
          + 'both tenants or the move fails.';
    } else {
      text = available !== undefined && active !== undefined
        ? `Check licences in ${dst}: ${plural(available, 'licence is', 'licences are')} free for `
          + `${plural(active, 'active licensed user')} in ${src}. Older guidance asked for at least as many.`
        : `Check that ${dst} has enough licences for the users moving from ${src}.`;
    }
    items.push(makeItem('plan', 'licences', null, {
      text, owner: 'destination-admin', supporting: ['project-manager'],
      source: mappedShort ? DOCS.tenantMove : DOCS.tenantMoveSupportPath,
      blocker: mappedShort,
      ruleIds: [
        ...(mappedShort ? [CHECKLIST_RULES.licensesMapped] : []),
        ...(activeShort ? [CHECKLIST_RULES.licensesActive] : []),
      ],
    }));
  }

  if (has(ctx, CHECKLIST_RULES.storage)) {
    const available = profile.destination.availableStorageGb;
    items.push(makeItem('plan', 'capacity', null, {
      text: available !== undefined
        ? `Add storage capacity in ${dst} before the move: the environments need more than is available `
          + `(${formatStorage(available)}). A tenant over capacity cannot copy, restore or create environments.`
        : `Add storage capacity in ${dst} before the move. A tenant over capacity cannot copy, restore or create environments.`,
      owner: 'destination-admin', supporting: ['project-manager'], source: DOCS.tenantMoveSupportPath, blocker: true,
      ruleIds: [CHECKLIST_RULES.storage],
    }));
  }

  for (const env of included) {
    if (!has(ctx, CHECKLIST_RULES.sandboxRehearsal, env.name)) continue;
    items.push(makeItem('plan', 'rehearsal', env, {
      text: `Rehearse with a sandbox copy of ${env.name}: copy it to a spare environment in ${src}, move the copy to `
        + `${dst}, and have everyone involved validate it before moving ${env.name}.`,
      owner: 'project-manager', supporting: ['source-admin'], source: DOCS.tenantMoveSupportPath, blocker: true,
      ruleIds: [CHECKLIST_RULES.sandboxRehearsal],
    }));
  }

  items.push(makeItem('plan', 'cutover', null, {
    text: `Book a cut-over window (an evening or weekend) for ${all} and tell users: during the move the environment `
      + 'is in administration mode and background operations stop.',
    owner: 'project-manager', source: DOCS.tenantMove, blocker: false,
  }));
  return items;
}

function supportReasons(ctx: Context): { reasons: string[]; ruleIds: string[]; source: string } {
  const reasons: string[] = [];
  const ruleIds: string[] = [];
  let source: string = DOCS.tenantMove;
  const add = (reason: string, f: Finding): void => {
    if (!reasons.includes(reason)) reasons.push(reason);
    if (!ruleIds.includes(f.ruleId)) ruleIds.push(f.ruleId);
    if (ruleIds.length === 1) source = f.source;
  };
  const includedByName = new Map(ctx.included.map((e) => [lower(e.name), e]));
  const marketingEnvs: string[] = [];
  let marketingFinding: Finding | undefined;
  for (const f of ctx.findings) {
    if (f.severity !== 'support') continue;
    const env = f.environment === null ? undefined : includedByName.get(lower(f.environment));
    if (f.environment !== null && env === undefined) continue; // an environment this checklist leaves out
    if (f.ruleId === CHECKLIST_RULES.marketing && env) {
      marketingEnvs.push(env.name);
      marketingFinding ??= f;
    } else if ((f.ruleId === CHECKLIST_RULES.regionChange || f.ruleId === CHECKLIST_RULES.regionChangeOceInd) && env) {
      const from = env.profile.region ?? ctx.profile.source.region;
      const restricted = f.ruleId === CHECKLIST_RULES.regionChangeOceInd ? ', a restricted region' : '';
      add(`moving ${env.name} from region ${from} to ${ctx.profile.destination.region}${restricted}`, f);
    } else if (f.ruleId === CHECKLIST_RULES.cloudSovereign) {
      const cloud = ctx.profile.source.cloud ?? 'commercial';
      add(`a move inside the ${CLOUD_NAMES[cloud]} cloud`, f);
    } else {
      add(env ? `${env.name}: ${f.title}` : f.title, f);
    }
  }
  if (marketingFinding) add(`Marketing (Customer Insights - Journeys) in ${listText(marketingEnvs)}`, marketingFinding);
  return { reasons, ruleIds, source };
}

// ---------------------------------------------------------------- Identity and Request

function identityItems(ctx: Context): ChecklistItem[] {
  const { src, dst, included } = ctx;
  const items: ChecklistItem[] = [makeItem('identity', 'users', null, {
    text: `Create the mapped users in the Microsoft Entra ID of ${dst}, assign their licences and enable them. `
      + 'Administrative access users you map need a licence too.',
    owner: 'destination-admin', source: DOCS.tenantMove, blocker: false,
  })];
  for (const env of included) {
    const count = env.profile.mappedUsers;
    const empty = has(ctx, CHECKLIST_RULES.mappingFileEmpty, env.name);
    items.push(makeItem('identity', 'mapping', env, {
      text: `Build usermapping.csv for ${env.name}${count !== undefined && !empty ? ` (${plural(count, 'user')})` : ''}: `
        + `a Source,Destination header, then one line per user with the ${src} address and the ${dst} address, `
        + 'comma separated. Users not in the file are not moved'
        + (empty ? ', and the answers give no users for this file yet: list every user to move.' : '.'),
      owner: 'source-admin', supporting: ['destination-admin'], source: DOCS.tenantMove, blocker: empty,
      ruleIds: empty ? [CHECKLIST_RULES.mappingFileEmpty] : [],
    }));
  }
  const withMailboxes = included.filter((e) => e.solutions.has('mailboxes'));
  if (withMailboxes.length > 0) {
    items.push(makeItem('identity', 'mailboxes', null, {
      text: `Move or configure the mailboxes used by ${envNames(withMailboxes)} in ${dst} before the move `
        + '(cross-tenant mailbox migration), first of all those keeping the same custom domain.',
      owner: 'destination-admin', supporting: ['source-admin'], source: DOCS.mailboxMigration, blocker: true,
      ruleIds: ['sol-mailboxes'],
    }));
  }
  return items;
}

function requestItems(ctx: Context): ChecklistItem[] {
  const { dst, included, profile } = ctx;
  const items: ChecklistItem[] = [];
  if (has(ctx, CHECKLIST_RULES.tenantIdMissing)) {
    items.push(makeItem('request', 'tenant-id', null, {
      text: `Send the source admin the tenant ID of ${dst} (a GUID from the Microsoft Entra admin center): the request `
        + 'needs the ID, not the domain name.',
      owner: 'destination-admin', supporting: ['source-admin'], source: DOCS.submitMigrationRequest, blocker: true,
      ruleIds: [CHECKLIST_RULES.tenantIdMissing],
    }));
  }
  const target = profile.destination.tenantId ? `${dst} (tenant ID ${profile.destination.tenantId})` : dst;
  for (const env of included) {
    items.push(makeItem('request', 'submit', env, {
      text: `Submit the move request for ${env.name} to ${target}: Move environment in the admin center, or `
        + 'TenantToTenant-SubmitMigrationRequest.',
      owner: 'source-admin', source: DOCS.tenantMove, blocker: false,
    }));
    items.push(makeItem('request', 'approve', env, {
      text: `Approve the move request for ${env.name} in ${dst} within 7 days of submission, or it expires.`,
      owner: 'destination-admin', source: DOCS.tenantMove, blocker: false,
    }));
  }
  return items;
}

// ---------------------------------------------------------------- Per solution (before and after)

const SOLUTION_APPS: readonly SolutionId[] = ['canvas-solution-aware', 'custom-pages', 'component-library'];
const CONNECTION_KINDS: readonly SolutionId[] = ['custom-connectors', 'connections', 'gateways'];
const CHECKER_KINDS: readonly SolutionId[] = ['power-apps-checker', 'cafe-x'];

function present(env: IncludedEnvironment, ids: readonly SolutionId[]): SolutionId[] {
  return ids.filter((id) => env.solutions.has(id));
}

function rulesFor(ids: readonly SolutionId[]): string[] {
  return [...new Set(ids.map((id) => SOLUTION_RULE[id]))];
}

function preMoveItems(ctx: Context): ChecklistItem[] {
  const { src, dst } = ctx;
  const items: ChecklistItem[] = [];
  for (const env of ctx.included) {
    const apps = present(env, SOLUTION_APPS);
    if (apps.length > 0) {
      const library = env.solutions.has('component-library')
        ? ' Component libraries are not supported by the move: expect to rebuild or re-import them.' : '';
      items.push(makeItem('pre-move', 'solution-apps', env, {
        text: `In ${env.name}, export the solutions holding ${listText(apps.map((s) => SOLUTION_NAMES[s]))}, then delete `
          + 'the apps (managed: delete the solution; unmanaged: Delete from this environment). Apps left in place '
          + `stop working after the move.${library}`,
        owner: 'app-maker', supporting: ['source-admin'], source: DOCS.tenantMove, blocker: true, ruleIds: rulesFor(apps),
      }));
    }
    if (env.solutions.has('canvas-non-solution-aware')) {
      items.push(makeItem('pre-move', 'canvas-packages', env, {
        text: `In ${env.name}, export each canvas app that is not in a solution as a package (Apps > Export package), `
          + 'then delete it. Admins can delete apps in the admin center under Resources > Power Apps.',
        owner: 'app-maker', supporting: ['source-admin'], source: DOCS.canvasPackages, blocker: true,
        ruleIds: rulesFor(['canvas-non-solution-aware']),
      }));
    }
    if (env.solutions.has('power-automate')) {
      items.push(makeItem('pre-move', 'flows', env, {
        text: `In ${env.name}, add every flow that is not yet in a Dataverse solution to one (Add-AdminFlowsToSolution `
          + 'does it in bulk). Flows already in solutions need nothing.',
        owner: 'source-admin', supporting: ['app-maker'], source: DOCS.tenantMove, blocker: true,
        ruleIds: rulesFor(['power-automate']),
      }));
    }
    const connections = present(env, CONNECTION_KINDS);
    if (connections.length > 0) {
      items.push(makeItem('pre-move', 'connections', env, {
        text: `In ${env.name}, record the ${listText(connections.map((s) => SOLUTION_NAMES[s]))} in use: they are not `
          + 'moved. Custom connectors can be downloaded as OpenAPI files.',
        owner: 'app-maker', source: DOCS.tenantMove, blocker: false, ruleIds: rulesFor(connections),
      }));
    }
    if (env.solutions.has('copilot-studio')) {
      items.push(makeItem('pre-move', 'copilot-studio', env, {
        text: `In ${env.name}, export the solutions holding your Copilot Studio agents.`,
        owner: 'app-maker', source: DOCS.tenantMove, blocker: true, ruleIds: rulesFor(['copilot-studio']),
      }));
    }
    if (env.solutions.has('power-pages')) {
      items.push(makeItem('pre-move', 'power-pages', env, {
        text: `In ${env.name}, note each Power Pages site's type and language, then delete the websites before the move.`,
        owner: 'source-admin', source: DOCS.tenantMove, blocker: true, ruleIds: rulesFor(['power-pages']),
      }));
    }
    if (env.solutions.has('customer-voice')) {
      items.push(makeItem('pre-move', 'customer-voice', env, {
        text: `In ${env.name}, export what you can from Customer Voice: projects and surveys are not moved and must be rebuilt.`,
        owner: 'app-maker', source: DOCS.tenantMove, blocker: false, ruleIds: rulesFor(['customer-voice']),
      }));
    }
    if (env.solutions.has('marketing')) {
      items.push(makeItem('pre-move', 'marketing', env, {
        text: `For Marketing (Customer Insights - Journeys) in ${env.name}: confirm Marketing licences in ${dst}, engage `
          + 'Microsoft support, and note live journeys, emails and uploaded assets (journeys return as drafts and '
          + 'assets are not moved).',
        owner: 'project-manager', supporting: ['source-admin', 'microsoft-support'], source: DOCS.marketingTenantMove,
        blocker: true, ruleIds: rulesFor(['marketing']),
      }));
    }
    const checkers = present(env, CHECKER_KINDS);
    if (checkers.length > 0) {
      items.push(makeItem('pre-move', 'checker-cafe-x', env, {
        text: `In ${env.name}, confirm with Microsoft support the extra steps ${listText(checkers.map((s) => SOLUTION_NAMES[s]))} needs.`,
        owner: 'source-admin', supporting: ['microsoft-support'], source: DOCS.tenantMoveSupportPath, blocker: true,
        ruleIds: rulesFor(checkers),
      }));
    }
  }
  if (lockboxOn(ctx)) {
    items.push(makeItem('pre-move', 'lockbox', null, {
      text: `Turn Customer Lockbox off in ${src} before the move: a tenant-to-tenant move is not supported while it is `
        + 'enabled. Note who turned it off and when, to turn it back on after the move.',
      owner: 'source-admin', source: DOCS.lockbox, blocker: true, ruleIds: [CHECKLIST_RULES.lockbox],
    }));
  }
  return items;
}

function lockboxOn(ctx: Context): boolean {
  return ctx.profile.source.customerLockbox === true || has(ctx, CHECKLIST_RULES.lockbox);
}

function moveItems(ctx: Context): ChecklistItem[] {
  return ctx.included.map((env) => makeItem('move', 'run', env, {
    text: `Upload usermapping.csv for ${env.name}, validate it, fix any errors, and start the move within 7 days of `
      + 'passing validation (or validate again). The move can take up to 24 hours.',
    owner: 'source-admin', source: DOCS.tenantMove, blocker: false,
  }));
}

function postMoveItems(ctx: Context): ChecklistItem[] {
  const { src, dst } = ctx;
  const items: ChecklistItem[] = [];
  for (const env of ctx.included) {
    const where = `${env.name} in ${dst}`;
    const apps = present(env, SOLUTION_APPS);
    if (apps.length > 0) {
      items.push(makeItem('post-move', 'solution-apps', env, {
        text: `In ${where}, import the exported solutions (${listText(apps.map((s) => SOLUTION_NAMES[s]))}) and check their contents.`,
        owner: 'app-maker', source: DOCS.tenantMove, blocker: false, ruleIds: rulesFor(apps),
      }));
    }
    if (env.solutions.has('canvas-non-solution-aware')) {
      items.push(makeItem('post-move', 'canvas-packages', env, {
        text: `In ${where}, import each exported package (Apps > Import canvas app), choose the import options, and publish the apps.`,
        owner: 'app-maker', source: DOCS.canvasPackages, blocker: false, ruleIds: rulesFor(['canvas-non-solution-aware']),
      }));
    }
    if (env.solutions.has('power-automate')) {
      items.push(makeItem('post-move', 'flows', env, {
        text: `In ${where}, fix the connection references, turn the flows on (child flows before their parents), give `
          + `callers the new HTTP trigger URLs, and turn off the copies left in ${src}.`,
        owner: 'app-maker', source: DOCS.tenantMove, blocker: false, ruleIds: rulesFor(['power-automate']),
      }));
    }
    const connections = present(env, CONNECTION_KINDS);
    if (connections.length > 0) {
      items.push(makeItem('post-move', 'connections', env, {
        text: `In ${where}, recreate the ${listText(connections.map((s) => SOLUTION_NAMES[s]))} and select them during the imports.`,
        owner: 'app-maker', supporting: ['destination-admin'], source: DOCS.tenantMove, blocker: false, ruleIds: rulesFor(connections),
      }));
    }
    if (env.solutions.has('copilot-studio')) {
      items.push(makeItem('post-move', 'copilot-studio', env, {
        text: `In ${where}, import the Copilot Studio solutions and reconfigure their connections, environment variables and custom connectors.`,
        owner: 'app-maker', source: DOCS.tenantMove, blocker: false, ruleIds: rulesFor(['copilot-studio']),
      }));
    }
    if (env.solutions.has('power-pages')) {
      items.push(makeItem('post-move', 'power-pages', env, {
        text: `In ${where}, provision each Power Pages website again with the same type and language.`,
        owner: 'destination-admin', source: DOCS.tenantMove, blocker: false, ruleIds: rulesFor(['power-pages']),
      }));
    }
    if (env.solutions.has('customer-voice')) {
      items.push(makeItem('post-move', 'customer-voice', env, {
        text: `In ${where}, recreate the Customer Voice projects and surveys.`,
        owner: 'app-maker', source: DOCS.tenantMove, blocker: false, ruleIds: rulesFor(['customer-voice']),
      }));
    }
    if (env.solutions.has('marketing')) {
      items.push(makeItem('post-move', 'marketing', env, {
        text: `Reprovision Marketing in ${where} with Microsoft support, republish journeys and emails, and upload the `
          + 'assets again. Interaction history starts empty.',
        owner: 'microsoft-support', supporting: ['app-maker'], source: DOCS.marketingTenantMove, blocker: false,
        ruleIds: rulesFor(['marketing']),
      }));
    }
    if (env.solutions.has('mailboxes')) {
      items.push(makeItem('post-move', 'mailboxes', env, {
        text: `In ${where}, check the mailboxes configured automatically and reconfigure the others with Connect to Exchange Online.`,
        owner: 'destination-admin', source: DOCS.tenantMove, blocker: false, ruleIds: rulesFor(['mailboxes']),
      }));
    }
    const checkers = present(env, CHECKER_KINDS);
    if (checkers.length > 0) {
      items.push(makeItem('post-move', 'checker-cafe-x', env, {
        text: `In ${where}, follow Microsoft support's instructions for ${listText(checkers.map((s) => SOLUTION_NAMES[s]))}.`,
        owner: 'source-admin', supporting: ['microsoft-support'], source: DOCS.tenantMoveSupportPath, blocker: false,
        ruleIds: rulesFor(checkers),
      }));
    }
    items.push(makeItem('post-move', 'integrations', env, {
      text: `In ${where}, reconfigure Dynamics 365 for Outlook, server-side sync and SharePoint integration, and assign `
        + "the environment's security group if it is not set.",
      owner: 'destination-admin', source: DOCS.tenantMove, blocker: false,
    }));
    items.push(makeItem('post-move', 'sysadmin-role', env, {
      text: `Assign the System Administrator role in ${where} to the admins who manage it. An empty environment view `
        + 'after the move means a permissions problem, not a failed move.',
      owner: 'destination-admin', source: DOCS.tenantMove, blocker: false,
      ruleIds: has(ctx, CHECKLIST_RULES.postMoveAdminRole) ? [CHECKLIST_RULES.postMoveAdminRole] : [],
    }));
    items.push(makeItem('post-move', 'validate', env, {
      text: `Validate ${where} with its users before anything is deleted in ${src}.`,
      owner: 'destination-admin', supporting: ['source-admin', 'project-manager'], source: DOCS.tenantMove, blocker: false,
    }));
  }
  if (lockboxOn(ctx)) {
    items.push(makeItem('post-move', 'lockbox', null, {
      text: `Turn Customer Lockbox back on in ${src} once the move is complete, and check whether ${dst} wants it on `
        + 'for the moved environments.',
      owner: 'source-admin', supporting: ['destination-admin'], source: DOCS.lockbox, blocker: false,
      ruleIds: [CHECKLIST_RULES.lockbox],
    }));
  }
  return items;
}

function closeItems(ctx: Context): ChecklistItem[] {
  const { src, dst } = ctx;
  const items = ctx.included.map((env) => makeItem('close', 'source-environment', env, {
    text: `Once ${env.name} is validated in ${dst}, delete the leftover ${env.name} environment (now without Dataverse) in ${src}.`,
    owner: 'source-admin', source: DOCS.tenantMove, blocker: false,
  }));
  items.push(makeItem('close', 'subscription', null, {
    text: `Ask your account manager or Microsoft support about cancelling or crediting any subscription in ${src} that you no longer need.`,
    owner: 'project-manager', supporting: ['microsoft-support'], source: DOCS.tenantMoveSupportPath, blocker: false,
  }));
  return items;
}

export function buildChecklist(
  profile: MigrationProfile, assessment: Assessment, options: BuildChecklistOptions = {},
): Checklist {
  const keys = environmentKeys(profile);
  const keyOf = (name: string): string => keys.get(lower(name)) ?? (slugify(name) || 'environment');
  const { chosen, excluded } = chooseEnvironments(profile, assessment.findings, options.environments);
  const included: IncludedEnvironment[] = chosen.map((env) => ({
    name: env.name, key: keyOf(env.name), profile: env, solutions: new Set(env.solutions ?? []),
  }));
  const ctx: Context = {
    profile,
    findings: assessment.findings,
    src: profile.source.tenantDomain,
    dst: profile.destination.tenantDomain,
    included,
    keyOf,
  };
  const items = [
    ...planItems(ctx), ...identityItems(ctx), ...requestItems(ctx), ...preMoveItems(ctx),
    ...moveItems(ctx), ...postMoveItems(ctx), ...closeItems(ctx),
  ];
  // Already in phase order by construction; the stable sort keeps it so if a builder above is reordered.
  const rank = (phase: ChecklistPhase): number => CHECKLIST_PHASES.indexOf(phase);
  items.sort((a, b) => rank(a.phase) - rank(b.phase));
  return {
    version: 1,
    assessmentId: options.assessmentId ?? null,
    createdAt: options.createdAt ? options.createdAt.toISOString() : null,
    sourceTenant: ctx.src,
    destinationTenant: ctx.dst,
    verdict: assessment.verdict,
    environments: included.map(({ name, key }) => ({ name, key })),
    excludedEnvironments: excluded,
    due: {},
    items,
    revision: 0,
    appliedActionKeys: [],
  };
}
