/**
 * Reading Microsoft's validation script log back (spec section 5): the PowerShell transcript of
 * CrossTenantMailboxMigrationValidation.ps1, uploaded, pasted or given on the command line. One result per mailbox
 * (source and target named), organisation findings apart, every line the reader does not recognise kept and
 * counted. Tolerates UTF-8 with or without BOM, UTF-16 LE or BE (with or without BOM), CRLF or LF, the
 * transcript's header and footer,
 * the "(Y/N)" prompts and their echoed answers, and module warnings. Pure, linear in the log's length, never throws.
 */
import type { Finding } from '../findings.js';
import { EXO_SOURCES } from './sources.js';
import { DIRSYNCED_INLINE, DIRSYNCED_ONLY, classifyLogMessage, type LogMessageKind } from './logMessages.js';
import type { HoldKind } from './types.js';

export type LogEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'text';

export interface LogFinding extends Finding {
  /** The script's own words (after ">> Error: " or ">> Warning: "). */
  message: string;
  /** 1-based line of the log. */
  line: number;
  /** For exo-hold: which hold. */
  hold?: HoldKind;
  /** The script said the change must be made on-premises (the object is directory-synchronised). */
  dirSynced?: boolean;
}

export interface MailboxLogResult {
  /** The source mailbox as the script named it; null when the log shows only the target. */
  source: string | null;
  target: string | null;
  /** No blocker and no finding of the script's that we could not place. */
  ready: boolean;
  findings: LogFinding[];
}

export interface LogCounts {
  mailboxes: number;
  ready: number;
  blocked: number;
  /** ">> Error:" lines and ">> Warning:" lines, as the script printed them. */
  errors: number;
  warnings: number;
  unrecognised: number;
}

export interface ValidationLogReport {
  encoding: LogEncoding;
  mailboxes: MailboxLogResult[];
  organization: { findings: LogFinding[] };
  counts: LogCounts;
  /** Lines the reader does not recognise, as they were (trimmed), with their line numbers in `unrecognisedLines`. */
  unrecognised: string[];
  unrecognisedLines: number[];
}

export type LogReading =
  | { ok: true; report: ValidationLogReport }
  | { ok: false; reason: string };

export type DecodedLog = { ok: true; encoding: LogEncoding; text: string } | { ok: false; reason: string };

const NOT_A_LOG = 'This is not a log of Microsoft\'s validation script (CrossTenantMailboxMigrationValidation.ps1): ';

/** A NUL byte never occurs in a UTF-8 transcript; NULs at every other offset mean UTF-16 without a BOM. */
function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | 'binary' | null {
  const n = Math.min(bytes.length, 4096);
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i++) {
    if (bytes[i] === 0) {
      if (i % 2 === 0) even++;
      else odd++;
    }
  }
  if (even === 0 && odd === 0) return bytes.indexOf(0, n) === -1 ? null : 'binary';
  if (odd > n / 2 * 0.6 && even === 0) return 'utf-16le';
  if (even > n / 2 * 0.6 && odd === 0) return 'utf-16be';
  return 'binary';
}

/** Decode a log's bytes. Never throws. */
export function decodeLogBytes(bytes: Uint8Array): DecodedLog {
  if (bytes.length === 0) return { ok: false, reason: `${NOT_A_LOG}the file is empty.` };
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    return { ok: false, reason: `${NOT_A_LOG}it is a zip archive (CTMMCollectedSourceData.zip is for the target admin's -SourceIsOffline run, not for me). Send the .log file the script wrote with -LogPath.` };
  }
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return { ok: true, encoding: 'utf-16le', text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return { ok: true, encoding: 'utf-16be', text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      return { ok: true, encoding: 'utf-8-bom', text: new TextDecoder('utf-8').decode(bytes.subarray(3)) };
    }
    const sniffed = sniffUtf16(bytes);
    if (sniffed === 'binary') return { ok: false, reason: `${NOT_A_LOG}it is a binary file, not text. Send the .log file the script wrote with -LogPath.` };
    if (sniffed) return { ok: true, encoding: sniffed, text: new TextDecoder(sniffed).decode(bytes) };
    // Lossy: a transcript saved in a Windows code page still reads, with U+FFFD for the odd accented letter.
    return { ok: true, encoding: 'utf-8', text: new TextDecoder('utf-8').decode(bytes) };
  } catch {
    return { ok: false, reason: `${NOT_A_LOG}its text could not be decoded.` };
  }
}

const STARS = /^\*{10,}$/;
const LOADING = /^Informational: Loading (SOURCE|TARGET) object\s*(.*)$/i;
const RESULT = /^>>\s*(Error|Warning)\s*:\s*(.*)$/i;
const ANSWER = /^(Your input|Your answer)\s*:/i;
const PROMPT_ONLY = /\(Y\/N\)\s*:?\s*[yn]?$/i;
const MODULE_NOISE = /^(WARNING|VERBOSE|DEBUG)\s*:/i;
const TRANSCRIPT_NOTE = /^(Transcript started, output file is|Transcript stopped, output file is|PS [A-Za-z]:\\|PS>)/;
const INFORMATIONAL = /^Informational\s*:/i;

/** A value from the log shown as-is but bounded: a pasted log may hold anything. */
function clip(value: string, max = 320): string {
  return value.length > max ? `${value.slice(0, max - 3)}...` : value;
}

function findingFor(kind: LogMessageKind, message: string, line: number): LogFinding {
  const finding: LogFinding = {
    ruleId: kind.ruleId,
    severity: kind.severity,
    environment: null,
    title: kind.title,
    detail: `The script said: "${clip(message)}". ${kind.fix}`,
    source: EXO_SOURCES.validationScript.url,
    guidance: 'current',
    basis: 'documented',
    sourceDate: EXO_SOURCES.validationScript.date,
    message: clip(message, 1000),
    line,
  };
  if (kind.hold) finding.hold = kind.hold;
  if (DIRSYNCED_INLINE.test(message)) finding.dirSynced = true;
  return finding;
}

/** A ">> Error:" the reader cannot name still means the mailbox is not known to be ready. */
function unknownErrorFinding(message: string, line: number, severity: 'Error' | 'Warning'): LogFinding {
  return {
    ruleId: 'exo-log-unrecognised',
    severity: severity === 'Error' ? 'action' : 'warning',
    environment: null,
    title: `A script ${severity.toLowerCase()} the bot does not recognise`,
    detail: `We infer that this line needs a look, since this reader does not know its wording: "${clip(message)}". Check it in the script's documentation.`,
    source: EXO_SOURCES.validationScript.url,
    guidance: 'current',
    basis: 'inferred',
    sourceDate: EXO_SOURCES.validationScript.date,
    message: clip(message, 1000),
    line,
  };
}

/** Read a decoded transcript. Never throws. */
export function readValidationLogText(text: string, encoding: LogEncoding = 'text'): LogReading {
  const lines = text.split(/\r\n|\n|\r/);
  const mailboxes: MailboxLogResult[] = [];
  const byKey = new Map<string, MailboxLogResult>();
  const organization: LogFinding[] = [];
  const orgSeen = new Set<string>();
  const unrecognised: string[] = [];
  const unrecognisedLines: number[] = [];
  let errors = 0;
  let warnings = 0;
  let markers = 0; // lines only this script prints: Loading lines and ">>" results
  let inBanner = false;
  /** The mailbox the lines belong to; `awaitingTarget` while its SOURCE line has not been followed by a TARGET line. */
  let current: MailboxLogResult | null = null;
  let awaitingTarget = false;
  const removed = new Set<MailboxLogResult>();
  let last: LogFinding | null = null;

  const keyOf = (source: string | null, target: string | null): string => `${(source ?? '').toLowerCase()}|${(target ?? '').toLowerCase()}`;
  const mailboxFor = (source: string | null, target: string | null): MailboxLogResult => {
    const key = keyOf(source, target);
    let result = byKey.get(key);
    if (!result) {
      result = { source, target, ready: true, findings: [] };
      byKey.set(key, result);
      mailboxes.push(result);
    }
    return result;
  };

  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index]!;
    const line = raw.trim();
    if (line === '') continue;
    if (STARS.test(line)) {
      inBanner = !inBanner;
      continue;
    }
    // The transcript's header and footer (start time, user, machine, versions). A result line ends a banner whose
    // closing row of asterisks was lost when the log was pasted.
    if (inBanner) {
      if (!line.startsWith('>>') && !LOADING.test(line)) continue;
      inBanner = false;
    }

    const loading = LOADING.exec(line);
    if (loading) {
      markers++;
      const which = loading[1]!.toUpperCase();
      const name = clip(loading[2]!.trim(), 320) || null;
      if (which === 'SOURCE') {
        current = mailboxFor(name, null);
        awaitingTarget = true;
      } else if (current && awaitingTarget) {
        // Now both names are known: re-key, merging a mailbox checked twice (two runs in one file).
        byKey.delete(keyOf(current.source, null));
        const existing = byKey.get(keyOf(current.source, name));
        if (existing && existing !== current) {
          existing.findings.push(...current.findings);
          removed.add(current);
          current = existing;
        } else {
          current.target = name;
          byKey.set(keyOf(current.source, name), current);
        }
        awaitingTarget = false;
      } else {
        current = mailboxFor(null, name);
        awaitingTarget = false;
      }
      last = null;
      continue;
    }

    const result = RESULT.exec(line);
    if (result) {
      markers++;
      const level = result[1]!.toLowerCase() === 'error' ? 'Error' : 'Warning';
      if (level === 'Error') errors++;
      else warnings++;
      const message = result[2]!.trim();
      if (DIRSYNCED_ONLY.test(message)) {
        if (last) last.dirSynced = true;
        continue;
      }
      const kind = classifyLogMessage(message);
      if (kind?.scope === 'organization' || (kind && !current)) {
        const key = `${kind.ruleId}|${message}`;
        const finding = findingFor(kind, message, index + 1);
        if (!orgSeen.has(key)) {
          orgSeen.add(key);
          organization.push(finding);
        }
        last = finding;
        continue;
      }
      const finding = kind ? findingFor(kind, message, index + 1) : unknownErrorFinding(message, index + 1, level);
      if (!kind) {
        unrecognised.push(clip(line, 1000));
        unrecognisedLines.push(index + 1);
      }
      (current?.findings ?? organization).push(finding);
      last = finding;
      continue;
    }

    if (line.startsWith('>>')) {
      markers++; // a passed check (">> ExchangeGuid match ok")
      continue;
    }
    if (ANSWER.test(line) || PROMPT_ONLY.test(line) || MODULE_NOISE.test(line) || TRANSCRIPT_NOTE.test(line) || INFORMATIONAL.test(line)) continue;
    unrecognised.push(clip(line, 1000));
    unrecognisedLines.push(index + 1);
  }

  if (markers === 0) {
    const reason = lines.some((l) => /transcript start/i.test(l))
      ? `${NOT_A_LOG}this PowerShell transcript has no results of the script (no "Informational: Loading" or ">> " lines). Run the script with -CheckObjects or -CheckOrgs and send the file it wrote with -LogPath.`
      : `${NOT_A_LOG}it has none of the script's result lines (">> Error:", ">> Warning:", "Informational: Loading SOURCE object"). Send the file the script wrote with -LogPath, or paste its text.`;
    return { ok: false, reason };
  }

  for (const m of mailboxes) m.ready = !m.findings.some((f) => f.severity === 'blocker' || f.ruleId === 'exo-log-unrecognised');
  const results = mailboxes.filter((m) => !removed.has(m) && (m.source !== null || m.target !== null));
  const ready = results.filter((m) => m.ready).length;
  return {
    ok: true,
    report: {
      encoding,
      mailboxes: results,
      organization: { findings: organization },
      counts: {
        mailboxes: results.length,
        ready,
        blocked: results.filter((m) => m.findings.some((f) => f.severity === 'blocker')).length,
        errors,
        warnings,
        unrecognised: unrecognised.length,
      },
      unrecognised,
      unrecognisedLines,
    },
  };
}

/** Read a log given as bytes (an upload, a file) or as text (pasted into the chat). Never throws. */
export function readValidationLog(input: Uint8Array | string): LogReading {
  if (typeof input === 'string') return readValidationLogText(input.replace(/^\uFEFF/, ''), 'text');
  const decoded = decodeLogBytes(input);
  if (!decoded.ok) return decoded;
  return readValidationLogText(decoded.text, decoded.encoding);
}
