/**
 * A Notifier for service tests (no Teams, no HTTP): records each send, update and personal chat it is asked for, and
 * answers with success; a personal chat's address is `a:{userId}` in the target's tenant. Starting a channel thread
 * fails: the services tested with it never start one.
 */
import type {
  Notifier, OutboundActivity, PersonalResult, PersonalTarget, Reference, SendResult, ThreadResult, UpdateResult,
} from '../../src/proactive/notifier.js';

export class RecordingNotifier implements Notifier {
  readonly calls: Array<{ kind: 'send' | 'update' | 'personal'; reference: Reference; activityId?: string; activity: OutboundActivity }> = [];

  async send(reference: Reference, activity: OutboundActivity): Promise<SendResult> {
    this.calls.push({ kind: 'send', reference, activity });
    return { ok: true, activityId: `sent-${this.calls.length}` };
  }

  async update(reference: Reference, activityId: string, activity: OutboundActivity): Promise<UpdateResult> {
    this.calls.push({ kind: 'update', reference, activityId, activity });
    return { ok: true, activityId, reposted: false, reference };
  }

  async startThread(): Promise<ThreadResult> {
    throw new Error('this service never starts a channel thread');
  }

  async createPersonalConversation(target: PersonalTarget, activity: OutboundActivity): Promise<PersonalResult> {
    const reference: Reference = { serviceUrl: target.serviceUrl, conversation: { id: `a:${target.userId}`, conversationType: 'personal', tenantId: target.tenantId } };
    this.calls.push({ kind: 'personal', reference, activity });
    return { ok: true, reference, activityId: 'p-1' };
  }
}
