/**
 * The one hash both stores name things by. SHA-256 of a name's UTF-8 bytes, as lowercase hex: file and blob names
 * built from it have a fixed length, are safe on every file system and service, and never show the raw id.
 */
import { createHash } from 'node:crypto';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
