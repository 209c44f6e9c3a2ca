/**
 * The legacy clinic: the sample monolith Ficus strangles. Other code talks to it over HTTP or
 * reads its tables through CDC; these exports are for the CLI, the demo and the tests.
 */
export { createClinicApp, type ClinicAppOptions } from './app';
export { startClinicServer, type ClinicServerOptions, type RunningClinicServer } from './server';
export { createClinicPool } from './db/pool';
export { applyClinicSchema, CLINIC_DDL, CLINIC_TABLES, type ClinicTable } from './db/schema';
export { seedClinic, type SeedSummary } from './seed/seed-clinic';
export { type SeedOptions, type SeedProgress } from './seed/seed-options';
export { MERGED_FROM_HEADER } from './patients/patient-lookup';
