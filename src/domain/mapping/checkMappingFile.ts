/**
 * The user mapping file checker: every local check of a usermapping.csv, in one pass over the lines.
 * Catalogue and sources: checks.ts. Corrected file: normalise.ts. Card view model: summary.ts.
 */
import {
  MAP_BLANK_LINE, MAP_BOM, MAP_COLUMNS, MAP_DST_DOMAIN, MAP_DUP_DESTINATION, MAP_DUP_SOURCE, MAP_EMAIL_FORMAT,
  MAP_EMPTY, MAP_ENCODING, MAP_FILENAME, MAP_HEADER, MAP_QUOTES, MAP_SAME_AS_SOURCE, MAP_SEPARATOR, MAP_SRC_DOMAIN,
  MAP_WHITESPACE, MAPPING_CHECK_IDS, MAPPING_CHECKS, MAPPING_FILE_NAME, MAPPING_HEADER, MICROSOFT_MESSAGES,
  type MappingCheckId,
} from './checks.js';
import { parseLine, splitLines, trimCell, type ParsedLine, type Separator } from './csvLine.js';
import { decodeMappingBytes, type DecodedMappingFile } from './decode.js';
import { addressFault, cleanDomains, domainOf, inDomains, type AddressFault } from './email.js';
import { analyseMappings, type MappingAnalysis } from './selection.js';
import { capital, count, shortValue } from './text.js';
import type { CheckMappingInput, MappingHeader, MappingProblem, MappingReport, MappingRow } from './types.js';

const SAVE_AS_CSV = 'Open it in Excel and choose File > Save As > "CSV UTF-8 (Comma delimited) (*.csv)", name it usermapping.csv, and send that file.';
const USE_CORRECTED = 'The corrected file already has this fixed.';

// A first line without any @ that names a column the way people do (Source, TargetUpn, Windows Live ID, ...).
// Anything else without an @ is a data line with bad addresses, so "adele,alex" is reported as such.
const HEADER_WORD = /source|destination|target|upn|e-?mail|user|live ?id|principal|login|account|^(from|to|old|new)$/i;

/** Check a mapping file (uploaded bytes or pasted text). Pure and synchronous; never throws on bad content. */
export function checkMappingFile(input: CheckMappingInput): MappingReport {
  const fileName = input.fileName ?? null;
  const sourceDomains = cleanDomains(input.sourceDomains);
  const destinationDomains = cleanDomains(input.destinationDomains);
  const problems: MappingProblem[] = [];
  const add = (checkId: MappingCheckId, lines: number[], message: string, fix: string, microsoftMessage: string | null = null): void => {
    problems.push({ checkId, severity: MAPPING_CHECKS[checkId].severity, lines, message, fix, microsoftMessage });
  };

  if (fileName !== null && fileName !== MAPPING_FILE_NAME) checkFileName(fileName, add);

  const decoded: DecodedMappingFile = input.bytes !== undefined
    ? decodeMappingBytes(input.bytes)
    : { readable: true, encoding: 'text', text: input.text ?? '' };
  const base = { fileName, encoding: decoded.encoding, sourceDomains, destinationDomains };

  if (!decoded.readable) {
    const [message, fix] = REFUSALS[decoded.encoding];
    add(MAP_ENCODING, [], message, fix);
    return finish({ ...base, readable: false, header: NO_HEADER, lineCount: 0, dataRows: 0, mappedUsers: 0, rows: [] }, problems);
  }
  if (decoded.encoding === 'utf-8-bom') {
    add(MAP_BOM, [1], 'The file starts with an invisible byte-order mark (Excel\'s "CSV UTF-8" format adds one).',
      'Usually harmless. If Microsoft reports the first line as invalid, save the file without it; the corrected file has none.');
  }

  const lines = splitLines(decoded.text);
  const scan = new LineScan(sourceDomains, destinationDomains, decoded.encoding === 'not-utf-8');
  for (let i = 0; i < lines.length; i++) scan.line(lines[i], i + 1);
  scan.report(add);
  const analysis = analyseMappings(scan.rows);
  reportDuplicates(analysis, add);

  if (scan.rows.length === 0) {
    const message = lines.length === 0
      ? 'The file is empty.'
      : scan.header.kind !== 'none'
        ? 'The file has a header line but no users.'
        : 'The file has only blank lines, no users.';
    add(MAP_EMPTY, [], message, 'Add one line per user: the source address, a comma, then the destination address.');
  }

  return finish({
    ...base,
    readable: true,
    header: scan.header,
    lineCount: lines.length,
    dataRows: scan.rows.length,
    mappedUsers: analysis.kept.length,
    rows: scan.rows,
  }, problems);
}

type Add = (checkId: MappingCheckId, lines: number[], message: string, fix: string, microsoftMessage?: string | null) => void;

const NO_HEADER: MappingHeader = Object.freeze({ kind: 'none', line: null, text: null }) as MappingHeader;

const REFUSALS: Record<'xlsx' | 'xls' | 'utf-16' | 'html' | 'binary', [string, string]> = {
  xlsx: ['This is an Excel workbook (.xlsx) or another zipped document, not a CSV text file.', SAVE_AS_CSV],
  xls: ['This is an Excel 97-2003 workbook (.xls), not a CSV text file.', SAVE_AS_CSV],
  'utf-16': ['This file was saved as "Unicode Text" (UTF-16), which Microsoft\'s validation does not read.', SAVE_AS_CSV],
  html: ['This is a web page, not the file itself. The Teams mobile app sometimes sends a link page instead of the file.',
    'Send the file from Teams on the desktop or the web, or paste its lines after "check mapping file".'],
  binary: ['This file holds binary data, not text, so it cannot be a CSV file.', `Save it as CSV: ${SAVE_AS_CSV}`],
};

function checkFileName(fileName: string, add: Add): void {
  const name = shortValue(fileName);
  const workbook = /\.xlsx?$/i.test(fileName) ? ' Save it as "CSV UTF-8 (Comma delimited)" first.' : '';
  if (fileName.toLowerCase() === MAPPING_FILE_NAME) {
    add(MAP_FILENAME, [], `The file is named "${name}", but Microsoft needs exactly "${MAPPING_FILE_NAME}": the name is case-sensitive.`,
      `Rename it to ${MAPPING_FILE_NAME}, all in lower case. The corrected file has that name.`, MICROSOFT_MESSAGES.invalidFile);
  } else {
    add(MAP_FILENAME, [], `The file is named "${name}". Microsoft accepts only a file named exactly "${MAPPING_FILE_NAME}".`,
      `Rename it to ${MAPPING_FILE_NAME} before you upload it to Microsoft.${workbook} The corrected file has that name.`,
      MICROSOFT_MESSAGES.invalidFile);
  }
}


interface FaultGroup { column: 'source' | 'destination'; value: string; fault: AddressFault; lines: number[] }

/** The state of one pass over the lines; `report` turns what it gathered into grouped problems. */
class LineScan {
  header: MappingHeader = NO_HEADER;
  readonly rows: MappingRow[] = [];
  private seenFirst = false;
  private readonly blank: number[] = [];
  private readonly notUtf8: number[] = [];
  private readonly separators = new Map<Exclude<Separator, ','>, number[]>();
  private readonly oneValue: number[] = [];
  private readonly manyValues: number[] = [];
  private readonly trailingCommas: number[] = [];
  private readonly padded: number[] = [];
  private readonly quoted: number[] = [];
  private readonly faults = new Map<string, FaultGroup>();
  private readonly selfMapped: MappingRow[] = [];
  private readonly foreignSource = new Map<string, number[]>();
  private readonly foreignDestination = new Map<string, number[]>();

  constructor(
    private readonly sourceDomains: readonly string[],
    private readonly destinationDomains: readonly string[],
    private readonly lossyText: boolean,
  ) {}

  line(raw: string, line: number): void {
    if (trimCell(raw) === '') {
      this.blank.push(line);
      return;
    }
    if (this.lossyText && raw.includes('\uFFFD')) this.notUtf8.push(line);
    const parsed = parseLine(raw);
    // Rows of bare commas are what Excel leaves where cells were cleared: blank lines for every purpose.
    if (parsed.fields.every((f) => f.value === '' && !f.quoted)) {
      this.blank.push(line);
      return;
    }
    if (parsed.separator !== ',') push(this.separators, parsed.separator, line);
    if (parsed.trailingEmpty > 0) this.trailingCommas.push(line);
    const first = !this.seenFirst;
    this.seenFirst = true;
    if (first && !raw.includes('@') && parsed.fields.some((f) => HEADER_WORD.test(f.value))) {
      this.readHeader(raw, parsed, line);
      return;
    }
    this.readRow(parsed, line);
  }

  private readHeader(raw: string, parsed: ParsedLine, line: number): void {
    const text = trimCell(raw);
    const values = parsed.fields.map((f) => f.value.toLowerCase());
    const words = values.length === 2 && values[0] === 'source' && values[1] === 'destination';
    const kind = raw === MAPPING_HEADER ? 'standard' : words ? 'variant' : 'other';
    this.header = { kind, line, text };
    if (parsed.fields.length !== 2) (parsed.fields.length === 1 ? this.oneValue : this.manyValues).push(line);
  }

  private readRow(parsed: ParsedLine, line: number): void {
    const { fields } = parsed;
    if (fields.some((f) => f.padded)) this.padded.push(line);
    if (fields.some((f) => f.quoted)) this.quoted.push(line);
    if (fields.length !== 2) {
      (fields.length === 1 ? this.oneValue : this.manyValues).push(line);
      this.rows.push({ line, source: fields[0].value, destination: fields[1]?.value ?? '', rejectedBy: MAP_COLUMNS });
      return;
    }
    const source = fields[0].value;
    const destination = fields[1].value;
    const sourceFault = addressFault(source);
    const destinationFault = addressFault(destination);
    if (sourceFault) this.fault('source', source, sourceFault, line);
    if (destinationFault) this.fault('destination', destination, destinationFault, line);
    const row: MappingRow = { line, source, destination, rejectedBy: sourceFault || destinationFault ? MAP_EMAIL_FORMAT : null };
    this.rows.push(row);
    if (row.rejectedBy !== null) return;

    const src = source.toLowerCase();
    const dst = destination.toLowerCase();
    if (src === dst) this.selfMapped.push(row);
    if (this.sourceDomains.length > 0) {
      const domain = domainOf(src);
      if (!inDomains(domain, this.sourceDomains)) push(this.foreignSource, domain, line);
    }
    if (this.destinationDomains.length > 0) {
      const domain = domainOf(dst);
      if (!inDomains(domain, this.destinationDomains)) push(this.foreignDestination, domain, line);
    }
  }

  private fault(column: FaultGroup['column'], value: string, fault: AddressFault, line: number): void {
    const key = `${column}\n${value}`;
    const group = this.faults.get(key);
    if (group) group.lines.push(line);
    else this.faults.set(key, { column, value, fault, lines: [line] });
  }

  report(add: Add): void {
    if (this.notUtf8.length > 0) {
      add(MAP_ENCODING, this.notUtf8,
        `Some characters on ${count(this.notUtf8.length, 'line')} are not UTF-8 text: the file was probably saved as "CSV (Comma delimited)", which uses a Windows code page.`,
        SAVE_AS_CSV);
    }
    this.reportHeader(add);
    if (this.blank.length > 0) {
      add(MAP_BLANK_LINE, this.blank, `The file has ${count(this.blank.length, 'blank line')}.`,
        `Delete the blank lines. ${USE_CORRECTED}`);
    }
    const separatorText: Record<Exclude<Separator, ','>, string> = {
      ';': 'a semicolon (;)', '\t': 'a tab', ' ': 'spaces',
    };
    for (const [sep, lines] of this.separators) {
      add(MAP_SEPARATOR, lines,
        `${capital(count(lines.length, 'line'))} separate${lines.length === 1 ? 's' : ''} the two addresses with ${separatorText[sep]}. Microsoft needs a comma.`,
        sep === ';'
          ? `Replace the semicolons with commas. Excel writes semicolons when the Windows list separator is ";" (common with European regional settings), even for "CSV UTF-8". ${USE_CORRECTED}`
          : `Put a comma between the source and the destination address. ${USE_CORRECTED}`,
        MICROSOFT_MESSAGES.invalidFile);
    }
    const columns = (lines: number[], message: string, fix: string): void => {
      if (lines.length > 0) add(MAP_COLUMNS, lines, message, fix, MICROSOFT_MESSAGES.twoColumns(lineList(lines)));
    };
    columns(this.oneValue, `Only one value on ${count(this.oneValue.length, 'line')}: each line needs a source and a destination address.`,
      'Add the destination address after a comma, or delete the line if that user is not to be mapped.');
    columns(this.manyValues, `More than two values on ${count(this.manyValues.length, 'line')}.`,
      'Keep only the source and the destination address: remove other columns such as names or notes, and extra commas.');
    columns(this.trailingCommas, `Extra commas at the end of ${count(this.trailingCommas.length, 'line')}, which Microsoft counts as more columns.`,
      `Remove the commas after the destination address (Excel adds them when other columns were used). ${USE_CORRECTED}`);
    if (this.padded.length > 0) {
      add(MAP_WHITESPACE, this.padded,
        `Spaces or invisible characters around the addresses on ${count(this.padded.length, 'line')}. Microsoft's instructions warn against stray spaces.`,
        `Remove them. ${USE_CORRECTED}`);
    }
    if (this.quoted.length > 0) {
      add(MAP_QUOTES, this.quoted, `Addresses in quotation marks on ${count(this.quoted.length, 'line')}.`,
        `Remove the quotation marks: Microsoft's validation may read them as part of the address. ${USE_CORRECTED}`);
    }
    for (const g of this.faults.values()) {
      add(MAP_EMAIL_FORMAT, g.lines, `The ${g.column} "${shortValue(g.value)}" is not a valid address: ${g.fault.what}.`, g.fault.fix,
        g.value === '' ? null : MICROSOFT_MESSAGES.invalidEmail(g.value));
    }
    for (const row of this.selfMapped) {
      add(MAP_SAME_AS_SOURCE, [row.line], `${shortValue(row.source)} is mapped to itself.`,
        'Put the user\'s address in the destination tenant in the second column: one domain cannot belong to both tenants.',
        MICROSOFT_MESSAGES.targetSameAsSource(row.line));
    }
    this.reportDomains(add, MAP_SRC_DOMAIN, this.foreignSource, 'source', this.sourceDomains, this.destinationDomains);
    this.reportDomains(add, MAP_DST_DOMAIN, this.foreignDestination, 'destination', this.destinationDomains, this.sourceDomains);
  }

  private reportHeader(add: Add): void {
    const { kind, line, text } = this.header;
    if (line === null || text === null) return;
    if (kind === 'variant') {
      add(MAP_HEADER, [line], `The header is "${shortValue(text)}". Microsoft's page shows it as "${MAPPING_HEADER}" and warns against spaces around it.`,
        `Make the first line exactly ${MAPPING_HEADER}. ${USE_CORRECTED}`);
    } else if (kind === 'other') {
      add(MAP_HEADER, [line], `The first line "${shortValue(text)}" looks like a header, but not the one Microsoft shows ("${MAPPING_HEADER}"). Microsoft's validation may read it as a user and reject it.`,
        `Replace it with ${MAPPING_HEADER}, or delete it (Microsoft's older instructions use no header). The corrected file uses ${MAPPING_HEADER}.`);
    }
  }

  private reportDomains(add: Add, checkId: MappingCheckId, foreign: Map<string, number[]>, side: 'source' | 'destination',
    own: readonly string[], other: readonly string[]): void {
    const otherSide = side === 'source' ? 'destination' : 'source';
    for (const [domain, lines] of foreign) {
      const swapped = inDomains(domain, other) ? ` ${domain} is one of the ${otherSide} tenant's domains: are the columns swapped?` : '';
      add(checkId, lines,
        `${capital(count(lines.length, `${side} address`, `${side} addresses`))} use${lines.length === 1 ? 's' : ''} the domain ${shortValue(domain)}, which is not among the ${side} tenant's domains known here (${own.join(', ')}).${swapped}`,
        `Check that the ${side === 'source' ? 'first' : 'second'} column holds ${side} users. If ${shortValue(domain)} is a verified domain of the ${side} tenant, ignore this warning.`);
    }
  }
}

/** Duplicates come from the same analysis as the corrected file, so the two always agree. */
function reportDuplicates(analysis: MappingAnalysis, add: Add): void {
  for (const rows of analysis.sameSource) {
    const lines = rows.map((r) => r.line);
    const destinations = new Set(rows.map((r) => r.destination.toLowerCase()));
    const value = rows[0].source;
    if (destinations.size === 1) {
      add(MAP_DUP_SOURCE, lines, `The line "${shortValue(value)},${shortValue(rows[0].destination)}" appears ${rows.length} times.`,
        'Keep one of them; the corrected file keeps the first.', MICROSOFT_MESSAGES.sameValue(lineList(lines), value));
    } else {
      add(MAP_DUP_SOURCE, lines, `${shortValue(value)} is the source on ${rows.length} lines, mapped to ${destinations.size} different destinations.`,
        'A user can be mapped only once: keep the line with the right destination and delete the others. The corrected file leaves all of these lines out until you decide.',
        MICROSOFT_MESSAGES.sameValue(lineList(lines), value));
    }
  }
  // Exact repeats are not in these groups: each row here has a different source.
  for (const rows of analysis.sameDestination) {
    const lines = rows.map((r) => r.line);
    const value = rows[0].destination;
    add(MAP_DUP_DESTINATION, lines, `${shortValue(value)} is the destination of ${rows.length} different source users.`,
      'Each destination user can take the place of only one source user: keep the right line and delete the others. The corrected file leaves all of these lines out until you decide.',
      MICROSOFT_MESSAGES.sameValue(lineList(lines), value));
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const CHECK_ORDER = new Map<string, number>(MAPPING_CHECK_IDS.map((id, i) => [id, i]));

function finish(partial: Omit<MappingReport, 'problems' | 'errors' | 'warnings'>, problems: MappingProblem[]): MappingReport {
  problems.sort((a, b) =>
    (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1)
    || (a.lines[0] ?? 0) - (b.lines[0] ?? 0)
    || CHECK_ORDER.get(a.checkId)! - CHECK_ORDER.get(b.checkId)!);
  let errors = 0;
  for (const p of problems) if (p.severity === 'error') errors++;
  const p = partial;
  return {
    fileName: p.fileName,
    readable: p.readable,
    encoding: p.encoding,
    header: p.header,
    lineCount: p.lineCount,
    dataRows: p.dataRows,
    mappedUsers: p.mappedUsers,
    errors,
    warnings: problems.length - errors,
    sourceDomains: p.sourceDomains,
    destinationDomains: p.destinationDomains,
    problems,
    rows: p.rows,
  };
}

/** Microsoft lists every line; past twenty, the gist is enough to recognise the message. */
function lineList(lines: readonly number[]): string {
  return lines.length <= 20 ? lines.join(', ') : `${lines.slice(0, 20).join(', ')}, ...`;
}
