/**
 * The files and pasted lines of a Teams message, as the file checks read them (the identity map, the mapping check,
 * the mailbox log): the uploads (Teams' file download info attachments: name and short-lived download URL, never
 * logged or kept), the HTML copy Teams adds to a message (it keeps the line breaks a paste had), and both together.
 */
import type { Attachment, TurnContext } from 'botbuilder';
import { FILE_DOWNLOAD_INFO_CONTENT_TYPE, pastedMappingText } from '../cards/mappingView.js';
import { messageText } from './turnInfo.js';

/** A file uploaded with the message. */
export interface UploadedFileRef {
  name: string;
  downloadUrl: string;
}

function attachmentsOf(context: TurnContext): Attachment[] {
  return Array.isArray(context.activity.attachments) ? context.activity.attachments : [];
}

/** The files uploaded with the message ('' for a missing name or URL). */
export function uploadedFiles(context: TurnContext): UploadedFileRef[] {
  return attachmentsOf(context)
    .filter((a) => a.contentType === FILE_DOWNLOAD_INFO_CONTENT_TYPE)
    .map((a) => {
      const url = (a.content as { downloadUrl?: unknown } | undefined)?.downloadUrl;
      return { name: typeof a.name === 'string' ? a.name : '', downloadUrl: typeof url === 'string' ? url : '' };
    });
}

/** The HTML copy of the message Teams adds, when there is one. */
export function htmlCopy(context: TurnContext): string | null {
  const html = attachmentsOf(context).find((a) => a.contentType === 'text/html' && typeof a.content === 'string');
  return html ? (html.content as string) : null;
}

/** The message as a file check reads it: its lines (mention removed, from the HTML copy when there is one) and its files. */
export function pastedMessage(context: TurnContext): { text: string; files: UploadedFileRef[] } {
  return { text: pastedMappingText(messageText(context), htmlCopy(context)), files: uploadedFiles(context) };
}
