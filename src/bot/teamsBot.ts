/**
 * The Teams edge: routes messages to the active dialog or the command table, welcomes on install, answers card
 * invokes through the verb table. Product knowledge lives in src/domain; this class only translates.
 */
import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type ConversationState,
  type FileConsentCardResponse,
  MessageFactory,
  TeamsActivityHandler,
  type TurnContext,
  type UserState,
  type StatePropertyAccessor,
} from 'botbuilder';
import { DialogSet, type Dialog, type DialogState } from 'botbuilder-dialogs';
import { messageHandled } from '../dialogs/outcome.js';
import { cardAttachment } from '../cards/renderer.js';
import { helpCardView, welcomeCardView } from '../cards/views.js';
import type { Logger } from '../logging.js';
import { CommandRouter, normaliseCommandText, type Scope } from './commands.js';
import { SKIP_TRANSCRIPT } from './transcriptMiddleware.js';
import { messageText, scopeOf, tenantOf, useTypedText, userOf } from './turnInfo.js';
import type { VerbTable } from './verbs.js';
import { messageResponse } from './invokeResponse.js';
import { selectRoute } from './routeSelector.js';
import type { ConversationHooks } from '../proactive/conversationReferenceStore.js';
import { ownHandler } from '../http/activityValidator.js';

export interface ForgetTarget {
  channelId: string;
  conversationId: string;
  /** The channel account id (state keys use it). */
  userId: string;
  /** userOf(): the id the product's records use. */
  userKey: string;
  tenantId: string;
  /** personal, channel or groupChat: in shared conversations only the person's own data is deleted. */
  conversationType?: string;
}
export interface ForgetReport {
  /** What was deleted, e.g. [{ what: 'transcript messages', count: 42 }]. */
  items: Array<{ what: string; count: number }>;
}
export type Forgetter = (target: ForgetTarget) => Promise<ForgetReport>;

/** Hooks called on every turn so stored conversation addresses stay fresh (proactive/conversationReferenceStore.ts). */
export type { ConversationHooks } from '../proactive/conversationReferenceStore.js';

export interface BotDeps {
  conversationState: ConversationState;
  userState: UserState;
  logger: Logger;
  forget: Forgetter;
  /** Extra commands (features register theirs); help, forget me and cancel are built in. */
  configureCommands?: (router: CommandRouter) => void;
  dialogs?: Dialog[];
  verbs?: VerbTable;
  /**
   * Action.Submit handlers for cards outside a dialog, keyed by the submitted data's `action` field
   * (e.g. a form card submits { action: 'profileForm.assess', ...inputs }).
   */
  submits?: Record<string, SubmitHandler>;
  hooks?: ConversationHooks;
  /**
   * Messages that carry a file (Teams personal-chat uploads often arrive with no text), asked after the active
   * dialog and before card submits, unless the text is a command; returns true when it handled the message.
   */
  files?: (context: TurnContext) => Promise<boolean>;
  /** The user's answer to a FileConsentCard (`fileConsent/invoke`); without it Teams gets 501. */
  fileConsent?: FileConsentHandlers;
}

export type SubmitHandler = (context: TurnContext, value: Record<string, unknown>) => Promise<void>;

export interface FileConsentHandlers {
  accept(context: TurnContext, response: FileConsentCardResponse): Promise<void>;
  decline(context: TurnContext, response: FileConsentCardResponse): Promise<void>;
}

interface ConversationFlags {
  welcomed?: boolean;
}

export class MigrationBot extends TeamsActivityHandler {
  readonly commands = new CommandRouter();
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly flags: StatePropertyAccessor<ConversationFlags>;
  private readonly dialogSet: DialogSet;

  constructor(private readonly deps: BotDeps) {
    super();
    this.dialogState = deps.conversationState.createProperty<DialogState>('dialogState');
    this.flags = deps.conversationState.createProperty<ConversationFlags>('flags');
    this.dialogSet = new DialogSet(this.dialogState);
    for (const d of deps.dialogs ?? []) this.dialogSet.add(d);

    this.registerBuiltInCommands();
    deps.configureCommands?.(this.commands);

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.deps.hooks?.onInstalled?.(context);
      await this.welcomeOnce(context);
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      await this.deps.hooks?.onUninstalled?.(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      if ((context.activity.membersAdded ?? []).some((m) => m.id === botId)) {
        await this.deps.hooks?.onInstalled?.(context);
        await this.welcomeOnce(context);
      }
      await next();
    });
    this.onTeamsTeamDeletedEvent(async (_team, context, next) => {
      await this.deps.hooks?.onUninstalled?.(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await this.deps.hooks?.onActivity?.(context);
    await super.run(context);
    if (context.turnState.get(SKIP_TRANSCRIPT)) return; // the conversation was just forgotten: write nothing back
    await this.deps.conversationState.saveChanges(context, false);
    await this.deps.userState.saveChanges(context, false);
  }

  /** The card verbs this bot answers (test/bot/verbTable.test.ts checks every card's verb is here). */
  verbNames(): string[] {
    return Object.keys(this.deps.verbs ?? {});
  }

  /** Clears dialog state after a failure so the conversation is never stuck (called from onTurnError). */
  async resetConversation(context: TurnContext): Promise<void> {
    await this.deps.conversationState.delete(context);
    await this.deps.conversationState.saveChanges(context, true);
  }

  protected override async handleTeamsFileConsentAccept(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    if (!this.deps.fileConsent) return super.handleTeamsFileConsentAccept(context, response);
    await this.deps.fileConsent.accept(context, response);
  }

  protected override async handleTeamsFileConsentDecline(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    if (!this.deps.fileConsent) return super.handleTeamsFileConsentDecline(context, response);
    await this.deps.fileConsent.decline(context, response);
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const verb = invokeValue.action?.verb ?? '';
    const handler = ownHandler(this.deps.verbs, verb);
    if (!handler) {
      this.deps.logger.warn('unknown card verb', { verb });
      return messageResponse('That button is no longer supported. Type help to see what I can do.');
    }
    return handler(context, invokeValue.action.data ?? {});
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const scope = scopeOf(context);
    const value = context.activity.value;
    const valueObject = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    let text = normaliseCommandText(messageText(context));
    // Buttons that stand for a typed command submit { typed: "..." } rather than Teams' imBack, which the
    // Agents Playground cannot send; in Teams both arrive as a message, so the command runs as if typed.
    if (text === '' && typeof valueObject?.typed === 'string') {
      useTypedText(context, valueObject.typed);
      text = normaliseCommandText(valueObject.typed);
    }
    const dc = await this.dialogSet.createContext(context);
    const submitAction = typeof valueObject?.action === 'string' && ownHandler(this.deps.submits, valueObject.action) ? valueObject.action : undefined;
    const found = text !== '' ? this.commands.match(text, scope) : undefined;
    const steps = selectRoute({
      text,
      submitAction,
      hasCardData: !!valueObject,
      hasActiveDialog: !!dc.activeDialog,
      isCommand: !!found,
      hasFileHandler: !!this.deps.files,
    });
    for (const step of steps) {
      switch (step.kind) {
        case 'submit':
          await ownHandler(this.deps.submits, step.action)!(context, valueObject!);
          return;
        case 'forget-me':
          await this.forgetMe(context, true);
          return;
        case 'dialog':
          if (messageHandled(await dc.continueDialog())) return;
          break;
        case 'file':
          if (await this.deps.files!(context)) return;
          break;
        case 'stale-card':
          await context.sendActivity('That card belongs to something that has already finished. Type **help** to see what I can do, or **check eligibility** to start a new check.');
          return;
        case 'no-text':
          await context.sendActivity('I can only read text here. Type **help** to see what I can do.');
          return;
        case 'command':
          await found!.command.run({ turn: context, dialogs: dc, text, match: found!.match, scope });
          return;
        case 'unknown':
          await context.sendActivity(unknownTextReply(text));
          return;
      }
    }
  }

  private registerBuiltInCommands(): void {
    this.commands.register(
      {
        id: 'help',
        usage: 'help',
        description: 'Show what I can do and how to ask.',
        pattern: /^(help|\?|what can you do|menu)$/i,
        scopes: ['personal', 'team', 'groupChat'],
        run: async ({ turn, scope }) => {
          await turn.sendActivity(MessageFactory.attachment(cardAttachment('help', helpCardView(this.commands.listed(scope), scope))));
        },
      },
      {
        id: 'welcome',
        usage: 'hello',
        description: 'Show the welcome card again.',
        pattern: /^(hi|hello|hey|start|get started|welcome)$/i,
        scopes: ['personal', 'team', 'groupChat'],
        hidden: true,
        run: async ({ turn, scope }) => {
          await turn.sendActivity(MessageFactory.attachment(cardAttachment('welcome', welcomeCardView(this.commands.listed(scope), scope))));
        },
      },
      {
        id: 'cancel',
        usage: 'cancel',
        description: 'Stop what we are doing.',
        pattern: /^(cancel|stop|quit|exit|never ?mind)$/i,
        scopes: ['personal', 'team', 'groupChat'],
        hidden: true,
        run: async ({ turn }) => {
          await turn.sendActivity('There is nothing to cancel right now. Type **help** to see what I can do.');
        },
      },
      {
        id: 'forget-me',
        usage: 'forget me',
        description: 'Delete what I keep about you and this conversation.',
        pattern: /^forget me$/i,
        scopes: ['personal', 'team', 'groupChat'],
        run: async ({ turn }) => this.forgetMe(turn, false),
      },
    );
  }

  private async forgetMe(context: TurnContext, hadDialog: boolean): Promise<void> {
    const a = context.activity;
    const report = await this.deps.forget({
      channelId: a.channelId,
      conversationId: a.conversation.id,
      userId: a.from.id,
      userKey: userOf(context).id,
      tenantId: tenantOf(context),
      conversationType: a.conversation.conversationType,
    });
    context.turnState.set(SKIP_TRANSCRIPT, true);
    const deleted = report.items.filter((i) => i.count > 0);
    const lines = deleted.map((i) => `- ${i.count} ${i.what}`);
    // In a channel each thread is its own conversation, and the conversation's shared state is not one person's.
    const where = a.conversation.conversationType === 'channel'
      ? '\n\nThis covered this channel thread; say **forget me** in other threads too. '
      : a.conversation.conversationType === 'groupChat' ? '\n\nThis covered this group chat. ' : '\n\n';
    const text = deleted.length === 0
      ? `Done. I had nothing stored about you here.${where.trim() ? ` ${where.trim()}` : ''}`
      : `Done. I deleted:\n\n${lines.join('\n')}${hadDialog && scopeOf(context) === 'personal' ? '\n\nThe questions we were in the middle of are gone too.' : ''}${where}This reply is not kept either. Records other people own (for example a shared checklist) stay with them.`;
    await context.sendActivity(text);
  }

  private async welcomeOnce(context: TurnContext): Promise<void> {
    const flags = await this.flags.get(context, {});
    if (flags.welcomed) return;
    flags.welcomed = true;
    await this.flags.set(context, flags);
    const scope = scopeOf(context);
    await context.sendActivity(MessageFactory.attachment(cardAttachment('welcome', welcomeCardView(this.commands.listed(scope), scope))));
  }
}


function unknownTextReply(text: string): string {
  const shown = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return `I don't know "${shown}" yet. Type **help** to see what I can do.`;
}
