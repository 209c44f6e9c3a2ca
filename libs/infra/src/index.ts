export * from './process';
export * from './mariadb';
export * from './kafka';
export * from './node-flags';
