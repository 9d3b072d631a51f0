/**
 * Files offered through Teams' FileConsentCard, for services that rebuild the bytes from records on accept (the
 * assessment export; the evidence pack works the same way): the consent card as an activity, and the delivery of the
 * cards to the person's personal chat when they asked in a channel or a group chat (FileConsentCards work only in a
 * personal chat). Plain data; the edge posts the activities.
 */
import type { Logger } from '../logging.js';
import type { BackgroundTasks } from '../proactive/backgroundTasks.js';
import type { Notifier, OutboundActivity } from '../proactive/notifier.js';

/** The FileConsentCard content type: Teams asks the person before the bot saves a file to their OneDrive. */
export const FILE_CONSENT_CONTENT_TYPE = 'application/vnd.microsoft.teams.card.file.consent';

/** A file offered for the person's OneDrive: its name, what it is, its size, and the context the answer carries. */
export interface FileOffer {
  name: string;
  description: string;
  /** UTF-8 bytes. */
  sizeInBytes: number;
  /** Comes back in the accept or decline invoke (its `purpose` routes it, src/bot/fileConsentDispatch.ts). */
  context: Record<string, string>;
}

export function consentCardActivity(offer: FileOffer): OutboundActivity {
  return {
    type: 'message',
    attachments: [{
      contentType: FILE_CONSENT_CONTENT_TYPE,
      name: offer.name,
      content: {
        description: offer.description,
        sizeInBytes: offer.sizeInBytes,
        acceptContext: offer.context,
        declineContext: offer.context,
      },
    }],
  };
}

/** Where the person's 1:1 chat is, from the activity they sent (the edge reads it: src/bot/turnInfo.ts). */
export interface PersonalChatTarget {
  serviceUrl: string;
  userId: string;
  botId?: string;
}

export interface PersonalDeliveryDeps {
  notifier: Notifier;
  background: BackgroundTasks;
  logger: Logger;
}

/**
 * Posts `intro` then each activity in the person's personal chat, in the background (never inside the turn that
 * asked). A failure is logged with `what` (no content); the person already has the answer that says where to look.
 */
export function deliverToPersonalChat(
  deps: PersonalDeliveryDeps,
  tenantId: string,
  target: PersonalChatTarget,
  intro: string,
  activities: readonly OutboundActivity[],
  what: Record<string, unknown>,
): void {
  deps.background.run('files.personal', async () => {
    const first = await deps.notifier.createPersonalConversation(
      { tenantId, serviceUrl: target.serviceUrl, userId: target.userId, ...(target.botId ? { botId: target.botId } : {}) },
      { type: 'message', text: intro },
    );
    if (!first.ok) {
      deps.logger.warn('files not sent to the personal chat', { ...what, reason: first.reason });
      return;
    }
    for (const activity of activities) {
      const sent = await deps.notifier.send(first.reference, activity);
      if (!sent.ok) {
        deps.logger.warn('file offer not sent to the personal chat', { ...what, reason: sent.reason });
        return;
      }
    }
  });
}
