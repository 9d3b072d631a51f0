import assert from 'node:assert/strict';
import { INVALID_ACTIVITY_BODY, isAllowedServiceUrl, ownHandler, validateActivity } from '../../src/http/activityValidator.js';
import { cardAction, installationUpdate, message } from '../support/activities.js';

const serviceUrl = 'https://smba.trafficmanager.net/emea/';
const fields = (r: ReturnType<typeof validateActivity>) => (r.ok ? [] : r.problems.map((p) => `${p.field}:${p.problem}`));

describe('activity validator', () => {
  it('accepts what Teams and the Agents Playground send', () => {
    assert.deepEqual(validateActivity(message({ serviceUrl, text: 'help' })), { ok: true });
    assert.deepEqual(validateActivity(message({ serviceUrl: 'http://127.0.0.1:56000', text: 'hi', channel: true, conversationId: '19:a@thread.tacv2;messageid=1' })), { ok: true });
    assert.deepEqual(validateActivity(cardAction({ serviceUrl, verb: 'status.set', data: { phase: 'approved' } })), { ok: true });
    assert.deepEqual(validateActivity(installationUpdate({ serviceUrl })), { ok: true });
  });

  it('allows https anywhere and http only on loopback, never credentials in the URL', () => {
    for (const ok of ['https://smba.trafficmanager.net/amer/', 'http://localhost:3978', 'http://127.0.0.1:1', 'http://[::1]:80/']) assert.ok(isAllowedServiceUrl(ok), ok);
    for (const bad of ['http://evil.example', 'file:///etc/passwd', 'https://user:pw@host', 'javascript:alert(1)', '', 42, null, { toString: () => 'https://x' }, `https://${'a'.repeat(3000)}`]) {
      assert.equal(isAllowedServiceUrl(bad), false, String(bad));
    }
  });

  it('names each wrong field without repeating its value', () => {
    const m = message({ serviceUrl, text: 'x' }) as Record<string, unknown>;
    const r = validateActivity({ ...m, serviceUrl: { href: 'https://x' }, id: 'i'.repeat(500 * 1024), from: 'someone', conversation: { id: 7 } });
    assert.deepEqual(fields(r).sort(), ['conversation.id:wrong-type', 'from:wrong-type', 'id:too-long', 'serviceUrl:wrong-type']);
    assert.ok(!JSON.stringify(r).includes('iiii'));
  });

  it('refuses null-valued invokes that handlers would read as objects', () => {
    for (const name of ['fileConsent/invoke', 'composeExtension/query', 'composeExtension/submitAction', 'adaptiveCard/action', 'task/fetch']) {
      const invoke = { ...cardAction({ serviceUrl, verb: 'x' }), name, value: null };
      assert.deepEqual(fields(validateActivity(invoke)), ['value:missing'], name);
    }
    const badAction = { ...cardAction({ serviceUrl, verb: 'x' }), value: { action: { verb: ['constructor'], data: 'text' } } };
    assert.deepEqual(fields(validateActivity(badAction)), ['value.action.verb:wrong-type', 'value.action.data:wrong-type']);
    const consent = { ...cardAction({ serviceUrl, verb: 'x' }), name: 'fileConsent/invoke', value: { action: 'maybe', context: 'x' } };
    assert.deepEqual(fields(validateActivity(consent)), ['value.action:not-allowed', 'value.context:wrong-type']);
  });

  it('bounds lists and nesting', () => {
    let deep: unknown = {};
    for (let i = 0; i < 100; i++) deep = { d: deep };
    const r = validateActivity({ ...message({ serviceUrl, text: 'x' }), value: deep, entities: Array.from({ length: 60 }, () => ({ type: 'mention' })) });
    assert.deepEqual(fields(r).sort(), ['entities:too-many', 'value:too-deep']);
  });

  it('refuses bodies that are not objects, and a type that is not a word', () => {
    for (const body of [null, [], 'message', 42]) assert.deepEqual(fields(validateActivity(body)), ['(body):wrong-type']);
    assert.ok(fields(validateActivity({ ...message({ serviceUrl, text: 'x' }), type: 'message<script>' })).includes('type:not-allowed'));
    assert.deepEqual(Object.keys(INVALID_ACTIVITY_BODY), ['error', 'message']);
  });

  it('never reaches prototype members through a handler table', () => {
    const table: Record<string, () => string> = { 'status.set': () => 'ok' };
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', '', 42, null]) assert.equal(ownHandler(table, name), undefined, String(name));
    assert.equal(ownHandler(table, 'status.set')?.(), 'ok');
  });
});
