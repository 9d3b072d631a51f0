import assert from 'node:assert/strict';
import { type LateOutcome, OutboundOutcomeUnknown, OutboundQueueFull, OutboundThrottle, OutboundTimeout } from '../../src/proactive/outboundThrottle.js';

/** A fake clock: sleep() resolves when the test advances time past it. */
class FakeClock {
  time = 0;
  private timers: Array<{ at: number; resolve: () => void }> = [];
  now = (): number => this.time;
  sleep = (ms: number): Promise<void> => new Promise((resolve) => this.timers.push({ at: this.time + ms, resolve }));

  /** Lets pending promise chains run, then jumps to the next timer; until `done` settles or nothing is pending. */
  async drive<T>(done: Promise<T>): Promise<T> {
    let settled = false;
    done.then(() => (settled = true), () => (settled = true));
    for (let guard = 0; guard < 100_000; guard++) {
      for (let i = 0; i < 20; i++) await Promise.resolve();
      if (settled) return done;
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers.shift();
      if (!next) {
        await new Promise((r) => setImmediate(r));
        if (settled) return done;
        continue;
      }
      this.time = Math.max(this.time, next.at);
      next.resolve();
    }
    throw new Error('fake clock: did not settle');
  }
}

const restError = (status: number, retryAfter?: string) => Object.assign(new Error(`status ${status}`), {
  statusCode: status,
  response: { status, headers: { get: (name: string) => (name === 'retry-after' ? retryAfter : undefined) } },
});

describe('outbound throttle', () => {
  it('sends at most 7 a second and 60 per 30 s in one conversation, in order', async () => {
    const clock = new FakeClock();
    const throttle = new OutboundThrottle({ now: clock.now, sleep: clock.sleep });
    const sentAt: number[] = [];
    const order: number[] = [];
    const all = Promise.all(Array.from({ length: 70 }, (_, i) => throttle.run({ tenantId: 't', conversationId: 'c' }, async () => {
      sentAt.push(clock.time);
      order.push(i);
    })));
    await clock.drive(all);
    assert.deepEqual(order, Array.from({ length: 70 }, (_, i) => i));
    for (let i = 0; i < sentAt.length; i++) {
      const inSecond = sentAt.filter((t) => t > sentAt[i]! - 1000 && t <= sentAt[i]!).length;
      const inTwo = sentAt.filter((t) => t > sentAt[i]! - 2000 && t <= sentAt[i]!).length;
      const inThirty = sentAt.filter((t) => t > sentAt[i]! - 30_000 && t <= sentAt[i]!).length;
      assert.ok(inSecond <= 7 && inTwo <= 8 && inThirty <= 60, `at ${sentAt[i]}: ${inSecond}/s ${inTwo}/2s ${inThirty}/30s`);
    }
    assert.ok(sentAt[69]! >= 30_000, 'the 61st send waited for the 30 s window');
  });

  it('holds the tenant to 50 a second across conversations, and counts a thread against its channel', async () => {
    const clock = new FakeClock();
    const throttle = new OutboundThrottle({ now: clock.now, sleep: clock.sleep });
    const sentAt: number[] = [];
    const all = Promise.all(Array.from({ length: 120 }, (_, i) => throttle.run({ tenantId: 'T', conversationId: `19:c${i % 30}@thread.tacv2;messageid=${i}` }, async () => {
      sentAt.push(clock.time);
    })));
    await clock.drive(all);
    for (const t of sentAt) assert.ok(sentAt.filter((u) => u > t - 1000 && u <= t).length <= 50);
    const other = new OutboundThrottle({ now: clock.now, sleep: clock.sleep });
    const start = clock.time;
    await clock.drive(Promise.all(Array.from({ length: 8 }, () => other.run({ tenantId: 'T', conversationId: '19:x;messageid=1' }, async () => undefined))));
    const p = other.run({ tenantId: 'T', conversationId: '19:x;messageid=2' }, async () => clock.time);
    assert.ok((await clock.drive(p)) - start >= 1000, 'the thread shares its channel\'s budget');
  });

  it('honours Retry-After on 429 and 412, pausing the conversation', async () => {
    const clock = new FakeClock();
    const throttle = new OutboundThrottle({ now: clock.now, sleep: clock.sleep });
    let calls = 0;
    const first = throttle.run({ tenantId: 't', conversationId: 'c' }, async () => {
      calls++;
      if (calls === 1) throw restError(429, '3');
      if (calls === 2) throw restError(412, '2');
      return clock.time;
    });
    const second = throttle.run({ tenantId: 't', conversationId: 'c' }, async () => clock.time);
    assert.equal(await clock.drive(first), 5000);
    assert.ok((await clock.drive(second)) >= 5000);
  });

  it('backs off with jitter when no Retry-After is given, and gives up after maxAttempts', async () => {
    const clock = new FakeClock();
    const throttle = new OutboundThrottle({ now: clock.now, sleep: clock.sleep, random: () => 0.5, maxAttempts: 3, baseDelayMs: 1000 });
    let calls = 0;
    const run = throttle.run({ tenantId: 't', conversationId: 'c' }, async () => {
      calls++;
      throw restError(429);
    });
    await assert.rejects(clock.drive(run), /status 429/);
    assert.equal(calls, 3);
    assert.equal(clock.time, 500 + 1000);
  });

  it('never sends a new activity twice after a 502, 504 or a time-out, but retries an update', async () => {
    const clock = new FakeClock();
    const throttle = new OutboundThrottle({ now: clock.now, sleep: clock.sleep, random: () => 0 });
    for (const failure of [restError(502), restError(504), Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })]) {
      let posts = 0;
      const post = throttle.run({ tenantId: 't', conversationId: 'c' }, async () => {
        posts++;
        throw failure;
      });
      await assert.rejects(clock.drive(post), (e: unknown) => e instanceof OutboundOutcomeUnknown);
      assert.equal(posts, 1);
    }
    let updates = 0;
    const update = throttle.run({ tenantId: 't', conversationId: 'c' }, async () => {
      updates++;
      if (updates < 3) throw restError(502);
      return 'updated';
    }, { idempotent: true });
    assert.equal(await clock.drive(update), 'updated');
    let refused = 0;
    const connRefused = throttle.run({ tenantId: 't', conversationId: 'c' }, async () => {
      refused++;
      if (refused === 1) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      return 'posted';
    });
    assert.equal(await clock.drive(connRefused), 'posted', 'a request that never left is safe to send again');
  });

  it('hands back permanent failures at once', async () => {
    const clock = new FakeClock();
    const throttle = new OutboundThrottle({ now: clock.now, sleep: clock.sleep });
    let calls = 0;
    await assert.rejects(clock.drive(throttle.run({ tenantId: 't', conversationId: 'c' }, async () => {
      calls++;
      throw restError(403);
    })), /status 403/);
    assert.equal(calls, 1);
  });

  it('bounds the queue per conversation and the conversations tracked', async () => {
    const clock = new FakeClock();
    const throttle = new OutboundThrottle({ now: clock.now, sleep: clock.sleep, maxQueuedPerConversation: 5, maxConversations: 50 });
    const runs = Array.from({ length: 6 }, () => throttle.run({ tenantId: 't', conversationId: 'c' }, async () => undefined));
    await assert.rejects(runs[5]!, (e: unknown) => e instanceof OutboundQueueFull);
    await clock.drive(Promise.all(runs.slice(0, 5)));
    await clock.drive(Promise.all(Array.from({ length: 500 }, (_, i) => throttle.run({ tenantId: `t${i}`, conversationId: `c${i}` }, async () => undefined))));
    assert.ok(throttle.trackedConversations <= 50);
  });

  describe('time-out of one attempt', () => {
    /** Time-out timers the test fires by hand: no real waiting. */
    class ManualTimers {
      pending: Array<{ ms: number; fire: () => void; stopped: boolean }> = [];
      start = (ms: number, fire: () => void): (() => void) => {
        const timer = { ms, fire, stopped: false };
        this.pending.push(timer);
        return () => { timer.stopped = true; };
      };
      /** Fires the oldest timer still running. */
      fireNext(): void {
        const timer = this.pending.find((t) => !t.stopped);
        assert.ok(timer, 'a time-out timer is running');
        timer.stopped = true;
        timer.fire();
      }
      get running(): number {
        return this.pending.filter((t) => !t.stopped).length;
      }
    }
    const settle = async (): Promise<void> => {
      for (let i = 0; i < 20; i++) await Promise.resolve();
    };
    const never = <T>(signals: AbortSignal[]) => (signal: AbortSignal): Promise<T> => {
      signals.push(signal);
      return new Promise<T>(() => {});
    };

    it('a POST with no answer becomes outcome-unknown, its request is aborted, and the next send of the conversation goes', async () => {
      const clock = new FakeClock();
      const timers = new ManualTimers();
      const throttle = new OutboundThrottle({ now: clock.now, sleep: clock.sleep, attemptTimeoutMs: 50, startTimer: timers.start });
      const signals: AbortSignal[] = [];
      const hung = throttle.run({ tenantId: 't', conversationId: 'c' }, never<string>(signals));
      let nextRan = false;
      const next = throttle.run({ tenantId: 't', conversationId: 'c' }, async () => {
        nextRan = true;
        return 'second';
      });
      await settle();
      assert.equal(signals.length, 1);
      assert.equal(nextRan, false, 'queued behind the hung send');
      assert.equal(timers.pending[0]!.ms, 50);
      timers.fireNext();
      await assert.rejects(hung, (e: unknown) => e instanceof OutboundOutcomeUnknown && e.cause instanceof OutboundTimeout && e.status === undefined);
      assert.equal(signals[0]!.aborted, true, 'the request was told to stop');
      assert.equal(await clock.drive(next), 'second');
      assert.equal(signals.length, 1, 'the POST was not sent again');
      assert.equal(timers.running, 0, 'the answered send stopped its timer');
    });

    it('an update (PUT) with no answer is sent again, and the retry that answers wins', async () => {
      const clock = new FakeClock();
      const timers = new ManualTimers();
      const throttle = new OutboundThrottle({ now: clock.now, sleep: clock.sleep, random: () => 0, attemptTimeoutMs: 50, startTimer: timers.start });
      const signals: AbortSignal[] = [];
      const update = throttle.run({ tenantId: 't', conversationId: 'c' }, (signal) => (signals.length === 0 ? never<string>(signals)(signal) : (signals.push(signal), Promise.resolve('updated'))), { idempotent: true });
      await settle();
      timers.fireNext();
      assert.equal(await clock.drive(update), 'updated');
      assert.equal(signals.length, 2);
      assert.deepEqual(signals.map((s) => s.aborted), [true, false]);
    });

    it('an update that never answers gives up after maxAttempts with the time-out', async () => {
      const clock = new FakeClock();
      const timers = new ManualTimers();
      const throttle = new OutboundThrottle({ now: clock.now, sleep: clock.sleep, random: () => 0, maxAttempts: 3, attemptTimeoutMs: 50, startTimer: timers.start });
      const signals: AbortSignal[] = [];
      const update = throttle.run({ tenantId: 't', conversationId: 'c' }, never<string>(signals), { idempotent: true });
      update.catch(() => undefined);
      for (let attempt = 1; attempt <= 3; attempt++) {
        for (let i = 0; i < 50 && timers.running === 0; i++) await new Promise((r) => setImmediate(r));
        timers.fireNext();
      }
      await assert.rejects(update, (e: unknown) => e instanceof OutboundTimeout && (e as OutboundTimeout).code === 'ETIMEDOUT');
      assert.equal(signals.length, 3);
    });

    it('a result that arrives after the time-out is ignored and reported to onLate', async () => {
      const timers = new ManualTimers();
      const throttle = new OutboundThrottle({ attemptTimeoutMs: 50, startTimer: timers.start });
      const late: LateOutcome[] = [];
      let answer!: (value: string) => void;
      const post = throttle.run({ tenantId: 't', conversationId: 'c' }, () => new Promise<string>((resolve) => { answer = resolve; }), { onLate: (l) => late.push(l) });
      await settle();
      timers.fireNext();
      await assert.rejects(post, (e: unknown) => e instanceof OutboundOutcomeUnknown);
      answer('delivered after all');
      await settle();
      assert.deepEqual(late, [{ settled: 'fulfilled' }]);

      const aborted: LateOutcome[] = [];
      const second = throttle.run({ tenantId: 't', conversationId: 'c' }, (signal) => new Promise<string>((_, reject) => {
        signal.addEventListener('abort', () => reject(Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' })));
      }), { onLate: (l) => aborted.push(l) });
      await settle();
      timers.fireNext();
      await assert.rejects(second, (e: unknown) => e instanceof OutboundOutcomeUnknown);
      await settle();
      assert.equal(aborted.length, 1);
      assert.equal(aborted[0]!.settled === 'rejected' && aborted[0]!.aborted, true, 'an abort as asked is told apart from a real answer');
    });
  });
});
