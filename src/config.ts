/**
 * Configuration: read and validated once, at start-up. This is the only module that reads the environment;
 * everything else receives a frozen Config. A bad value stops start-up with a message naming the variable and
 * what it accepts (ConfigError), so an admin never has to guess from a stack trace.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { projectRoot } from './paths.js';
import { checkConnectionString, isValidContainerName } from './storage/blob/connectionString.js';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';

export const APP_TYPES = ['SingleTenant', 'MultiTenant', 'UserAssignedMSI'] as const;
export type AppType = (typeof APP_TYPES)[number];
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const STORAGE_KINDS = ['lowdb', 'blob'] as const;
export type StorageKind = (typeof STORAGE_KINDS)[number];
export const DEFAULT_AZURE_STORAGE_CONTAINER = 'migration-readiness';

/** Download hosts for uploaded files: exact names, or a leading "*." for proper subdomains only. */
export const DEFAULT_DOWNLOAD_HOSTS = ['*.sharepoint.com', '*.sharepoint-df.com', '*.1drv.com', '*.onedrive.com', 'onedrive.live.com'];

export interface Config {
  readonly version: string;
  readonly nodeEnv: string;
  readonly port: number;
  readonly host: string;
  /** Empty in anonymous local mode (Agents Playground, Bot Framework Emulator). */
  readonly appId: string;
  readonly appPassword: string;
  readonly appType: AppType;
  readonly appTenantId: string;
  readonly anonymous: boolean;
  readonly dataDir: string;
  readonly storageKind: StorageKind;
  /** Only used when storageKind is 'blob'. A secret: never log it. */
  readonly azureStorageConnectionString: string;
  readonly azureStorageContainer: string;
  /** Blob mode: names this process's turn leases; stable across restarts (INSTANCE_ID, default the host name + a random suffix). */
  readonly instanceId: string;
  /** 0 keeps no transcripts at all. */
  readonly transcriptRetentionDays: number;
  readonly logLevel: LogLevel;
  /** Bearer token for the automation endpoints; empty disables them. */
  /** The same setting parsed: one token for every tenant (tenantId null), or one token per Teams tenant. */
  readonly statusApiTokens: ReadonlyArray<{ readonly tenantId: string | null; readonly token: string }>;
  /** How often due status reminders are looked for; 0 turns the reminder timer off. */
  readonly reminderCheckSeconds: number;
  readonly downloadHosts: readonly string[];
  readonly maxMappingFileMb: number;
  /** Typing indicator: shown when a turn takes longer than this. */
  readonly typingDelayMs: number;
  /** Longest wait for one proactive request to the Bot Connector before it counts as a time-out (PROACTIVE_TIMEOUT_MS). */
  readonly proactiveTimeoutMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Env = Record<string, string | undefined>;

/**
 * STATUS_API_TOKEN is either one token (it reaches every tenant the bot serves, which is one tenant for a
 * single-tenant registration) or comma-separated `<tenant id>=<token>` pairs, each reaching its own tenant only.
 */
export function parseStatusTokens(raw: string): Array<{ tenantId: string | null; token: string }> {
  if (raw === '') return [];
  const parts = raw.split(',').map((p) => p.trim()).filter(Boolean);
  const scoped = parts.map((p) => /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})=(.+)$/i.exec(p));
  if (scoped.every((m) => m !== null)) return scoped.map((m) => ({ tenantId: m![1]!.toLowerCase(), token: m![2]! }));
  return [{ tenantId: null, token: raw }];
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(resolve(projectRoot, 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Build a Config from an environment map. Collects every problem before failing, so one start tells all. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const get = (name: string): string => (env[name] ?? '').trim();

  const integer = (name: string, fallback: number, min: number, max: number, what: string): number => {
    const raw = get(name);
    if (raw === '') return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name}="${raw}" is not valid: expected ${what} (a whole number from ${min} to ${max}).`);
      return fallback;
    }
    return Number(raw);
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = get(name);
    if (raw === '') return fallback;
    const match = allowed.find((a) => a.toLowerCase() === raw.toLowerCase());
    if (!match) {
      problems.push(`${name}="${raw}" is not valid: expected one of ${allowed.join(', ')}.`);
      return fallback;
    }
    return match;
  };

  const nodeEnv = get('NODE_ENV') || 'development';
  const port = integer('PORT', 3978, 0, 65535, 'a TCP port, 0 for any free port');
  const host = get('HOST') || '127.0.0.1';
  const appId = get('MicrosoftAppId');
  const appPassword = get('MicrosoftAppPassword');
  const appType = oneOf('MicrosoftAppType', APP_TYPES, 'SingleTenant');
  const appTenantId = get('MicrosoftAppTenantId');
  const anonymous = appId === '';

  if (appId !== '' && !GUID.test(appId)) {
    problems.push(`MicrosoftAppId="${appId}" is not valid: expected the bot's Microsoft Entra app (client) ID, a GUID.`);
  }
  if (!anonymous) {
    if (appType === 'SingleTenant' || appType === 'UserAssignedMSI') {
      if (appTenantId === '') {
        problems.push(`MicrosoftAppTenantId is required when MicrosoftAppType=${appType}: expected your Microsoft Entra tenant ID (a GUID).`);
      } else if (!GUID.test(appTenantId)) {
        problems.push(`MicrosoftAppTenantId="${appTenantId}" is not valid: expected a tenant ID (a GUID).`);
      }
    }
    if (appType !== 'UserAssignedMSI' && appPassword === '') {
      problems.push(`MicrosoftAppPassword is required when MicrosoftAppId is set (MicrosoftAppType=${appType}): expected the client secret of the bot's app registration.`);
    }
  } else if (appPassword !== '') {
    problems.push('MicrosoftAppPassword is set but MicrosoftAppId is empty: set both, or neither for local anonymous mode.');
  }
  if (anonymous && !isLoopback(host)) {
    problems.push(`HOST=${host} with no MicrosoftAppId would let anyone who can reach this machine talk to the bot unauthenticated and read its records. Keep HOST=127.0.0.1 for local testing, or set the bot's credentials (MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppTenantId).`);
  }
  if (anonymous && nodeEnv === 'production') {
    problems.push('NODE_ENV=production needs bot credentials: set MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppType and MicrosoftAppTenantId (anonymous mode is for local testing only).');
  }

  const dataDir = resolve(get('DATA_DIR') || './data');
  const storageKind = oneOf('STORAGE_KIND', STORAGE_KINDS, 'lowdb');
  const azureStorageConnectionString = get('AZURE_STORAGE_CONNECTION_STRING');
  const azureStorageContainer = get('AZURE_STORAGE_CONTAINER') || DEFAULT_AZURE_STORAGE_CONTAINER;
  if (storageKind === 'blob') {
    if (azureStorageConnectionString === '') {
      problems.push('AZURE_STORAGE_CONNECTION_STRING is required when STORAGE_KIND=blob: expected the connection string of your storage account (Azure portal: Storage account > Security + networking > Access keys), or UseDevelopmentStorage=true for a local Azurite.');
    } else {
      // The value is a secret: the message describes what is wrong and never repeats it.
      const check = checkConnectionString(azureStorageConnectionString);
      if (!check.ok) problems.push(`AZURE_STORAGE_CONNECTION_STRING is not valid: ${check.problem}.`);
    }
  }
  if (!isValidContainerName(azureStorageContainer)) {
    problems.push(`AZURE_STORAGE_CONTAINER="${azureStorageContainer}" is not valid: expected an Azure container name of 3 to 63 characters, lowercase letters, digits and hyphens, starting and ending with a letter or digit, with no two hyphens in a row.`);
  }
  const transcriptRetentionDays = integer('TRANSCRIPT_RETENTION_DAYS', 30, 0, 3650, 'days to keep transcripts, 0 to keep none');
  const logLevel = oneOf('LOG_LEVEL', LOG_LEVELS, 'info');
  const statusApiTokens = parseStatusTokens(get('STATUS_API_TOKEN'));
  if (statusApiTokens.some((t) => t.token.length < 16)) {
    problems.push('STATUS_API_TOKEN is too short: expected at least 16 characters per token (use long random values), or leave it empty to turn the automation endpoint off.');
  }

  // Two live processes must never share it; a restarted one with the same INSTANCE_ID gets its leases back at once.
  const instanceId = (get('INSTANCE_ID') || `${hostname()}-${randomUUID().slice(0, 8)}`).slice(0, 200);
  const reminderCheckSeconds = integer('REMINDER_CHECK_SECONDS', 300, 0, 86400, 'seconds between checks for due status reminders, 0 to turn reminders off');

  const downloadHostsRaw = get('DOWNLOAD_HOSTS');
  const downloadHosts = downloadHostsRaw === ''
    ? DEFAULT_DOWNLOAD_HOSTS
    : downloadHostsRaw.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
  for (const h of downloadHosts) {
    if (!/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(h)) {
      problems.push(`DOWNLOAD_HOSTS entry "${h}" is not valid: expected host names such as contoso.sharepoint.com or *.sharepoint.com, separated by commas.`);
    }
  }
  const maxMappingFileMb = integer('MAX_MAPPING_FILE_MB', 5, 1, 100, 'the largest mapping file to accept, in MB');
  const typingDelayMs = integer('TYPING_DELAY_MS', 400, 0, 10000, 'milliseconds before a typing indicator shows');
  // Not 0 (a hung connection would hold its conversation's sends for good), and short of the first-card claim.
  const proactiveTimeoutMs = integer('PROACTIVE_TIMEOUT_MS', 15000, 1000, 120000, 'milliseconds to wait for the Bot Connector to answer one proactive request');

  if (problems.length > 0) throw new ConfigError(problems);

  return Object.freeze({
    version: packageVersion(),
    nodeEnv,
    port,
    host,
    appId,
    appPassword,
    appType,
    appTenantId,
    anonymous,
    dataDir,
    storageKind,
    azureStorageConnectionString,
    azureStorageContainer,
    instanceId,
    transcriptRetentionDays,
    logLevel,
    statusApiTokens: Object.freeze(statusApiTokens.map((t) => Object.freeze(t))),
    reminderCheckSeconds,
    downloadHosts: Object.freeze([...downloadHosts]),
    maxMappingFileMb,
    typingDelayMs,
    proactiveTimeoutMs,
  });
}
