/**
 * Which organisation a person in a channel acts for. In a shared channel every activity carries the host tenant in
 * `conversation.tenantId`, also one from a member of another organisation (Microsoft's "Apps for shared and private
 * channels" page), and Microsoft's developer guidance for shared channels says to detect an external member by
 * comparing the member's `tenantId` (from the channel's roster: `/v3/conversations/{id}/members`) with the host
 * tenant. So, in a channel:
 * - `channelData.tenant.id` different from the host tenant names the sender's tenant: taken as it is;
 * - otherwise the sender's roster entry is read once (TeamsInfo.getMember) and its `tenantId` is used, cached per
 *   channel and person (an hour; a failed read for 10 minutes, when `tenantOf` falls back on `channelData.tenant.id`).
 * The answer goes into the turn state for `tenantOf` (src/bot/turnInfo.ts). Records stay with the tenant that made them.
 */
import { ActivityTypes, TeamsInfo, type Middleware, type TurnContext } from 'botbuilder';
import type { Logger } from '../logging.js';

export const SENDER_TENANT = Symbol('senderTenant');

const FOUND_TTL_MS = 60 * 60 * 1000;
const FAILED_TTL_MS = 10 * 60 * 1000;
const MAX_ENTRIES = 5_000;
/** Short: a card press (invoke) must be answered within about 5 s, and the read comes before the turn. */
const LOOKUP_TIMEOUT_MS = 2_000;

export interface SenderTenantOptions {
  logger: Logger;
  /** The sender's tenant from the channel's roster; TeamsInfo.getMember by default. */
  lookup?: (context: TurnContext) => Promise<string | null>;
  now?: () => number;
}

const lower = (value: unknown): string => (typeof value === 'string' ? value.trim().toLowerCase() : '');

async function rosterTenant(context: TurnContext): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const member = await Promise.race([
      TeamsInfo.getMember(context, context.activity.from.id),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('roster read timed out')), LOOKUP_TIMEOUT_MS);
      }),
    ]);
    return lower((member as { tenantId?: unknown } | undefined)?.tenantId) || null;
  } finally {
    if (timer) clearTimeout(timer);
  }
}

export class SenderTenantMiddleware implements Middleware {
  private readonly cache = new Map<string, { tenant: string | null; until: number }>();
  private readonly lookup: (context: TurnContext) => Promise<string | null>;
  private readonly now: () => number;

  constructor(private readonly options: SenderTenantOptions) {
    this.lookup = options.lookup ?? rosterTenant;
    this.now = options.now ?? Date.now;
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const a = context.activity;
    if (a.conversation?.conversationType === 'channel' && (a.type === ActivityTypes.Message || a.type === ActivityTypes.Invoke) && a.from?.id) {
      const tenant = await this.senderTenant(context);
      if (tenant) context.turnState.set(SENDER_TENANT, tenant);
    }
    await next();
  }

  private async senderTenant(context: TurnContext): Promise<string | null> {
    const a = context.activity;
    const host = lower(a.conversation.tenantId);
    const stated = lower((a.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id);
    if (stated && host && stated !== host) return stated;
    const key = `${a.conversation.id.split(';')[0]}|${a.from.id}`;
    const now = this.now();
    const cached = this.cache.get(key);
    if (cached && cached.until > now) return cached.tenant;
    let tenant: string | null = null;
    try {
      tenant = await this.lookup(context);
    } catch (error) {
      this.options.logger.info('channel roster not read; the tenant in the activity is used', { errorName: (error as Error)?.name });
    }
    this.cache.delete(key);
    this.cache.set(key, { tenant, until: now + (tenant ? FOUND_TTL_MS : FAILED_TTL_MS) });
    if (this.cache.size > MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
    return tenant;
  }
}
