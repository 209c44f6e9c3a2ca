import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RowDataPacket } from 'mysql2/promise';
import {
  call,
  eventually,
  openLegacyClinic,
  type Answer,
  type LegacyClinicFixture,
} from './legacy-clinic-fixture';

/**
 * The clinic and the service (in the legacy phase, the clinic the system of record) write the same
 * practitioner's slots and the same visits at the same moment, round after round, both over real
 * HTTP. An answer of 2xx is a promise that the write is in APPT_TRN until a later acknowledged
 * write replaces it: of two bookings of one slot exactly one is acknowledged, and of two changes
 * to one visit each acknowledged one is in the final row or built upon by the one after it. The
 * two-way sync runs throughout, as deployed: once it has caught up, the service holds every
 * contested visit exactly as APPT_TRN does, and write-back has overwritten none of them.
 */
const BOOKING_ROUNDS = 100;
const CHANGE_ROUNDS = 80;
const STAGGER_MS = 5;

type Side = 'clinic' | 'service';

/** Each third round starts both at once; the others give one side a head start, turn about. */
async function staggered<T>(round: number, side: Side, send: () => Promise<T>): Promise<T> {
  const late = round % 3 === 1 ? 'clinic' : round % 3 === 2 ? 'service' : undefined;
  if (side === late) await sleep(STAGGER_MS);
  return send();
}

function day(offset: number): string {
  const date = new Date(Date.UTC(2033, 0, 3 + offset));
  return date.toISOString().slice(0, 10);
}

function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function errorCode(answer: Answer): string {
  return (answer.body.error as { code: string }).code;
}

describe('scheduling service: concurrent writers on the clinic and the service (legacy phase)', () => {
  let f: LegacyClinicFixture;
  let patientId: number;
  let practitionerId: number;
  let otherPractitionerId: number;

  before(async () => {
    f = await openLegacyClinic('ss_race');
    const [patients] = await f.clinicDb.pool.query<RowDataPacket[]>(
      "SELECT PAT_ID FROM PATIENT_MST WHERE PAT_STAT = 'A' ORDER BY PAT_ID LIMIT 1",
    );
    const [practitioners] = await f.clinicDb.pool.query<RowDataPacket[]>(
      "SELECT PRAC_ID FROM PRAC_MST WHERE PRAC_ACTV = 'Y' ORDER BY PRAC_ID LIMIT 2",
    );
    assert.equal(practitioners.length, 2, 'the seed has two active practitioners');
    patientId = Number(patients[0]?.PAT_ID);
    practitionerId = Number(practitioners[0]?.PRAC_ID);
    otherPractitionerId = Number(practitioners[1]?.PRAC_ID);
  });
  after(async () => {
    await f?.close();
  });

  /** Waits for the sync to bring each visit to the service as APPT_TRN holds it; returns those. */
  async function agreeOn(ids: number[]): Promise<Map<number, Record<string, unknown>>> {
    const rows = new Map<number, Record<string, unknown>>();
    await eventually(
      'the service to hold every contested visit as APPT_TRN does',
      async () => {
        for (const id of ids) {
          const [clinic, service] = await Promise.all([f.clinicVisit(id), f.serviceVisit(id)]);
          if (!clinic || !isDeepEqual(clinic, service)) return false;
          rows.set(id, clinic);
        }
        return true;
      },
      120_000,
    );
    return rows;
  }

  it('books each contested slot once: one 201, the other 409 naming the winner', async (t) => {
    const wins = { clinic: 0, service: 0 };
    const booked = new Map<number, Record<string, unknown>>();
    for (let round = 0; round < BOOKING_ROUNDS; round++) {
      const slot = {
        patientId,
        practitionerId,
        date: day(Math.floor(round / 20)),
        time: clock(8 * 60 + (round % 20) * 30),
        duration: 30,
        reason: `round ${round}`,
      };
      const sides: Side[] = ['clinic', 'service'];
      const [clinic, service] = await Promise.all(
        sides.map((side) =>
          staggered(round, side, () =>
            call(side === 'clinic' ? f.clinicUrl : f.serviceUrl, 'POST', '/api/appointments', slot),
          ),
        ),
      );
      const answers = { clinic: clinic!, service: service! };
      const winners = sides.filter((side) => answers[side].status === 201);
      assert.equal(winners.length, 1, `round ${round}: ${clinic!.status} and ${service!.status}`);
      const winner = winners[0]!;
      const loser = winner === 'clinic' ? 'service' : 'clinic';
      wins[winner]++;
      const won = answers[winner].body;
      const id = Number(won.APPT_ID);
      booked.set(id, won);

      assert.equal(answers[loser].status, 409);
      assert.equal(errorCode(answers[loser]), 'CLINIC_SLOT_TAKEN');
      const details = (answers[loser].body.error as { details: Record<string, unknown> }).details;
      assert.equal(details.clashingAppointmentId, id, 'the refusal names the booking that won');

      assert.deepEqual(await f.clinicVisit(id), won, 'an acknowledged booking is in APPT_TRN');
      if (winner === 'service') {
        assert.deepEqual(await f.serviceVisit(id), won, 'and in the service, under its id');
      }
    }

    // Nothing besides the acknowledged bookings reached either side: once the sync has brought
    // the clinic's to the service, both hold exactly those, row for row, each as acknowledged.
    const [held] = await f.clinicDb.pool.query<RowDataPacket[]>(
      'SELECT APPT_ID FROM APPT_TRN WHERE APPT_PRAC_ID = ? AND APPT_DT BETWEEN ? AND ? ORDER BY APPT_ID',
      [practitionerId, day(0).replaceAll('-', ''), day(4).replaceAll('-', '')],
    );
    assert.deepEqual(
      held.map((r) => Number(r.APPT_ID)),
      [...booked.keys()].sort((a, b) => a - b),
    );
    const rows = await agreeOn([...booked.keys()]);
    for (const [id, answer] of booked) assert.deepEqual(rows.get(id), answer, `visit ${id}`);
    const [copied] = await f.serviceDb.pool.query<RowDataPacket[]>(
      'SELECT id FROM appointments WHERE practitioner_id = ? AND start_date BETWEEN ? AND ? ORDER BY id',
      [practitionerId, day(0), day(4)],
    );
    assert.deepEqual(
      copied.map((r) => Number(r.id)),
      held.map((r) => Number(r.APPT_ID)),
    );
    assert.ok(wins.clinic > 0, 'the clinic never won a slot');
    assert.ok(wins.service > 0, 'the service never won a slot');
    t.diagnostic(`${BOOKING_ROUNDS} slots: clinic won ${wins.clinic}, service won ${wins.service}`);
  });

  it('keeps every acknowledged move and cancellation of one visit, or builds the next on it', async (t) => {
    const tally = { acknowledged: 0, refused: 0 };
    /** Each visit's row once both writes were answered: every acknowledged write in it, or built on. */
    const finals = new Map<number, Record<string, unknown>>();
    for (let round = 0; round < CHANGE_ROUNDS; round++) {
      const date = day(10 + round);
      const created = await call(f.clinicUrl, 'POST', '/api/appointments', {
        patientId,
        practitionerId,
        date,
        time: '09:00',
        duration: 30,
      });
      assert.equal(created.status, 201);
      const id = Number(created.body.APPT_ID);

      // Each side changes what the other leaves alone, so a write made on top of the other's
      // shows it: the clinic the length, the service the practitioner; a cancel its reason.
      const cancels: Record<Side, boolean> = {
        clinic: round % 4 === 1 || round % 4 === 3,
        service: round % 4 === 2 || round % 4 === 3,
      };
      const reason: Record<Side, string> = { clinic: `c${round}`, service: `s${round}` };
      const moved: Record<Side, object> = {
        clinic: { date, time: '10:00', duration: 45 },
        service: { date, time: '11:00', practitionerId: otherPractitionerId },
      };
      /** Whether `row` carries the side's write. */
      const shows = (side: Side, row: Record<string, unknown>): boolean =>
        cancels[side]
          ? row.APPT_STAT === 'X' && row.APPT_CXL_RSN === reason[side]
          : side === 'clinic'
            ? row.APPT_DUR === 45
            : row.APPT_PRAC_ID === otherPractitionerId;
      const sides: Side[] = ['clinic', 'service'];
      const [clinic, service] = await Promise.all(
        sides.map((side) =>
          staggered(round, side, () => {
            const base = side === 'clinic' ? f.clinicUrl : f.serviceUrl;
            return cancels[side]
              ? call(base, 'POST', `/api/appointments/${id}/cancel`, { reason: reason[side] })
              : call(base, 'PUT', `/api/appointments/${id}/reschedule`, moved[side]);
          }),
        ),
      );
      const answers = { clinic: clinic!, service: service! };
      const final = await f.clinicVisit(id);
      assert.ok(final);

      const acknowledged = sides.filter((side) => answers[side].status === 200);
      for (const side of sides) {
        if (answers[side].status === 200) {
          assert.ok(
            shows(side, answers[side].body),
            `round ${round}: ${side} answered another write`,
          );
          continue;
        }
        assert.equal(answers[side].status, 409, `round ${round}: ${side} ${answers[side].status}`);
        assert.equal(errorCode(answers[side]), 'CLINIC_APPOINTMENT_NOT_BOOKED');
        assert.ok(!shows(side, final), `round ${round}: the ${side}'s refused write was made`);
        tally.refused++;
      }
      assert.ok(acknowledged.length >= 1, `round ${round}: neither write was acknowledged`);
      tally.acknowledged += acknowledged.length;

      // The last acknowledged write is the final row, as is. The one before it, if any, was made
      // first: the last one's answer shows it, and its own answer does not show the last one.
      const last = acknowledged.find((side) => isDeepEqual(answers[side].body, final));
      assert.ok(last, `round ${round}: the final row is no acknowledged write's`);
      const earlier = acknowledged.find((side) => side !== last);
      if (earlier) {
        assert.ok(
          shows(earlier, final),
          `round ${round}: the ${earlier}'s acknowledged write is lost`,
        );
        assert.ok(
          !shows(last, answers[earlier].body),
          `round ${round}: each of the two writes was made on top of the other`,
        );
      }
      finals.set(id, final);
    }
    // Once the sync has caught up, the service holds each visit as APPT_TRN does, and APPT_TRN
    // still holds the row the two acknowledged writes left: write-back overwrote none of them.
    const rows = await agreeOn([...finals.keys()]);
    for (const [id, final] of finals) {
      assert.deepEqual(rows.get(id), final, `visit ${id}: a later write replaced the final row`);
    }
    t.diagnostic(
      `${CHANGE_ROUNDS} rounds: ${tally.acknowledged} writes acknowledged, ${tally.refused} refused`,
    );
  });
});

function isDeepEqual(a: unknown, b: unknown): boolean {
  try {
    assert.deepEqual(a, b);
    return true;
  } catch {
    return false;
  }
}
