/** Shared by the benchmarks: one way to read percentiles, and one realistic conversation state to write. */
import { randomUUID } from 'node:crypto';

/** The p-th percentile (0-100) of an ascending array: the smallest value at or above p% of the samples. */
export function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

/** Median of unsorted samples. */
export function median(values: readonly number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

/** A realistic ConversationState: an interview in progress plus a few flags (about 1 KB of JSON). */
export function conversationState(turn: number): Record<string, unknown> {
  return {
    dialogState: {
      dialogStack: [
        {
          id: 'eligibilityInterview',
          state: {
            options: {},
            values: { instanceId: randomUUID() },
            stepIndex: turn % 7,
            answers: {
              sourceTenant: 'contoso.onmicrosoft.com',
              targetTenant: 'fabrikam.onmicrosoft.com',
              environments: Array.from({ length: 4 }, (_, i) => ({
                name: `Contoso environment ${i}`,
                type: i === 0 ? 'Production' : 'Sandbox',
                region: 'Europe',
                dataverse: true,
              })),
            },
          },
        },
      ],
    },
    flags: { welcomed: true, turn },
    lastSeen: new Date().toISOString(),
  };
}
