/**
 * Opens the stores the configured storage kind needs. Everything above this file sees only botbuilder's Storage
 * interface, an activity logger for transcripts, and the forget-me service.
 */
import { MemoryStorage, type Storage } from 'botbuilder';
import type { Config } from './config.js';
import type { Logger } from './logging.js';
import type { ActivityLogger } from './bot/transcriptMiddleware.js';
import type { Forgetter } from './bot/teamsBot.js';

export interface Stores {
  kind: string;
  storage: Storage;
  transcripts?: ActivityLogger;
  forget: Forgetter;
  close(): Promise<void>;
}

export async function openStores(config: Config, logger: Logger): Promise<Stores> {
  void config;
  void logger;
  const storage = new MemoryStorage();
  return {
    kind: 'memory',
    storage,
    forget: async () => ({ items: [] }),
    close: async () => {},
  };
}
