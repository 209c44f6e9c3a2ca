/** Where "now" comes from; tests pass their own to get the stamps they expect. */
export const CLOCK = Symbol('Clock');
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
