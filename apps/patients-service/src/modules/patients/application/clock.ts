/** Where "now" comes from; tests pass a fixed one to get stable timestamps. */
export const CLOCK = Symbol('Clock');
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
