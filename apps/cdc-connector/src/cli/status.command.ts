import { errorMessage } from '@ficus/core';
import {
  createOffsetStore,
  type ConnectorConfig,
  type ConnectorStatus,
  type StoredOffset,
} from '@ficus/cdc';

/**
 * `ficus-cdc status`: asks the running connector (its /status endpoint) and falls back to the
 * offset store when none answers, so the last committed position shows even when it is down.
 */
export async function statusCommand(config: ConnectorConfig): Promise<number> {
  const live = config.http?.port ? await fetchStatus(config.http.port) : undefined;
  if (live) {
    console.log(formatStatus(live));
    return 0;
  }
  const store = createOffsetStore(config);
  try {
    const offset = await store.load();
    console.log(
      formatStatus({
        serverName: config.serverName,
        state: 'stopped',
        transport: config.transport.kind,
        position: offset ?? null,
        lastChangeTsMs: offset?.tsMs ? offset.tsMs : null,
        lagMs: { p50: null, p99: null, samples: 0 },
        bufferedRecords: 0,
        binlogPaused: false,
        error: null,
      }),
    );
    return 0;
  } catch (err) {
    console.error(`cannot read the offset from ${store.description}: ${errorMessage(err)}`);
    return 1;
  } finally {
    await store.close();
  }
}

async function fetchStatus(port: number): Promise<ConnectorStatus | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/status`, {
      signal: AbortSignal.timeout(2000),
    });
    return res.ok ? ((await res.json()) as ConnectorStatus) : undefined;
  } catch {
    return undefined;
  }
}

function position(offset: StoredOffset | null): string {
  if (!offset) return '(none: the connector has not committed an offset yet)';
  const inside =
    offset.eventsToSkip > 0 || offset.rowsToSkip > 0
      ? ` (+${offset.eventsToSkip} row events, ${offset.rowsToSkip} rows into transaction ${offset.gtid ?? ''})`
      : '';
  const held = offset.preparedXaFrom
    ? `; holds a prepared XA transaction from ${offset.preparedXaFrom.file}:${offset.preparedXaFrom.pos} (a restart reads from there)`
    : '';
  return `${offset.file}:${offset.pos}${inside}${offset.gtidSet ? `, gtid ${offset.gtidSet}` : ''}${held}`;
}

const ms = (v: number | null): string => (v === null ? '-' : `${v.toFixed(0)} ms`);

export function formatStatus(s: ConnectorStatus): string {
  const behind = s.lastChangeTsMs
    ? `${((Date.now() - s.lastChangeTsMs) / 1000).toFixed(1)} s ago`
    : '-';
  return [
    `connector  ${s.serverName} (${s.transport})`,
    `state      ${s.state}${s.error ? ` — ${s.error}` : ''}`,
    `position   ${position(s.position)}`,
    `last change committed ${behind}`,
    `lag        p50 ${ms(s.lagMs.p50)}, p99 ${ms(s.lagMs.p99)} over ${s.lagMs.samples} events`,
    `buffered   ${s.bufferedRecords} records${s.binlogPaused ? ' (binlog paused: backpressure)' : ''}`,
  ].join('\n');
}
