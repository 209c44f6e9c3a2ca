export * from './process';
export * from './mariadb';
export * from './kafka';
