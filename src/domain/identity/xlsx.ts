/**
 * Reading an identity map from an Excel workbook (.xlsx) with read-excel-file (docs/plan.md says why that
 * library). Only the first sheet is read, as text cells; the checker then treats the rows exactly like CSV lines.
 * The bytes are untrusted: a workbook whose parts would unpack to more than MAX_XLSX_UNPACKED_BYTES (a "zip bomb")
 * is refused from its zip directory, before anything is decompressed.
 */
import { readSheet } from 'read-excel-file/universal';
import { checkIdentityMap } from './check.js';
import type { CheckIdentityInput, IdentityMapReport } from './types.js';

export const MAX_XLSX_BYTES = 10 * 1024 * 1024;
export const MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024;

export type WorkbookRows = { ok: true; rows: string[][] } | { ok: false; message: string };

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export function looksLikeXlsx(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && ZIP_MAGIC.every((b, i) => bytes[i] === b);
}

/**
 * The sum of the uncompressed sizes the zip's central directory declares, or null when there is no readable
 * directory. (The ZIP format's end-of-central-directory record and file headers, APPNOTE 4.3.12 and 4.3.16.)
 */
export function declaredUnpackedSize(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stop = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= stop; i--) {
    if (view.getUint32(i, true) !== 0x06054b50) continue;
    const entries = view.getUint16(i + 10, true);
    let offset = view.getUint32(i + 16, true);
    let total = 0;
    for (let n = 0; n < entries; n++) {
      if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) return null;
      const size = view.getUint32(offset + 24, true);
      if (size === 0xffffffff) return Number.MAX_SAFE_INTEGER; // ZIP64: far beyond any identity map
      total += size;
      offset += 46 + view.getUint16(offset + 28, true) + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
    }
    return total;
  }
  return null;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return String(value);
}

/** The first sheet's rows as text. Never throws: a damaged or oversized workbook gives a message to show. */
export async function readWorkbookRows(bytes: Uint8Array): Promise<WorkbookRows> {
  const refuse = 'Save it again from Excel as a workbook (.xlsx) or as "CSV UTF-8 (Comma delimited)", or paste its lines.';
  if (bytes.length > MAX_XLSX_BYTES) {
    return { ok: false, message: `The workbook is ${Math.ceil(bytes.length / 1024 / 1024)} MB; identity maps up to ${MAX_XLSX_BYTES / 1024 / 1024} MB are read.` };
  }
  const unpacked = declaredUnpackedSize(bytes);
  if (unpacked === null) return { ok: false, message: `This workbook is damaged or not an Excel file. ${refuse}` };
  if (unpacked > MAX_XLSX_UNPACKED_BYTES) {
    return { ok: false, message: 'This workbook unpacks to far more data than an identity map holds, so it is not read.' };
  }
  try {
    const copy = bytes.slice().buffer;
    const data = await readSheet(copy);
    return { ok: true, rows: data.map((row) => row.map(cellText)) };
  } catch {
    return { ok: false, message: `This workbook could not be read. ${refuse}` };
  }
}

/**
 * Check an identity map from an upload (CSV or .xlsx bytes) or pasted text: the one entry point the Teams edge
 * and the command line use.
 */
export async function readIdentityMap(input: CheckIdentityInput): Promise<IdentityMapReport> {
  if (input.bytes !== undefined && looksLikeXlsx(input.bytes)) {
    const read = await readWorkbookRows(input.bytes);
    if (!read.ok) {
      const report = checkIdentityMap({ ...input, bytes: input.bytes });
      return {
        ...report,
        problems: report.problems.map((p) => (p.checkId === 'map-encoding' ? { ...p, message: read.message } : p)),
      };
    }
    return checkIdentityMap({ fileName: input.fileName, rows: read.rows, sourceDomains: input.sourceDomains, destinationDomains: input.destinationDomains });
  }
  return checkIdentityMap(input);
}
