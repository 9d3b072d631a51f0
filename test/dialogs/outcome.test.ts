/** A waiting dialog declines a message explicitly ({ handled: false }); anything else means it took the message. */
import assert from 'node:assert/strict';
import { DialogTurnStatus } from 'botbuilder-dialogs';
import { messageHandled } from '../../src/dialogs/outcome.js';

describe('dialog outcome', () => {
  it('only an explicit { handled: false } hands the message on', () => {
    assert.equal(messageHandled({ status: DialogTurnStatus.complete, result: { handled: false } }), false);
    assert.equal(messageHandled({ status: DialogTurnStatus.complete }), true);
    assert.equal(messageHandled({ status: DialogTurnStatus.complete, result: { handled: true } }), true);
    assert.equal(messageHandled({ status: DialogTurnStatus.waiting }), true);
    assert.equal(messageHandled({ status: DialogTurnStatus.complete, result: 'a value' }), true);
  });
});
