import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { IDEMPOTENCY_HEADER } from '@ficus/contracts';
import { FicusError } from '@ficus/core';
import { createTestDatabase, type TestDatabase } from '@ficus/testing';
import type { ConnectorConfig } from '../src/config/connector-config.schema';
import { CdcConnector } from '../src/connector';
import { MysqlOffsetStore } from '../src/offsets/mysql-offset-store';
import { createConnectorUser, dropConnectorUser, embeddedConfig } from './cdc-harness';

interface Line {
  topic: string;
  key: Record<string, unknown> | null;
  value: {
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
    source: Record<string, unknown>;
    op: string;
    ts_ms: number;
  } | null;
  headers: Record<string, string>;
}

/**
 * Every complete line of the file, parsed; a line that is not JSON fails the test. While the
 * connector runs, a line may be half-way through its write: `whole` asserts there is none.
 */
function linesOf(path: string, whole = false): Line[] {
  const text = readFileSync(path, 'utf8');
  if (whole) assert.ok(text === '' || text.endsWith('\n'), 'the file ends with a whole line');
  return text
    .slice(0, text.lastIndexOf('\n') + 1)
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Line);
}

async function waitForLines(
  path: string,
  what: string,
  done: (lines: Line[]) => boolean,
): Promise<Line[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const lines = linesOf(path);
    if (done(lines)) return lines;
    if (Date.now() > deadline)
      throw new Error(`gave up waiting for ${what}: ${lines.length} lines`);
    await sleep(25);
  }
}

const ops = (lines: Line[]): string[] => lines.map((l) => l.value?.op ?? 'tombstone');

describe('JSON-lines transport: every event one line, offsets committed after the line is written', () => {
  let db: TestDatabase;
  let url: string;
  let dir: string;

  const configFor = (path: string, serverName?: string): ConnectorConfig => {
    const config = embeddedConfig(db, url, { transport: { kind: 'jsonl', path } });
    return serverName ? { ...config, serverName } : config;
  };

  before(async () => {
    db = await createTestDatabase('cdc_jsonl');
    url = await createConnectorUser(db);
    dir = mkdtempSync(join(tmpdir(), 'ficus-jsonl-'));
    await db.pool.query('CREATE TABLE visit (id INT PRIMARY KEY, note VARCHAR(40))');
    await db.pool.query("INSERT INTO visit VALUES (1, 'first'), (2, 'second')");
  });

  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db?.drop();
    if (url) await dropConnectorUser(url);
  });

  it('writes the snapshot, then insert, update, delete and its tombstone, as Debezium events', async () => {
    const path = join(dir, 'events.jsonl');
    const config = configFor(path);
    const connector = new CdcConnector({ config });
    await connector.start();
    try {
      await db.pool.query("INSERT INTO visit VALUES (3, 'third')");
      await db.pool.query("UPDATE visit SET note = 'changed' WHERE id = 1");
      await db.pool.query('DELETE FROM visit WHERE id = 2');
      const lines = await waitForLines(path, 'the tombstone', (got) =>
        got.some((l) => l.value === null),
      );
      const visit = lines.filter((l) => l.topic === `${config.serverName}.${db.name}.visit`);
      assert.deepEqual(ops(visit), ['r', 'r', 'c', 'u', 'd', 'tombstone']);
      for (const line of lines)
        assert.deepEqual(Object.keys(line), ['topic', 'key', 'value', 'headers']);
      for (const line of visit) assert.match(line.headers[IDEMPOTENCY_HEADER] ?? '', /.+/);
      const [r1, , c, u, d, tomb] = visit;
      assert.deepEqual(r1?.key, { id: 1 });
      assert.deepEqual(r1?.value?.after, { id: 1, note: 'first' });
      assert.equal(r1?.value?.source.snapshot, 'first');
      assert.deepEqual([c?.value?.before, c?.value?.after], [null, { id: 3, note: 'third' }]);
      assert.deepEqual(u?.value?.before, { id: 1, note: 'first' });
      assert.deepEqual(u?.value?.after, { id: 1, note: 'changed' });
      assert.deepEqual(
        [d?.key, d?.value?.before, d?.value?.after],
        [{ id: 2 }, { id: 2, note: 'second' }, null],
      );
      assert.deepEqual([tomb?.key, tomb?.value], [{ id: 2 }, null]);
      for (const event of [c, u, d]) {
        assert.equal(event?.value?.source.db, db.name);
        assert.equal(event?.value?.source.table, 'visit');
        assert.equal(event?.value?.source.snapshot, 'false');
        assert.equal(typeof event?.value?.ts_ms, 'number');
      }
    } finally {
      await connector.stop();
    }

    // Stopped cleanly, everything written is committed: a restart appends only what is new (and
    // never the connector's own offset commits, kept in the captured database here).
    const before = linesOf(path, true).length;
    await db.pool.query("INSERT INTO visit VALUES (4, 'while stopped')");
    const again = new CdcConnector({ config });
    await again.start();
    try {
      const lines = await waitForLines(path, 'the row inserted while stopped', (got) =>
        got.some((l) => l.key?.id === 4),
      );
      assert.equal(lines.at(-1)?.value?.op, 'c');
    } finally {
      await again.stop();
    }
    assert.equal(linesOf(path, true).length, before + 1);
  });

  it('stops on a write that fails, with nothing committed and nothing dead-lettered; the next run writes it all', async () => {
    // /dev/full takes the open and refuses every write with ENOSPC.
    const serverName = `ftfull${Date.now() % 100_000}`;
    const failing = new CdcConnector({ config: configFor('/dev/full', serverName) });
    const failure = await failing.start().then(
      () =>
        failing.done.then(
          () => undefined,
          (err: unknown) => err,
        ),
      (err: unknown) => err,
    );
    assert.ok(failure instanceof FicusError, String(failure));
    assert.equal(failure.code, 'FICUS_CDC_JSONL_WRITE_FAILED');
    assert.match(failure.message, /\/dev\/full .*ENOSPC/);
    const deadLetters = await failing.metrics.deadLetters.get();
    assert.equal(
      deadLetters.values.reduce((n, v) => n + v.value, 0),
      0,
      'nothing dead-lettered',
    );
    const store = new MysqlOffsetStore(url, db.name, 'ficus_cdc_offsets', serverName);
    const stored = await store.load();
    await store.close();
    assert.notEqual(
      stored?.snapshotCompleted,
      true,
      'no offset is committed past an unwritten line',
    );

    const path = join(dir, 'after-full.jsonl');
    const next = new CdcConnector({ config: configFor(path, serverName) });
    await next.start();
    try {
      const visits = (got: Line[]) => got.filter((l) => l.topic.endsWith('.visit'));
      const lines = await waitForLines(path, 'the snapshot', (got) => visits(got).length >= 3);
      assert.deepEqual(
        visits(lines).map((l) => l.key?.id),
        [1, 3, 4],
      );
      assert.ok(
        lines.every((l) => !l.topic.startsWith('__ficus-dlq')),
        'nothing dead-lettered',
      );
    } finally {
      await next.stop();
    }
  });

  it('cuts a partial last line left by an interrupted write before appending', async () => {
    const path = join(dir, 'partial.jsonl');
    const whole = '{"topic":"earlier","key":null,"value":null,"headers":{}}\n';
    writeFileSync(path, `${whole}{"topic":"x.y.visit","key":{"id":`);
    const connector = new CdcConnector({ config: configFor(path) });
    await connector.start();
    try {
      const lines = await waitForLines(
        path,
        'the snapshot',
        (got) => got.filter((l) => l.topic.endsWith('.visit')).length >= 3,
      );
      assert.equal(lines[0]?.topic, 'earlier');
      assert.deepEqual(
        lines
          .slice(1)
          .filter((l) => l.topic.endsWith('.visit'))
          .map((l) => l.value?.op),
        ['r', 'r', 'r'],
      );
    } finally {
      await connector.stop();
    }
    assert.equal(linesOf(path, true)[0]?.topic, 'earlier');
  });
});
