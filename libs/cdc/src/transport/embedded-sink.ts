import type { ChangeRecord, ChangeSink } from '@ficus/contracts';
import { FicusError, errorMessage, isRetriable } from '@ficus/core';

export type ChangeHandler = (records: ChangeRecord[]) => Promise<void>;

export interface EmbeddedSinkOptions {
  /** Called in order, one batch at a time; a batch counts as delivered once every handler resolved. */
  handlers: ChangeHandler[];
  /** Receives the dead letters (records on `deadLetterTopic`). */
  deadLetterHandler: ChangeHandler;
  deadLetterTopic: string;
}

/**
 * Hands records to in-process handlers with the Kafka transport's contract: at-least-once, in
 * order, the next batch only after the previous one resolved.
 */
export class EmbeddedSink implements ChangeSink {
  readonly name = 'embedded';

  constructor(private readonly options: EmbeddedSinkOptions) {}

  start(): Promise<void> {
    return Promise.resolve();
  }

  async deliver(records: ChangeRecord[]): Promise<void> {
    const dead = records.filter((r) => r.topic === this.options.deadLetterTopic);
    const live = dead.length === 0 ? records : records.filter((r) => !dead.includes(r));
    try {
      if (live.length > 0) {
        for (const handler of this.options.handlers) await handler(live);
      }
      if (dead.length > 0) await this.options.deadLetterHandler(dead);
    } catch (err) {
      // A handler says a failure is transient by throwing a retriable FicusError; anything else is
      // taken to be about the records themselves, which are then isolated and dead-lettered.
      throw new FicusError(
        'FICUS_CDC_HANDLER_FAILED',
        `an embedded change handler failed: ${errorMessage(err)}`,
        { cause: err, retriable: isRetriable(err) },
      );
    }
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }
}
