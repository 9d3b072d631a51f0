/**
 * The hook other services call when a workstream of a migration changes (a checklist tick, a status change, an
 * assessment re-run, a mailbox log read), so the plan card is updated in place. It only forwards: the plan service
 * listens (src/services/planService.ts). Built before the services that call it, so the order of construction in the
 * composition root does not matter; calls before anyone listens are dropped (there is no card to update yet).
 */

/**
 * What changed: a migration by id; every migration joined to an assessment (a checklist is keyed by it); a new
 * assessment (a re-run from the interview or the form, or the mapping re-check's revision of `replaces`), which joins
 * the migration of `replaces`, else its tenant pair's migration with a plan card; a mailbox-move record by id (a
 * readiness check, which replaces the joined one of the same tenant pair, or a validation log read).
 */
export type WorkstreamTarget =
  | { migrationId: string }
  | { assessmentId: string }
  | { assessmentSaved: string; replaces?: string }
  | { mailboxId: string };

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
