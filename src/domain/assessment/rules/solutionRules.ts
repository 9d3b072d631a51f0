/**
 * Solution rules (spec 4, "Solutions"): one finding per environment that lists the solution. Each rule names
 * the solutions it reacts to; a rule covering several (connections, checker / Cafe X) lists the ones present.
 */
import type { EnvironmentProfile, MigrationProfile, SolutionId } from '../types.js';
import { SOLUTION_NAMES } from '../inputParsing.js';
import { SOURCES } from '../sources.js';
import { hasSolution, listText, type EnvironmentRule, type RuleHit, type RuleMeta } from './rule.js';

interface SolutionRuleSpec extends Omit<RuleMeta, 'condition'> {
  condition?: string;
  solutions: readonly SolutionId[];
  /** `present`: human names of the listed solutions this environment has. */
  hit(env: EnvironmentProfile, present: string, profile: MigrationProfile): RuleHit | null;
}

function solutionRule(spec: SolutionRuleSpec): EnvironmentRule {
  const { solutions, hit, condition, ...meta } = spec;
  return {
    ...meta,
    scope: 'environment',
    condition: condition ?? `the environment lists ${solutions.join(' or ')}`,
    evaluate(env, profile) {
      const present = solutions.filter((solution) => hasSolution(env, solution));
      if (present.length === 0) return null;
      return hit(env, listText(present.map((solution) => SOLUTION_NAMES[solution])), profile);
    },
  };
}

export const solCanvasSolutionAware = solutionRule({
  id: 'sol-canvas-solution-aware', severity: 'action', source: SOURCES.tenantMove, guidance: 'current', basis: 'documented',
  solutions: ['canvas-solution-aware'],
  hit: (env) => ({
    title: `Export and remove the canvas apps in solutions in ${env.name}`,
    detail: `Before the move, export the solutions that hold the canvas apps in ${env.name}, then delete the apps (managed `
      + 'solution: delete the solution; unmanaged: Delete from this environment). Apps left in place stop working after '
      + 'the move. Import the solutions again afterwards.',
  }),
});

export const solCanvasNonSolutionAware = solutionRule({
  id: 'sol-canvas-non-solution-aware', severity: 'action', source: SOURCES.tenantMove, guidance: 'current', basis: 'documented',
  solutions: ['canvas-non-solution-aware'],
  hit: (env) => ({
    title: `Export and remove the canvas apps outside solutions in ${env.name}`,
    detail: `Export each canvas app in ${env.name} that is not in a solution as a package (Apps, Export package), delete it, `
      + 'and import it after the move with Import canvas app. Apps that use Dataverse flows or connection references '
      + 'cannot be packaged: put those in a solution instead. The older support-path guidance did not ask you to delete '
      + 'the apps; today\'s does.',
  }),
});

export const solCustomPages = solutionRule({
  id: 'sol-custom-pages', severity: 'action', source: SOURCES.tenantMove, guidance: 'current', basis: 'documented',
  solutions: ['custom-pages'],
  hit: (env) => ({
    title: `Export and remove the custom pages in ${env.name}`,
    detail: `Custom pages in ${env.name} are handled like canvas apps in solutions: export their solutions, delete them `
      + 'before the move and import them afterwards. Left in place, they stop working after the move.',
  }),
});

export const solComponentLibrary = solutionRule({
  id: 'sol-component-library', severity: 'warning', source: SOURCES.tenantMove, guidance: 'current', basis: 'documented',
  solutions: ['component-library'],
  hit: (env) => ({
    title: `Component libraries in ${env.name} are not supported`,
    detail: `The move does not support the component libraries in ${env.name}: export their solutions, delete them, and `
      + 'import or rebuild them afterwards; expect rework in the apps that use them. The older support-path guidance '
      + 'called them "not fully supported"; today\'s guide says not supported.',
  }),
});

export const solPowerAutomate = solutionRule({
  id: 'sol-power-automate', severity: 'action', source: SOURCES.tenantMove, guidance: 'current', basis: 'documented',
  solutions: ['power-automate'],
  hit: (env, _present, profile) => ({
    title: `Put the flows in ${env.name} into solutions`,
    detail: `Before the move, add every flow in ${env.name} that is not yet in a Dataverse solution to one `
      + `(Add-AdminFlowsToSolution does it in bulk). After the move to ${profile.destination.tenantDomain}, fix the `
      + 'connection references, turn the flows on (child flows before their parents), give callers the new HTTP trigger '
      + 'URLs, and turn off any copies left behind. The older support-path guidance said to export and import flows by '
      + 'hand; today\'s uses solutions.',
  }),
});

export const solConnections = solutionRule({
  id: 'sol-connections', severity: 'action', source: SOURCES.tenantMove, guidance: 'current', basis: 'documented',
  solutions: ['custom-connectors', 'connections', 'gateways'],
  hit: (env, present, profile) => ({
    title: `Recreate ${present} for ${env.name}`,
    detail: `${env.name} uses ${present}, which do not move. Recreate them in ${profile.destination.tenantDomain} after the `
      + 'move and point the apps and flows at them.',
  }),
});

export const solCopilotStudio = solutionRule({
  id: 'sol-copilot-studio', severity: 'action', source: SOURCES.tenantMove, guidance: 'current', basis: 'documented',
  solutions: ['copilot-studio'],
  hit: (env) => ({
    title: `Export the Copilot Studio agents in ${env.name}`,
    detail: `Copilot Studio agents (formerly Power Virtual Agents bots) in ${env.name} live in solutions: export them before `
      + 'the move, import them afterwards, then reconnect their connections, environment variables and custom connectors.',
  }),
});

export const solCustomerVoice = solutionRule({
  id: 'sol-customer-voice', severity: 'warning', source: SOURCES.tenantMove, guidance: 'current', basis: 'documented',
  solutions: ['customer-voice'],
  hit: (env, _present, profile) => ({
    title: `Customer Voice in ${env.name} does not move`,
    detail: `Dynamics 365 Customer Voice is not supported by the move: the projects and surveys in ${env.name} must be `
      + `recreated in ${profile.destination.tenantDomain}. Export the responses you need to keep before the move.`,
  }),
});

export const solPowerPages = solutionRule({
  id: 'sol-power-pages', severity: 'action', source: SOURCES.tenantMove, guidance: 'current', basis: 'documented',
  solutions: ['power-pages'],
  hit: (env) => ({
    title: `Delete and reprovision the Power Pages sites in ${env.name}`,
    detail: `For each Power Pages site in ${env.name}: delete the website before the move, then provision it again with the `
      + 'same site type and language afterwards. The older support-path guidance said to reset the portal; today\'s says delete it.',
  }),
});

export const solCheckerCafeX = solutionRule({
  id: 'sol-checker-cafe-x', severity: 'action', source: SOURCES.tenantMoveSupportPath, guidance: 'legacy', basis: 'documented',
  solutions: ['power-apps-checker', 'cafe-x'],
  hit: (env, present) => ({
    title: `Confirm the extra steps for ${present} in ${env.name}`,
    detail: `${env.name} has ${present}. The older support-path guidance says these may need extra steps from you or from `
      + 'Microsoft support; today\'s guide no longer mentions them. Confirm with support before the move.',
  }),
});

export const solMarketing = solutionRule({
  id: 'sol-marketing', severity: 'support', source: SOURCES.marketingTenantMove, guidance: 'current', basis: 'documented',
  alsoSources: [SOURCES.tenantMove, SOURCES.journeysOverview],
  solutions: ['marketing'],
  hit: (env) => ({
    title: `Marketing in ${env.name} needs Microsoft support`,
    detail: `${env.name} has Customer Insights - Journeys (formerly Dynamics 365 Marketing). The two Microsoft pages `
      + 'disagree: the newest Power Platform tenant-to-tenant page lists Customer Insights - Journeys among the '
      + 'components the move does not support, while the Journeys tenant-to-tenant page describes a move that '
      + 'Microsoft technical support carries out, with steps before and after. Open a support request and ask which '
      + 'applies, and go through the app state after the move (the Marketing section) with its business owners first. '
      + 'Outbound marketing was removed on 30 June 2025, so only real-time journeys move.',
  }),
});

export const solMarketingLicenses = solutionRule({
  id: 'sol-marketing-licenses', severity: 'action', source: SOURCES.tenantMoveSupportPath, guidance: 'legacy', basis: 'documented',
  alsoSources: [SOURCES.marketingTenantMove],
  condition: 'the environment lists marketing and destination.marketingLicenses is false (unknown: an action to confirm)',
  solutions: ['marketing'],
  hit: (env, _present, { destination }) => {
    if (destination.marketingLicenses === true) return null;
    if (destination.marketingLicenses === undefined) {
      return {
        confirm: true,
        title: `Confirm ${destination.tenantDomain} has Marketing licences for ${env.name}`,
        detail: `${env.name} has Marketing, which is provisioned again in the destination after the move and needs `
          + `Customer Insights - Journeys licences in ${destination.tenantDomain}. The answers do not say whether they are `
          + 'there: check, then update that answer (in a profile file: marketingLicenses). The older support-path guidance '
          + 'asks for these licences before the move.',
      };
    }
    return {
      title: `Buy Marketing licences in ${destination.tenantDomain} for ${env.name}`,
      detail: `${env.name} has Marketing, which is provisioned again in the destination after the move, and `
        + `${destination.tenantDomain} has no Customer Insights - Journeys licences yet. Buy them before the move: the `
        + 'older support-path guidance asks for them so that the app can be provisioned again once the move is complete.',
    };
  },
});

export const solCustomerInsightsData = solutionRule({
  id: 'sol-customer-insights-data', severity: 'blocker', source: SOURCES.marketingTenantMove, guidance: 'current', basis: 'documented',
  alsoSources: [SOURCES.tenantMove],
  solutions: ['customer-insights-data'],
  hit: (env) => ({
    title: `Customer Insights - Data in ${env.name} is not supported`,
    detail: `${env.name} has Customer Insights - Data attached. Neither the tenant move nor the support-assisted Marketing `
      + 'path supports such environments. Plan to set up Customer Insights - Data again in the destination, and ask '
      + 'Microsoft support whether it can be detached before the move.',
  }),
});

export const solOmnichannel = solutionRule({
  id: 'sol-omnichannel', severity: 'blocker', source: SOURCES.tenantMove, guidance: 'current', basis: 'documented',
  solutions: ['omnichannel'],
  hit: (env) => ({
    title: `Omnichannel for Customer Service in ${env.name} is not supported`,
    detail: `${env.name} has Omnichannel for Customer Service, which the move does not support. Plan to set it up again in `
      + 'the destination, and ask Microsoft support about the options before moving this environment.',
  }),
});

export const solMailboxes = solutionRule({
  id: 'sol-mailboxes', severity: 'action', source: SOURCES.tenantMove, guidance: 'current', basis: 'documented',
  solutions: ['mailboxes'],
  hit: (env, _present, { source, destination }) => ({
    title: `Move or set up the mailboxes for ${env.name} first`,
    detail: `Mailboxes of mapped users who already have a mailbox in ${destination.tenantDomain} are set up automatically. `
      + `Move or configure the other mailboxes used by ${env.name} in ${destination.tenantDomain} before the move; the `
      + 'mailbox-move readiness check (Exchange cross-tenant mailbox migration) tells you what those moves need. '
      + (source.tenantDomain.endsWith('.onmicrosoft.com')
        ? `Addresses on ${source.tenantDomain} change to the destination's onmicrosoft.com domain`
        : 'Addresses on the source tenant\'s onmicrosoft.com domain change to the destination\'s')
      + ' and must be reconnected afterwards (Connect to Exchange Online).',
  }),
});

export const SOLUTION_RULES: readonly EnvironmentRule[] = [
  solCanvasSolutionAware, solCanvasNonSolutionAware, solCustomPages, solComponentLibrary, solPowerAutomate,
  solConnections, solCopilotStudio, solCustomerVoice, solPowerPages, solCheckerCafeX, solMarketing,
  solMarketingLicenses, solCustomerInsightsData, solOmnichannel, solMailboxes,
];
