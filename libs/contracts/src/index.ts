export * from './change-event';
export * from './change-sink';
