/**
 * The Teams side of a mapping file check: the result card's view model (cards/mappingResult.json), its pages of
 * problems, the corrected file as a message, the FileConsentCard and file info card attachments, and turning what
 * a user pasted into the chat back into the file's lines. Pure: no botbuilder, no I/O, no clock.
 *
 * Every value the template reads is present (empty strings, booleans for `$when`): adaptivecards-templating
 * silently drops a property whose expression is undefined.
 */
import {
  DEFAULT_PROBLEMS_SHOWN, MAPPING_FILE_NAME, type MappingProblemView, type MappingReport, type MappingStatus,
  type MappingSummary, type NormalisedMappingFile,
} from '../domain/mapping/index.js';
import { formatNumber } from './eligibilityView.js';

export const MAPPING_RESULT_TEMPLATE = 'mappingResult';
/** Action.Execute verb of the card's "show more" and "first problems" buttons; data is `{ checkId, offset }`. */
export const MAPPING_MORE_VERB = 'mapping.more';
/** Problems per page after the first card (which shows DEFAULT_PROBLEMS_SHOWN). */
export const MAPPING_PAGE_SIZE = 10;
/**
 * Problems kept for "show more". Problems are grouped (one per value or per kind of mistake), so a file needs
 * hundreds of distinct mistakes to reach this; past it the card says to fix these and check again.
 */
export const MAX_STORED_PROBLEMS = 250;
/**
 * Longest corrected file shown inline as a code block. Teams refuses messages over about 100 KB (UTF-16) and
 * code blocks that long are unusable anyway; a longer file comes only as the file.
 */
export const CORRECTED_TEXT_LIMIT = 16_000;
/** Lines left out of the corrected file that the message lists one by one; the rest are counted. */
export const REMOVED_LINES_LISTED = 15;

export const FILE_CONSENT_CONTENT_TYPE = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO_CONTENT_TYPE = 'application/vnd.microsoft.teams.card.file.info';
export const FILE_DOWNLOAD_INFO_CONTENT_TYPE = 'application/vnd.microsoft.teams.file.download.info';

/** Which assessment environment a check belongs to. */
export interface MappingLink {
  assessmentId: string;
  environment: string;
}

/** What the card needs besides the problems; kept with the check so later pages render the same header. */
export interface MappingCheckHeader {
  status: MappingStatus;
  /** "usermapping.csv" (the user's own file name) or "Pasted lines". */
  fileLabel: string;
  headline: string;
  mappedUsers: number;
  errors: number;
  warnings: number;
  headerNote: string | null;
  domainsNote: string;
  link: MappingLink | null;
}

export interface MappingBadgeView {
  label: string;
  icon: string;
  color: 'Good' | 'Warning' | 'Attention';
  style: 'good' | 'warning' | 'attention';
}

export interface MappingProblemItemView {
  heading: string;
  color: 'Attention' | 'Warning';
  where: string;
  message: string;
  fix: string;
  hasMicrosoftMessage: boolean;
  microsoftMessage: string;
}

export interface MappingButtonView {
  show: boolean;
  title: string;
  verb: string;
  offset: number;
}

export interface MappingResultView {
  checkId: string;
  title: string;
  fileLabel: string;
  badge: MappingBadgeView;
  counts: Array<{ value: string; label: string; color: 'Default' | 'Good' | 'Warning' | 'Attention' }>;
  hasHeaderNote: boolean;
  headerNote: string;
  domainsNote: string;
  hasLinkNote: boolean;
  linkNote: string;
  hasProblems: boolean;
  problems: MappingProblemItemView[];
  hasPageNote: boolean;
  pageNote: string;
  more: MappingButtonView;
  first: MappingButtonView;
  footer: string;
}

const BADGES: Record<MappingStatus, MappingBadgeView> = {
  ready: { label: 'Ready for Microsoft\'s validation', icon: '✓', color: 'Good', style: 'good' },
  'ready-with-warnings': { label: 'No errors; check the warnings', icon: '⚠', color: 'Warning', style: 'warning' },
  'fix-needed': { label: 'Fix these before the move', icon: '✗', color: 'Attention', style: 'attention' },
  unreadable: { label: 'Not a CSV text file', icon: '✗', color: 'Attention', style: 'attention' },
};

/** Templating refuses a card whose text still contains "${" (renderer.ts), and the user's values may. */
function safe(text: string): string {
  return text.replace(/\$\{/g, '$\u200B{');
}

/** The header of a check's card, from the checker's report and summary. */
export function mappingCheckHeader(report: MappingReport, summary: MappingSummary, link: MappingLink | null): MappingCheckHeader {
  const domains = report.sourceDomains.length > 0 || report.destinationDomains.length > 0
    ? `Domains checked: source ${report.sourceDomains.join(', ') || 'not known'}; destination ${report.destinationDomains.join(', ') || 'not known'}.`
    : 'Domains not checked. To check them against an assessment, type "check mapping file for" and the assessment id and environment name.';
  return {
    status: summary.status,
    fileLabel: report.fileName ?? 'Pasted lines',
    headline: summary.headline,
    mappedUsers: summary.mappedUsers,
    errors: summary.errors,
    warnings: summary.warnings,
    headerNote: summary.headerNote,
    domainsNote: domains,
    link,
  };
}

/**
 * The card for a check, showing the problems from `offset`: the first DEFAULT_PROBLEMS_SHOWN on the first card,
 * then MAPPING_PAGE_SIZE a page. `problemsTotal` may exceed the stored problems (MAX_STORED_PROBLEMS).
 */
export function mappingResultView(
  check: { id: string; header: MappingCheckHeader; problems: readonly MappingProblemView[]; problemsTotal: number },
  offset = 0,
): MappingResultView {
  const { header, problems } = check;
  const start = Math.min(Math.max(0, Math.floor(Number.isFinite(offset) ? offset : 0)), Math.max(0, problems.length - 1));
  const size = start === 0 ? DEFAULT_PROBLEMS_SHOWN : MAPPING_PAGE_SIZE;
  const page = problems.slice(start, start + size);
  const end = start + page.length;
  const next = end < problems.length ? end : null;
  const unlisted = check.problemsTotal - problems.length;

  let pageNote = '';
  if (check.problemsTotal > page.length) {
    pageNote = `Problems ${start + 1}–${end} of ${formatNumber(check.problemsTotal)}.`;
    if (next === null && unlisted > 0) {
      pageNote += ` ${formatNumber(unlisted)} more ${unlisted === 1 ? 'is' : 'are'} not listed: fix these first, then check the file again.`;
    }
  }
  const left = problems.length - end;
  const link = header.link;
  return {
    checkId: check.id,
    title: 'Mapping file check',
    fileLabel: safe(header.fileLabel),
    badge: BADGES[header.status],
    counts: [
      { value: formatNumber(header.mappedUsers), label: header.mappedUsers === 1 ? 'user mapped' : 'users mapped', color: 'Default' },
      { value: formatNumber(header.errors), label: header.errors === 1 ? 'error' : 'errors', color: header.errors > 0 ? 'Attention' : 'Good' },
      { value: formatNumber(header.warnings), label: header.warnings === 1 ? 'warning' : 'warnings', color: header.warnings > 0 ? 'Warning' : 'Good' },
    ],
    hasHeaderNote: header.headerNote !== null,
    headerNote: safe(header.headerNote ?? ''),
    domainsNote: safe(header.domainsNote),
    hasLinkNote: link !== null,
    linkNote: link ? safe(`For ${link.environment} in assessment ${link.assessmentId}.`) : '',
    hasProblems: page.length > 0,
    problems: page.map(problemItem),
    hasPageNote: pageNote !== '',
    pageNote,
    more: {
      show: next !== null,
      title: `Show more (${formatNumber(left)} more)`,
      verb: MAPPING_MORE_VERB,
      offset: next ?? 0,
    },
    first: { show: start > 0, title: 'Back to the first problems', verb: MAPPING_MORE_VERB, offset: 0 },
    footer: header.status === 'ready'
      ? `${MAPPING_FILE_NAME} passes every check I can run without access to the tenants. Microsoft also checks that every user exists, is enabled and is licensed in both tenants.`
      : 'I check the file itself. Microsoft also checks that every user exists, is enabled and is licensed in both tenants.',
  };
}

function problemItem(p: MappingProblemView): MappingProblemItemView {
  return {
    heading: safe(`${p.severity === 'error' ? '✗' : '⚠'} ${p.severityLabel}: ${p.title}`),
    color: p.severity === 'error' ? 'Attention' : 'Warning',
    where: safe(p.where),
    message: safe(p.message),
    fix: safe(`How to fix: ${p.fix}`),
    hasMicrosoftMessage: p.microsoftMessage !== null,
    microsoftMessage: p.microsoftMessage === null ? '' : safe(`Microsoft's validation says: "${p.microsoftMessage}"`),
  };
}

/**
 * The corrected file as a chat message: a code block to copy when it is short enough, and every line left out
 * (up to REMOVED_LINES_LISTED, then a count). `fileOffered` says whether a FileConsentCard follows.
 */
export function correctedFileMessage(corrected: NormalisedMappingFile, options: { fileOffered: boolean }): string {
  const users = `${formatNumber(corrected.rows)} ${corrected.rows === 1 ? 'user' : 'users'}`;
  const text = corrected.csv.replace(/\r\n/g, '\n');
  // A backtick is legal in an address's local part; three of them would end the code block early.
  const inline = text.length <= CORRECTED_TEXT_LIMIT && !text.includes('```');
  const parts: string[] = [];
  if (inline) {
    parts.push(`Here is the corrected ${MAPPING_FILE_NAME} (${users}). Copy it into a text file, save it as "CSV UTF-8" and name it ${MAPPING_FILE_NAME}:`);
    parts.push(`\`\`\`\n${text}\`\`\``);
  } else {
    parts.push(`The corrected ${MAPPING_FILE_NAME} (${users}) is too long to show in a message.`
      + (options.fileOffered ? ' Accept the file below to save it to your OneDrive.' : ' Fix the lines the card lists, or check the file in a personal chat with me to get it as a file.'));
  }
  if (corrected.removed.length > 0) {
    const listed = corrected.removed.slice(0, REMOVED_LINES_LISTED).map((r) => {
      const pair = r.source === '' && r.destination === '' ? '' : ` (${clip(r.source) || 'empty'} → ${clip(r.destination) || 'empty'})`;
      return `- Line ${r.line}${pair}: ${r.reason}`;
    });
    const rest = corrected.removed.length - listed.length;
    if (rest > 0) listed.push(`- and ${formatNumber(rest)} more ${rest === 1 ? 'line' : 'lines'}, listed on the card`);
    parts.push(`Left out of the corrected file, for you to decide:\n\n${listed.join('\n')}`);
  }
  if (inline && options.fileOffered) parts.push('Or accept the file below to save it to your OneDrive.');
  return parts.join('\n\n');
}

function clip(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}...` : value;
}

/** The FileConsentCard asking to save the corrected file (personal chats only). */
export function fileConsentAttachment(checkId: string, corrected: NormalisedMappingFile, sizeInBytes: number) {
  return {
    contentType: FILE_CONSENT_CONTENT_TYPE,
    name: corrected.fileName,
    content: {
      description: `The corrected user mapping file: ${formatNumber(corrected.rows)} ${corrected.rows === 1 ? 'user' : 'users'}, ready for Microsoft's validation.`,
      sizeInBytes,
      acceptContext: { checkId },
      declineContext: { checkId },
    },
  };
}

/** The card Teams shows for a file the bot has just uploaded to the user's OneDrive. */
export function fileInfoAttachment(upload: { name: string; contentUrl: string; uniqueId: string; fileType: string }) {
  return {
    contentType: FILE_INFO_CONTENT_TYPE,
    name: upload.name,
    contentUrl: upload.contentUrl,
    content: { uniqueId: upload.uniqueId, fileType: upload.fileType },
  };
}

// ------------------------------------------------------------------------------------------- pasted text

/**
 * The lines a user pasted into the chat. Teams has been seen to send a multi-line message with its line breaks
 * collapsed in `text` while the `text/html` copy keeps them as <p>, <div> or <br>, and to turn addresses into
 * mailto links. Line breaks come from `text` when it has any, else from the HTML copy.
 */
export function pastedMappingText(text: string, html?: string | null): string {
  if (/[\r\n]/.test(text) || !html) return unwrapMarkdownMailto(text);
  const fromHtml = htmlToText(html);
  return /\n/.test(fromHtml) ? fromHtml : unwrapMarkdownMailto(text);
}

/** `[a@contoso.com](mailto:a@contoso.com)` is the address itself; a link whose text differs stays as typed. */
function unwrapMarkdownMailto(text: string): string {
  return text.replace(/\[([^\]\r\n]+)\]\(mailto:([^)\s]+)\)/gi, (whole, label: string, target: string) =>
    (label.trim().toLowerCase() === decodeURIComponentSafe(target).toLowerCase() ? label : whole));
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const BLOCK_TAG = /^\/?(p|div|li|tr|h[1-6]|pre|blockquote|ul|ol|table|tbody|thead|section|article)\b/i;
const SOFT = '\u0000';

/** Block elements end a line (once), <br> always does, tags go, entities are decoded. */
export function htmlToText(html: string): string {
  const marked = html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<([^<>]*)>/g, (_tag, inner: string) => (/^br\b/i.test(inner.trim()) ? '\n' : BLOCK_TAG.test(inner.trim()) ? SOFT : ''));
  let out = '';
  for (const ch of decodeEntities(marked.replace(/\r\n?/g, '\n'))) {
    if (ch === SOFT) {
      if (out !== '' && !out.endsWith('\n')) out += '\n';
    } else {
      out += ch;
    }
  }
  // Wrapping elements leave breaks before the first and after the last line; they are not the user's blank lines.
  return out.replace(/^\n+/, '').replace(/\n+$/, '\n');
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]+|#39);/gi, (whole, name: string) => {
    const lower = name.toLowerCase();
    if (lower in NAMED_ENTITIES) return NAMED_ENTITIES[lower]!;
    if (lower.startsWith('#')) {
      const code = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
      if (Number.isFinite(code) && code > 0 && code <= 0x10ffff) {
        // A no-break space entity is how Teams keeps runs of spaces; it is a plain space to the user.
        return code === 0xa0 ? ' ' : String.fromCodePoint(code);
      }
    }
    return whole;
  });
}
