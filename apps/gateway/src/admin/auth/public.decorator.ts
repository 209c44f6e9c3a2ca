import { SetMetadata } from '@nestjs/common';

export const ACCESS_KEY = 'ficus:admin-access';

/**
 * Who may call an endpoint without credentials:
 * - `public`: everyone (health, readiness, the dashboard shell, the API description);
 * - `metrics`: everyone unless admin.metricsAuth is true;
 * - `read`: everyone while no credentials are configured at all, so a local gateway's state can be
 *   looked at; once a token or OIDC is configured, callers must authenticate.
 * Endpoints without the decorator always need credentials.
 */
export type Access = 'public' | 'metrics' | 'read';

export const Access = (access: Access) => SetMetadata(ACCESS_KEY, access);
