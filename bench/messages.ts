/**
 * The largest message of each kind the bot builds for a 50-environment profile with every solution, sized as Teams
 * counts (UTF-16 bytes of the activity JSON). Used by `npm run bench`; figures only. The producers are the ones the
 * message-size test walks (test/support/messageCatalogue.ts), so the figures and the test cover the same messages.
 */
import { utf16Bytes } from '../src/domain/messageSize.js';
import { PRODUCERS, bigProfile, catalogueContext } from '../test/support/messageCatalogue.js';

export { bigProfile };

export interface MessageSize {
  kind: string;
  bytes: number;
  note?: string;
}

export function largestMessages(environments = 50): MessageSize[] {
  const context = catalogueContext(environments);
  return PRODUCERS.map((producer) => {
    const messages = producer.messages(context);
    let largest = { label: '', bytes: 0 };
    for (const m of messages) {
      const bytes = utf16Bytes(m.activity);
      if (bytes > largest.bytes) largest = { label: m.label, bytes };
    }
    const notes = [`${messages.length} message${messages.length === 1 ? '' : 's'}, largest: ${largest.label}`];
    if (producer.caughtByNet) notes.push(`replaced at send time: ${producer.caughtByNet}`);
    return { kind: producer.kind, bytes: largest.bytes, note: notes.join('; ') };
  });
}
