/**
 * Solution rules (spec 4, "Solutions"): one finding per environment that lists the solution. Each rule names
 * the solutions it reacts to; a rule covering several (connections, checker / Cafe X) lists the ones present.
 */
import type { EnvironmentProfile, Guidance, MigrationProfile, RuleId, Severity, SolutionId } from '../types.js';
import { SOLUTION_NAMES } from '../inputParsing.js';
import { DOCS } from '../sources.js';
import { hasSolution, listText, type EnvironmentRule, type RuleHit } from './rule.js';

interface SolutionRuleSpec {
  id: RuleId;
  severity: Severity;
  source: string;
  guidance: Guidance;
  solutions: readonly SolutionId[];
  /** `present`: human names of the listed solutions this environment has. */
  hit(env: EnvironmentProfile, present: string, profile: MigrationProfile): RuleHit | null;
}

function solutionRule(spec: SolutionRuleSpec): EnvironmentRule {
  const { id, severity, source, guidance, solutions, hit } = spec;
  return {
    id, severity, source, guidance, scope: 'environment',
    evaluate(env, profile) {
      const present = solutions.filter((solution) => hasSolution(env, solution));
      if (present.length === 0) return null;
      return hit(env, listText(present.map((solution) => SOLUTION_NAMES[solution])), profile);
    },
  };
}

export const solCanvasSolutionAware = solutionRule({
  id: 'sol-canvas-solution-aware', severity: 'action', source: DOCS.tenantMove, guidance: 'current',
  solutions: ['canvas-solution-aware'],
  hit: (env) => ({
    title: `Export and remove the canvas apps in solutions in ${env.name}`,
    detail: `Before the move, export the solutions that hold the canvas apps in ${env.name}, then delete the apps (managed `
      + 'solution: delete the solution; unmanaged: Delete from this environment). Apps left in place stop working after '
      + 'the move. Import the solutions again afterwards.',
  }),
});

export const solCanvasNonSolutionAware = solutionRule({
  id: 'sol-canvas-non-solution-aware', severity: 'action', source: DOCS.tenantMove, guidance: 'current',
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
  id: 'sol-custom-pages', severity: 'action', source: DOCS.tenantMove, guidance: 'current',
  solutions: ['custom-pages'],
  hit: (env) => ({
    title: `Export and remove the custom pages in ${env.name}`,
    detail: `Custom pages in ${env.name} are handled like canvas apps in solutions: export their solutions, delete them `
      + 'before the move and import them afterwards. Left in place, they stop working after the move.',
  }),
});

export const solComponentLibrary = solutionRule({
  id: 'sol-component-library', severity: 'warning', source: DOCS.tenantMove, guidance: 'current',
  solutions: ['component-library'],
  hit: (env) => ({
    title: `Component libraries in ${env.name} are not supported`,
    detail: `The move does not support the component libraries in ${env.name}: export their solutions, delete them, and `
      + 'import or rebuild them afterwards; expect rework in the apps that use them. The older support-path guidance '
      + 'called them "not fully supported"; today\'s guide says not supported.',
  }),
});

export const solPowerAutomate = solutionRule({
  id: 'sol-power-automate', severity: 'action', source: DOCS.tenantMove, guidance: 'current',
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
  id: 'sol-connections', severity: 'action', source: DOCS.tenantMove, guidance: 'current',
  solutions: ['custom-connectors', 'connections', 'gateways'],
  hit: (env, present, profile) => ({
    title: `Recreate ${present} for ${env.name}`,
    detail: `${env.name} uses ${present}, which do not move. Recreate them in ${profile.destination.tenantDomain} after the `
      + 'move and point the apps and flows at them.',
  }),
});

export const solCopilotStudio = solutionRule({
  id: 'sol-copilot-studio', severity: 'action', source: DOCS.tenantMove, guidance: 'current',
  solutions: ['copilot-studio'],
  hit: (env) => ({
    title: `Export the Copilot Studio agents in ${env.name}`,
    detail: `Copilot Studio agents (formerly Power Virtual Agents bots) in ${env.name} live in solutions: export them before `
      + 'the move, import them afterwards, then reconnect their connections, environment variables and custom connectors.',
  }),
});

export const solCustomerVoice = solutionRule({
  id: 'sol-customer-voice', severity: 'warning', source: DOCS.tenantMove, guidance: 'current',
  solutions: ['customer-voice'],
  hit: (env, _present, profile) => ({
    title: `Customer Voice in ${env.name} does not move`,
    detail: `Dynamics 365 Customer Voice is not supported by the move: the projects and surveys in ${env.name} must be `
      + `recreated in ${profile.destination.tenantDomain}. Export the responses you need to keep before the move.`,
  }),
});

export const solPowerPages = solutionRule({
  id: 'sol-power-pages', severity: 'action', source: DOCS.tenantMove, guidance: 'current',
  solutions: ['power-pages'],
  hit: (env) => ({
    title: `Delete and reprovision the Power Pages sites in ${env.name}`,
    detail: `For each Power Pages site in ${env.name}: delete the website before the move, then provision it again with the `
      + 'same site type and language afterwards. The older support-path guidance said to reset the portal; today\'s says delete it.',
  }),
});

export const solCheckerCafeX = solutionRule({
  id: 'sol-checker-cafe-x', severity: 'action', source: DOCS.tenantMoveSupportPath, guidance: 'legacy',
  solutions: ['power-apps-checker', 'cafe-x'],
  hit: (env, present) => ({
    title: `Confirm the extra steps for ${present} in ${env.name}`,
    detail: `${env.name} has ${present}. The older support-path guidance says these may need extra steps from you or from `
      + 'Microsoft support; today\'s guide no longer mentions them. Confirm with support before the move.',
  }),
});

export const solMarketing = solutionRule({
  id: 'sol-marketing', severity: 'support', source: DOCS.marketingTenantMove, guidance: 'current',
  solutions: ['marketing'],
  hit: (env) => ({
    title: `Marketing in ${env.name} needs Microsoft support`,
    detail: `${env.name} has Dynamics 365 Marketing (now Customer Insights - Journeys). Moving it needs Microsoft technical `
      + 'support: open a support request, and support gives the steps before and after. Go through the app state after the '
      + 'move (the Marketing section) with its business owners first. The current Power Platform guide lists Customer '
      + 'Insights - Journeys as not supported for the self-service move, while the Journeys guide still describes this '
      + 'support-assisted path.',
  }),
});

export const solMarketingLicenses = solutionRule({
  id: 'sol-marketing-licenses', severity: 'blocker', source: DOCS.tenantMoveSupportPath, guidance: 'legacy',
  solutions: ['marketing'],
  hit: (env, _present, { destination }) => {
    if (destination.marketingLicenses === true) return null;
    if (destination.marketingLicenses === undefined) {
      return {
        confirm: true,
        title: `Confirm ${destination.tenantDomain} has Marketing licences for ${env.name}`,
        detail: `${env.name} has Marketing, which is provisioned again in the destination after the move and needs `
          + `Marketing (Customer Insights - Journeys) licences in ${destination.tenantDomain}. The answers do not say `
          + 'whether they are there: check, then update that answer (in a profile file: marketingLicenses). The older support-path guidance makes '
          + 'these licences a condition of the move.',
      };
    }
    return {
      title: `${destination.tenantDomain} has no Marketing licences for ${env.name}`,
      detail: `${env.name} has Marketing, which is provisioned again in the destination after the move, and `
        + `${destination.tenantDomain} has no Marketing (Customer Insights - Journeys) licences to do it with. The older `
        + 'support-path guidance makes these licences a condition of the move; today\'s Power Platform guide only lists '
        + 'Customer Insights - Journeys as not supported for the self-service move.',
    };
  },
});

export const solCustomerInsightsData = solutionRule({
  id: 'sol-customer-insights-data', severity: 'blocker', source: DOCS.marketingTenantMove, guidance: 'current',
  solutions: ['customer-insights-data'],
  hit: (env) => ({
    title: `Customer Insights - Data in ${env.name} is not supported`,
    detail: `${env.name} has Customer Insights - Data attached. Neither the tenant move nor the support-assisted Marketing `
      + 'path supports such environments. Plan to set up Customer Insights - Data again in the destination, and ask '
      + 'Microsoft support whether it can be detached before the move.',
  }),
});

export const solOmnichannel = solutionRule({
  id: 'sol-omnichannel', severity: 'blocker', source: DOCS.tenantMove, guidance: 'current',
  solutions: ['omnichannel'],
  hit: (env) => ({
    title: `Omnichannel for Customer Service in ${env.name} is not supported`,
    detail: `${env.name} has Omnichannel for Customer Service, which the move does not support. Plan to set it up again in `
      + 'the destination, and ask Microsoft support about the options before moving this environment.',
  }),
});

export const solMailboxes = solutionRule({
  id: 'sol-mailboxes', severity: 'action', source: DOCS.tenantMove, guidance: 'current',
  solutions: ['mailboxes'],
  hit: (env, _present, { source, destination }) => ({
    title: `Move or set up the mailboxes for ${env.name} first`,
    detail: `Mailboxes of mapped users who already have a mailbox in ${destination.tenantDomain} are set up automatically. `
      + `Move or configure the other mailboxes used by ${env.name} in ${destination.tenantDomain} before the move. `
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
