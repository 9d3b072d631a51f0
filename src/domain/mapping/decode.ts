/**
 * Turning an upload's bytes into text, or refusing them. The bytes are untrusted: a workbook, a web page or a
 * binary is named for what it is, never parsed as CSV.
 */

/** What the bytes turned out to be. `text` means the caller passed text (pasted into the chat), not bytes. */
export const MAPPING_ENCODINGS = [
  'utf-8', 'utf-8-bom', 'text', 'not-utf-8', 'xlsx', 'xls', 'utf-16', 'html', 'binary',
] as const;
export type MappingEncoding = (typeof MAPPING_ENCODINGS)[number];

export type DecodedMappingFile =
  | { readable: true; encoding: 'utf-8' | 'utf-8-bom' | 'text' | 'not-utf-8'; text: string }
  | { readable: false; encoding: 'xlsx' | 'xls' | 'utf-16' | 'html' | 'binary' };

const ZIP_MAGIC = [0x50, 0x4b]; // "PK": .xlsx, .ods and .docx are all zip archives
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]; // Excel 97-2003 .xls
const UTF8_BOM = [0xef, 0xbb, 0xbf];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  if (bytes.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[i] !== magic[i]) return false;
  return true;
}

/** A NUL byte never occurs in CSV text; half of them at odd or even offsets means UTF-16 without a BOM. */
function nulKind(bytes: Uint8Array): 'none' | 'utf-16' | 'binary' {
  let nuls = 0;
  let evenNuls = 0;
  const n = Math.min(bytes.length, 4096);
  for (let i = 0; i < n; i++) {
    if (bytes[i] === 0) {
      nuls++;
      if (i % 2 === 0) evenNuls++;
    }
  }
  if (nuls === 0) {
    // Beyond the sniffed prefix only a full scan can tell; indexOf is native and fast.
    return bytes.indexOf(0, n) === -1 ? 'none' : 'binary';
  }
  const oddNuls = nuls - evenNuls;
  const half = n / 2;
  if ((evenNuls > half * 0.8 && oddNuls === 0) || (oddNuls > half * 0.8 && evenNuls === 0)) return 'utf-16';
  return 'binary';
}

const HTML_START = /^\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])/i;

/** Decode an uploaded mapping file. Never throws. */
export function decodeMappingBytes(bytes: Uint8Array): DecodedMappingFile {
  if (startsWith(bytes, ZIP_MAGIC) && bytes.length >= 4 && bytes[2] <= 0x08 && bytes[3] <= 0x08) {
    return { readable: false, encoding: 'xlsx' };
  }
  if (startsWith(bytes, OLE_MAGIC)) return { readable: false, encoding: 'xls' };
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return { readable: false, encoding: 'utf-16' };
  const nul = nulKind(bytes);
  if (nul !== 'none') return { readable: false, encoding: nul };

  const bom = startsWith(bytes, UTF8_BOM);
  const body = bom ? bytes.subarray(UTF8_BOM.length) : bytes;
  let text: string;
  let encoding: 'utf-8' | 'utf-8-bom' | 'not-utf-8' = bom ? 'utf-8-bom' : 'utf-8';
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    // Usually "CSV (Comma delimited)" saved in a Windows code page. Decode lossily so the other checks still
    // run; the lines holding U+FFFD are the ones to fix.
    text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(body);
    encoding = 'not-utf-8';
  }
  if (HTML_START.test(text.slice(0, 512))) return { readable: false, encoding: 'html' };
  return { readable: true, encoding, text };
}
