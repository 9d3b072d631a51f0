/**
 * Reading one line of the mapping file. Lines are read one at a time (a quoted value never spans lines), so a
 * problem's line number is always the line an editor shows. Quotes are honoured as Excel writes them, and the
 * separator actually used is recorded, because a semicolon or tab file is the commonest reason Microsoft refuses one.
 */

/** ' ' only when a line holds exactly two addresses separated by spaces. */
export type Separator = ',' | ';' | '\t' | ' ';

export interface Field {
  /** Trimmed and unquoted. */
  value: string;
  quoted: boolean;
  /** Spaces or invisible characters around the value (inside or outside the quotes). */
  padded: boolean;
}

export interface ParsedLine {
  separator: Separator;
  fields: Field[];
  /** Empty fields dropped from the end (`a,b,,`), which Microsoft counts as extra columns. */
  trailingEmpty: number;
}

// \s already covers the no-break space and U+FEFF; zero-width spaces come with text copied from web pages.
const EDGE_SPACE = /^[\s\u200B\u2060]+|[\s\u200B\u2060]+$/g;

/** Printable ASCII other than space: the edges of almost every cell, so the regex is rarely needed. */
function plain(code: number): boolean {
  return code > 0x20 && code < 0x7f;
}

export function trimCell(value: string): string {
  if (value.length > 0 && plain(value.charCodeAt(0)) && plain(value.charCodeAt(value.length - 1))) return value;
  return value.replace(EDGE_SPACE, '');
}

/** Split on `sep`, treating a field that starts with a quote as quoted up to its closing quote. */
function splitRespectingQuotes(raw: string, sep: string): string[] {
  const pieces: string[] = [];
  const n = raw.length;
  let start = 0;
  for (;;) {
    let j = start;
    while (j < n && raw[j] !== sep && (raw[j] === ' ' || raw[j] === '\t')) j++;
    if (raw[j] === '"') {
      j++;
      while (j < n) {
        if (raw[j] === '"') {
          if (raw[j + 1] === '"') j += 2;
          else {
            j++;
            break;
          }
        } else j++;
      }
    }
    const k = raw.indexOf(sep, j);
    if (k === -1) {
      pieces.push(raw.slice(start));
      return pieces;
    }
    pieces.push(raw.slice(start, k));
    start = k + 1;
  }
}

function toField(piece: string): Field {
  const outer = trimCell(piece);
  if (outer.length >= 2 && outer.startsWith('"') && outer.endsWith('"')) {
    const inner = outer.slice(1, -1).replaceAll('""', '"');
    const value = trimCell(inner);
    return { value, quoted: true, padded: outer !== piece || value !== inner };
  }
  return { value: outer, quoted: false, padded: outer !== piece };
}

function splitOn(raw: string, sep: string, hasQuote: boolean): string[] {
  return hasQuote ? splitRespectingQuotes(raw, sep) : raw.split(sep);
}

const TWO_ADDRESSES_BY_SPACE = /^\S+@\S+\s+\S+@\S+$/;

export function parseLine(raw: string): ParsedLine {
  const hasQuote = raw.includes('"');
  let separator: Separator = ',';
  let pieces = splitOn(raw, ',', hasQuote);
  if (pieces.length === 1) {
    for (const alt of [';', '\t'] as const) {
      const p = splitOn(raw, alt, hasQuote);
      if (p.length > 1) {
        separator = alt;
        pieces = p;
        break;
      }
    }
  }
  let fields = pieces.map(toField);
  if (fields.length === 1 && !fields[0].quoted && TWO_ADDRESSES_BY_SPACE.test(fields[0].value)) {
    separator = ' ';
    fields = fields[0].value.split(/\s+/).map((value) => ({ value, quoted: false, padded: false }));
  }
  let trailingEmpty = 0;
  while (fields.length > 2 && fields[fields.length - 1].value === '' && !fields[fields.length - 1].quoted) {
    fields.pop();
    trailingEmpty++;
  }
  return { separator, fields, trailingEmpty };
}

/** Split on CRLF, LF or a lone CR (Excel's "CSV (Macintosh)"); a final line break does not start another line. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
