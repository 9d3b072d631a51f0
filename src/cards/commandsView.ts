/**
 * View models for the move-commands cards (cards/commands.json): one card per side (source admin, destination
 * admin) per environment, so each admin gets only what they run, in order, with the other side's steps shown as
 * one-line waits. Pure: plan in, plain card data out; fitCommandsCard also expands the template to check its size.
 *
 * Commands go in a Teams CodeBlock (a copy button on desktop and web) whose fallback, for mobile and the Agents
 * Playground, is one monospace TextBlock per line. Buttons are `{ typed }` submits that run a typed command, so
 * they work in Teams and the Playground alike and need only the text routes (see COMMANDS_CARD_COMMANDS).
 *
 * Every value the template reads is present (empty strings, empty arrays, booleans for `$when`), because
 * adaptivecards-templating silently drops a property whose expression is undefined.
 */
import type { CommandPlan, CommandSide, CommandStep, EnvironmentCommands } from '../domain/commands/index.js';
import { SIDE_LABELS } from '../domain/commands/index.js';
import { listText, plural } from '../domain/text.js';
import { cardUtf16Bytes, sourceText } from './eligibilityView.js';
import { renderCard } from './renderer.js';

export const COMMANDS_TEMPLATE = 'commands';

/** The typed commands behind the buttons of the commands and packaging cards (the text routes must exist). */
export const COMMANDS_COMMAND = 'commands';
export const PACKAGING_COMMAND = 'packaging';
export const SEND_COMMANDS_COMMAND = 'send commands to';
export const COMMANDS_CARD_COMMANDS = [COMMANDS_COMMAND, PACKAGING_COMMAND] as const;

/** The two admins who each get a card. */
export const ADMIN_SIDES = ['source', 'destination'] as const;
export type AdminSide = (typeof ADMIN_SIDES)[number];

/** Teams rejects a message over about 100 KB (UTF-16) and recommends 80 KB; each card stays within 60 KB. */
export const COMMANDS_CARD_BUDGET = 60_000;
/** Names longer than this are cut on the cards (the full name stays in the plan and the Markdown). */
const MAX_NAME = 120;
const MAX_LISTED = 8;

/** `commands <id> <environment>`, with ` in admin center` for the click route. */
export function commandsCommand(assessmentId: string, environment?: string, route: CommandPlan['route'] = 'powershell'): string {
  return [COMMANDS_COMMAND, assessmentId, environment ?? '', route === 'admin-center' ? 'in admin center' : '']
    .filter((part) => part !== '').join(' ');
}

/** `packaging <id> <environment>`. */
export function packagingCommand(assessmentId: string, environment?: string): string {
  return [PACKAGING_COMMAND, assessmentId, environment ?? ''].filter((part) => part !== '').join(' ');
}

export interface CommandLineView {
  text: string;
}

export interface CommandStepView {
  isOwn: boolean;
  number: string;
  heading: string;
  waitText: string;
  purpose: string;
  hasCommand: boolean;
  command: string;
  commandLines: CommandLineView[];
  hasClicks: boolean;
  clicksText: string;
  hasSource: boolean;
  sourceText: string;
}

export interface CardButtonView {
  title: string;
  typed: string;
}

export interface CommandsCardView {
  assessmentId: string;
  side: AdminSide;
  title: string;
  subtitle: string;
  facts: Array<{ title: string; value: string }>;
  intro: string;
  hasSupport: boolean;
  supportText: string;
  canMove: boolean;
  blockedText: string;
  steps: CommandStepView[];
  hasOthers: boolean;
  othersText: string;
  /** Said when the step explanations were left off to keep the card within the Teams message size. */
  isShortened: boolean;
  shortenedNote: string;
  footer: string;
  buttons: CardButtonView[];
}

export interface CommandsCardOptions {
  assessmentId: string;
  side: AdminSide;
  /** The environment shown; default: the first that can move, else the first. */
  environment?: string;
  /** `brief` leaves the purposes out (only when the full card is over budget). Default `full`. */
  detail?: 'full' | 'brief';
}

/** Card text is expanded by the templating engine: a user's "${" must stay text. */
function safe(text: string): string {
  return text.replace(/\$\{/g, '$\u200B{');
}

function shortName(name: string): string {
  const chars = Array.from(name.replace(/\s+/g, ' '));
  return safe(chars.length > MAX_NAME ? `${chars.slice(0, MAX_NAME - 3).join('')}...` : chars.join(''));
}

/** The environment a card shows: by name (case aside), else the first that can move, else the first. */
export function pickEnvironment(plan: CommandPlan, name?: string): EnvironmentCommands | undefined {
  if (name !== undefined) return plan.environments.find((env) => env.name.toLowerCase() === name.trim().toLowerCase());
  return plan.environments.find((env) => env.canMove) ?? plan.environments[0];
}

const INTRO: Readonly<Record<AdminSide, (plan: CommandPlan) => string>> = {
  source: (plan) => plan.route === 'powershell'
    ? `For the administrator of ${plan.sourceTenant}. Run your steps in order in PowerShell, signed in to your own tenant; the destination admin's steps are shown where you wait for them.`
    : `For the administrator of ${plan.sourceTenant}. Follow your steps in order in the Power Platform admin center; the destination admin's steps are shown where you wait for them.`,
  destination: (plan) => plan.route === 'powershell'
    ? `For the administrator of ${plan.destinationTenant}. Run your steps in PowerShell, signed in to your own tenant, when the source admin has submitted the request.`
    : `For the administrator of ${plan.destinationTenant}. Follow your steps in the Power Platform admin center when the source admin has submitted the request.`,
};

function stepView(step: CommandStep, index: number, side: AdminSide, detail: 'full' | 'brief'): CommandStepView {
  const own = step.side === side;
  const number = String(index + 1);
  const who = SIDE_LABELS[step.side as CommandSide];
  const command = step.command ?? '';
  return {
    isOwn: own,
    number,
    heading: safe(`${number}. ${step.step}`),
    waitText: own ? '' : safe(`${number}. ${who}: ${step.step}`),
    purpose: own && detail === 'full' ? safe(step.purpose) : '',
    hasCommand: own && command !== '',
    command: own ? safe(command) : '',
    commandLines: own ? command.split('\n').filter((line) => line.trim() !== '').map((line) => ({ text: safe(line) })) : [],
    hasClicks: own && (step.clicks?.length ?? 0) > 0,
    clicksText: own ? safe((step.clicks ?? []).map((click, i) => `${i + 1}. ${click}`).join('\n')) : '',
    hasSource: own && detail === 'full',
    sourceText: own && detail === 'full' ? `${sourceText(step.source)} (${step.sourceDate})` : '',
  };
}

export function commandsCardView(plan: CommandPlan, options: CommandsCardOptions): CommandsCardView {
  const env = pickEnvironment(plan, options.environment);
  if (!env) throw new Error('commandsCardView: the plan has no such environment');
  const id = safe(options.assessmentId);
  const detail = options.detail ?? 'full';
  const side = options.side;
  const movable = plan.environments.filter((e) => e.canMove);
  const blocked = plan.environments.filter((e) => !e.canMove);
  const position = movable.indexOf(env);
  const others = plan.environments.filter((e) => e !== env);

  const buttons: CardButtonView[] = [];
  if (env.canMove && movable.length > 1) {
    const previous = movable[(position - 1 + movable.length) % movable.length]!;
    const next = movable[(position + 1) % movable.length]!;
    buttons.push({ title: `Next: ${shortName(next.name)}`, typed: safe(commandsCommand(options.assessmentId, next.name, plan.route)) });
    if (movable.length > 2) buttons.push({ title: `Back: ${shortName(previous.name)}`, typed: safe(commandsCommand(options.assessmentId, previous.name, plan.route)) });
  }
  if (env.canMove) {
    const other = plan.route === 'powershell' ? 'admin-center' : 'powershell';
    buttons.push({
      title: other === 'admin-center' ? 'Admin center clicks instead' : 'PowerShell instead',
      typed: safe(commandsCommand(options.assessmentId, env.name, other)),
    });
    buttons.push({ title: 'Apps and flows', typed: safe(packagingCommand(options.assessmentId, env.name)) });
  }

  const othersText = others.length === 0 ? '' : [
    movable.length - (env.canMove ? 1 : 0) > 0
      ? `${plural(movable.length - (env.canMove ? 1 : 0), 'other environment', 'other environments')} can move: ask for their commands by name.`
      : '',
    blocked.filter((e) => e !== env).length > 0
      ? `Cannot move: ${listText(blocked.filter((e) => e !== env).slice(0, MAX_LISTED).map((e) => shortName(e.name)))}`
        + `${blocked.length - 1 > MAX_LISTED ? ` and ${blocked.length - 1 - MAX_LISTED} more` : ''} (the eligibility card says why).`
      : '',
  ].filter((part) => part !== '').join(' ');

  return {
    assessmentId: id,
    side,
    title: `Move commands: ${SIDE_LABELS[side].toLowerCase()}`,
    subtitle: `${shortName(env.name)}: ${safe(plan.sourceTenant)} to ${safe(plan.destinationTenant)}`,
    facts: [
      { title: 'Environment', value: shortName(env.name) },
      { title: 'Environment ID', value: env.environmentId ?? 'Not in the profile: the steps ask for it' },
      { title: 'Route', value: plan.route === 'powershell' ? `PowerShell (module ${plan.moduleMinimumVersion} or later)` : 'Power Platform admin center' },
      ...(movable.length > 1 && env.canMove ? [{ title: 'Position', value: `${position + 1} of ${movable.length} that can move` }] : []),
    ],
    intro: safe(INTRO[side](plan)),
    hasSupport: env.supportNotes.length > 0,
    supportText: env.supportNotes.length > 0 ? safe(`Microsoft support first: ${env.supportNotes.join('; ')}.`) : '',
    canMove: env.canMove,
    blockedText: env.canMove ? '' : safe(`${shortName(env.name)} cannot move: ${env.blockers.map((b) => b.title).join('; ')}.`),
    steps: env.steps.map((step, i) => stepView(step, i, side, detail)),
    hasOthers: othersText !== '',
    othersText: safe(othersText),
    isShortened: detail === 'brief',
    shortenedNote: detail === 'brief' ? 'The explanations are left off to fit Teams: npm run commands gives the full text.' : '',
    footer: `Assessment ${id} · to give this card to the admin who runs it, type **${SEND_COMMANDS_COMMAND} {their name} ${side} ${id} ${shortName(env.name)}**.`,
    buttons,
  };
}

export interface FittedCommandsCard {
  card: Record<string, unknown>;
  view: CommandsCardView;
  bytes: number;
}

/** The card at full detail, or without the explanations when that is over budget. */
export function fitCommandsCard(
  plan: CommandPlan,
  options: Omit<CommandsCardOptions, 'detail'>,
  budget: number = COMMANDS_CARD_BUDGET,
  render: (view: CommandsCardView) => Record<string, unknown> = (view) => renderCard(COMMANDS_TEMPLATE, view),
): FittedCommandsCard {
  let fitted: FittedCommandsCard | undefined;
  for (const detail of ['full', 'brief'] as const) {
    const view = commandsCardView(plan, { ...options, detail });
    const card = render(view);
    fitted = { card, view, bytes: cardUtf16Bytes(card) };
    if (fitted.bytes <= budget) break;
  }
  return fitted!;
}

/** Both admins' cards for one environment, source first. */
export function commandsCards(
  plan: CommandPlan, options: Omit<CommandsCardOptions, 'detail' | 'side'>,
): FittedCommandsCard[] {
  return ADMIN_SIDES.map((side) => fitCommandsCard(plan, { ...options, side }));
}
