/** Where "now" comes from; tests pass a fixed one to get stable CHAR(14) stamps. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
