/**
 * The storage edge: botbuilder Storage, transcripts and "forget me" over lowdb files under one data directory.
 * Nothing outside src/storage imports lowdb.
 *
 *   <dataDir>/state/        LowdbStorage partitions (conversation, user and feature state)
 *   <dataDir>/transcripts/  LowdbTranscriptStore conversations
 */
import path from 'node:path';
import type { CorruptFileHandler } from './durableFiles.js';
import { ForgetService } from './forgetService.js';
import { LowdbStorage } from './lowdbStorage.js';
import { LowdbTranscriptStore } from './lowdbTranscriptStore.js';

export { CORRUPT_FILE_MARKER, type CorruptFileEvent, type CorruptFileHandler } from './durableFiles.js';
export * from './forgetService.js';
export * from './lowdbStorage.js';
export * from './lowdbTranscriptStore.js';
export { REDACTED, redactDeep, redactText } from './redact.js';
export * from './transcriptRetention.js';

export const STATE_DIRECTORY_NAME = 'state';
export const TRANSCRIPTS_DIRECTORY_NAME = 'transcripts';

export interface LowdbStores {
  readonly kind: 'lowdb';
  readonly storage: LowdbStorage;
  readonly transcripts: LowdbTranscriptStore;
  readonly forget: ForgetService;
  /** Waits for every pending write of both stores. */
  flush(): Promise<void>;
  /** Flushes, then refuses further work. */
  close(): Promise<void>;
}

export interface LowdbStoresOptions {
  dataDir: string;
  maxOpenPartitions?: number;
  maxOpenTranscriptFiles?: number;
  /** Told once for each state or transcript file that did not parse and was moved aside. */
  onCorruptFile?: CorruptFileHandler;
}

export function openLowdbStores(options: LowdbStoresOptions): LowdbStores {
  const storage = new LowdbStorage({
    directory: path.join(options.dataDir, STATE_DIRECTORY_NAME),
    maxOpenPartitions: options.maxOpenPartitions,
    onCorruptFile: options.onCorruptFile,
  });
  const transcripts = new LowdbTranscriptStore({
    directory: path.join(options.dataDir, TRANSCRIPTS_DIRECTORY_NAME),
    maxOpenFiles: options.maxOpenTranscriptFiles,
    onCorruptFile: options.onCorruptFile,
  });
  const forget = new ForgetService({ storage, transcripts });
  return {
    kind: 'lowdb',
    storage,
    transcripts,
    forget,
    async flush() {
      await Promise.all([storage.flush(), transcripts.flush()]);
    },
    async close() {
      await Promise.all([storage.close(), transcripts.close()]);
    },
  };
}
