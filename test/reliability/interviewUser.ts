/** A simulated person answering the eligibility interview: always the newest question card not yet answered. */
import { randomUUID } from 'node:crypto';
import { message } from '../support/activities.js';
import type { FakeConnector } from '../support/fakeConnector.js';
import { cardsIn, INTERVIEW_ANSWERS, postActivity } from './support.js';

export class InterviewUser {
  readonly answered = new Set<string>();
  /** Activities whose HTTP request got no answer (the bot died): Teams delivers them again. */
  readonly cut: any[] = [];
  /** The last activity the bot answered with 200: Teams may deliver it again too (at least once). */
  lastAnswered: any;
  sent = 0;
  readonly conversationId: string;
  readonly userId: string;

  constructor(readonly connector: FakeConnector, readonly label: string, readonly options: { channel?: boolean } = {}) {
    this.conversationId = `a:reliability-${label}-${randomUUID().slice(0, 8)}`;
    this.userId = `29:user-${label}`;
  }

  activity(text: string): any {
    return message({
      serviceUrl: this.connector.url, text, conversationId: this.conversationId, userId: this.userId,
      aadObjectId: `00000000-0000-0000-0000-${String(this.label).padStart(12, '0').slice(-12).replace(/[^0-9]/g, '0')}`,
    });
  }

  cards() {
    return cardsIn(this.connector, this.conversationId);
  }

  done(): boolean {
    return this.cards().some((c) => c.kind === 'review');
  }

  review(): any {
    return [...this.cards()].reverse().find((c) => c.kind === 'review')?.activity;
  }

  /** The newest question card this person has not answered yet. */
  nextQuestion(): string | undefined {
    const cards = this.cards();
    for (let i = cards.length - 1; i >= 0; i--) {
      const kind = cards[i]!.kind;
      if (kind !== 'review' && !this.answered.has(kind)) return kind;
    }
    return undefined;
  }

  /** Posts one activity; a failed request (connection reset, refused) is kept for redelivery. */
  async post(url: string, activity: any): Promise<boolean> {
    this.sent++;
    try {
      const res = await postActivity(url, activity);
      await res.arrayBuffer();
      if (res.status === 200) {
        this.lastAnswered = activity;
        return true;
      }
      this.cut.push(activity);
      return false;
    } catch {
      this.cut.push(activity);
      return false;
    }
  }

  async start(url: string): Promise<boolean> {
    return this.post(url, this.activity('check eligibility'));
  }

  /** Answers questions until the review, a failed request, `stop()` returning true, or the step bound. */
  async answerAll(url: string, stop: () => boolean = () => false, maxSteps = 60): Promise<void> {
    for (let step = 0; step < maxSteps && !stop() && !this.done(); step++) {
      const key = this.nextQuestion();
      if (!key) return;
      const answer = INTERVIEW_ANSWERS[key];
      if (answer === undefined) throw new Error(`the script has no answer for question ${key}`);
      this.answered.add(key);
      if (!(await this.post(url, this.activity(answer)))) return;
    }
  }

  /** Delivers the cut activities again (same ids), then the last answered one once more. */
  async redeliver(url: string): Promise<void> {
    const again = this.cut.splice(0);
    if (this.lastAnswered && !again.includes(this.lastAnswered)) again.push(this.lastAnswered);
    for (const activity of again) await this.post(url, activity);
  }
}
