/** Small helpers shared by the blob stores: the Azure client, error codes, bounded parallelism, JSON bodies. */
import { text } from 'node:stream/consumers';
import { BlobServiceClient, type ContainerClient, type StoragePipelineOptions } from '@azure/storage-blob';

/** Requests one store operation runs at once: enough to hide latency, few enough to stay polite to Azurite. */
export const DEFAULT_BLOB_CONCURRENCY = 16;

/**
 * A turn waits on storage, so a dead endpoint must fail in seconds, not after the SDK's default of four retries
 * with back-off up to two minutes.
 */
export const DEFAULT_RETRY_OPTIONS: NonNullable<StoragePipelineOptions['retryOptions']> = {
  maxTries: 3,
  retryDelayInMs: 200,
  maxRetryDelayInMs: 2_000,
  tryTimeoutInMs: 30_000,
};

export interface BlobConnectionOptions {
  /** An Azure Storage connection string (AZURE_STORAGE_CONNECTION_STRING). */
  connectionString: string;
  /** The container; created on first use when missing. */
  containerName: string;
  /** SDK pipeline options; defaults to DEFAULT_RETRY_OPTIONS. */
  pipeline?: StoragePipelineOptions;
}

export function containerClientFor(options: BlobConnectionOptions): ContainerClient {
  const service = BlobServiceClient.fromConnectionString(options.connectionString, {
    retryOptions: DEFAULT_RETRY_OPTIONS,
    ...options.pipeline,
  });
  return service.getContainerClient(options.containerName);
}

/** The HTTP status of an Azure SDK error (RestError), if it has one. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

export function isNotFound(error: unknown): boolean {
  return statusOf(error) === 404;
}

/** 412 ConditionNotMet (If-Match failed) and 409 BlobAlreadyExists (If-None-Match: * failed). */
export function isConditionFailure(error: unknown): boolean {
  const status = statusOf(error);
  return status === 412 || status === 409;
}

/** Runs `work` over `items` with at most `limit` calls in flight; results keep the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index]!, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const workers = Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker);
  const settled = await Promise.allSettled(workers);
  const rejected = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (rejected) throw rejected.reason;
  return results;
}

/** Downloads a blob's body as JSON with its eTag, or undefined when the blob does not exist. */
export async function downloadJson(
  container: ContainerClient,
  name: string,
): Promise<{ body: unknown; eTag: string } | undefined> {
  try {
    const response = await container.getBlobClient(name).download();
    const stream = response.readableStreamBody;
    if (!stream || !response.etag) throw new Error(`Blob Storage returned no body or eTag for a stored item`);
    return { body: JSON.parse(await text(stream)), eTag: response.etag };
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

export const JSON_HEADERS = { blobContentType: 'application/json; charset=utf-8' } as const;

/** Content length in bytes: BlobsStorage passes the character count, which truncates non-ASCII bodies. */
export function byteLength(body: string): number {
  return Buffer.byteLength(body, 'utf8');
}

/** Shared with the lowdb stores; re-exported so the blob stores keep one import. */
export { InFlight } from '../inFlight.js';

/**
 * One container shared by the state and transcript stores. The container is created on first use; a failure is
 * not cached, so the next operation tries again (the service may have been briefly unreachable).
 */
export class BlobContainer {
  #ready: Promise<void> | undefined;

  constructor(readonly client: ContainerClient) {}

  get name(): string {
    return this.client.containerName;
  }

  ready(): Promise<void> {
    this.#ready ??= this.#create().catch((error: unknown) => {
      this.#ready = undefined;
      throw error;
    });
    return this.#ready;
  }

  async #create(): Promise<void> {
    try {
      await this.client.createIfNotExists();
    } catch (error) {
      // A SAS scoped to one container may not allow creating containers; an existing container is all we need.
      if (statusOf(error) === 403 && (await this.client.exists().catch(() => false))) return;
      throw error;
    }
  }
}

/** Why the service could not be used, in words that name no secret: status and error code only. */
export function describeBlobFailure(error: unknown): string {
  const status = statusOf(error);
  const code = (error as { code?: unknown } | null)?.code;
  const codeText = typeof code === 'string' && /^[A-Za-z0-9_]{1,60}$/.test(code) ? code : undefined;
  if (status === 403) {
    return 'the service refused the credentials (403): check the AccountKey or SharedAccessSignature';
  }
  if (status === 400 && codeText === 'InvalidHeaderValue') {
    return 'the service rejected the request headers (400 InvalidHeaderValue); an Azurite older than 3.37 needs --skipApiVersionCheck';
  }
  if (status !== undefined) return `the service answered ${status}${codeText ? ` ${codeText}` : ''}`;
  return `nothing answered (${codeText ?? (error as Error | null)?.name ?? 'unknown error'})`;
}
