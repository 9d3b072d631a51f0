/**
 * Composition root: config -> storage -> adapter -> bot -> server. Nothing else happens here, and nothing else
 * wires dependencies, so tests build the same app with a temporary data directory and an ephemeral port.
 */
import { UserState } from 'botbuilder';
import type restify from 'restify';
import type { Config } from './config.js';
import type { Logger } from './logging.js';
import { createAdapter, installErrorHandler } from './adapter.js';
import { JournalConversationState } from './bot/turnJournal.js';
import { MigrationBot } from './bot/teamsBot.js';
import { createServer, listen, close } from './server.js';
import { openStores, type Stores } from './storageFactory.js';
import { AssessmentRepository } from './records/assessmentRepository.js';
import { ASSESSMENT_EXPORT_PURPOSE, eligibilityService } from './services/eligibilityService.js';
import { eligibilityRoutes } from './bot/eligibilityRoutes.js';
import { formService } from './services/formService.js';
import { formRoutes } from './bot/formRoutes.js';
import { statusService } from './services/statusService.js';
import { statusRoutes } from './bot/statusRoutes.js';
import { statusApiRoute } from './server/statusApi.js';
import { intervalScheduler, periodicJob, type Scheduler } from './services/scheduler.js';
import { MigrationRepository } from './records/migrationRepository.js';
import { ConversationReferenceStore } from './proactive/conversationReferenceStore.js';
import { BotNotifier } from './bot/botNotifier.js';
import { clockOfSleep, OutboundThrottle } from './proactive/outboundThrottle.js';
import { BackgroundTasks } from './proactive/backgroundTasks.js';
import { ChecklistRepository } from './records/checklistRepository.js';
import { checklistService } from './services/checklistService.js';
import { checklistRoutes, teamsPeopleDirectory } from './bot/checklistRoutes.js';
import { commandsService } from './services/commandsService.js';
import { commandsRoutes } from './bot/commandsRoutes.js';
import { mappingService, DOWNLOAD_TIMEOUT_MS } from './services/mappingService.js';
import { mappingRoutes } from './bot/mappingRoutes.js';
import { downloadAttachment, megabytes, type DownloadOptions } from './files/attachmentDownloader.js';
import { uploadToConsentUrl } from './files/consentUpload.js';
import { planService } from './services/planService.js';
import { planUpdatesHub } from './services/planUpdates.js';
import { planRoutes } from './bot/planRoutes.js';
import { MailboxRepository } from './records/mailboxRepository.js';
import { MAX_LOG_FILE_MB, mailboxService } from './services/mailboxService.js';
import { MAILBOX_FILE_PURPOSE, mailboxRoutes } from './bot/mailboxRoutes.js';
import { mailboxPlanSource } from './services/mailboxPlanSource.js';
import { dispatchFileConsent } from './bot/fileConsentDispatch.js';
import { IdentityMapRepository } from './records/identityMapRepository.js';
import { identityService } from './services/identityService.js';
import { IDENTITY_FILE_PURPOSE, identityRoutes } from './bot/identityRoutes.js';

export interface App {
  config: Config;
  server: restify.Server;
  bot: MigrationBot;
  stores: Stores;
  /** Status cards: reminders can be run on demand (tests, operations). */
  status: StatusControl;
  /** Starts listening; resolves with the bound port. */
  start(): Promise<number>;
  /** Graceful stop: stop accepting, let running turns finish, flush writes. */
  stop(): Promise<void>;
}

export interface StatusControl {
  /** Sends due reminders and retries cards that fell behind; returns how many reminders were sent. */
  runDueReminders(): Promise<number>;
  /** Resolves when no card post, update or thread reply is pending. */
  idle(): Promise<void>;
}

/** Test seams: a clock for the status clocks and reminders, a sleep for proactive retries, the timers. */
export interface AppOverrides {
  now?: () => Date;
  /** Periodic jobs (status reminders); the default is a real, unref'd interval. */
  scheduler?: Scheduler;
  sleep?: (ms: number) => Promise<void>;
  /** Mapping file downloads and uploads: tests add the CA of their local https server, or a shorter deadline. */
  fileTransfer?: Partial<DownloadOptions>;
}

export async function createApp(config: Config, logger: Logger, overrides: AppOverrides = {}): Promise<App> {
  const now = overrides.now ?? (() => new Date());
  const stores = await openStores(config, logger);
  const conversationState = new JournalConversationState(stores.storage);
  const { adapter, turnLock, auth } = createAdapter(config, logger, stores.transcripts, { conversationState, leases: stores.turnLeases });
  const userState = new UserState(stores.storage);

  const assessments = new AssessmentRepository(stores.storage);
  stores.registerForgetHook({
    id: 'assessments',
    noun: { one: 'saved assessment', other: 'saved assessments' },
    forget: (request) => assessments.deleteAllForUser(request.tenantId ?? '', request.userKey),
  });
  // Proactive layer, shared by every feature that posts on its own (status cards, checklists sent to a person).
  const references = new ConversationReferenceStore(stores.storage, now, logger);
  stores.registerForgetHook({
    id: 'conversation-references',
    noun: { one: 'saved chat address', other: 'saved chat addresses' },
    forget: (request) => references.forgetUser(request.tenantId ?? '', request.userKey, request.conversationId, request.conversationType),
  });
  // One throttle per process: Teams' limits are per bot and conversation and per app and tenant, whoever sends.
  const outbound = new AbortController();
  const throttle = new OutboundThrottle({
    ...(overrides.sleep ? clockOfSleep(overrides.sleep) : {}), signal: outbound.signal, attemptTimeoutMs: config.proactiveTimeoutMs,
  });
  const notifier = new BotNotifier({ adapter, appId: config.appId, logger, references, throttle });
  const background = new BackgroundTasks(logger);
  const planUpdates = planUpdatesHub();
  const eligibilityCore = eligibilityService({
    assessments, logger, notifier, background, planUpdates,
    upload: (url, bytes) => uploadToConsentUrl(url, bytes, { allowedHosts: config.downloadHosts, timeoutMs: DOWNLOAD_TIMEOUT_MS, ...overrides.fileTransfer }),
  });
  const eligibility = eligibilityRoutes(eligibilityCore);
  const form = formRoutes(formService({ eligibility: eligibilityCore, logger }), logger);
  const migrations = new MigrationRepository(stores.storage, now, logger);
  const status = statusService({
    migrations,
    planUpdates,
    assessments,
    references,
    notifier,
    background,
    logger,
    now,
    apiTokens: config.statusApiTokens,
  });
  const reminders = periodicJob(
    overrides.scheduler ?? intervalScheduler,
    config.reminderCheckSeconds * 1000,
    () => status.runDueReminders(),
    (error) => logger.error('reminder pass failed', { errorName: (error as Error)?.name }),
  );
  const statusTeams = statusRoutes(status);
  const checklists = new ChecklistRepository(stores.storage);
  stores.registerForgetHook({
    id: 'checklists',
    noun: { one: 'checklist you generated', other: 'checklists you generated' },
    forget: (request) => checklists.deleteAllForUser(request.tenantId ?? '', request.userKey),
  });
  const checklist = checklistRoutes(
    checklistService({ assessments, checklists, references, notifier, background, logger, now, planUpdates }),
    teamsPeopleDirectory(logger),
  );
  const moveCommands = commandsRoutes(commandsService({ assessments, notifier, references, logger }), teamsPeopleDirectory(logger));
  const mapping = mappingService({
    storage: stores.storage,
    assessments,
    planUpdates,
    logger,
    now,
    transfer: {
      allowedHosts: config.downloadHosts,
      maxBytes: megabytes(config.maxMappingFileMb),
      timeoutMs: DOWNLOAD_TIMEOUT_MS,
      ...overrides.fileTransfer,
    },
  });
  const mappingSweep = mapping.sweepJob(overrides.scheduler ?? intervalScheduler);
  const mappingTeams = mappingRoutes(mapping, eligibility.showResult);
  const mailboxRecords = new MailboxRepository(stores.storage, now);
  // The plan joins the latest readiness check of the tenant pair, with the latest log read for the same tenants.
  const plan = planService({
    migrations, assessments, checklists, mailboxes: mailboxPlanSource(mailboxRecords), notifier, background, logger, now, updates: planUpdates,
    upload: (url, bytes) => uploadToConsentUrl(url, bytes, { allowedHosts: config.downloadHosts, timeoutMs: DOWNLOAD_TIMEOUT_MS, ...overrides.fileTransfer }),
  });
  const planTeams = planRoutes(plan);
  stores.registerForgetHook({
    id: 'mapping-checks',
    noun: { one: 'mapping file check', other: 'mapping file checks' },
    forget: (request) => mapping.checks.deleteAllForUser(request.tenantId ?? '', request.userKey),
  });
  stores.registerForgetHook({
    id: 'mailbox-checks',
    noun: { one: 'mailbox check or file offer', other: 'mailbox checks and file offers' },
    forget: (request) => mailboxRecords.deleteAllForUser(request.tenantId ?? '', request.userKey),
  });
  const identityMaps = new IdentityMapRepository(stores.storage, now);
  stores.registerForgetHook({
    id: 'identity-maps',
    noun: { one: 'identity map you checked', other: 'identity maps you checked' },
    forget: (request) => identityMaps.deleteAllForUser(request.tenantId ?? '', request.userKey),
  });
  const identityTeams = identityRoutes(identityService({
    maps: identityMaps,
    migrations,
    assessments,
    planUpdates,
    notifier,
    background,
    logger,
    transfer: {
      allowedHosts: config.downloadHosts,
      maxBytes: megabytes(config.maxMappingFileMb),
      timeoutMs: DOWNLOAD_TIMEOUT_MS,
      ...overrides.fileTransfer,
    },
  }));
  const mailboxTransfer: DownloadOptions = {
    allowedHosts: config.downloadHosts, maxBytes: megabytes(MAX_LOG_FILE_MB), timeoutMs: DOWNLOAD_TIMEOUT_MS, ...overrides.fileTransfer,
  };
  const mailbox = mailboxRoutes(mailboxService({
    repository: mailboxRecords,
    logger,
    planUpdates,
    maxFileBytes: mailboxTransfer.maxBytes,
    download: (url) => downloadAttachment(url, mailboxTransfer),
    upload: (url, bytes) => uploadToConsentUrl(url, bytes, mailboxTransfer),
  }));

  const bot = new MigrationBot({
    conversationState,
    userState,
    logger,
    forget: (target) => stores.forget(target),
    configureCommands: (router) => router.register(...eligibility.commands, ...form.commands, ...statusTeams.commands, ...checklist.commands, ...moveCommands.commands, ...mappingTeams.commands, ...planTeams.commands, ...mailbox.commands, ...identityTeams.commands),
    dialogs: [...eligibility.dialogs, ...mappingTeams.dialogs, ...mailbox.dialogs, ...identityTeams.dialogs],
    submits: { ...form.submits },
    verbs: { ...eligibility.verbs, ...statusTeams.verbs, ...checklist.verbs, ...mappingTeams.verbs, ...planTeams.verbs, ...identityTeams.verbs },
    files: async (context) => (await mailbox.files(context)) || mappingTeams.files(context),
    fileConsent: planTeams.fileConsent(dispatchFileConsent({ [MAILBOX_FILE_PURPOSE]: mailbox.fileConsent, [IDENTITY_FILE_PURPOSE]: identityTeams.fileConsent, [ASSESSMENT_EXPORT_PURPOSE]: eligibility.fileConsent }, mappingTeams.fileConsent)),
    hooks: references.hooks(),
  });
  installErrorHandler(adapter, logger, bot);

  const server = createServer({
    config,
    logger,
    adapter,
    auth,
    runTurn: (context) => bot.run(context),
    storageKind: stores.kind,
    routes: [statusApiRoute(status.api)],
  });

  let stopping: Promise<void> | undefined;
  return {
    config,
    server,
    bot,
    stores,
    status: { runDueReminders: () => status.runDueReminders(), idle: () => status.idle() },
    start: async () => {
      const port = await listen(server, config.port, config.host);
      reminders.start();
      mappingSweep.start();
      return port;
    },
    stop: () => {
      stopping ??= (async () => {
        await close(server);
        await reminders.stop();
        await status.stop();
        await mappingSweep.stop();
        notifier.close();
        outbound.abort();
        await background.close();
        await turnLock.idle();
        await stores.close();
      })();
      return stopping;
    },
  };
}
