/** Injection tokens for what the admin app receives from the running gateway. */
export const ADMIN_SETTINGS = Symbol('ADMIN_SETTINGS');
export const PARITY_READER = Symbol('PARITY_READER');
export const READINESS = Symbol('READINESS');

export interface AdminSettings {
  /** GET /metrics needs credentials too. */
  metricsAuth: boolean;
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, { ok: boolean; code?: string }>;
}

export type ReadinessProbe = () => ReadinessReport;
