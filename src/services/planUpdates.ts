/**
 * The hook other services call when a workstream of a migration changes (a checklist tick, a status change, an
 * assessment re-run, a mailbox log read), so the plan card is updated in place. It only forwards: the plan service
 * listens (src/services/planService.ts). Built before the services that call it, so the order of construction in the
 * composition root does not matter; calls before anyone listens are dropped (there is no card to update yet).
 */

/** What changed: a migration by id, or every migration joined to an assessment (a checklist is keyed by it). */
export type WorkstreamTarget = { migrationId: string } | { assessmentId: string };

export interface PlanUpdates {
  /** Never throws and never waits for Teams: the update runs in the background. */
  onWorkstreamChanged(tenantId: string, target: WorkstreamTarget): void;
  listen(listener: (tenantId: string, target: WorkstreamTarget) => void): void;
}

export function planUpdatesHub(): PlanUpdates {
  let listener: ((tenantId: string, target: WorkstreamTarget) => void) | null = null;
  return {
    onWorkstreamChanged(tenantId, target) {
      try {
        listener?.(tenantId, target);
      } catch {
        // The listener schedules background work and logs its own failures; a change is never undone by it.
      }
    },
    listen(next) {
      listener = next;
    },
  };
}
