/**
 * Move commands and packaging in Teams, the application service: `commands [assessment id] [environment]
 * [in admin center]` answers with one card per admin (source, destination) for one environment, `packaging
 * [assessment id] [environment]` with the packaging card, and `send commands to {person} {source|destination}
 * [assessment id] [environment]` sends one admin's card to the person who runs it, in a 1:1 chat, through the
 * Notifier port.
 *
 * Plain inputs in, replies out: it never sees the SDK. The Teams route file (src/bot/commandsRoutes.ts) parses
 * nothing but the command word and translates the replies. The steps and routes are the pure domain in
 * src/domain/commands; the cards are src/cards/commandsView.ts and packagingView.ts.
 *
 * Which assessment: an id-less `commands Sales` is ambiguous, because an environment name can look like an id. The
 * first word is tried as an assessment id of this organisation (tenant-scoped); when it is not one, the words are an
 * environment of the person's latest assessment. Every answer says which assessment it used.
 */
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../cards/renderer.js';
import { commandsCards, fitCommandsCard, pickEnvironment, type AdminSide } from '../cards/commandsView.js';
import { fitPackagingCard } from '../cards/packagingView.js';
import { levenshtein } from '../domain/assessment/inputParsing.js';
import { cleanQuery, matchRecipients, type Recipient } from '../domain/checklist/recipients.js';
import {
  buildCommandPlan, buildPackagingPlan, SIDE_LABELS,
  type CommandBlocker, type CommandPlan, type CommandRoute, type CommandsIssue, type EnvironmentCommands,
} from '../domain/commands/index.js';
import { formatUtc, listText, plural } from '../domain/text.js';
import type { Logger } from '../logging.js';
import type { ConversationReferenceStore } from '../proactive/conversationReferenceStore.js';
import { baseConversationId } from '../proactive/conversationIds.js';
import { describeFailure, type Notifier, type OutboundActivity, type Reference, type SendFailure } from '../proactive/notifier.js';
import type { AssessmentRepository, StoredAssessment } from '../records/assessmentRepository.js';
import type { TurnFacts } from './turn.js';

/** What the edge posts in the conversation, in order: plain text, or a rendered card with its notification text. */
export type CommandsReply = { text: string } | { card: Record<string, unknown>; summary: string };

/** The people a person can be found among (the team in a channel, the chat's members elsewhere). */
export interface PeopleLookup {
  /** The first person @mentioned in the message (not the bot), completed with email and Entra id when possible. */
  mention?: () => Promise<Recipient | undefined>;
  members(): AsyncIterable<Recipient>;
}

/** What opening a 1:1 chat needs from the turn, besides the tenant. */
export interface SendTarget {
  serviceUrl: string;
  /** The bot's channel account id (28:...). */
  botId?: string;
  /** The sender's Teams user id (29:...), to notice someone sending the card to themselves. */
  fromId?: string;
}

export interface CommandsServiceDeps {
  assessments: AssessmentRepository;
  notifier: Notifier;
  /** Stored 1:1 chats, so a person the bot already talks to is reached in that chat. */
  references: Pick<ConversationReferenceStore, 'forUser'>;
  logger: Logger;
}

export type CommandsService = ReturnType<typeof commandsService>;

/** Typed-command words, as the route file matches them. */
export const COMMANDS_PATTERN = /^(?:(?:show|get|give) (?:me )?(?:the )?)?(?:move )?commands(?: (.+))?$/i;
export const PACKAGING_PATTERN = /^(?:(?:show|get|give) (?:me )?(?:the )?)?packaging(?: (.+))?$/i;
export const SEND_COMMANDS_PATTERN = /^(?:send|share) (?:the |my )?(?:move )?commands(?: (?:to|with))?(?: (.+))?$/i;

const ID_SHAPE = /^[a-z0-9]{4,32}$/i;
/** ` in admin center`, ` in the admin centre`, ` via admin center` (and ` in powershell`) at the end. */
const ROUTE_SUFFIX = /\s+(?:in|via|with|using)\s+(?:the\s+)?(?:(?:power platform\s+)?admin\s+cent(?:er|re)|powershell)$/i;
const MAX_SHOWN = 60;
const MAX_LISTED = 10;

/**
 * Text a person typed, or a name from a profile, made safe to repeat in a Markdown reply: control characters
 * gone, one line, cut short, Markdown and HTML characters escaped.
 */
export function shown(text: string, max = MAX_SHOWN): string {
  const flat = Array.from(text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim());
  const cut = flat.length > max ? `${flat.slice(0, max - 3).join('')}...` : flat.join('');
  return cut.replace(/[\\`*_~[\]|#]/g, (c) => `\\${c}`).replace(/</g, '\u2039').replace(/>/g, '\u203a').replace(/\$\{/g, '$\u200B{');
}

/** An environment name as typed buttons and people write it: spaces collapsed, case and end punctuation aside. */
function nameKey(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, ' ').trim().replace(/[.!?]+$/, '').trim().toLowerCase();
}

/** The profile's environment a person meant, by name. */
function findEnvironment(record: StoredAssessment, wanted: string): string | undefined {
  const key = nameKey(wanted);
  return record.profile.environments.find((env) => nameKey(env.name) === key)?.name;
}

/** The closest of `candidates` to what was typed, within a few typing slips; undefined when none is close. */
function closest(typed: string, candidates: readonly string[]): string | undefined {
  const key = typed.toLowerCase();
  let best: { value: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = levenshtein(key, candidate.toLowerCase());
    const allowed = Math.max(1, Math.min(3, Math.floor(candidate.length / 3)));
    if (distance <= allowed && (!best || distance < best.distance)) best = { value: candidate, distance };
  }
  return best?.value;
}

/** Splits ` in admin center` off the end. */
export function parseRoute(args: string): { rest: string; route: CommandRoute } {
  const m = ROUTE_SUFFIX.exec(args);
  if (!m) return { rest: args, route: 'powershell' };
  return { rest: args.slice(0, m.index).trim(), route: /powershell$/i.test(m[0]) ? 'powershell' : 'admin-center' };
}

/** `Adele Vance destination k7m2q9xd Sales` -> person, side, and what follows the side. */
export function parseSendArgs(args: string): { person: string; side: AdminSide | undefined; rest: string } {
  const words = args.trim() === '' ? [] : args.trim().split(' ');
  const at = words.findIndex((w) => /^(source|destination)$/i.test(w));
  if (at === -1) return { person: words.join(' '), side: undefined, rest: '' };
  let after = at + 1;
  if (/^(admin|administrator|side)$/i.test(words[after] ?? '')) after++;
  return {
    person: words.slice(0, at).join(' '),
    side: words[at]!.toLowerCase() as AdminSide,
    rest: words.slice(after).join(' '),
  };
}

type Resolved =
  | { ok: true; record: StoredAssessment; environment: string | undefined; latest: boolean }
  | { ok: false; text: string };

interface Problem { ok: false; text: string }

export function commandsService(deps: CommandsServiceDeps) {
  const { assessments, notifier, references, logger } = deps;

  const describeRecord = (record: StoredAssessment): string =>
    `**${record.id}** (${shown(record.profile.source.tenantDomain)} to ${shown(record.profile.destination.tenantDomain)}, ${formatUtc(record.createdAt)})`;

  /**
   * The assessment and environment a person means. `verb` is the command word for the hints
   * (`commands`, `packaging`, `send commands to Adele source`).
   */
  const resolve = async (facts: TurnFacts, args: string, verb: string): Promise<Resolved> => {
    const words = args === '' ? [] : args.split(' ');
    const first = words[0] ?? '';
    if (ID_SHAPE.test(first)) {
      const record = await assessments.get(facts.tenantId, first.toLowerCase());
      if (record) return { ok: true, record, environment: words.slice(1).join(' ') || undefined, latest: false };
    }
    const recent = await assessments.recent(facts.tenantId, facts.user.id, 10);
    const latest = recent[0] ? await assessments.get(facts.tenantId, recent[0].id) : undefined;
    if (!latest) {
      const unknown = ID_SHAPE.test(first) && words.length === 1
        ? `I don't know an assessment "${shown(first)}" in your organisation, and you have no saved assessments yet. `
        : 'You have no saved assessments yet, so there are no move commands to give. ';
      return {
        ok: false,
        text: `${unknown}Type **check eligibility** (or **assess with a form**) first; the commands come from its result. `
          + `A colleague's assessment works too: **${verb} {assessment id}**.`,
      };
    }
    if (args === '' || findEnvironment(latest, args)) return { ok: true, record: latest, environment: args || undefined, latest: true };
    // Not an environment of the latest assessment either: was it a mistyped id?
    if (ID_SHAPE.test(first)) {
      const guess = closest(first, recent.map((r) => r.id));
      const rest = words.slice(1).join(' ');
      if (guess) {
        return { ok: false, text: `I don't know an assessment "${shown(first)}" in your organisation. Did you mean **${verb} ${guess}${rest ? ` ${shown(rest)}` : ''}**? Type **my assessments** to see yours.` };
      }
      const nearEnvironment = closest(nameKey(args), latest.profile.environments.map((env) => nameKey(env.name)));
      if (words.length === 1 && nearEnvironment === undefined) {
        return {
          ok: false,
          text: `"${shown(first)}" is neither an assessment in your organisation nor an environment of your latest assessment ${describeRecord(latest)}. `
            + `${environmentHint(latest, verb, true)} Type **my assessments** to see your assessments.`,
        };
      }
    }
    return { ok: true, record: latest, environment: args, latest: true };
  };

  /** "Its environments: Sales, Ops (type commands k7m2 Sales)." */
  const environmentHint = (record: StoredAssessment, verb: string, withId: boolean): string => {
    const names = record.profile.environments.map((env) => env.name);
    const listed = names.slice(0, MAX_LISTED).map((n) => `**${shown(n, 80)}**`);
    const more = names.length > MAX_LISTED ? ` and ${names.length - MAX_LISTED} more` : '';
    return `Its environments: ${listText(listed)}${more}; for example **${verb}${withId ? ` ${record.id}` : ''} ${shown(names[0] ?? '', 80)}**.`;
  };

  /** The environment's real name, or a reply listing the ones there are. */
  const environmentOf = (record: StoredAssessment, wanted: string | undefined, verb: string, movable?: readonly string[]): { ok: true; name: string | undefined } | Problem => {
    if (wanted === undefined) return { ok: true, name: undefined };
    const name = findEnvironment(record, wanted);
    if (name !== undefined) return { ok: true, name };
    const names = record.profile.environments.map((env) => env.name);
    const guess = closest(nameKey(wanted), names.map(nameKey));
    const guessed = guess === undefined ? undefined : names.find((n) => nameKey(n) === guess);
    const pool = movable ?? names;
    const listed = pool.slice(0, MAX_LISTED).map((n) => `**${shown(n, 80)}**`);
    const more = pool.length > MAX_LISTED ? ` and ${pool.length - MAX_LISTED} more` : '';
    const which = movable
      ? (pool.length === 0 ? 'None of its environments can move as things stand.' : `The ones that can move: ${listText(listed)}${more}.`)
      : `Its environments: ${listText(listed)}${more}.`;
    return {
      ok: false,
      text: `Assessment ${describeRecord(record)} has no environment called "${shown(wanted)}". `
        + `${guessed ? `Did you mean **${verb} ${record.id} ${shown(guessed, 80)}**? ` : ''}${which}`,
    };
  };

  const planOf = (record: StoredAssessment, route: CommandRoute, environment: string | undefined): { ok: true; plan: CommandPlan } | Problem => {
    const full = buildCommandPlan(record.profile, record.assessment, { route });
    if (full.ok) return full;
    // A value in another environment that cannot be made safe must not stop this one's commands.
    if (environment !== undefined) {
      const one = buildCommandPlan(record.profile, record.assessment, { route, environment });
      if (one.ok) return one;
    }
    logger.info('commands not built', { assessmentId: record.id, issues: full.issues.length });
    return { ok: false, text: inputProblemText(record, full.issues) };
  };

  const inputProblemText = (record: StoredAssessment, issues: readonly CommandsIssue[]): string => {
    const lines = issues.slice(0, MAX_LISTED).map((issue) => `- ${shown(issue.path, 40)}: ${shown(issue.message, 300)}`);
    return `I can't write safe commands for assessment ${describeRecord(record)}: a value in it cannot be put into PowerShell as it is.\n\n`
      + `${lines.join('\n')}${issues.length > MAX_LISTED ? `\n- and ${issues.length - MAX_LISTED} more` : ''}\n\n`
      + 'Correct the profile and assess it again (**assess with a form**, or **check eligibility**); the new assessment gets the commands.';
  };

  /** Why nothing (or this environment) can move, in words; blockers the whole migration shares are said once. */
  const blockedText = (record: StoredAssessment, plan: CommandPlan, only?: EnvironmentCommands): string => {
    const blocked = only ? [only] : plan.environments.filter((env) => !env.canMove);
    const key = (b: CommandBlocker): string => `${b.ruleId}|${b.title}`;
    const shared = plan.environments.length > 0
      ? plan.environments[0]!.blockers.filter((b) => plan.environments.every((env) => env.blockers.some((x) => key(x) === key(b))))
      : [];
    const sharedKeys = new Set(shared.map(key));
    const lines: string[] = [];
    if (shared.length > 0) lines.push(`- The whole migration: ${shared.map((b) => shown(b.title, 200)).join('; ')}`);
    for (const env of blocked.slice(0, MAX_LISTED)) {
      const own = env.blockers.filter((b) => !sharedKeys.has(key(b)));
      if (own.length > 0) lines.push(`- ${shown(env.name, 80)}: ${own.map((b) => shown(b.title, 200)).join('; ')}`);
    }
    if (blocked.length > MAX_LISTED) lines.push(`- and ${blocked.length - MAX_LISTED} more environments`);
    const movable = plan.environments.filter((env) => env.canMove);
    if (only) {
      const others = movable.length === 0
        ? 'No other environment of this assessment can move either.'
        : `${plural(movable.length, 'environment', 'environments')} can: ${listText(movable.slice(0, MAX_LISTED).map((e) => `**${shown(e.name, 80)}**`))}${movable.length > MAX_LISTED ? ` and ${movable.length - MAX_LISTED} more` : ''}; `
          + `for example **commands ${record.id} ${shown(movable[0]!.name, 80)}**.`;
      return `${shown(only.name, 80)} cannot move as things stand, so it gets no move commands:\n\n${lines.join('\n')}\n\n${others} `
        + `Type **open ${record.id}** for the findings and what to do about them.`;
    }
    return `None of the environments in assessment ${describeRecord(record)} can move as things stand, so there are no move commands yet:\n\n`
      + `${lines.join('\n')}\n\nType **open ${record.id}** for the findings and what to do about them, then assess again once they are resolved.`;
  };

  const which = (record: StoredAssessment, latest: boolean): string =>
    latest ? `your latest assessment ${describeRecord(record)}` : `assessment ${describeRecord(record)}`;

  /** The plan and the environment a card shows, or what to say instead. */
  const prepare = async (
    facts: TurnFacts, rawArgs: string | undefined, verb: string,
  ): Promise<{ ok: true; record: StoredAssessment; latest: boolean; plan: CommandPlan; env: EnvironmentCommands } | Problem> => {
    const whole = (rawArgs ?? '').trim();
    let { rest, route } = parseRoute(whole);
    if (rest !== whole) {
      // An environment whose name itself ends in "in admin center" wins over the route words.
      const literal = await resolve(facts, whole, verb);
      if (literal.ok && literal.environment !== undefined && findEnvironment(literal.record, literal.environment)) {
        rest = whole;
        route = 'powershell';
      }
    }
    const resolved = await resolve(facts, rest, verb);
    if (!resolved.ok) return resolved;
    const { record, latest } = resolved;
    const name = environmentOf(record, resolved.environment, verb);
    if (!name.ok) {
      const built = buildCommandPlan(record.profile, record.assessment, { route });
      const movable = built.ok ? built.plan.environments.filter((e) => e.canMove).map((e) => e.name) : undefined;
      return environmentOf(record, resolved.environment, verb, movable) as Problem;
    }
    const built = planOf(record, route, name.name);
    if (!built.ok) return built;
    const plan = built.plan;
    if (!plan.environments.some((env) => env.canMove)) return { ok: false, text: blockedText(record, plan) };
    const env = pickEnvironment(plan, name.name);
    if (!env) return { ok: false, text: `Assessment ${describeRecord(record)} has no environments.` };
    if (!env.canMove) return { ok: false, text: blockedText(record, plan, env) };
    return { ok: true, record, latest, plan, env };
  };

  // ---- commands -------------------------------------------------------------------------------------------------

  /** `commands [assessment id] [environment] [in admin center]`: a line saying what this is, then both admins' cards. */
  const commands = async (facts: TurnFacts, args: string | undefined): Promise<CommandsReply[]> => {
    const prepared = await prepare(facts, args, 'commands');
    if (!prepared.ok) return [{ text: prepared.text }];
    const { record, latest, plan, env } = prepared;
    const cards = commandsCards(plan, { assessmentId: record.id, environment: env.name });
    const movable = plan.environments.filter((e) => e.canMove).length;
    const how = plan.route === 'powershell' ? 'PowerShell steps' : 'admin center clicks';
    logger.info('commands shown', { assessmentId: record.id, route: plan.route, bytes: Math.max(...cards.map((c) => c.bytes)) });
    return [
      {
        text: `Move commands (${how}) for **${shown(env.name, 80)}** from ${which(record, latest)}: the source admin's card, then the destination admin's.`
          + `${movable > 1 ? ` ${plural(movable - 1, 'other environment', 'other environments')} can move too: use **Next** on a card.` : ''}`
          + ` To give a card to the admin who runs it, type **send commands to** {their name} **source** or **destination**.`,
      },
      ...cards.map((fitted, i) => ({
        card: fitted.card,
        summary: `Move commands for the ${SIDE_LABELS[i === 0 ? 'source' : 'destination'].toLowerCase()}: ${env.name}`,
      })),
    ];
  };

  // ---- packaging ------------------------------------------------------------------------------------------------

  /** `packaging [assessment id] [environment]`: how each kind of app and flow gets there, one environment a card. */
  const packaging = async (facts: TurnFacts, args: string | undefined): Promise<CommandsReply[]> => {
    const resolved = await resolve(facts, (args ?? '').trim(), 'packaging');
    if (!resolved.ok) return [{ text: resolved.text }];
    const { record, latest } = resolved;
    const name = environmentOf(record, resolved.environment, 'packaging');
    if (!name.ok) return [{ text: name.text }];
    const built = buildPackagingPlan(record.profile, record.assessment);
    if (!built.ok) return [{ text: inputProblemText(record, built.issues) }];
    const fitted = fitPackagingCard(built.plan, { assessmentId: record.id, environment: name.name });
    const shownEnv = built.plan.environments.find((e) => name.name === undefined ? false : e.name === name.name)
      ?? built.plan.environments.find((e) => e.entries.length > 0) ?? built.plan.environments[0];
    const listing = built.plan.environments.some((e) => e.entries.length > 0);
    logger.info('packaging shown', { assessmentId: record.id, bytes: fitted.bytes });
    return [
      {
        text: `Apps and flows for **${shown(shownEnv?.name ?? '', 80)}** from ${which(record, latest)}.`
          + (listing ? '' : ' The profile lists no apps, flows or other solutions for its environments, so the card has little to say: add them to the profile and assess again.'),
      },
      { card: fitted.card, summary: `Apps and flows: ${shownEnv?.name ?? ''}` },
    ];
  };

  // ---- send commands to -----------------------------------------------------------------------------------------

  const findRecipient = async (
    facts: TurnFacts, query: string, people: PeopleLookup, usage: string,
  ): Promise<{ ok: true; recipient: Recipient } | Problem> => {
    const mention = await people.mention?.();
    if (mention) return { ok: true, recipient: mention };
    const asked = cleanQuery(query);
    const scope = facts.conversation.scope;
    if (asked === '') {
      return { ok: false, text: `Who should get the commands? Type **${usage}**${scope === 'team' ? ', or @mention them' : ''}.` };
    }
    const members: Recipient[] = [];
    for await (const member of people.members()) members.push(member);
    const matches = matchRecipients(members, asked);
    if (matches.length === 1) return { ok: true, recipient: matches[0]! };
    if (matches.length > 1) {
      const listed = matches.slice(0, 5).map((m) => `- ${shown(m.name)}${m.email || m.userPrincipalName ? ` (${shown(m.email ?? m.userPrincipalName ?? '')})` : ''}`);
      return {
        ok: false,
        text: `More than one person matches "${shown(asked)}":\n\n${listed.join('\n')}${matches.length > 5 ? `\n- and ${matches.length - 5} more` : ''}`
          + '\n\nType **send commands to** and their full name or email address, then the side.',
      };
    }
    const stored = await references.forUser(facts.tenantId, asked);
    const user = stored?.reference.user;
    if (stored && user?.id) return { ok: true, recipient: { id: user.id, name: user.name ?? asked, aadObjectId: user.aadObjectId } };
    const where = scope === 'team' ? 'this team' : scope === 'groupChat' ? 'this group chat' : 'this chat';
    return {
      ok: false,
      text: `I couldn't find "${shown(asked)}" in ${where}. Check the spelling or use their email address. `
        + (scope === 'personal'
          ? 'In a personal chat I can only look people up by their Microsoft Entra object id; to send it by name, use a team channel you both belong to: **@Migration Readiness send commands to @their name source**.'
          : 'You can also @mention them.'),
    };
  };

  const unreachable = (name: string, reason: SendFailure, again: string): string => {
    const who = shown(name);
    switch (reason) {
      case 'not-in-conversation':
      case 'dead-reference':
      case 'not-found':
        return `I couldn't reach ${who}: Migration Readiness is not installed for them, so I can't start a chat with them. `
          + `Ask ${who} to open Teams, find Migration Readiness in Apps and send me any message (or ask your Teams admin to install the app for them), then type **${again}** again.`;
      case 'forbidden':
        return `I couldn't reach ${who}: Teams refused to let me start a chat with them. Usually Migration Readiness is not installed for them: `
          + `ask ${who} to open Teams, find Migration Readiness in Apps and send me any message, then type **${again}** again.`;
      case 'blocked':
        return `I couldn't reach ${who}: they have blocked or removed Migration Readiness. Ask them to add the app again and send me a message, then type **${again}** again.`;
      default:
        return `I couldn't send the commands to ${who}: ${describeFailure(reason)}. Try **${again}** again in a few minutes.`;
    }
  };

  /**
   * `send commands to {person} {source|destination} [assessment id] [environment] [in admin center]`. The card goes
   * to the person's 1:1 chat with the bot (never this turn's conversation, so awaiting the Notifier here is safe);
   * someone sending it to themselves in their own chat gets it right here.
   */
  const sendCommands = async (facts: TurnFacts, args: string | undefined, people: PeopleLookup, target: SendTarget): Promise<CommandsReply[]> => {
    const parsed = parseSendArgs((args ?? '').trim());
    const usage = 'send commands to {name or email} source** (or **destination';
    if (parsed.side === undefined) {
      const mention = await people.mention?.();
      const who = mention?.name ?? cleanQuery(parsed.person);
      if (who === '') return [{ text: `Who should get the commands, and which admin are they? Type **${usage}**, for example **send commands to Adele Vance destination**. Add an assessment id and an environment for another one than your latest.` }];
      return [{
        text: `Which admin is ${shown(who)}? Type **send commands to ${shown(who)} source** for the admin of the tenant the environments are in now, `
          + `or **send commands to ${shown(who)} destination** for the admin of the tenant they move to.`,
      }];
    }
    const side = parsed.side;
    const verb = `send commands to ${cleanQuery(parsed.person) || '{name}'} ${side}`;
    const prepared = await prepare(facts, parsed.rest, shown(verb));
    if (!prepared.ok) return [{ text: prepared.text }];
    const { record, plan, env } = prepared;
    const found = await findRecipient(facts, parsed.person, people, usage);
    if (!found.ok) return [{ text: found.text }];
    const recipient = found.recipient;
    const fitted = fitCommandsCard(plan, { assessmentId: record.id, side, environment: env.name });
    const sideLabel = SIDE_LABELS[side].toLowerCase();
    const tenant = side === 'source' ? plan.sourceTenant : plan.destinationTenant;
    const card: OutboundActivity = {
      type: 'message',
      summary: `Move commands for the ${sideLabel}: ${env.name}`,
      attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: fitted.card }],
    };
    const self = [recipient.id, recipient.aadObjectId]
      .some((x) => x !== undefined && [facts.user.id, target.fromId].some((y) => y !== undefined && y.toLowerCase() === x.toLowerCase()));
    if (self && facts.conversation.scope === 'personal') {
      return [
        { text: `That's you: here are the ${sideLabel}'s move commands for **${shown(env.name, 80)}** (assessment **${record.id}**).` },
        { card: fitted.card, summary: card.summary ?? '' },
      ];
    }
    const again = `send commands to ${cleanQuery(recipient.name)} ${side} ${record.id} ${env.name}`;
    const intro: OutboundActivity = {
      type: 'message',
      text: `${shown(facts.user.name)} sent you the move commands for the administrator of ${shown(tenant)}: environment **${shown(env.name, 80)}**, `
        + `moving from ${shown(plan.sourceTenant)} to ${shown(plan.destinationTenant)}. Run your steps in order; the card shows where you wait for the other admin.`,
    };

    // Reach the person first with a short note: in the chat the bot already has with them, else a new 1:1 chat.
    const here = baseConversationId(facts.conversation.id);
    const stored = await references.forUser(facts.tenantId, recipient.aadObjectId ?? recipient.id)
      ?? (recipient.aadObjectId ? await references.forUser(facts.tenantId, recipient.id) : undefined);
    let reached: { ok: true; reference: Reference } | { ok: false; reason: SendFailure } = { ok: false, reason: 'not-found' };
    if (stored && stored.dead === null && stored.conversationId !== here) {
      const sent = await notifier.send(stored.reference, intro);
      reached = sent.ok ? { ok: true, reference: stored.reference } : sent;
    }
    if (!reached.ok && (reached.reason === 'not-found' || reached.reason === 'dead-reference' || reached.reason === 'not-in-conversation')) {
      const created = await notifier.createPersonalConversation({
        tenantId: facts.tenantId, serviceUrl: target.serviceUrl, userId: recipient.id, botId: target.botId,
      }, intro);
      reached = created.ok ? { ok: true, reference: created.reference } : created;
    }
    if (!reached.ok) {
      logger.info('commands not sent', { assessmentId: record.id, side, reason: reached.reason });
      return [{ text: unreachable(recipient.name, reached.reason, shown(again)) }];
    }
    const posted = await notifier.send(reached.reference, card);
    if (!posted.ok) {
      logger.info('commands card not posted', { assessmentId: record.id, side, reason: posted.reason });
      return [{ text: `I reached ${shown(recipient.name)}, but the card did not go through: ${describeFailure(posted.reason)}. Try **${shown(again)}** again in a few minutes.` }];
    }
    logger.info('commands sent', { assessmentId: record.id, side, bytes: fitted.bytes });
    return [{
      text: `Sent. ${shown(recipient.name)} has the ${sideLabel}'s move commands for **${shown(env.name, 80)}** (assessment **${record.id}**, `
        + `${plan.route === 'powershell' ? 'PowerShell' : 'admin center clicks'}) in a personal chat with me.`,
    }];
  };

  return { commands, packaging, sendCommands };
}
