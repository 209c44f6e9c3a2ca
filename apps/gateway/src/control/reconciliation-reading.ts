/**
 * What the gateway knows of a route target's last reconciliation (GET <target>/sync/reconciliation):
 * its outcome, or why it is not known. Unknown never passes a gate.
 */
export type ReconciliationReading =
  | { state: 'known'; clean: boolean; remaining: number; finishedAt: string }
  | { state: 'unknown'; why: string };
