export * from './errors';
export * from './listen-error';
export * from './logger';
export * from './retry';
export * from './nest-logger';
export * from './shutdown';
export * from './mysql-transaction';
export * from './dry-run';
