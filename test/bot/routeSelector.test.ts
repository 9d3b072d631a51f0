/** The routing order as a table: what a message carries -> the handlers tried, in order. */
import assert from 'node:assert/strict';
import { selectRoute, type MessageFacts } from '../../src/bot/routeSelector.js';
import { normaliseCommandText } from '../../src/bot/commands.js';
import { cardResponse, messageResponse } from '../../src/bot/invokeResponse.js';

const base: MessageFacts = { text: '', hasCardData: false, hasActiveDialog: false, isCommand: false, hasFileHandler: false };
const kinds = (facts: Partial<MessageFacts>): string => selectRoute({ ...base, ...facts }).map((s) => s.kind).join(' > ');

describe('bot: route selector', () => {
  const table: Array<[string, Partial<MessageFacts>, string]> = [
    ['a registered card submit, even mid-interview', { submitAction: 'profileForm.assess', hasCardData: true, hasActiveDialog: true }, 'submit'],
    ['"forget me" mid-interview', { text: 'forget me', isCommand: true, hasActiveDialog: true }, 'forget-me'],
    ['"Forget me" in any case mid-interview', { text: 'Forget Me', isCommand: true, hasActiveDialog: true }, 'forget-me'],
    ['an answer mid-interview', { text: 'contoso.com', hasActiveDialog: true }, 'dialog > unknown'],
    ['a command mid-interview (the dialog may decline it)', { text: 'help', isCommand: true, hasActiveDialog: true }, 'dialog > command'],
    ['an interview card submit', { hasCardData: true, hasActiveDialog: true }, 'dialog > stale-card'],
    ['a file with no text', { hasFileHandler: true }, 'file > no-text'],
    ['a file with a command', { text: 'help', isCommand: true, hasFileHandler: true }, 'command'],
    ['a file with other text', { text: 'here it is', hasFileHandler: true }, 'file > unknown'],
    ['a file mid-wait', { hasFileHandler: true, hasActiveDialog: true }, 'dialog > file > no-text'],
    ['an old card button', { hasCardData: true }, 'stale-card'],
    ['an unregistered submit action', { hasCardData: true }, 'stale-card'],
    ['nothing typed', {}, 'no-text'],
    ['a command', { text: 'help', isCommand: true }, 'command'],
    ['unknown text', { text: 'make coffee' }, 'unknown'],
  ];
  for (const [what, facts, expected] of table) {
    it(`${what}: ${expected}`, () => assert.equal(kinds(facts), expected));
  }

  it('always ends with a step that handles the message', () => {
    const bools = [false, true];
    for (const text of ['', 'help', 'forget me', 'x'])
      for (const hasCardData of bools) for (const hasActiveDialog of bools) for (const isCommand of bools) for (const hasFileHandler of bools) {
        const steps = selectRoute({ text, hasCardData, hasActiveDialog, isCommand, hasFileHandler });
        assert.ok(!['dialog', 'file'].includes(steps.at(-1)!.kind), JSON.stringify({ text, hasCardData, hasActiveDialog, isCommand, hasFileHandler }));
      }
  });
});

describe('bot: command text', () => {
  it('keeps a lone "?" so the help pattern can match it', () => {
    assert.equal(normaliseCommandText('?'), '?');
    assert.equal(normaliseCommandText(' ?? '), '?');
    assert.equal(normaliseCommandText('help?'), 'help');
    assert.equal(normaliseCommandText('help ?'), 'help');
    assert.equal(normaliseCommandText('...'), '');
  });
});

describe('bot: invoke responses', () => {
  it('builds the message and card answers Teams expects', () => {
    assert.deepEqual(messageResponse('Done'), { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Done' });
    assert.deepEqual(cardResponse({ type: 'AdaptiveCard' }), { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: { type: 'AdaptiveCard' } });
  });
});
