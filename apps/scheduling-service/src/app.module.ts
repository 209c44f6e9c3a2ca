import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from '@ficus/core';
import { HealthHttpController, LOGGER, UnmatchedRouteFilter } from '@ficus/service-kit';
import { isMissingDatabase, type SchedulingConfig } from './config/scheduling-config';
import { schedulingDataSourceOptions } from './database/data-source-options';
import { SERVICE_ERRORS } from './http/service-errors';
import { CLOCK, type Clock } from './modules/scheduling/application/clock';
import { LegacyClinicModule } from './modules/scheduling/infrastructure/legacy-clinic/legacy-clinic.module';
import { LegacySyncModule } from './modules/scheduling/infrastructure/legacy-sync/legacy-sync.module';
import { SchedulingModule } from './modules/scheduling/scheduling.module';

/** Shared by every module: the logger and the clock. */
@Module({})
class RuntimeModule {
  static with(logger: Logger, clock: Clock): DynamicModule {
    const providers: Provider[] = [
      { provide: LOGGER, useValue: logger },
      { provide: CLOCK, useValue: clock },
    ];
    return { module: RuntimeModule, global: true, providers, exports: providers };
  }
}

@Module({})
export class AppModule {
  /**
   * The service on its own database; migrations run before the first request is served. With a
   * clinic database configured, writes go through the phase's system of record and the two-way
   * sync starts with it.
   */
  static forRoot(config: SchedulingConfig, logger: Logger, clock: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        RuntimeModule.with(logger, clock),
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...schedulingDataSourceOptions(config.databaseUrl),
            migrationsRun: true,
            retryAttempts: 3,
            retryDelay: 1000,
            // Waiting does not create a database: say so at once (main explains it).
            toRetry: (err: unknown) => !isMissingDatabase(err),
          }),
        }),
        LegacyClinicModule.forRoot(config.legacySync),
        SchedulingModule,
        LegacySyncModule.forRoot(config),
      ],
      controllers: [HealthHttpController],
      providers: [{ provide: APP_FILTER, useClass: UnmatchedRouteFilter(SERVICE_ERRORS) }],
    };
  }
}
