/**
 * The evidence pack printed two ways: Markdown (for a wiki or a change ticket) and one self-contained HTML page
 * (inline CSS, no scripts, no external resources; prints on A4 or Letter and reads at phone width), both through the
 * shared printable document (src/domain/printable.ts). Every value from a record is escaped for the format it lands in.
 */
import { escapeHtml, mdText, renderPrintableHtml, renderPrintableMarkdown } from '../printable.js';
import { buildEvidence } from './build.js';
import type { EvidenceDocument, EvidenceInput } from './types.js';

export { escapeHtml, mdText };

export function evidenceFileNames(migrationId: string): { markdown: string; html: string } {
  const safe = migrationId.replace(/[^A-Za-z0-9_-]/g, '') || 'migration';
  return { markdown: `evidence-${safe}.md`, html: `evidence-${safe}.html` };
}

export function renderEvidenceMarkdownDocument(doc: EvidenceDocument): string {
  return renderPrintableMarkdown(doc);
}

export function renderEvidenceMarkdown(input: EvidenceInput): string {
  return renderEvidenceMarkdownDocument(buildEvidence(input));
}

const FOOTER = 'Made by Migration Readiness from the migration\'s records. Sources are Microsoft documentation pages with the date each page carried when the rule was checked.';

export function renderEvidenceHtmlDocument(doc: EvidenceDocument): string {
  return renderPrintableHtml(doc, FOOTER);
}

export function renderEvidenceHtml(input: EvidenceInput): string {
  return renderEvidenceHtmlDocument(buildEvidence(input));
}
