/**
 * Opens the stores the configured storage kind needs. Everything above this file sees only botbuilder's Storage
 * interface, an activity logger for transcripts, and the forget-me service.
 */

import type { Config } from './config.js';
import type { Logger } from './logging.js';
import type { ActivityLogger } from './bot/transcriptMiddleware.js';
import { openLowdbStores, scheduleTranscriptPruning, type ForgetHook, type ForgetSubject, type PrefixStorage } from './storage/index.js';

export interface ForgetRequest extends ForgetSubject {
  /** The id the product's records use for the person (their Entra object id when known). */
  userKey: string;
}

/** Per-conversation turn leases across instances (blob mode); see src/storage/blob/turnLease.ts. */
export interface TurnLeases {
  acquire(key: string): Promise<{ release(): Promise<void>; readonly lost: boolean }>;
  releaseAll(): Promise<void>;
}

export interface Stores {
  kind: string;
  /** Blob mode only: instances share conversations, so a turn holds the conversation's lease. */
  turnLeases?: TurnLeases;
  /** botbuilder Storage that can also list and delete by key prefix (both stores implement it). */
  storage: PrefixStorage;
  /** Absent when TRANSCRIPT_RETENTION_DAYS=0 (no transcripts kept). */
  transcripts?: ActivityLogger;
  forget(request: ForgetRequest): Promise<{ items: Array<{ what: string; count: number }> }>;
  /** Product records register what "forget me" deletes for them. */
  registerForgetHook(hook: Omit<ForgetHook, 'forget'> & { forget(request: ForgetRequest): Promise<number> }): void;
  close(): Promise<void>;
}

export async function openStores(config: Config, logger: Logger): Promise<Stores> {
  // The Azure SDK is loaded only in blob mode, so a lowdb bot starts without it.
  let turnLeases: TurnLeases | undefined;
  const stores =
    config.storageKind === 'blob'
      ? await (async () => {
          const blob = await import('./storage/blob/index.js');
          const opened = await blob.openBlobStores({
            connectionString: config.azureStorageConnectionString,
            containerName: config.azureStorageContainer,
          });
          const { BlobTurnLease } = await import('./storage/blob/turnLease.js');
          turnLeases = new BlobTurnLease({
            client: opened.container.client,
            instanceId: config.instanceId,
            onLost: (reason) => logger.warn('turn lease lost', { reason }),
          });
          return opened;
        })()
      : openLowdbStores({
          dataDir: config.dataDir,
          // The path holds only hashes, never ids or content; the file itself stays aside for inspection.
          onCorruptFile: (event) => logger.warn('storage file did not parse; moved aside, starting it empty', { movedTo: event.movedTo }),
        });
  const keepTranscripts = config.transcriptRetentionDays > 0;
  if (!keepTranscripts) {
    // "Keep none" also means none of what was logged under an earlier setting: pruning never runs at 0, so
    // without this those transcripts would stay forever. A failure is logged, not fatal: nothing new is logged.
    try {
      const deleted = await stores.transcripts.deleteAll();
      logger.info('transcripts deleted at start-up (TRANSCRIPT_RETENTION_DAYS=0)', { ...deleted });
    } catch (error) {
      logger.warn('deleting stored transcripts failed (TRANSCRIPT_RETENTION_DAYS=0)', { errorName: (error as Error)?.name });
    }
  }
  const pruning = keepTranscripts
    ? scheduleTranscriptPruning(stores.transcripts, {
        retentionDays: config.transcriptRetentionDays,
        onPruned: (r) => logger.info('transcripts pruned', { ...r }),
        onError: (e) => logger.warn('transcript pruning failed', { errorName: (e as Error)?.name }),
      })
    : undefined;
  return {
    kind: stores.kind,
    turnLeases,
    storage: stores.storage,
    transcripts: keepTranscripts ? stores.transcripts : undefined,
    forget: async (request) => {
      const result = await stores.forget.forgetConversation(request);
      return { items: result.items.map((i) => ({ what: i.what, count: i.count })) };
    },
    registerForgetHook: (hook) => {
      // The service hands hooks the subject it was given, which is the whole request.
      stores.forget.register({ id: hook.id, noun: hook.noun, forget: (subject) => hook.forget(subject as ForgetRequest) });
    },
    close: async () => {
      await pruning?.stop();
      await turnLeases?.releaseAll().catch(() => undefined);
      await stores.close();
    },
  };
}
