/** Builders for Teams-shaped activities, as Teams (and the Agents Playground) send them. */
import { randomUUID } from 'node:crypto';

export const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const BOT_ID = '28:bot-app-id';

export interface ActivityOptions {
  serviceUrl: string;
  conversationId?: string;
  userId?: string;
  userName?: string;
  aadObjectId?: string;
  tenantId?: string;
  channel?: boolean;
}

function base(o: ActivityOptions) {
  const conversationId = o.conversationId ?? 'a:personal-conversation-1';
  const tenantId = o.tenantId ?? TENANT_ID;
  return {
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl: o.serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: o.userId ?? '29:user-1', name: o.userName ?? 'Megan Bowen', aadObjectId: o.aadObjectId ?? '11111111-0000-0000-0000-000000000001' },
    recipient: { id: BOT_ID, name: 'Migration Readiness' },
    conversation: o.channel
      ? { id: conversationId, conversationType: 'channel', isGroup: true, tenantId }
      : { id: conversationId, conversationType: 'personal', tenantId },
    channelData: o.channel
      ? { tenant: { id: tenantId }, team: { id: '19:team-1@thread.tacv2', name: 'Migration' }, channel: { id: conversationId.split(';')[0], name: 'General' } }
      : { tenant: { id: tenantId } },
    locale: 'en-US',
  };
}

export function message(o: ActivityOptions & { text: string; value?: unknown; attachments?: unknown[] }) {
  const b = base(o);
  const mention = o.channel
    ? { text: `<at>Migration Readiness</at> ${o.text}`, entities: [{ type: 'mention', text: '<at>Migration Readiness</at>', mentioned: { id: BOT_ID, name: 'Migration Readiness' } }] }
    : { text: o.text };
  return { ...b, type: 'message', textFormat: 'plain', ...mention, value: o.value, attachments: o.attachments };
}

export function installationUpdate(o: ActivityOptions & { action?: 'add' | 'remove' }) {
  return { ...base(o), type: 'installationUpdate', action: o.action ?? 'add' };
}

export function botAdded(o: ActivityOptions) {
  return { ...base(o), type: 'conversationUpdate', membersAdded: [{ id: BOT_ID }] };
}

export function cardAction(o: ActivityOptions & { verb: string; data?: Record<string, unknown>; replyToId?: string }) {
  return {
    ...base(o),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: o.replyToId,
    value: { action: { type: 'Action.Execute', verb: o.verb, data: o.data ?? {} }, trigger: 'manual' },
  };
}
