import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPool, type RowDataPacket } from 'mysql2/promise';
import { waitFor } from '@ficus/infra';
import { testMysqlUrl } from '@ficus/testing';
import { startSample, type RunningSample } from './sample-process';

/** The sample's scheduling read routes, in shadow in ficus.config.yaml. */
const ROUTES = [
  'practitioners-list',
  'practitioners-read',
  'appointments-day',
  'patient-appointments',
] as const;
type Route = (typeof ROUTES)[number];

interface ParityReport {
  totalComparisons: number;
  totalMatches: number;
  skipped: Record<string, number>;
  mismatches: Array<{ path?: string; kind?: string; count?: number }>;
}

const PATIENTS = 1000;

/**
 * The sample as `npm start` runs it, with its gateway in front of the clinic and the scheduling
 * service: seeded reads of practitioners and appointments, errors included, go through the
 * gateway, which answers from the clinic and compares each with the service's answer. The figures
 * come from the admin API, as an operator reads them before a promotion.
 */
describe('the sample shadows scheduling reads to the scheduling service', () => {
  let sample: RunningSample;
  const sent: Record<Route, number> = {
    'practitioners-list': 0,
    'practitioners-read': 0,
    'appointments-day': 0,
    'patient-appointments': 0,
  };
  const reports = {} as Record<Route, ParityReport>;

  before(async () => {
    sample = await startSample('sched_shadow', ['--patients', String(PATIENTS)]);
  });

  after(() => sample?.remove());

  const parity = async (route: Route): Promise<ParityReport> => {
    const res = await fetch(`http://127.0.0.1:${sample.adminPort}/admin/routes/${route}/parity`, {
      headers: { authorization: `Bearer ${sample.token()}` },
    });
    assert.equal(res.status, 200, `parity of ${route}`);
    return (await res.json()) as ParityReport;
  };

  /** Through the gateway; the clinic answers and names the route that took the request. */
  const read = async (route: Route, path: string): Promise<void> => {
    const res = await fetch(`http://127.0.0.1:${sample.gatewayPort}${path}`);
    await res.arrayBuffer();
    assert.equal(res.headers.get('x-ficus-route'), route, path);
    assert.equal(res.headers.get('x-ficus-upstream'), 'legacy', path);
    sent[route]++;
  };

  it('sends seeded practitioner and appointment reads through the gateway', async () => {
    const pool = createPool({
      uri: `${testMysqlUrl()}${sample.database}`,
      connectionLimit: 1,
    });
    const select = async (sql: string) => (await pool.query<RowDataPacket[]>(sql))[0];
    const practitioners = await select('SELECT PRAC_ID, PRAC_SPEC FROM PRAC_MST ORDER BY PRAC_ID');
    const days = (await select('SELECT DISTINCT APPT_DT FROM APPT_TRN ORDER BY APPT_DT')).map((r) =>
      String(r.APPT_DT),
    );
    const patients = await select('SELECT PAT_ID, PAT_STAT FROM PATIENT_MST ORDER BY PAT_ID');
    await pool.end();
    assert.ok(practitioners.length > 0 && days.length > 0 && patients.length === PATIENTS);

    const specs = [...new Set(practitioners.map((p) => String(p.PRAC_SPEC)))];
    for (const path of [
      '/api/practitioners',
      '/api/practitioners?active=Y',
      '/api/practitioners?active=N',
      '/api/practitioners?limit=3&offset=2',
      ...specs.map((s) => `/api/practitioners?spec=${s}`),
      '/api/practitioners?limit=0',
      '/api/practitioners?active=yes',
    ])
      await read('practitioners-list', path);
    for (const path of [
      ...practitioners.map((p) => `/api/practitioners/${String(p.PRAC_ID)}`),
      '/api/practitioners/999999',
      '/api/practitioners/abc',
    ])
      await read('practitioners-read', path);

    const iso = (d: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
    const someDays = days.filter((_, i) => i % Math.ceil(days.length / 60) === 0);
    for (const path of [
      ...someDays.map((d) => `/api/appointments?date=${iso(d)}`),
      ...someDays.map(
        (d, i) =>
          `/api/appointments?date=${iso(d)}&practitionerId=${String(practitioners[i % practitioners.length]!.PRAC_ID)}`,
      ),
      ...someDays.slice(0, 10).map((d) => `/api/appointments?date=${iso(d)}&limit=2&offset=1`),
      '/api/appointments',
      '/api/appointments?date=2031-02-29',
    ])
      await read('appointments-day', path);
    // Every patient's visits: merged ones answer with their survivor's, and name the merge.
    for (const path of [
      ...patients.map((p) => `/api/patients/${String(p.PAT_ID)}/appointments`),
      '/api/patients/999999/appointments',
    ])
      await read('patient-appointments', path);
    assert.ok(
      patients.some((p) => p.PAT_STAT === 'M'),
      'the seed has merged patients',
    );
  });

  it('compares them with the scheduling service and finds them identical (parity ≥ 99.9%)', async () => {
    // Shadow copies are answered after the client's; wait until every one is accounted for.
    await waitFor(
      'every shadow copy to be compared or skipped',
      async () => {
        for (const route of ROUTES) {
          const report = await parity(route);
          const skipped = Object.values(report.skipped).reduce((a, b) => a + b, 0);
          if (report.totalComparisons + skipped < sent[route]) return false;
          reports[route] = report;
        }
        return true;
      },
      { timeoutMs: 60_000 },
    );
    let comparisons = 0;
    let matches = 0;
    for (const route of ROUTES) {
      const r = reports[route];
      comparisons += r.totalComparisons;
      matches += r.totalMatches;
      // Figures and field paths only: the answers carry patient data.
      console.log(
        `scheduling shadow parity: ${route}: ${r.totalMatches}/${r.totalComparisons} identical of ${sent[route]} sent` +
          (Object.keys(r.skipped).length ? `; skipped ${JSON.stringify(r.skipped)}` : '') +
          (r.mismatches.length ? `; differing paths ${JSON.stringify(r.mismatches)}` : ''),
      );
      assert.ok(r.totalComparisons > 0, `${route}: none of ${sent[route]} compared`);
    }
    // The gateway skips copies while its event loop is busy (limits.shadowYieldAbove), which a
    // loaded machine makes happen; most must still be compared for the figure to mean something.
    const total = ROUTES.reduce((n, route) => n + sent[route], 0);
    assert.ok(comparisons >= 0.5 * total, `${comparisons} of ${total} compared`);
    console.log(
      `scheduling shadow parity: all routes: ${matches}/${comparisons} identical ` +
        `(${((100 * matches) / comparisons).toFixed(2)}%)`,
    );
    assert.ok(matches / comparisons >= 0.999, `parity ${matches}/${comparisons}`);
  });
});
