/**
 * The mailbox-move edge dialogs, thin wrappers over src/services/mailboxService.ts:
 * - MailboxInterviewDialog: `mailbox move`. The flat interview's state (plain JSON) is kept in the dialog stack,
 *   stored with the conversation, so a restarted bot continues at the same question; every decision (help, back,
 *   skip, restart, cancel, review, change) is the pure machine's.
 * - MailboxLogDialog: after `check mailbox log`, waits for one message holding the log (an upload or pasted text);
 *   `cancel` stops, help repeats the ask, other talk (a command, a card button) stops waiting and is answered as usual.
 */
import { ActivityTypes, type TurnContext } from 'botbuilder';
import { Dialog, DialogTurnStatus, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { MailboxReply, MailboxService } from '../services/mailboxService.js';
import { normaliseCommandText } from '../bot/commands.js';
import { messageText, turnFacts } from '../bot/turnInfo.js';

export const MAILBOX_DIALOG = 'mailboxMoveDialog';
export const MAILBOX_LOG_DIALOG = 'mailboxLogDialog';

/** Sends the service's replies as activities (route file: cards, files, text). */
export type SendReplies = (context: TurnContext, replies: MailboxReply[]) => Promise<void>;

/** What the log dialog needs from the route file: the uploaded files and the HTML copy of a message. */
export interface MessageFiles {
  uploads(context: TurnContext): Array<{ name: string; downloadUrl: string }>;
  html(context: TurnContext): string | null;
}

interface InterviewHolder {
  interview?: unknown;
}

export class MailboxInterviewDialog extends Dialog {
  constructor(private readonly service: MailboxService, private readonly send: SendReplies) {
    super(MAILBOX_DIALOG);
  }

  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const outcome = this.service.startInterview();
    (dc.activeDialog!.state as InterviewHolder).interview = outcome.state;
    await this.send(dc.context, outcome.replies);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const activity = dc.context.activity;
    if (activity.type !== ActivityTypes.Message) return Dialog.EndOfTurn;
    const holder = dc.activeDialog!.state as InterviewHolder;
    const value = activity.value && typeof activity.value === 'object' && !Array.isArray(activity.value)
      ? (activity.value as Record<string, unknown>)
      : undefined;
    const outcome = await this.service.continueInterview(turnFacts(dc.context), holder.interview, { text: messageText(dc.context), value });
    holder.interview = outcome.state;
    await this.send(dc.context, outcome.replies);
    return outcome.ended ? dc.endDialog() : Dialog.EndOfTurn;
  }
}

const CANCEL = /^(cancel|stop|quit|exit|never ?mind)$/i;
const HELP = /^(help|\?)$/i;
/** Worth reading as a log: more than one line, a line the script prints, or more than a sentence. */
const LOOKS_LIKE_LOG = /[\r\n]|>>|Informational\s*:|\*{10,}|Transcript started/i;

export class MailboxLogDialog extends Dialog {
  constructor(private readonly service: MailboxService, private readonly send: SendReplies, private readonly files: MessageFiles) {
    super(MAILBOX_LOG_DIALOG);
  }

  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    await dc.context.sendActivity(this.service.askForLog());
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const { context } = dc;
    if (context.activity.type !== ActivityTypes.Message) return Dialog.EndOfTurn;
    const uploads = this.files.uploads(context);
    if (uploads.length > 0) {
      await this.send(context, await this.service.checkUploadedLog(turnFacts(context), uploads));
      return dc.endDialog();
    }
    const raw = messageText(context);
    const command = normaliseCommandText(raw);
    if (CANCEL.test(command)) {
      await context.sendActivity('Stopped: I did not read a validation log. Type **check mailbox log** when you have it.');
      return dc.endDialog();
    }
    if (HELP.test(command)) {
      await context.sendActivity(this.service.askForLog());
      return Dialog.EndOfTurn;
    }
    const hasCardData = context.activity.value !== undefined && context.activity.value !== null;
    if (hasCardData || command === '' || !LOOKS_LIKE_LOG.test(raw) && raw.length < 200) {
      // Not the log: a card button, a command or a question. Stop waiting and let the bot answer it as usual.
      await dc.cancelAllDialogs();
      if (command !== '' && !hasCardData) await context.sendActivity('I stopped waiting for the validation log.');
      return { status: DialogTurnStatus.empty };
    }
    await this.send(context, await this.service.checkPastedLog(turnFacts(context), raw, this.files.html(context)));
    return dc.endDialog();
  }
}
