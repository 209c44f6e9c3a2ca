import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ExportPatientToLegacy } from '../src/modules/patients/application/export-patient-to-legacy';
import { eventually, openSync, type SyncFixture } from './legacy-sync-fixture';

/**
 * One patient changed at the same moment through the clinic's API and through the service's,
 * round after round, both over real HTTP, with the two-way sync running between them. While the
 * clinic is the system of record, of two writers from the same version one must be refused (409):
 * an answer of 200 is a promise that the write is there until a later acknowledged write replaces it.
 */
const ROUNDS = 150;
const CLINIC_DELAY_MS = 5;
const PATIENT = 1;

interface Acknowledged {
  side: 'clinic' | 'service';
  phone: string;
  version: number;
}

interface Outcome {
  status: number;
  body: Record<string, unknown>;
}

async function put(base: string, version: number, phone: string): Promise<Outcome> {
  const res = await fetch(`${base}/api/patients/${PATIENT}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ version, phone }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function versionAt(base: string): Promise<number> {
  const res = await fetch(`${base}/api/patients/${PATIENT}`);
  assert.equal(res.status, 200);
  return Number(((await res.json()) as { PAT_VER: number }).PAT_VER);
}

describe('patients service: concurrent writers on the clinic and the service', () => {
  let f: SyncFixture;
  let serviceUrl: string;

  before(async () => {
    f = await openSync('ps_race', 5);
    serviceUrl = await f.listen();
  });
  after(async () => {
    await f?.close();
  });

  it('acknowledges no write that is later lost: one of two writers from a version gets 409', async (t) => {
    const initial = Number((await f.clinicRow(PATIENT))?.PAT_VER);
    const acknowledged: Acknowledged[] = [];
    const refused = { clinic: 0, service: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      // Every other round starts once the service has received the clinic's last write, so that
      // both writers read the same version; in the others the service may still be behind.
      if (round % 2 === 1) {
        await eventually('the service to hold the clinic version', async () => {
          const [c, s] = await Promise.all([versionAt(f.clinicUrl), versionAt(serviceUrl)]);
          return c === s;
        });
      }
      // Each writer reads from its own side, then both write at once, as two front desks would.
      const [clinicVersion, serviceVersion] = await Promise.all([
        versionAt(f.clinicUrl),
        versionAt(serviceUrl),
      ]);
      const writes = [
        { side: 'clinic' as const, phone: `c-${round}`, base: f.clinicUrl, from: clinicVersion },
        { side: 'service' as const, phone: `s-${round}`, base: serviceUrl, from: serviceVersion },
      ];
      // The service's path is longer (two databases): in the rounds that start level the clinic's
      // write leaves a moment later, so that each side wins its share of rounds.
      const answers = await Promise.all(
        writes.map(async (w) => {
          if (round % 2 === 1 && w.side === 'clinic') await sleep(CLINIC_DELAY_MS);
          return put(w.base, w.from, w.phone);
        }),
      );
      answers.forEach((answer, i) => {
        const write = writes[i]!;
        if (answer.status === 200) {
          assert.equal(answer.body.PAT_PHONE, write.phone, 'a 200 answers with its own write');
          acknowledged.push({
            side: write.side,
            phone: write.phone,
            version: Number(answer.body.PAT_VER),
          });
          return;
        }
        assert.equal(answer.status, 409, `${write.side} answered ${answer.status}`);
        const error = answer.body.error as { code: string };
        assert.equal(error.code, 'CLINIC_VERSION_CONFLICT');
        refused[write.side]++;
      });
    }

    const clinicRow = async () => (await f.clinicRow(PATIENT))!;
    const serviceRow = async () => (await f.app.get(ExportPatientToLegacy).byId(PATIENT))!;
    await eventually('the two sides to converge', async () => {
      const [c, s] = await Promise.all([clinicRow(), serviceRow()]);
      return c.PAT_VER === s.PAT_VER && c.PAT_PHONE === s.PAT_PHONE;
    });
    const final = await clinicRow();
    assert.deepEqual(await serviceRow(), final);

    // Every acknowledged write took a version of its own, one after the other from the start:
    // each was either the final state or replaced by the acknowledged write one version later.
    const byVersion = [...acknowledged].sort((a, b) => a.version - b.version);
    assert.deepEqual(
      byVersion.map((a) => a.version),
      byVersion.map((_, i) => initial + i + 1),
      'two writes were acknowledged at the same version, or a version was written unacknowledged',
    );
    const last = byVersion.at(-1)!;
    assert.equal(final.PAT_VER, last.version);
    assert.equal(final.PAT_PHONE, last.phone);
    assert.equal(acknowledged.length + refused.clinic + refused.service, 2 * ROUNDS);
    assert.ok(
      acknowledged.some((a) => a.side === 'clinic'),
      'the clinic never won a round',
    );
    assert.ok(
      acknowledged.some((a) => a.side === 'service'),
      'the service never won a round',
    );
    t.diagnostic(
      `${ROUNDS} rounds: ${acknowledged.length} writes acknowledged, ` +
        `409 from the clinic ${refused.clinic}, from the service ${refused.service}`,
    );
  });
});
