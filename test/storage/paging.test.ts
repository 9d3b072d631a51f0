import assert from 'node:assert/strict';
import { pageByPosition, TRANSCRIPT_PAGE_SIZE } from '../../src/storage/paging.js';

describe('position-based transcript paging', () => {
  const items = Array.from({ length: 45 }, (_, i) => ({ id: i % 7 === 0 ? 'same-id' : `id-${i}`, position: String(i).padStart(3, '0') }));

  it('walks every item once even when ids repeat, and gives no token on the last page', () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = pageByPosition(items, (item) => item.position, token);
      seen.push(...page.items.map((item) => item.position));
      token = page.continuationToken;
      pages++;
    } while (token && pages < 10);
    assert.deepEqual(seen, items.map((item) => item.position));
    assert.equal(pages, Math.ceil(items.length / TRANSCRIPT_PAGE_SIZE));
  });

  it('sorts by position, needs no token for a single page, and keeps its token opaque', () => {
    const shuffled = [...items.slice(0, 5)].reverse();
    const page = pageByPosition(shuffled, (item) => item.position);
    assert.deepEqual(page.items.map((item) => item.position), ['000', '001', '002', '003', '004']);
    assert.equal(page.continuationToken, undefined);
    const first = pageByPosition(items, (item) => item.position);
    assert.match(first.continuationToken, /^[A-Za-z0-9_-]+$/);
    assert.notEqual(first.continuationToken, first.items.at(-1)!.id);
  });

  it('resumes after the position, so items added before it do not shift the next page', () => {
    const first = pageByPosition(items, (item) => item.position);
    const grown = [{ id: 'late-but-early', position: '000a' }, ...items];
    const second = pageByPosition(grown, (item) => item.position, first.continuationToken);
    assert.equal(second.items[0]!.position, '020');
  });
});
