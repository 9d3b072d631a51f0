/**
 * CloudAdapter with authentication from Config, the per-conversation turn lock, the typing indicator, transcripts,
 * and onTurnError. The error handler logs the error with an id, tells the user a short apology with that id (never
 * the error text), and clears the conversation's dialog state so the conversation is never stuck. For a journaled
 * turn (a message or invoke with an id) the turn journal calls it under the turn's lease and keeps its answer as
 * the activity's record (src/bot/turnJournal.ts): a redelivery gets the same apology and error id.
 */
import { randomUUID } from 'node:crypto';
import {
  ActivityTypes,
  CloudAdapter,
  INVOKE_RESPONSE_KEY,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  ShowTypingMiddleware,
  type TurnContext,
} from 'botbuilder';
import type { Config } from './config.js';
import type { Logger } from './logging.js';
import { TurnLock } from './bot/turnLock.js';
import { TranscriptMiddleware, type ActivityLogger } from './bot/transcriptMiddleware.js';
import { MessageBudgetMiddleware } from './bot/messageBudget.js';
import { SenderTenantMiddleware } from './bot/senderTenant.js';
import { isRetryableTurnError, markRetry, TurnJournal, type JournalConversationState } from './bot/turnJournal.js';
import type { TurnLeases } from './storageFactory.js';
import { messageResponse } from './bot/invokeResponse.js';

/** The durable turn journal (state before replies, redelivery dedup) and, in blob mode, the turn leases. */
export interface JournalParts {
  conversationState: JournalConversationState;
  leases?: TurnLeases;
}

export interface AdapterParts {
  adapter: CloudAdapter;
  turnLock: TurnLock;
  /** Undefined in anonymous local mode; the server checks the Authorization header with it before reading a body. */
  auth?: ConfigurationBotFrameworkAuthentication;
}

export function createAdapter(config: Config, logger: Logger, transcripts?: ActivityLogger, journal?: JournalParts): AdapterParts {
  const settings = config.anonymous
    ? {}
    : {
        MicrosoftAppId: config.appId,
        MicrosoftAppPassword: config.appPassword,
        MicrosoftAppType: config.appType,
        MicrosoftAppTenantId: config.appTenantId,
      };
  const credentials = new ConfigurationServiceClientCredentialFactory(settings);
  const auth = new ConfigurationBotFrameworkAuthentication(settings, credentials);
  const adapter = new CloudAdapter(auth);
  const turnLock = new TurnLock();
  adapter.use(turnLock);
  adapter.use(new MessageBudgetMiddleware({ logger })); // every activity sent or updated, proactive ones too
  if (transcripts) adapter.use(new TranscriptMiddleware(transcripts, logger));
  if (config.typingDelayMs > 0) adapter.use(new ShowTypingMiddleware(config.typingDelayMs, 2500));
  // Last, so the transcript (and any send middleware registered above) sees the replies as they are held, and the
  // journal sends what they approved once the state is saved.
  if (journal) adapter.use(new TurnJournal(journal.conversationState, logger, journal.leases));
  // After the journal: a redelivery answered from it needs no roster read.
  adapter.use(new SenderTenantMiddleware({ logger }));
  return { adapter, turnLock, auth: config.anonymous ? undefined : auth };
}

export interface Resettable {
  resetConversation(context: TurnContext): Promise<void>;
}

export function installErrorHandler(adapter: Pick<CloudAdapter, "onTurnError">, logger: Logger, bot: Resettable): void {
  adapter.onTurnError = async (context, error) => {
    if (isRetryableTurnError(error)) {
      // Another instance saved this conversation in between, or holds its lease: nothing was sent, nothing is
      // reset; the request is answered 503 so the Bot Connector delivers it again.
      logger.warn('turn deferred for a retry', { reason: (error as Error).name === 'TurnLeaseBusy' ? 'lease-busy' : 'state-conflict', activityType: context.activity?.type });
      if (context.activity) markRetry(context.activity);
      return;
    }
    const errorId = randomUUID().slice(0, 8);
    const err = error as Error | undefined;
    logger.error('turn failed', {
      errorId,
      errorName: err?.name,
      errorMessage: err?.message,
      stack: err?.stack,
      activityType: context.activity?.type,
      channelId: context.activity?.channelId,
    });
    const type = context.activity?.type;
    if (type === ActivityTypes.Invoke) {
      // A failed card action must still answer the invoke, or Teams shows "Unable to reach app"; nothing is posted
      // in the conversation (refresh invokes fire for everyone viewing a card) and no conversation state is reset.
      const isCardAction = context.activity.name === 'adaptiveCard/action';
      context.turnState.set(INVOKE_RESPONSE_KEY, {
        type: ActivityTypes.InvokeResponse,
        value: isCardAction
          ? { status: 200, body: messageResponse(`Sorry, that didn't work. Try again in a moment; if it keeps failing, give your admin this reference: ${errorId}.`) }
          : { status: 500 },
      });
      return;
    }
    // Only answer what a person typed; never post errors for proactive, install or other system activities, and
    // never reset someone's conversation because a background send into it failed.
    if (type !== ActivityTypes.Message) return;
    try {
      await bot.resetConversation(context);
    } catch (resetError) {
      logger.error('could not reset conversation state', { errorId, errorName: (resetError as Error)?.name });
    }
    try {
      await context.sendActivity(
        `Sorry, something went wrong on my side. I have reset our conversation so you can start again (type **help**). If it happens again, give your admin this reference: **${errorId}**.`,
      );
    } catch (sendError) {
      logger.error('could not send the apology', { errorId, errorName: (sendError as Error)?.name });
    }
  };
}
