/**
 * Which activities of a shared conversation are one user's, for "forget me" (both transcript stores): activities
 * from them, addressed to them, and replies to their activities (the bot's answers carry the user's activity id in
 * replyToId). Everyone else's messages stay.
 */
import type { Activity } from 'botbuilder';

type ActivityLike = Partial<Pick<Activity, 'id' | 'from' | 'recipient' | 'replyToId'>>;

/** A predicate over the conversation's activities; it needs them all first to know the user's own activity ids. */
export function userActivitySelector(activities: Iterable<ActivityLike>, userId: string): (activity: ActivityLike) => boolean {
  const ownIds = new Set<string>();
  for (const activity of activities) {
    if (activity.from?.id === userId && activity.id) ownIds.add(activity.id);
  }
  return (activity) =>
    activity.from?.id === userId ||
    activity.recipient?.id === userId ||
    (typeof activity.replyToId === 'string' && ownIds.has(activity.replyToId));
}
