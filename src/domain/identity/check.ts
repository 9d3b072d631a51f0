/**
 * The identity map checker. A two-column usermapping.csv goes through the mapping-file checker unchanged (same
 * checks, same messages); a map with canonical columns gets the same checks per column (address syntax,
 * duplicates, self-maps, domains) plus the checks only several columns allow (an address claimed by two people,
 * object ids, workstreams). Pure and synchronous; never throws on bad content.
 */
import {
  analyseMappings, checkMappingFile, decodeMappingBytes, MAP_DST_DOMAIN, MAP_DUP_DESTINATION, MAP_DUP_SOURCE,
  MAP_EMAIL_FORMAT, MAP_EMPTY, MAP_ENCODING, MAP_SAME_AS_SOURCE, MAP_SRC_DOMAIN, MAPPING_CHECK_IDS, MICROSOFT_MESSAGES,
  addressFault, type MappingRow,
} from '../mapping/index.js';
import { parseLine, splitLines, trimCell } from '../mapping/csvLine.js';
import { cleanDomains, domainOf, inDomains } from '../mapping/email.js';
import { isGuid } from '../powershell.js';
import { formatNumber, listText, plural } from '../text.js';
import {
  IDENTITY_CHECK_IDS, IDENTITY_COLUMNS, IDENTITY_WORKSTREAMS, type CheckIdentityInput, type IdentityColumn,
  type IdentityCounts, type IdentityEntry, type IdentityMapReport, type IdentityProblem, type IdentitySeverity,
  type IdentityWorkstream,
} from './types.js';

/** The most data rows one map may hold; a larger file is refused rather than checked for minutes. */
export const MAX_IDENTITY_ROWS = 100_000;

const COLUMN_BY_NAME = new Map<string, IdentityColumn>(IDENTITY_COLUMNS.map((c) => [c.toLowerCase(), c]));

const WORKSTREAM_ALIASES: Readonly<Record<string, IdentityWorkstream>> = {
  environments: 'environments', environment: 'environments', 'power-platform': 'environments', powerplatform: 'environments',
  mailboxes: 'mailboxes', mailbox: 'mailboxes', exchange: 'mailboxes',
  onedrive: 'onedrive', 'one-drive': 'onedrive',
};

interface Cell { value: string; padded: boolean }
interface RawRow { line: number; cells: Cell[] }

type Add = (checkId: string, severity: IdentitySeverity, lines: number[], message: string, fix: string, microsoftMessage?: string | null) => void;

/** Check an identity map given as CSV text, CSV bytes or workbook rows. */
export function checkIdentityMap(input: CheckIdentityInput): IdentityMapReport {
  const fileName = input.fileName ?? null;
  const sourceDomains = cleanDomains(input.sourceDomains);
  const destinationDomains = cleanDomains(input.destinationDomains);
  const base = { fileName, sourceDomains, destinationDomains };

  if (input.rows !== undefined) {
    const rows: RawRow[] = input.rows.map((cells, i) => ({
      line: i + 1,
      cells: cells.map((c) => {
        const value = trimCell(String(c ?? ''));
        return { value, padded: false };
      }),
    }));
    return checkRows({ ...base, encoding: 'xlsx-read' }, rows, true);
  }

  let text: string;
  let encoding: IdentityMapReport['encoding'] = 'text';
  if (input.bytes !== undefined) {
    const decoded = decodeMappingBytes(input.bytes);
    if (!decoded.readable) return unreadable({ ...base, encoding: decoded.encoding }, decoded.encoding);
    text = decoded.text;
    encoding = decoded.encoding;
  } else {
    text = input.text ?? '';
  }

  const lines = splitLines(text);
  const first = lines.findIndex((l) => trimCell(l) !== '');
  if (first >= 0 && isCanonicalHeader(lines[first])) {
    const rows: RawRow[] = [];
    for (let i = 0; i < lines.length; i++) {
      if (trimCell(lines[i]) === '') continue;
      rows.push({ line: i + 1, cells: parseLine(lines[i]).fields.map((f) => ({ value: f.value, padded: f.padded })) });
    }
    return checkRows({ ...base, encoding }, rows, false);
  }
  return fromMappingChecker({ ...base, encoding }, input.bytes !== undefined ? { bytes: input.bytes } : { text });
}

/** A first line naming canonical columns, other than the usermapping header (Source,Destination), which keeps its own checks. */
function isCanonicalHeader(raw: string): boolean {
  if (raw.includes('@')) return false;
  const names = parseLine(raw).fields.map((f) => f.value.toLowerCase()).filter((v) => v !== '');
  if (names.includes('destination')) return false;
  return names.some((n) => n === 'source' || n === 'target');
}

function short(value: string): string {
  return value.length > 80 ? `${value.slice(0, 77)}...` : value;
}

function lineList(lines: readonly number[]): string {
  return lines.length <= 20 ? lines.join(', ') : `${lines.slice(0, 20).join(', ')}, ...`;
}

const ALL_WORKSTREAMS: IdentityWorkstream[] = [...IDENTITY_WORKSTREAMS];

type Base = Pick<IdentityMapReport, 'fileName' | 'sourceDomains' | 'destinationDomains' | 'encoding'>;

const UNREADABLE_TEXT: Record<string, string> = {
  xlsx: 'This is an Excel workbook or another zipped document; it has to be read as a workbook, not as text.',
  xls: 'This is an Excel 97-2003 workbook (.xls), which is not read here.',
  'utf-16': 'This file was saved as "Unicode Text" (UTF-16).',
  html: 'This is a web page, not the file itself.',
  binary: 'This file holds binary data, not text.',
};

function unreadable(base: Base, encoding: string): IdentityMapReport {
  const problems: IdentityProblem[] = [{
    checkId: MAP_ENCODING, severity: 'error', lines: [],
    message: UNREADABLE_TEXT[encoding] ?? 'This file could not be read.',
    fix: 'Send the identity map as an Excel workbook (.xlsx) or as "CSV UTF-8 (Comma delimited)", or paste its lines.',
    microsoftMessage: null,
  }];
  return finish({ ...base, readable: false, layout: 'identity-map', columns: [], dataRows: 0, entries: [] }, problems);
}

/** The two-column usermapping.csv: the mapping-file checker's report, read as an identity map. */
function fromMappingChecker(base: Base, content: { bytes: Uint8Array } | { text: string }): IdentityMapReport {
  // No file name: an identity map may be called anything; only the exported usermapping.csv must be named so.
  const report = checkMappingFile({ ...content, fileName: null, sourceDomains: base.sourceDomains, destinationDomains: base.destinationDomains });
  const entries: IdentityEntry[] = report.readable
    ? analyseMappings(report.rows).kept.map((r) => ({
      line: r.line, source: r.source, target: r.destination, sourceEmail: null, targetEmail: null,
      targetObjectId: null, displayName: null, workstreams: ALL_WORKSTREAMS,
    }))
    : [];
  return finish({
    ...base, encoding: report.encoding, readable: report.readable, layout: 'usermapping',
    columns: ['Source', 'Target'], dataRows: report.dataRows, entries,
  }, report.problems.map((p) => ({ ...p })));
}

interface Row {
  line: number;
  entry: IdentityEntry;
  /** The row has a problem of its own and is left out of the exports. */
  bad: boolean;
}

/** Canonical columns: a header row (or, in a workbook, two bare columns) then one person per row. */
function checkRows(base: Base, raw: RawRow[], fromWorkbook: boolean): IdentityMapReport {
  const problems: IdentityProblem[] = [];
  const add: Add = (checkId, severity, lines, message, fix, microsoftMessage = null) => {
    problems.push({ checkId, severity, lines, message, fix, microsoftMessage });
  };
  const nonBlank = raw.filter((r) => r.cells.some((c) => c.value !== ''));
  const headerRow = nonBlank[0];
  const empty = (): IdentityMapReport => finish({ ...base, readable: true, layout: 'identity-map', columns: [], dataRows: 0, entries: [] }, problems);
  if (headerRow === undefined) {
    add(MAP_EMPTY, 'error', [], 'The identity map is empty.', 'Add a header row (Source,Target, ...) and one row per person.');
    return empty();
  }

  // Header: a workbook may also have just two bare columns of addresses, read as Source and Target.
  let columns: Array<IdentityColumn | null>;
  let dataRows: RawRow[];
  const headerNames = headerRow.cells.map((c) => c.value.toLowerCase());
  if (fromWorkbook && headerRow.cells.some((c) => c.value.includes('@'))) {
    columns = ['Source', 'Target'];
    dataRows = nonBlank;
  } else {
    dataRows = nonBlank.slice(1);
    columns = [];
    const seen = new Map<IdentityColumn, number>();
    const unknown: string[] = [];
    headerNames.forEach((name, i) => {
      const column = COLUMN_BY_NAME.get(name) ?? (name === 'destination' ? 'Target' : null);
      columns.push(column);
      if (column === null) {
        if (name !== '') unknown.push(headerRow.cells[i].value);
      } else if (seen.has(column)) {
        add('id-column-repeated', 'error', [headerRow.line], `The column ${column} appears twice in the header.`,
          'Keep one column of each name: the map cannot tell which of the two is meant.');
      } else {
        seen.set(column, i);
      }
    });
    if (unknown.length > 0) {
      add('id-column-unknown', 'warning', [headerRow.line],
        `The header has ${plural(unknown.length, 'column')} this map does not use (${listText(unknown.map((u) => `"${short(u)}"`))}); ${unknown.length === 1 ? 'it is' : 'they are'} ignored.`,
        `Columns read: ${IDENTITY_COLUMNS.join(', ')}. Rename a column if it holds one of these.`);
    }
    const missing = (['Source', 'Target'] as const).filter((c) => !seen.has(c));
    if (missing.length > 0 || problems.some((p) => p.checkId === 'id-column-repeated')) {
      if (missing.length > 0) {
        add('id-header', 'error', [headerRow.line], `The header has no ${listText(missing)} column.`,
          'The first row must name the columns, at least Source and Target (the sign-in names in each tenant), for example: Source,Target,TargetEmail,Workstreams.');
      }
      return finish({ ...base, readable: true, layout: 'identity-map', columns: present(columns), dataRows: dataRows.length, entries: [] }, problems);
    }
  }

  if (dataRows.length > MAX_IDENTITY_ROWS) {
    add('id-cells', 'error', [], `The map has ${formatNumber(dataRows.length)} rows; at most ${formatNumber(MAX_IDENTITY_ROWS)} are read.`,
      'Split the people into several migrations or waves.');
    return finish({ ...base, readable: true, layout: 'identity-map', columns: present(columns), dataRows: dataRows.length, entries: [] }, problems);
  }

  const index = new Map<IdentityColumn, number>();
  columns.forEach((c, i) => { if (c !== null && !index.has(c)) index.set(c, i); });
  const cellOf = (row: RawRow, column: IdentityColumn): string => {
    const i = index.get(column);
    return i === undefined ? '' : row.cells[i]?.value ?? '';
  };
  const rows: Row[] = [];
  const tooMany: number[] = [];
  const padded: number[] = [];
  const faults = new Map<string, { column: string; value: string; what: string; fix: string; lines: number[] }>();
  const badIds = new Map<string, number[]>();
  const badStreams = new Map<string, number[]>();
  const selfMapped: Row[] = [];
  for (const r of dataRows) {
    const extra = r.cells.slice(columns.length).some((c) => c.value !== '');
    if (r.cells.some((c) => c.padded)) padded.push(r.line);
    const get = (c: IdentityColumn): string => cellOf(r, c);
    const opt = (c: IdentityColumn): string | null => optional(cellOf(r, c));
    const entry: IdentityEntry = {
      line: r.line, source: get('Source'), target: get('Target'), sourceEmail: opt('SourceEmail'), targetEmail: opt('TargetEmail'),
      targetObjectId: opt('TargetObjectId'), displayName: opt('DisplayName'), workstreams: ALL_WORKSTREAMS,
    };
    let bad = false;
    if (extra) {
      tooMany.push(r.line);
      bad = true;
    }
    for (const column of ['Source', 'Target', 'SourceEmail', 'TargetEmail'] as const) {
      const value = get(column);
      if (value === '' && (column === 'SourceEmail' || column === 'TargetEmail')) continue;
      const fault = addressFault(value);
      if (fault === null) continue;
      bad = true;
      const key = `${column}\n${value}`;
      const group = faults.get(key);
      if (group) group.lines.push(r.line);
      else faults.set(key, { column, value, what: fault.what, fix: fault.fix, lines: [r.line] });
    }
    if (entry.targetObjectId !== null && !isGuid(entry.targetObjectId)) {
      bad = true;
      push(badIds, entry.targetObjectId, r.line);
    }
    const streams = readWorkstreams(get('Workstreams'));
    if ('unknown' in streams) {
      bad = true;
      for (const u of streams.unknown) push(badStreams, u, r.line);
    } else {
      entry.workstreams = streams.workstreams;
    }
    const row: Row = { line: r.line, entry, bad };
    rows.push(row);
    if (entry.sourceEmail !== null && entry.targetEmail !== null && entry.sourceEmail.toLowerCase() === entry.targetEmail.toLowerCase()) {
      selfMapped.push(row);
    }
  }

  if (tooMany.length > 0) {
    add('id-cells', 'error', tooMany, `${capital(plural(tooMany.length, 'row'))} ${tooMany.length === 1 ? 'has' : 'have'} more values than the header has columns.`,
      'Give every value a column in the header, or remove the extra cells (a comma inside a name needs quotation marks).');
  }
  if (padded.length > 0) {
    add('map-whitespace', 'warning', padded, `Spaces or invisible characters around values on ${plural(padded.length, 'line')}.`,
      'Nothing to do: they are removed in every exported file.');
  }
  for (const g of faults.values()) {
    add(MAP_EMAIL_FORMAT, 'error', g.lines, `The ${g.column} "${short(g.value)}" is not a valid address: ${g.what}.`, g.fix,
      g.value === '' ? null : MICROSOFT_MESSAGES.invalidEmail(g.value));
  }
  for (const [value, lines] of badIds) {
    add('id-object-id-format', 'error', lines, `The TargetObjectId "${short(value)}" is not a GUID.`,
      'Copy the Object ID of the target user from Microsoft Entra ID (32 hex digits in the form 8-4-4-4-12), or leave the cell empty.');
  }
  for (const [value, lines] of badStreams) {
    add('id-workstreams', 'error', lines, `"${short(value)}" is not a workstream.`,
      `Use any of ${IDENTITY_WORKSTREAMS.join(', ')} (separated by ; or spaces), or leave the cell empty for all of them.`);
  }
  for (const row of selfMapped) {
    row.bad = true;
    add(MAP_SAME_AS_SOURCE, 'error', [row.line], `The SourceEmail and TargetEmail are both ${short(row.entry.sourceEmail!)}.`,
      'Put the user\'s address in the destination tenant in TargetEmail: one address cannot belong to both tenants.');
  }

  // Duplicates and self-maps of Source -> Target come from the mapping checker's own analysis.
  const mappingRows: MappingRow[] = rows.map((r) => ({
    line: r.line, source: r.entry.source, destination: r.entry.target,
    rejectedBy: addressFault(r.entry.source) || addressFault(r.entry.target) ? MAP_EMAIL_FORMAT : null,
  }));
  const analysis = analyseMappings(mappingRows);
  const keptLines = new Set(analysis.kept.map((r) => r.line));
  rows.forEach((r, i) => {
    if (!keptLines.has(r.line) && mappingRows[i].rejectedBy === null) r.bad = true;
  });
  for (const removed of analysis.removed) {
    if (removed.checkId === MAP_SAME_AS_SOURCE) {
      add(MAP_SAME_AS_SOURCE, 'error', [removed.line], `${short(removed.source)} is mapped to itself.`,
        'Put the user\'s sign-in name in the destination tenant in Target: one domain cannot belong to both tenants.',
        MICROSOFT_MESSAGES.targetSameAsSource(removed.line));
    }
  }
  for (const group of analysis.sameSource) {
    const lines = group.map((r) => r.line);
    const targets = new Set(group.map((r) => r.destination.toLowerCase()));
    const value = group[0].source;
    if (targets.size === 1) {
      add(MAP_DUP_SOURCE, 'error', lines, `${short(value)} is listed ${group.length} times with the same Target.`,
        'Keep one row per person; until then the repeats are left out.', MICROSOFT_MESSAGES.sameValue(lineList(lines), value));
    } else {
      add(MAP_DUP_SOURCE, 'error', lines, `${short(value)} is mapped to ${targets.size} different Targets.`,
        'A person can be mapped only once: keep the row with the right Target and delete the others.', MICROSOFT_MESSAGES.sameValue(lineList(lines), value));
    }
  }
  for (const group of analysis.sameDestination) {
    const lines = group.map((r) => r.line);
    const value = group[0].destination;
    add(MAP_DUP_DESTINATION, 'error', lines, `${short(value)} is the Target of ${group.length} different people.`,
      'Each target user can take the place of only one source user: keep the right row and delete the others.',
      MICROSOFT_MESSAGES.sameValue(lineList(lines), value));
  }

  crossColumnConflicts(rows, add);
  domainChecks(rows, base.sourceDomains, base.destinationDomains, add);

  if (rows.length === 0) {
    add(MAP_EMPTY, 'error', [], 'The identity map has a header but no people.', 'Add one row per person who moves.');
  }

  const entries = rows.filter((r) => !r.bad).map((r) => r.entry);
  return finish({ ...base, readable: true, layout: 'identity-map', columns: present(columns), dataRows: rows.length, entries }, problems);
}

function optional(value: string): string | null {
  return value === '' ? null : value;
}

function present(columns: ReadonlyArray<IdentityColumn | null>): IdentityColumn[] {
  return columns.filter((c): c is IdentityColumn => c !== null);
}

function readWorkstreams(cell: string): { workstreams: IdentityWorkstream[] } | { unknown: string[] } {
  const words = cell.split(/[;,|/\s]+/).map((w) => w.trim().toLowerCase()).filter((w) => w !== '');
  if (words.length === 0 || (words.length === 1 && words[0] === 'all')) return { workstreams: ALL_WORKSTREAMS };
  const found = new Set<IdentityWorkstream>();
  const unknown: string[] = [];
  for (const w of words) {
    const ws = WORKSTREAM_ALIASES[w];
    if (ws) found.add(ws);
    else unknown.push(w);
  }
  if (unknown.length > 0) return { unknown };
  return { workstreams: IDENTITY_WORKSTREAMS.filter((w) => found.has(w)) };
}

/**
 * One address, one person: a value in Target or TargetEmail that belongs to two different target people (by
 * Target), or in Source or SourceEmail to two different source people, is a conflict; so is one object id for two.
 */
function crossColumnConflicts(rows: Row[], add: Add): void {
  const check = (side: 'source' | 'target'): void => {
    // The first owner of each address is kept alone; a list is made only when a second one appears (most maps
    // have none, and a list per address was most of the time on a 100,000-row map).
    type Owner = { person: string; line: number; column: string };
    const first = new Map<string, Owner>();
    const owners = new Map<string, Owner[]>();
    for (const r of rows) {
      const person = (side === 'source' ? r.entry.source : r.entry.target).toLowerCase();
      for (let k = 0; k < 2; k++) {
        const column = side === 'source' ? (k === 0 ? 'Source' : 'SourceEmail') : (k === 0 ? 'Target' : 'TargetEmail');
        const value = side === 'source' ? (k === 0 ? r.entry.source : r.entry.sourceEmail) : (k === 0 ? r.entry.target : r.entry.targetEmail);
        if (value === null || value === '') continue;
        const key = value.toLowerCase();
        const earlier = first.get(key);
        if (earlier === undefined) {
          first.set(key, { person, line: r.line, column });
          continue;
        }
        if (earlier.person === person && earlier.line === r.line) continue;
        const list = owners.get(key);
        if (list === undefined) owners.set(key, [earlier, { person, line: r.line, column }]);
        else if (!list.some((o) => o.person === person && o.line === r.line)) list.push({ person, line: r.line, column });
      }
    }
    for (const [value, list] of owners) {
      if (list.length < 2) continue;
      const people = new Set(list.map((o) => o.person));
      if (people.size < 2) continue;
      // Source and Target repeats on their own are the duplicate checks' business.
      if (list.every((o) => o.column === (side === 'source' ? 'Source' : 'Target'))) continue;
      const lines = [...new Set(list.map((o) => o.line))].sort((a, b) => a - b);
      for (const r of rows) if (lines.includes(r.line)) r.bad = true;
      const columns = [...new Set(list.map((o) => o.column))];
      add('id-email-conflict', 'error', lines,
        `${short(value)} belongs to ${people.size} different ${side} people (in ${listText(columns)} on ${lineList(lines).includes(',') ? 'lines' : 'line'} ${lineList(lines)}).`,
        `Each ${side} address names one person: correct the ${side === 'source' ? 'SourceEmail' : 'TargetEmail'} or the ${side === 'source' ? 'Source' : 'Target'} so the rows do not collide.`);
    }
  };
  check('source');
  check('target');

  const ids = new Map<string, Row[]>();
  for (const r of rows) {
    const id = r.entry.targetObjectId;
    if (id === null || !isGuid(id)) continue;
    push(ids, id.toLowerCase(), r);
  }
  for (const [id, list] of ids) {
    const people = new Set(list.map((r) => r.entry.target.toLowerCase()));
    if (people.size < 2) continue;
    for (const r of list) r.bad = true;
    add('id-object-id-duplicate', 'error', list.map((r) => r.line), `The TargetObjectId ${id} is given for ${people.size} different target users.`,
      'An object id names one user: copy each target user\'s own Object ID from Microsoft Entra ID.');
  }
}

function domainChecks(rows: Row[], sourceDomains: string[], destinationDomains: string[], add: Add): void {
  const check = (side: 'source' | 'destination', own: string[], other: string[]): void => {
    if (own.length === 0) return;
    const foreign = new Map<string, number[]>();
    for (const r of rows) {
      const values = side === 'source' ? [r.entry.source, r.entry.sourceEmail] : [r.entry.target, r.entry.targetEmail];
      for (const v of values) {
        if (v === null || addressFault(v) !== null) continue;
        const domain = domainOf(v);
        if (!inDomains(domain, own)) {
          const list = foreign.get(domain) ?? [];
          if (list[list.length - 1] !== r.line) list.push(r.line);
          foreign.set(domain, list);
        }
      }
    }
    const otherSide = side === 'source' ? 'destination' : 'source';
    for (const [domain, lines] of foreign) {
      const swapped = inDomains(domain, other) ? ` ${domain} is one of the ${otherSide} tenant's domains: are the columns swapped?` : '';
      add(side === 'source' ? MAP_SRC_DOMAIN : MAP_DST_DOMAIN, 'warning', lines,
        `${capital(plural(lines.length, 'row'))} use${lines.length === 1 ? 's' : ''} the domain ${short(domain)} on the ${side} side, which is not among the ${side} tenant's domains known here (${own.join(', ')}).${swapped}`,
        `Check the ${side === 'source' ? 'Source and SourceEmail' : 'Target and TargetEmail'} columns. If ${short(domain)} is a verified domain of the ${side} tenant, ignore this warning.`);
    }
  };
  check('source', sourceDomains, destinationDomains);
  check('destination', destinationDomains, sourceDomains);
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const CHECK_ORDER = new Map<string, number>([...MAPPING_CHECK_IDS, ...IDENTITY_CHECK_IDS].map((id, i) => [id, i]));

function countsOf(entries: readonly IdentityEntry[]): IdentityCounts {
  const counts: IdentityCounts = { people: entries.length, environments: 0, mailboxes: 0, onedrive: 0 };
  for (const e of entries) for (const w of e.workstreams) counts[w]++;
  return counts;
}

function finish(partial: Omit<IdentityMapReport, 'problems' | 'errors' | 'warnings' | 'counts'>, problems: IdentityProblem[]): IdentityMapReport {
  problems.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1)
    || (a.lines[0] ?? 0) - (b.lines[0] ?? 0)
    || (CHECK_ORDER.get(a.checkId) ?? 99) - (CHECK_ORDER.get(b.checkId) ?? 99));
  const errors = problems.filter((p) => p.severity === 'error').length;
  return {
    fileName: partial.fileName,
    readable: partial.readable,
    encoding: partial.encoding,
    layout: partial.layout,
    columns: partial.columns,
    dataRows: partial.dataRows,
    counts: countsOf(partial.entries),
    errors,
    warnings: problems.length - errors,
    problems,
    entries: partial.entries,
    sourceDomains: partial.sourceDomains,
    destinationDomains: partial.destinationDomains,
  };
}
