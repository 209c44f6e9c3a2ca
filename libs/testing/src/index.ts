export * from './env';
export * from './database';
export * from './kafka';
export * from './http-upstream';
