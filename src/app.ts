/**
 * Composition root: config -> storage -> adapter -> bot -> server. Nothing else happens here, and nothing else
 * wires dependencies, so tests build the same app with a temporary data directory and an ephemeral port.
 */
import { ConversationState, UserState } from 'botbuilder';
import type restify from 'restify';
import type { Config } from './config.js';
import type { Logger } from './logging.js';
import { createAdapter, installErrorHandler } from './adapter.js';
import { MigrationBot } from './bot/teamsBot.js';
import { createServer, listen, close } from './server.js';
import { openStores, type Stores } from './storageFactory.js';
import { AssessmentRepository } from './records/assessmentRepository.js';
import { eligibilityFeature } from './bot/eligibilityFeature.js';

export interface App {
  config: Config;
  server: restify.Server;
  bot: MigrationBot;
  stores: Stores;
  /** Starts listening; resolves with the bound port. */
  start(): Promise<number>;
  /** Graceful stop: stop accepting, let running turns finish, flush writes. */
  stop(): Promise<void>;
}

export async function createApp(config: Config, logger: Logger): Promise<App> {
  const stores = await openStores(config, logger);
  const { adapter, turnLock } = createAdapter(config, logger, stores.transcripts);
  const conversationState = new ConversationState(stores.storage);
  const userState = new UserState(stores.storage);

  const assessments = new AssessmentRepository(stores.storage);
  stores.registerForgetHook({
    id: 'assessments',
    noun: { one: 'saved assessment', other: 'saved assessments' },
    forget: (request) => assessments.deleteAllForUser(request.tenantId ?? '', request.userKey),
  });
  const eligibility = eligibilityFeature({ assessments, logger });

  const bot = new MigrationBot({
    conversationState,
    userState,
    logger,
    forget: (target) => stores.forget(target),
    configureCommands: (router) => router.register(...eligibility.commands),
    dialogs: [...eligibility.dialogs],
    verbs: { ...eligibility.verbs },
  });
  installErrorHandler(adapter, logger, bot);

  const server = createServer({
    config,
    logger,
    adapter,
    runTurn: (context) => bot.run(context),
    storageKind: stores.kind,
  });

  let stopping: Promise<void> | undefined;
  return {
    config,
    server,
    bot,
    stores,
    start: () => listen(server, config.port, config.host),
    stop: () => {
      stopping ??= (async () => {
        await close(server);
        await turnLock.idle();
        await stores.close();
      })();
      return stopping;
    },
  };
}
