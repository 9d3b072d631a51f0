/**
 * The commands contract: for each environment of an assessment that can move, the ordered steps each person
 * runs, and for its apps and flows the packaging route (docs/commands.md). Field names are a public interface
 * (the command line prints them as JSON): never rename silently. Pure types.
 */
import type { Basis } from '../findings.js';
import type { SolutionId } from '../assessment/types.js';

/** Who runs a step: the two admins are different people in different tenants. */
export const COMMAND_SIDES = ['source', 'destination', 'maker', 'project'] as const;
export type CommandSide = (typeof COMMAND_SIDES)[number];

/** The two documented ways to run a move: PowerShell cmdlets, or numbered clicks in the admin center. */
export const COMMAND_ROUTES = ['powershell', 'admin-center'] as const;
export type CommandRoute = (typeof COMMAND_ROUTES)[number];

export interface CommandStep {
  side: CommandSide;
  /** A short imperative title ("Submit the move request"). The order of the list is the order to run them. */
  step: string;
  /** Why, what to expect, and any deadline the step starts or must meet. */
  purpose: string;
  /** PowerShell to paste (powershell route); every inserted value is validated and single-quoted. */
  command?: string;
  /** Numbered clicks (admin-center route), one entry per click. */
  clicks?: string[];
  /** The page that documents the step. */
  source: string;
  /** The date (YYYY-MM-DD) that page carried when the step was last checked against it. */
  sourceDate: string;
  /** `inferred` when no Microsoft page states it; the purpose then says so in its first words. */
  basis: Basis;
}

/** A reason an environment gets no steps: a blocker of its own or one for the whole migration. */
export interface CommandBlocker {
  ruleId: string;
  title: string;
}

export interface EnvironmentCommands {
  name: string;
  /** The environment ID (GUID) when the profile gives it; the steps read it with Read-Host otherwise. */
  environmentId: string | null;
  canMove: boolean;
  /** Empty when the environment cannot move. */
  steps: CommandStep[];
  /** Empty when it can. */
  blockers: CommandBlocker[];
  /** Titles of the findings only Microsoft support can resolve (the steps still apply once support agrees). */
  supportNotes: string[];
}

export interface CommandPlan {
  route: CommandRoute;
  sourceTenant: string;
  destinationTenant: string;
  /** The oldest Microsoft.PowerApps.Administration.PowerShell version the PowerShell steps work with. */
  moduleMinimumVersion: string;
  environments: EnvironmentCommands[];
}

/** How a kind of app, flow, page or bot gets to the destination. */
export const PACKAGING_ROUTES = ['solution', 'reprovision', 'recreate', 'not-supported'] as const;
export type PackagingRoute = (typeof PACKAGING_ROUTES)[number];

export interface PackagingFallback {
  /** Always "legacy-package": the export package, for canvas apps without Dataverse dependencies only. */
  route: 'legacy-package';
  label: string;
  when: string;
  steps: string[];
  travels: string[];
  recreate: string[];
  who: { export: string; import: string };
  source: string;
  sourceDate: string;
}

export interface PackagingEntry {
  kind: SolutionId;
  title: string;
  route: PackagingRoute;
  summary: string;
  who: { before: string; after: string };
  /** Done before the move, in order. */
  before: string[];
  /** Done after the move, in order. */
  after: string[];
  travels: string[];
  recreate: string[];
  fallback: PackagingFallback | null;
  source: string;
  sourceDate: string;
  basis: Basis;
}

export interface EnvironmentPackaging {
  name: string;
  canMove: boolean;
  blockers: CommandBlocker[];
  /** Whether the profile says which solutions the environment has; false means "unknown", not "none". */
  solutionsKnown: boolean;
  entries: PackagingEntry[];
}

export interface PackagingPlan {
  sourceTenant: string;
  destinationTenant: string;
  environments: EnvironmentPackaging[];
}

export interface CommandsIssue {
  path: string;
  message: string;
}

export type CommandsOutcome<T> = { ok: true; plan: T } | { ok: false; issues: CommandsIssue[] };
