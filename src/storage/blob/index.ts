/**
 * The scale-out storage edge: botbuilder Storage, transcripts and "forget me" over one Azure Blob Storage
 * container, so several bot processes can share conversations and records.
 *
 *   <container>/state/        BlobStorage, one blob per key
 *   <container>/transcripts/  BlobTranscriptStore, one blob per activity
 *
 * What this does not give: the per-conversation turn lock and the redelivery check (src/bot/turnLock.ts) are per
 * process. Route a conversation's requests to one instance (sticky sessions), or accept that two overlapping turns
 * of one conversation on two instances are last-writer-wins for BotState, which always writes eTag '*'.
 */
import { ForgetService } from '../forgetService.js';
import { BlobStorage } from './blobStorage.js';
import { BlobTranscriptStore } from './blobTranscriptStore.js';
import { BlobContainer, containerClientFor, describeBlobFailure, type BlobConnectionOptions } from './blobSupport.js';
import { blobEndpointOf } from './connectionString.js';

export * from './blobNames.js';
export * from './blobStorage.js';
export * from './blobTranscriptStore.js';
export { BlobContainer, describeBlobFailure, type BlobConnectionOptions } from './blobSupport.js';
export * from './connectionString.js';

export const BLOB_STORES_KIND = 'blob';

export interface BlobStores {
  readonly kind: 'blob';
  readonly storage: BlobStorage;
  readonly transcripts: BlobTranscriptStore;
  readonly forget: ForgetService;
  /** The container (turn leases live in it, next to the state). */
  readonly container: BlobContainer;
  /** Waits for every pending request of both stores. */
  flush(): Promise<void>;
  /** Flushes, then refuses further work. */
  close(): Promise<void>;
}

export interface BlobStoresOptions extends BlobConnectionOptions {
  concurrency?: number;
}

/** Start-up could not use the container. The message names the endpoint and container, never a key. */
export class BlobStoreUnavailableError extends Error {
  constructor(readonly containerName: string, readonly endpoint: string, readonly reason: string) {
    super(`Azure Blob Storage is not usable: container "${containerName}" at ${endpoint}: ${reason}.`);
    this.name = 'BlobStoreUnavailableError';
  }
}

/**
 * Opens both stores over one container and checks, before the bot accepts its first message, that the container
 * exists (creating it when missing) and can be listed with the given credentials.
 */
export async function openBlobStores(options: BlobStoresOptions): Promise<BlobStores> {
  const container = new BlobContainer(containerClientFor(options));
  try {
    await container.ready();
    await container.client.listBlobsFlat({ prefix: 'state/' }).byPage({ maxPageSize: 1 }).next();
  } catch (error) {
    // The SDK's own message can quote request details; only the status and error code are passed on.
    throw new BlobStoreUnavailableError(
      options.containerName,
      blobEndpointOf(options.connectionString) ?? 'the configured endpoint',
      describeBlobFailure(error),
    );
  }
  const storage = new BlobStorage({ container, concurrency: options.concurrency });
  const transcripts = new BlobTranscriptStore({ container, concurrency: options.concurrency });
  const forget = new ForgetService({ storage, transcripts });
  return {
    kind: BLOB_STORES_KIND,
    storage,
    transcripts,
    forget,
    container,
    async flush() {
      await Promise.all([storage.flush(), transcripts.flush()]);
    },
    async close() {
      await Promise.all([storage.close(), transcripts.close()]);
    },
  };
}
