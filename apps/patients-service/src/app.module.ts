import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from '@ficus/core';
import { HealthHttpController, LOGGER, UnmatchedRouteFilter } from '@ficus/service-kit';
import { isMissingServiceDatabase, type PatientsConfig } from './config/patients-config';
import { patientsDataSourceOptions } from './database/data-source-options';
import { SERVICE_ERRORS } from './http/service-errors';
import { LegacyClinicModule } from './modules/patients/infrastructure/legacy-sync/legacy-clinic.module';
import { LegacySyncModule } from './modules/patients/infrastructure/legacy-sync/legacy-sync.module';
import { PatientsModule } from './modules/patients/patients.module';

/** Shared by every module: the logger. */
@Module({})
class LoggingModule {
  static with(logger: Logger): DynamicModule {
    const provider: Provider = { provide: LOGGER, useValue: logger };
    return { module: LoggingModule, global: true, providers: [provider], exports: [provider] };
  }
}

@Module({})
export class AppModule {
  /**
   * The service on its own database; migrations run before the first request is served. With a
   * clinic database configured, the two-way sync starts with it.
   */
  static forRoot(config: PatientsConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggingModule.with(logger),
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...patientsDataSourceOptions(config.databaseUrl),
            migrationsRun: true,
            retryAttempts: 3,
            retryDelay: 1000,
            // Waiting does not create a database: say so at once (main explains it).
            toRetry: (err: unknown) => !isMissingServiceDatabase(err, config.databaseUrl),
          }),
        }),
        LegacyClinicModule.forRoot(config.legacySync),
        PatientsModule,
        LegacySyncModule.forRoot(config),
      ],
      controllers: [HealthHttpController],
      providers: [{ provide: APP_FILTER, useClass: UnmatchedRouteFilter(SERVICE_ERRORS) }],
    };
  }
}
