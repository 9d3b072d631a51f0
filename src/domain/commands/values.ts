/**
 * Values that reach a command. Identifiers (environment and tenant IDs) must be GUIDs and go in as single-quoted
 * literals; an unknown one is read into a variable with Read-Host and checked as a GUID by PowerShell itself.
 * Environment names appear only as labels inside prompts: a name with a line break or another control
 * character is an input error (it cannot be shown safely), and any other character that could read as markup,
 * a variable or a lookalike dash is replaced in the label (the cmdlets take the ID, never the name).
 */
import { isGuid, psLiteral, quotePowerShell, LOOKALIKE_DASHES } from '../powershell.js';
import type { CommandsIssue } from './types.js';

/** A PowerShell expression for a GUID: the literal when known, else the variable the step reads it into. */
export interface GuidValue {
  /** `'1111...'` or `$environmentId`. */
  expression: string;
  /** The Read-Host line(s) that set the variable when it was not set earlier in the same window; '' when known. */
  read: string;
  known: boolean;
  value: string | null;
}

/** Longest label put in a prompt; longer names are cut (the prompt only has to say which environment). */
const MAX_LABEL = 80;
// Letters, marks, digits, spaces and a few punctuation marks that mean nothing to PowerShell inside a
// single-quoted string nor to Teams markdown; everything else becomes a space.
const LABEL_KEEP = /[^\p{L}\p{M}\p{N} .,:;!?'\u2018\u2019&+/@()-]/gu;

export function labelFor(name: string): string {
  const cleaned = name.replace(new RegExp(LOOKALIKE_DASHES.source, 'g'), '-')
    .replace(LABEL_KEEP, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = Array.from(cleaned);
  const label = chars.length > MAX_LABEL ? `${chars.slice(0, MAX_LABEL - 3).join('').trimEnd()}...` : cleaned;
  return label === '' ? 'this environment' : label;
}

/** Why a name cannot be used, or null when it can. */
export function nameProblem(name: string): string | null {
  const quoted = quotePowerShell(name);
  if (!quoted.ok) {
    return `${quoted.reason}, so it cannot be shown safely in a PowerShell prompt; rename it in the profile (one line, no tabs)`;
  }
  return null;
}

/** A prompt that reads a GUID into `variable` unless this PowerShell window already has it. */
export function readGuid(variable: string, prompt: string): string {
  return `if (-not $${variable}) { $${variable} = [System.Guid]::Parse((Read-Host ${psLiteral(prompt)})).ToString() }`;
}

export function guidValue(value: string | undefined, variable: string, prompt: string): GuidValue {
  if (value !== undefined) {
    return { expression: psLiteral(value.toLowerCase()), read: '', known: true, value: value.toLowerCase() };
  }
  return { expression: `$${variable}`, read: readGuid(variable, prompt), known: false, value: null };
}

/** Checks a GUID that came from a profile built in code (the validator already checks parsed ones). */
export function checkGuid(value: string | undefined, path: string, what: string, issues: CommandsIssue[]): string | undefined {
  if (value === undefined) return undefined;
  if (isGuid(value)) return value.toLowerCase();
  issues.push({ path, message: `expected ${what} as a GUID such as 11111111-2222-3333-4444-555555555555` });
  return undefined;
}
