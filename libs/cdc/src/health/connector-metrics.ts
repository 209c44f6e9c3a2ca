import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Lag buckets (seconds): fine below a second, where a healthy connector lives. */
const LAG_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 300];

/**
 * The connector's Prometheus metrics, in a registry of its own so several connectors can run in
 * one process. Labels carry operation kinds and table names, never values.
 */
export class ConnectorMetrics {
  readonly registry = new Registry();
  /** Binlog commit time → publish acknowledged by the sink. */
  readonly commitToAck = new Histogram({
    name: 'ficus_cdc_commit_to_ack_seconds',
    help: 'Time from the binlog event timestamp (commit) to the acknowledged publish of its change events',
    buckets: LAG_BUCKETS,
    registers: [this.registry],
  });
  /** Read from the binlog → publish acknowledged: the connector's own share of the lag. */
  readonly readToAck = new Histogram({
    name: 'ficus_cdc_read_to_ack_seconds',
    help: 'Time from reading a binlog event to the acknowledged publish of its change events',
    buckets: LAG_BUCKETS,
    registers: [this.registry],
  });
  readonly records = new Counter({
    name: 'ficus_cdc_records_total',
    help: 'Change records acknowledged by the sink, by operation',
    labelNames: ['op'] as const,
    registers: [this.registry],
  });
  readonly deadLetters = new Counter({
    name: 'ficus_cdc_dead_letters_total',
    help: 'Rows sent to the dead-letter topic or handler, by reason code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly heartbeats = new Counter({
    name: 'ficus_cdc_heartbeats_total',
    help: 'Heartbeat events published',
    registers: [this.registry],
  });
  readonly buffered = new Gauge({
    name: 'ficus_cdc_buffered_records',
    help: 'Records read but not yet acknowledged by the sink',
    registers: [this.registry],
  });
  readonly snapshotRows = new Gauge({
    name: 'ficus_cdc_snapshot_rows',
    help: 'Snapshot rows read so far and expected (estimate), per table',
    labelNames: ['table', 'kind'] as const,
    registers: [this.registry],
  });
  readonly binlogPaused = new Gauge({
    name: 'ficus_cdc_binlog_paused',
    help: '1 while the binlog stream is paused because the delivery buffer is full',
    registers: [this.registry],
  });
  readonly preparedXaHeld = new Gauge({
    name: 'ficus_cdc_xa_prepared_held',
    help: 'Prepared XA transactions whose rows are held until their XA COMMIT or XA ROLLBACK',
    registers: [this.registry],
  });
  readonly reconnects = new Counter({
    name: 'ficus_cdc_source_reconnects_total',
    help: 'Reconnections to the source database after a lost binlog connection',
    registers: [this.registry],
  });

  /** p50/p99 of the commit → ack lag in ms, interpolated within histogram buckets as PromQL does. */
  async lagPercentiles(): Promise<{ p50: number | null; p99: number | null; count: number }> {
    const { values } = await this.commitToAck.get();
    const buckets = values
      .filter((v) => v.metricName === 'ficus_cdc_commit_to_ack_seconds_bucket')
      .map((v) => ({ le: Number(v.labels.le), count: v.value }))
      .sort((a, b) => a.le - b.le);
    const total = buckets[buckets.length - 1]?.count ?? 0;
    const quantile = (q: number): number | null => {
      if (total === 0) return null;
      const rank = q * total;
      let prevLe = 0;
      let prevCount = 0;
      for (const b of buckets) {
        if (b.count >= rank) {
          if (!Number.isFinite(b.le)) return prevLe * 1000;
          const inBucket = b.count - prevCount;
          const share = inBucket === 0 ? 0 : (rank - prevCount) / inBucket;
          return (prevLe + (b.le - prevLe) * share) * 1000;
        }
        prevLe = b.le;
        prevCount = b.count;
      }
      return prevLe * 1000;
    };
    return { p50: quantile(0.5), p99: quantile(0.99), count: total };
  }
}
