/**
 * A printable document (sections of items, each a title, fields and lines of text) and its two renderings: Markdown
 * for a wiki or a change ticket, and one self-contained HTML page (inline CSS, no script, a Content-Security-Policy
 * that loads nothing; prints on A4 or Letter, one column at phone width). Every value is escaped for the format it
 * lands in; the only links are the fields given an `href` (documentation pages). Shared by the evidence pack
 * (src/domain/evidence) and the assessment report (src/domain/assessment/report.ts). Pure.
 */

export interface PrintField {
  label: string;
  value: string;
  /** A documentation page (https), shown as a link. */
  href?: string;
}

export interface PrintItem {
  title: string;
  /** A short word or two shown beside the title (verdict, severity, done). */
  badge?: string;
  /** The colour of the item's edge; without it, the badge's first word picks it (blocker, support, action, done...). */
  tone?: 'blocker' | 'support' | 'action' | 'done';
  fields: PrintField[];
  text?: string[];
}

export interface PrintSection {
  id: string;
  heading: string;
  intro?: string[];
  items: PrintItem[];
}

export interface PrintDocument {
  title: string;
  subtitle: string;
  meta: PrintField[];
  sections: PrintSection[];
}

/** One line of Markdown text: no line breaks, and no character that would start markup or a raw HTML tag. */
export function mdText(value: string): string {
  return value.replace(/\s+/g, ' ').trim().replace(/([\\`*_[\]<>|#!~])/g, '\\$1');
}

function mdField(f: PrintField): string {
  const value = f.href ? `[${mdText(f.value)}](${f.href.replace(/[()\s<>]/g, encodeURIComponent)})` : mdText(f.value);
  return `- ${mdText(f.label)}: ${value}`;
}

function mdItem(item: PrintItem): string[] {
  const out = [`### ${mdText(item.title)}${item.badge ? ` (${mdText(item.badge)})` : ''}`, ''];
  for (const t of item.text ?? []) out.push(mdText(t), '');
  for (const f of item.fields) out.push(mdField(f));
  out.push('');
  return out;
}

export function renderPrintableMarkdown(doc: PrintDocument): string {
  const out: string[] = [`# ${mdText(doc.title)}`, '', mdText(doc.subtitle), ''];
  for (const f of doc.meta) out.push(mdField(f));
  out.push('');
  for (const s of doc.sections) {
    out.push(`## ${mdText(s.heading)}`, '');
    for (const p of s.intro ?? []) out.push(mdText(p), '');
    for (const item of s.items) out.push(...mdItem(item));
  }
  while (out[out.length - 1] === '') out.pop();
  return `${out.join('\n')}\n`;
}

export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;padding:16px;font:15px/1.5 "Segoe UI",system-ui,-apple-system,Roboto,Helvetica,Arial,sans-serif;color:#1b1b1b;background:#fff;overflow-wrap:anywhere;word-break:break-word}
main{max-width:860px;margin:0 auto}
h1{font-size:1.6em;margin:0 0 4px}
h2{font-size:1.25em;margin:28px 0 8px;padding-bottom:4px;border-bottom:2px solid #c8c8c8}
h3{font-size:1em;margin:0 0 4px}
p{margin:6px 0}
.subtitle{color:#505050;margin:0 0 12px}
dl{display:grid;grid-template-columns:minmax(90px,max-content) minmax(0,1fr);gap:2px 12px;margin:6px 0}
dt{font-weight:600;color:#404040}
dd{margin:0;min-width:0}
.item{border:1px solid #d6d6d6;border-left:4px solid #8a8a8a;border-radius:4px;padding:8px 10px;margin:8px 0;break-inside:avoid;page-break-inside:avoid}
.badge{display:inline-block;font-size:.8em;font-weight:600;padding:0 6px;border:1px solid #8a8a8a;border-radius:3px;margin-left:6px;white-space:nowrap}
.b-blocker,.b-blocked{border-left-color:#a4262c}.b-support{border-left-color:#8a5a00}.b-action,.b-warning{border-left-color:#c19c00}.b-done{border-left-color:#107c10}
a{color:#0f5ca8}
footer{margin-top:24px;font-size:.85em;color:#505050}
@media (max-width:480px){body{padding:10px;font-size:14px}dl{grid-template-columns:minmax(0,1fr)}dt{margin-top:4px}}
@media print{body{padding:0;font-size:10.5pt}a{color:inherit;text-decoration:none}h2{break-after:avoid;page-break-after:avoid}@page{margin:16mm}}
`.trim();

function htmlFields(fields: readonly PrintField[]): string {
  if (fields.length === 0) return '';
  return `<dl>${fields.map((f) => `<dt>${escapeHtml(f.label)}</dt><dd>${f.href
    ? `<a href="${escapeHtml(f.href)}">${escapeHtml(f.value)}</a>`
    : escapeHtml(f.value)}</dd>`).join('')}</dl>`;
}

function itemClass(item: PrintItem): string {
  if (item.tone) return ` b-${item.tone}`;
  if (!item.badge) return '';
  const word = item.badge.toLowerCase().split(/[ ,]/)[0];
  return ` b-${word.replace(/[^a-z]/g, '')}`;
}

/** The page, with `footer` (plain text, escaped) under the last section. */
export function renderPrintableHtml(doc: PrintDocument, footer: string): string {
  const parts: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(doc.title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>${escapeHtml(doc.title)}</h1>`,
    `<p class="subtitle">${escapeHtml(doc.subtitle)}</p>`,
    htmlFields(doc.meta),
  ];
  for (const s of doc.sections) {
    parts.push(`<section id="${escapeHtml(s.id)}">`, `<h2>${escapeHtml(s.heading)}</h2>`);
    for (const p of s.intro ?? []) parts.push(`<p>${escapeHtml(p)}</p>`);
    for (const item of s.items) {
      parts.push(`<div class="item${itemClass(item)}">`,
        `<h3>${escapeHtml(item.title)}${item.badge ? `<span class="badge">${escapeHtml(item.badge)}</span>` : ''}</h3>`);
      for (const t of item.text ?? []) parts.push(`<p>${escapeHtml(t)}</p>`);
      parts.push(htmlFields(item.fields), '</div>');
    }
    parts.push('</section>');
  }
  parts.push(`<footer>${escapeHtml(footer)}</footer>`, '</main>', '</body>', '</html>');
  return `${parts.filter((p) => p !== '').join('\n')}\n`;
}
