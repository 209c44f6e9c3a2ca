export * from './env';
export * from './database';
export * from './kafka';
export * from './http-upstream';
export * from './node-scripts';
export * from './legacy-clinic';
export * from './service-processes';
