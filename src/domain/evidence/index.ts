/** The evidence pack for a change record: Markdown and a printable HTML page, from record fields only. Pure. */
export * from './types.js';
export { buildEvidence, scrubNote, utc, VERDICT_TEXT } from './build.js';
export {
  escapeHtml, evidenceFileNames, mdText, renderEvidenceHtml, renderEvidenceHtmlDocument, renderEvidenceMarkdown,
  renderEvidenceMarkdownDocument,
} from './render.js';
