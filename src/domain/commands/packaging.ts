/**
 * Packaging per environment (apps, flows, pages and bots): solutions first; the export package ("legacy"
 * package) only as a labelled fallback for canvas apps without Dataverse dependencies. Each entry names its
 * source page and date, like findings. Pure.
 */
import type { SolutionId } from '../assessment/types.js';
import { ADD_FLOWS_REFERENCE, PAGES } from './sources.js';
import type { PackagingEntry, PackagingFallback } from './types.js';

/** The kinds the packaging guidance covers, in the order they are listed. */
export const PACKAGING_KINDS = [
  'canvas-solution-aware', 'canvas-non-solution-aware', 'custom-pages', 'component-library', 'power-automate',
  'copilot-studio', 'power-pages', 'custom-connectors', 'connections', 'gateways', 'customer-voice',
] as const satisfies readonly SolutionId[];
export type PackagingKind = (typeof PACKAGING_KINDS)[number];

const isPackagingKind = (kind: SolutionId): kind is PackagingKind => (PACKAGING_KINDS as readonly string[]).includes(kind);

export function hasPackagingWork(kinds: readonly SolutionId[]): boolean {
  return kinds.some(isPackagingKind);
}

const SOLUTION_IMPORT_WHO = 'a maker who can import solutions in the destination environment';
const EXPORT_PACKAGE_WHO = { export: 'the app\'s owner or a co-owner', import: 'someone with the Environment Maker role in the destination environment' };

const LEGACY_FALLBACK: PackagingFallback = {
  route: 'legacy-package',
  label: 'Fallback: legacy export package',
  when: 'Only for a canvas app without Dataverse dependencies (no flows in solutions, no connection references), when it '
    + 'cannot go into a solution. Packages cannot be mixed with solutions.',
  steps: [
    'In Power Apps, Apps, select the app, then Export package; give it a name and keep Create as new for the app and its flows.',
    'Do not edit the downloaded zip.',
    'Delete the app before the move.',
    'After the move: Apps, Import canvas app, upload the package, set the import options, Import. An app imported with '
      + 'Update lands as a draft: publish it.',
    'Check the app\'s Application Insights key after the import.',
  ],
  travels: ['The canvas app', 'The flows the app uses (their connections are chosen again on import)'],
  recreate: ['Custom connectors', 'Connections (credentials never travel)', 'On-premises data gateways', 'Dataverse customizations (use a solution)'],
  who: EXPORT_PACKAGE_WHO,
  source: PAGES.canvasPackages.url,
  sourceDate: PAGES.canvasPackages.date,
};

type EntryText = Omit<PackagingEntry, 'kind' | 'source' | 'sourceDate' | 'basis' | 'fallback'> & {
  page: { url: string; date: string };
  basis?: 'documented' | 'inferred';
  fallback?: PackagingFallback;
  /** One clause for the before and after summaries on the commands card. */
  short: { before: string; after: string };
};

const SOLUTION_AFTER = 'In the destination environment, Solutions, Import, then check what the solution holds.';

const ENTRIES: Readonly<Record<PackagingKind, EntryText>> = {
  'canvas-solution-aware': {
    title: 'Canvas apps in solutions', route: 'solution', page: PAGES.tenantMove,
    summary: 'Export the solutions that hold them, delete the apps, import the solutions after the move. Apps left in place stop working after the move.',
    who: { before: 'the apps\' makers (an environment admin may delete)', after: SOLUTION_IMPORT_WHO },
    before: [
      'In Power Apps, Solutions, export each solution that holds a canvas app (one by one or grouped).',
      'Delete the apps: for a managed solution delete the solution; for an unmanaged one use Delete from this environment.',
    ],
    after: [SOLUTION_AFTER, 'Point the connection references at connections in the destination and publish the apps.'],
    travels: ['The apps and every component of their solutions'],
    recreate: ['Connections', 'Custom connectors not in the solution', 'On-premises data gateways'],
    short: { before: 'export the solutions holding canvas apps and delete the apps', after: 'import the canvas app solutions' },
  },
  'canvas-non-solution-aware': {
    title: 'Canvas apps outside solutions', route: 'solution', page: PAGES.addToSolution, basis: 'inferred',
    summary: 'Microsoft\'s move guide says to export these as packages and delete them; its packaging pages call packages '
      + 'legacy and say to use solutions where Dataverse is available, which it always is in an environment that moves. So '
      + 'we recommend adding them to a custom solution first, and the export package only as the fallback below.',
    who: { before: 'the app\'s owner (adding to a solution needs write access to the canvas app table)', after: SOLUTION_IMPORT_WHO },
    before: [
      'Create a custom solution (not the default one) and add each app to it (Add existing, App, Canvas app, Outside Dataverse). This cannot be undone.',
      'Export the solution.',
      'Delete the original apps before the move.',
    ],
    after: [SOLUTION_AFTER, 'Point the connection references at connections in the destination and publish the apps.'],
    travels: ['The apps and every component of the solution'],
    recreate: ['Connections', 'Custom connectors not in the solution', 'On-premises data gateways'],
    fallback: LEGACY_FALLBACK,
    short: { before: 'add the canvas apps outside solutions to a custom solution (one way), export it and delete the apps', after: 'import that solution' },
  },
  'custom-pages': {
    title: 'Custom pages', route: 'solution', page: PAGES.tenantMove,
    summary: 'Handled like canvas apps in solutions: export their solutions, delete them, import after the move.',
    who: { before: 'the pages\' makers', after: SOLUTION_IMPORT_WHO },
    before: ['Export the solutions that hold the custom pages.', 'Delete the custom pages before the move.'],
    after: [SOLUTION_AFTER],
    travels: ['The pages and every component of their solutions'],
    recreate: ['Connections'],
    short: { before: 'export and delete the custom pages', after: 'import the custom page solutions' },
  },
  'component-library': {
    title: 'Component libraries', route: 'not-supported', page: PAGES.tenantMove,
    summary: 'The move does not support component libraries: export their solutions and delete them; import or rebuild them after, and expect rework in the apps that use them.',
    who: { before: 'the libraries\' makers', after: SOLUTION_IMPORT_WHO },
    before: ['Export the solutions that hold the component libraries.', 'Delete the component libraries before the move.'],
    after: ['Import the solutions, or rebuild the libraries; then check every app that uses them.'],
    travels: [],
    recreate: ['The component libraries, if the import does not bring them back intact'],
    short: { before: 'export and delete the component libraries', after: 'import or rebuild the component libraries' },
  },
  'power-automate': {
    title: 'Power Automate flows', route: 'solution', page: PAGES.tenantMove,
    summary: 'Flows already in a Dataverse solution need nothing before the move. Put every other flow into a solution first '
      + '(Add-AdminFlowsToSolution does it in bulk, one way).',
    who: { before: 'an environment admin (bulk) or the flows\' owners', after: 'the flows\' owners in the destination' },
    before: [
      `Add the flows outside solutions to a custom solution: Add-AdminFlowsToSolution (${ADD_FLOWS_REFERENCE}) with -SolutionId; without it they go to the default solution.`,
    ],
    after: [
      'Open the solution and fix each connection reference (sign in again or pick a connection).',
      'Turn the flows on: imported flows are off; child flows before their parents.',
      'Give every caller of an HTTP-triggered flow its new URL.',
      'Turn off any copies of the flows left behind.',
    ],
    travels: ['Flow definitions in Dataverse solutions'],
    recreate: ['Connections', 'HTTP trigger URLs (they change)'],
    short: { before: 'put the flows outside solutions into a solution', after: 'fix the connection references and turn the flows on, child flows first' },
  },
  'copilot-studio': {
    title: 'Copilot Studio agents', route: 'solution', page: PAGES.tenantMove,
    summary: 'Agents live in solutions: export them before the move, import after, then reconnect them.',
    who: { before: 'the agents\' makers', after: 'the agents\' makers in the destination' },
    before: ['Export the solutions that hold the agents.'],
    after: [SOLUTION_AFTER, 'Reconnect their connections, environment variables and custom connectors.'],
    travels: ['The agents and their solution components'],
    recreate: ['Connections', 'Environment variable values', 'Custom connectors'],
    short: { before: 'export the Copilot Studio agents', after: 'import and reconnect the agents' },
  },
  'power-pages': {
    title: 'Power Pages sites', route: 'reprovision', page: PAGES.tenantMove,
    summary: 'Delete each website before the move and provision it again after, with the same site type and language.',
    who: { before: 'a source environment admin', after: 'a destination environment admin' },
    before: ['Note each site\'s type and language, then delete the website.'],
    after: ['Provision each website again with the same site type and language.'],
    travels: [],
    recreate: ['The websites (provisioned again)'],
    short: { before: 'delete the Power Pages websites', after: 'provision the websites again (same type and language)' },
  },
  'custom-connectors': {
    title: 'Custom connectors', route: 'recreate', page: PAGES.tenantMove,
    summary: 'Custom connectors do not move: record their definitions before, recreate them after.',
    who: { before: 'the connectors\' owners', after: 'makers in the destination' },
    before: ['Download each custom connector\'s definition (OpenAPI file) and note its authentication settings.'],
    after: ['Recreate the connectors in the destination and select them in imports and connection references.'],
    travels: [],
    recreate: ['Custom connectors'],
    short: { before: 'record the custom connector definitions', after: 'recreate the custom connectors' },
  },
  connections: {
    title: 'Connections', route: 'recreate', page: PAGES.tenantMove,
    summary: 'Connections and their credentials never move: create them again in the destination.',
    who: { before: 'the apps\' and flows\' owners', after: 'the same people, signed in to the destination' },
    before: ['List the connections the apps and flows use.'],
    after: ['Create the connections again and link them in the connection references.'],
    travels: [],
    recreate: ['Connections'],
    short: { before: 'list the connections in use', after: 'create the connections again' },
  },
  gateways: {
    title: 'On-premises data gateways', route: 'recreate', page: PAGES.tenantMove,
    summary: 'Gateways do not move: set them up for the destination tenant.',
    who: { before: 'the gateway admins', after: 'the gateway admins of the destination' },
    before: ['Note each gateway and the data sources on it.'],
    after: ['Register a gateway for the destination tenant and point the connections at it.'],
    travels: [],
    recreate: ['On-premises data gateways'],
    short: { before: 'note the gateways', after: 'register the gateways for the destination' },
  },
  'customer-voice': {
    title: 'Dynamics 365 Customer Voice', route: 'not-supported', page: PAGES.tenantMove,
    summary: 'Not supported by the move: projects and surveys must be recreated.',
    who: { before: 'the survey owners', after: 'the survey owners in the destination' },
    before: ['Export the responses you need to keep.'],
    after: ['Recreate the projects and surveys.'],
    travels: [],
    recreate: ['Customer Voice projects and surveys'],
    short: { before: 'export the Customer Voice responses to keep', after: 'recreate the Customer Voice surveys' },
  },
};

export function packagingEntries(kinds: readonly SolutionId[]): PackagingEntry[] {
  return PACKAGING_KINDS.filter((kind) => kinds.includes(kind)).map((kind) => {
    const text = ENTRIES[kind];
    return {
      kind,
      title: text.title,
      route: text.route,
      summary: text.summary,
      who: { ...text.who },
      before: [...text.before],
      after: [...text.after],
      travels: [...text.travels],
      recreate: [...text.recreate],
      fallback: text.fallback ? { ...text.fallback, who: { ...text.fallback.who } } : null,
      source: text.page.url,
      sourceDate: text.page.date,
      basis: text.basis ?? 'documented',
    };
  });
}

/** One sentence for a maker step on the commands card. */
export function packagingSummary(kinds: readonly SolutionId[], when: 'before' | 'after'): string {
  const parts = PACKAGING_KINDS.filter((kind) => kinds.includes(kind)).map((kind) => ENTRIES[kind].short[when]);
  const sentence = parts.join('; ');
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}
