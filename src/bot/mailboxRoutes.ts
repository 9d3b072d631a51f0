/**
 * Exchange Online mailbox moves, the Teams route file: `mailbox move` (the interview dialog), `check mailbox log`
 * (an upload or pasted text, with the command or in the next message), and the answers to the FileConsentCards
 * that carry the CSV files. Behaviour is src/services/mailboxService.ts; this file only translates.
 */
import { MessageFactory, type TurnContext } from 'botbuilder';
import type { Dialog } from 'botbuilder-dialogs';
import { FILE_CONSENT_CONTENT_TYPE, fileInfoAttachment, pastedMappingText } from '../cards/mappingView.js';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../cards/renderer.js';
import { MailboxInterviewDialog, MailboxLogDialog, MAILBOX_DIALOG, MAILBOX_LOG_DIALOG, type MessageFiles } from '../dialogs/mailboxDialog.js';
import type { MailboxReply, MailboxService } from '../services/mailboxService.js';
import type { Command } from './commands.js';
import { htmlCopy, uploadedFiles } from './messageFiles.js';
import type { FileConsentHandlers } from './teamsBot.js';
import { messageText, turnFacts } from './turnInfo.js';

/** The `purpose` a mailbox FileConsentCard carries in its context, so the consent answer comes back here. */
export const MAILBOX_FILE_PURPOSE = 'mailbox-file';

export const MAILBOX_MOVE_PATTERN = /^(?:mailbox move|mailbox moves|mailbox migration|move mailboxes|check mailbox(?:es)?(?: move)? readiness)$/i;
/** `check mailbox log`, optionally followed (in the same message) by the pasted log. */
export const MAILBOX_LOG_PATTERN = /^(?:check|read|validate)\s+(?:(?:my|the|a)\s+)?mailbox\s+(?:(?:move|migration|validation)\s+)*log(?:\s+[\s\S]*)?$/i;
const LOG_COMMAND_PREFIX = /^\s*(?:check|read|validate)\s+(?:(?:my|the|a)\s+)?mailbox\s+(?:(?:move|migration|validation)\s+)*log\b/i;

export interface MailboxRoutes {
  commands: Command[];
  dialogs: Dialog[];
  /** For BotDeps.files: a `.log` file uploaded with no command is a validation log (other files go on to mapping). */
  files(context: TurnContext): Promise<boolean>;
  fileConsent: FileConsentHandlers;
}

/** The validation script writes a transcript (`-LogPath`): a .log or .txt file, never a mapping CSV. */
const LOG_FILE_NAME = /\.(log|txt)$/i;

export const messageFiles: MessageFiles = { uploads: uploadedFiles, html: htmlCopy };

/** The service's replies as Teams activities, in order. */
export async function sendMailboxReplies(context: TurnContext, replies: MailboxReply[]): Promise<void> {
  for (const reply of replies) {
    switch (reply.type) {
      case 'text':
        await context.sendActivity(reply.text);
        break;
      case 'card': {
        const activity = MessageFactory.attachment({ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: reply.card });
        if (reply.summary) activity.summary = reply.summary;
        await context.sendActivity(activity);
        break;
      }
      case 'file':
        await context.sendActivity(MessageFactory.attachment({
          contentType: FILE_CONSENT_CONTENT_TYPE,
          name: reply.fileName,
          content: {
            description: reply.description,
            sizeInBytes: reply.sizeInBytes,
            acceptContext: { purpose: MAILBOX_FILE_PURPOSE, offerId: reply.offerId },
            declineContext: { purpose: MAILBOX_FILE_PURPOSE, offerId: reply.offerId },
          },
        }));
        break;
    }
  }
}

function offerIdOf(context: unknown): string {
  const id = (context as { offerId?: unknown } | undefined)?.offerId;
  return typeof id === 'string' ? id : '';
}

export function mailboxRoutes(service: MailboxService): MailboxRoutes {
  const commands: Command[] = [
    {
      id: 'mailbox-move',
      usage: 'mailbox move',
      description: 'Check whether your Exchange mailboxes are ready to move to another tenant, and get the commands for both admins.',
      pattern: MAILBOX_MOVE_PATTERN,
      scopes: ['personal', 'team', 'groupChat'],
      run: async ({ dialogs }) => {
        await dialogs.beginDialog(MAILBOX_DIALOG);
      },
    },
    {
      id: 'check-mailbox-log',
      usage: 'check mailbox log',
      description: 'Read the log of Microsoft\'s mailbox validation script: upload it or paste it, and see what blocks which mailboxes.',
      pattern: MAILBOX_LOG_PATTERN,
      scopes: ['personal', 'team', 'groupChat'],
      run: async ({ turn, dialogs }) => {
        const facts = turnFacts(turn);
        const uploads = messageFiles.uploads(turn);
        if (uploads.length > 0) {
          await sendMailboxReplies(turn, await service.checkUploadedLog(facts, uploads));
          return;
        }
        // The log pasted in the same message, after the command (its line breaks from the text or the HTML copy).
        const full = pastedMappingText(messageText(turn), messageFiles.html(turn));
        const rest = full.replace(LOG_COMMAND_PREFIX, '').replace(/^[ \t]*\r?\n/, '');
        if (rest.trim() !== '') {
          await sendMailboxReplies(turn, await service.checkPastedLog(facts, rest, null));
          return;
        }
        await dialogs.beginDialog(MAILBOX_LOG_DIALOG);
      },
    },
  ];

  const fileConsent: FileConsentHandlers = {
    accept: async (context, response) => {
      const outcome = await service.acceptFile(turnFacts(context), offerIdOf(response.context), response.uploadInfo ?? {});
      await sendMailboxReplies(context, outcome.replies);
      if (outcome.fileInfo) await context.sendActivity(MessageFactory.attachment(fileInfoAttachment(outcome.fileInfo)));
    },
    decline: async (context, response) => {
      await sendMailboxReplies(context, (await service.declineFile(turnFacts(context), offerIdOf(response.context))).replies);
    },
  };

  const files = async (context: TurnContext): Promise<boolean> => {
    const uploads = messageFiles.uploads(context);
    if (uploads.length === 0 || !LOG_FILE_NAME.test(uploads[0]!.name)) return false;
    await sendMailboxReplies(context, await service.checkUploadedLog(turnFacts(context), uploads));
    return true;
  };

  return {
    commands,
    files,
    dialogs: [new MailboxInterviewDialog(service, sendMailboxReplies), new MailboxLogDialog(service, sendMailboxReplies, messageFiles)],
    fileConsent,
  };
}
