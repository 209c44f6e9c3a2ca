import type { ChangeRecord } from './change-event';

/**
 * Where change records go: the Kafka transport, the embedded (in-process) transport, and any
 * in-process consumer implement this one interface. The contract is at-least-once and ordered per
 * key: `deliver` resolves only once every record of the batch is durably accepted, and the
 * connector commits an offset only after that, so a crash redelivers rather than loses.
 */
export interface ChangeSink {
  readonly name: string;
  start(): Promise<void>;
  /** resolves only once every record is durably accepted */
  deliver(records: ChangeRecord[]): Promise<void>;
  stop(): Promise<void>;
}
