import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ControlPlane } from '../control/control-plane';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { ParityTracker } from '../parity/parity-tracker';
import { ProgressView } from '../progress/progress-view';
import { ADMIN_SETTINGS, READINESS, type AdminSettings, type ReadinessProbe } from './admin.tokens';
import { AuditHttpController } from './audit.http.controller';
import { AdminAuthGuard } from './auth/admin-auth.guard';
import { AdminAuthenticator } from './auth/admin-authenticator';
import { DashboardHttpController } from './dashboard.http.controller';
import { OpsHttpController } from './ops.http.controller';
import { ParityHttpController } from './parity.http.controller';
import { ProgressHttpController } from './progress.http.controller';
import { RoutesHttpController } from './routes.http.controller';
import { ScheduleHttpController } from './schedule.http.controller';
import { StatsHttpController } from './stats.http.controller';
import { StatusHttpController } from './status.http.controller';
import { TrafficSampler } from './dashboard/traffic-sampler';
import { TrafficHttpController } from './traffic.http.controller';

/** What the admin app is given by the running gateway: it owns none of it. */
export interface AdminDependencies {
  control: ControlPlane;
  metrics: GatewayMetrics;
  parity: ParityTracker;
  auth: AdminAuthenticator;
  settings: AdminSettings;
  readiness: ReadinessProbe;
  progress: ProgressView;
}

@Module({})
export class AdminModule {
  static forGateway(deps: AdminDependencies): DynamicModule {
    return {
      module: AdminModule,
      controllers: [
        RoutesHttpController,
        ParityHttpController,
        AuditHttpController,
        StatsHttpController,
        StatusHttpController,
        OpsHttpController,
        DashboardHttpController,
        TrafficHttpController,
        ProgressHttpController,
        ScheduleHttpController,
      ],
      providers: [
        { provide: ControlPlane, useValue: deps.control },
        { provide: GatewayMetrics, useValue: deps.metrics },
        { provide: ParityTracker, useValue: deps.parity },
        { provide: AdminAuthenticator, useValue: deps.auth },
        { provide: ADMIN_SETTINGS, useValue: deps.settings },
        { provide: READINESS, useValue: deps.readiness },
        { provide: ProgressView, useValue: deps.progress },
        { provide: APP_GUARD, useClass: AdminAuthGuard },
        TrafficSampler,
      ],
    };
  }
}
