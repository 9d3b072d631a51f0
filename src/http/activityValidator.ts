/**
 * Checks an inbound Bot Framework activity at the edge, before any SDK code or feature sees it: every field the bot
 * or botbuilder reads has the expected type and a bounded length, serviceUrl is an https URL (or http on a
 * loopback address, for the Agents Playground and tests), ids are present where the SDK needs them, and invokes
 * carry the value shape their handler expects. A failed check is answered 400 with INVALID_ACTIVITY_BODY; the
 * problems (field names and what was wrong, never the values) go to the log only. Pure: no I/O.
 */

export const ACTIVITY_LIMITS = {
  /** Activity, reply-to and conversation ids: Teams' are under 300 characters; generous, but bounded. */
  idLength: 1024,
  /** Channel account ids (29:..., 28:...) and AAD object ids. */
  accountIdLength: 512,
  nameLength: 512,
  /** Typed text: Teams caps a message at about 28 KB; a card submit carries its inputs in `value`. */
  textLength: 100_000,
  typeLength: 64,
  channelIdLength: 64,
  localeLength: 64,
  serviceUrlLength: 2048,
  attachments: 20,
  entities: 50,
  members: 1000,
  /** Invoke names (adaptiveCard/action, fileConsent/invoke, composeExtension/query...). */
  invokeNameLength: 128,
  verbLength: 256,
  /** Nesting depth of channelData and value. */
  depth: 32,
} as const;

export interface ActivityProblem {
  /** A path such as "conversation.id" (never the value). */
  field: string;
  problem: 'missing' | 'wrong-type' | 'too-long' | 'too-many' | 'not-allowed' | 'too-deep';
}

export type ActivityCheck = { ok: true } | { ok: false; problems: ActivityProblem[] };

/** The body of every 400 for an activity that failed the check: nothing from the request, nothing internal. */
export const INVALID_ACTIVITY_BODY = Object.freeze({
  error: 'invalid-activity',
  message: 'The request is not a valid Bot Framework activity.',
});

/** Invokes whose handlers read `value` as an object: a null or missing value would reach them as is. */
const INVOKES_WITH_OBJECT_VALUE = new Set([
  'adaptiveCard/action',
  'fileConsent/invoke',
  'task/fetch',
  'task/submit',
  'config/fetch',
  'config/submit',
  'tab/fetch',
  'tab/submit',
  'signin/verifyState',
  'signin/tokenExchange',
  'actionableMessage/executeAction',
  'handoff/action',
  'message/submitAction',
]);

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** https anywhere, or http on a loopback address only; no credentials in the URL. */
export function isAllowedServiceUrl(value: unknown): boolean {
  if (typeof value !== 'string' || value.length === 0 || value.length > ACTIVITY_LIMITS.serviceUrlLength) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') return url.hostname.length > 0;
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

function depthOf(value: unknown, limit: number): number {
  // Iterative, so a deeply nested value cannot overflow the stack here.
  let deepest = 0;
  const stack: Array<{ v: unknown; d: number }> = [{ v: value, d: 0 }];
  while (stack.length > 0) {
    const { v, d } = stack.pop()!;
    if (d > deepest) deepest = d;
    if (deepest > limit) return deepest;
    if (typeof v === 'object' && v !== null) {
      for (const child of Array.isArray(v) ? v : Object.values(v)) {
        if (typeof child === 'object' && child !== null) stack.push({ v: child, d: d + 1 });
      }
    }
  }
  return deepest;
}

export function validateActivity(body: unknown): ActivityCheck {
  const problems: ActivityProblem[] = [];
  const add = (field: string, problem: ActivityProblem['problem']): void => {
    if (problems.length < 20) problems.push({ field, problem });
  };
  if (!isObject(body)) return { ok: false, problems: [{ field: '(body)', problem: 'wrong-type' }] };
  const a = body;

  const str = (field: string, value: unknown, max: number, required: boolean): value is string => {
    if (value === undefined || (value === null && !required)) {
      if (required) add(field, 'missing');
      return false;
    }
    if (typeof value !== 'string') {
      add(field, 'wrong-type');
      return false;
    }
    if (required && value.length === 0) {
      add(field, 'missing');
      return false;
    }
    if (value.length > max) {
      add(field, 'too-long');
      return false;
    }
    return true;
  };
  const account = (field: string, value: unknown, required: boolean): void => {
    if (value === undefined || (value === null && !required)) {
      if (required) add(field, 'missing');
      return;
    }
    if (!isObject(value)) return add(field, 'wrong-type');
    str(`${field}.id`, value.id, ACTIVITY_LIMITS.accountIdLength, required);
    str(`${field}.name`, value.name, ACTIVITY_LIMITS.nameLength, false);
    str(`${field}.aadObjectId`, value.aadObjectId, ACTIVITY_LIMITS.accountIdLength, false);
    str(`${field}.role`, value.role, ACTIVITY_LIMITS.typeLength, false);
  };
  const list = (field: string, value: unknown, max: number, each: (item: unknown, path: string) => void): void => {
    if (value === undefined || value === null) return;
    if (!Array.isArray(value)) return add(field, 'wrong-type');
    if (value.length > max) return add(field, 'too-many');
    value.forEach((item, i) => each(item, `${field}[${i}]`));
  };

  if (str('type', a.type, ACTIVITY_LIMITS.typeLength, true) && !/^[A-Za-z][A-Za-z0-9]*$/.test(a.type)) add('type', 'not-allowed');
  const type = typeof a.type === 'string' ? a.type : '';
  // Proactive continuations never come over HTTP; an inbound "event" or "invoke" still needs the usual fields.
  str('id', a.id, ACTIVITY_LIMITS.idLength, type === 'message' || type === 'invoke');
  str('channelId', a.channelId, ACTIVITY_LIMITS.channelIdLength, true);
  if (a.serviceUrl === undefined || a.serviceUrl === null || a.serviceUrl === '') add('serviceUrl', 'missing');
  else if (typeof a.serviceUrl !== 'string') add('serviceUrl', 'wrong-type');
  else if (!isAllowedServiceUrl(a.serviceUrl)) add('serviceUrl', 'not-allowed');
  str('replyToId', a.replyToId, ACTIVITY_LIMITS.idLength, false);
  str('text', a.text, ACTIVITY_LIMITS.textLength, false);
  str('textFormat', a.textFormat, ACTIVITY_LIMITS.typeLength, false);
  str('locale', a.locale, ACTIVITY_LIMITS.localeLength, false);
  str('timestamp', a.timestamp, ACTIVITY_LIMITS.localeLength, false);
  str('localTimestamp', a.localTimestamp, ACTIVITY_LIMITS.localeLength, false);
  str('action', a.action, ACTIVITY_LIMITS.typeLength, false);
  str('summary', a.summary, ACTIVITY_LIMITS.textLength, false);

  if (a.conversation === undefined || a.conversation === null) add('conversation', 'missing');
  else if (!isObject(a.conversation)) add('conversation', 'wrong-type');
  else {
    str('conversation.id', a.conversation.id, ACTIVITY_LIMITS.idLength, true);
    str('conversation.conversationType', a.conversation.conversationType, ACTIVITY_LIMITS.typeLength, false);
    str('conversation.tenantId', a.conversation.tenantId, ACTIVITY_LIMITS.accountIdLength, false);
    str('conversation.name', a.conversation.name, ACTIVITY_LIMITS.nameLength, false);
    if (a.conversation.isGroup !== undefined && a.conversation.isGroup !== null && typeof a.conversation.isGroup !== 'boolean') add('conversation.isGroup', 'wrong-type');
  }
  account('from', a.from, true);
  account('recipient', a.recipient, false);

  if (a.channelData !== undefined && a.channelData !== null) {
    if (!isObject(a.channelData)) add('channelData', 'wrong-type');
    else {
      const cd = a.channelData;
      for (const part of ['tenant', 'team', 'channel', 'meeting', 'settings'] as const) {
        const v = cd[part];
        if (v === undefined || v === null) continue;
        if (!isObject(v)) add(`channelData.${part}`, 'wrong-type');
        else {
          str(`channelData.${part}.id`, v.id, ACTIVITY_LIMITS.idLength, false);
          str(`channelData.${part}.name`, v.name, ACTIVITY_LIMITS.nameLength, false);
        }
      }
      str('channelData.eventType', cd.eventType, ACTIVITY_LIMITS.typeLength, false);
      if (depthOf(cd, ACTIVITY_LIMITS.depth) > ACTIVITY_LIMITS.depth) add('channelData', 'too-deep');
    }
  }

  list('attachments', a.attachments, ACTIVITY_LIMITS.attachments, (item, path) => {
    if (!isObject(item)) return add(path, 'wrong-type');
    str(`${path}.contentType`, item.contentType, ACTIVITY_LIMITS.nameLength, true);
    str(`${path}.contentUrl`, item.contentUrl, ACTIVITY_LIMITS.serviceUrlLength, false);
    str(`${path}.name`, item.name, ACTIVITY_LIMITS.nameLength, false);
  });
  list('entities', a.entities, ACTIVITY_LIMITS.entities, (item, path) => {
    if (!isObject(item)) return add(path, 'wrong-type');
    str(`${path}.type`, item.type, ACTIVITY_LIMITS.typeLength, true);
    str(`${path}.text`, item.text, ACTIVITY_LIMITS.textLength, false);
    if (item.mentioned !== undefined) account(`${path}.mentioned`, item.mentioned, false);
  });
  for (const members of ['membersAdded', 'membersRemoved'] as const) {
    list(members, a[members], ACTIVITY_LIMITS.members, (item, path) => account(path, item, true));
  }

  if (a.value !== undefined && a.value !== null && depthOf(a.value, ACTIVITY_LIMITS.depth) > ACTIVITY_LIMITS.depth) add('value', 'too-deep');

  if (type === 'invoke') {
    if (str('name', a.name, ACTIVITY_LIMITS.invokeNameLength, true)) {
      const name = a.name;
      const needsObject = INVOKES_WITH_OBJECT_VALUE.has(name) || name.startsWith('composeExtension/');
      if (needsObject && !isObject(a.value)) add('value', a.value === undefined || a.value === null ? 'missing' : 'wrong-type');
      else if (name === 'adaptiveCard/action' && isObject(a.value)) {
        const action = a.value.action;
        if (!isObject(action)) add('value.action', action === undefined || action === null ? 'missing' : 'wrong-type');
        else {
          str('value.action.type', action.type, ACTIVITY_LIMITS.typeLength, false);
          str('value.action.verb', action.verb, ACTIVITY_LIMITS.verbLength, false);
          str('value.action.id', action.id, ACTIVITY_LIMITS.idLength, false);
          if (action.data !== undefined && action.data !== null && !isObject(action.data)) add('value.action.data', 'wrong-type');
        }
        str('value.trigger', a.value.trigger, ACTIVITY_LIMITS.typeLength, false);
      } else if (name === 'fileConsent/invoke' && isObject(a.value)) {
        if (a.value.action !== 'accept' && a.value.action !== 'decline') add('value.action', a.value.action === undefined ? 'missing' : 'not-allowed');
        if (a.value.context !== undefined && a.value.context !== null && !isObject(a.value.context)) add('value.context', 'wrong-type');
        if (a.value.uploadInfo !== undefined && a.value.uploadInfo !== null && !isObject(a.value.uploadInfo)) add('value.uploadInfo', 'wrong-type');
      }
    }
  } else if (a.name !== undefined && a.name !== null) {
    str('name', a.name, ACTIVITY_LIMITS.invokeNameLength, false);
  }

  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}

/**
 * Looks a name up in a handler table without ever reaching Object.prototype ("constructor", "__proto__",
 * "toString" and friends are not handlers). Use for verb and submit-action tables.
 */
export function ownHandler<T>(table: Readonly<Record<string, T>> | undefined, name: unknown): T | undefined {
  if (!table || typeof name !== 'string' || name.length === 0 || name.length > ACTIVITY_LIMITS.verbLength) return undefined;
  return Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
}
