import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openService, type ServiceFixture } from './patients-fixture';

const FHIR = 'application/fhir+json';

interface FhirBundle {
  entry: Array<{ resource: { id: string } }>;
  link: Array<{ relation: string; url: string }>;
}

interface Outcome {
  issue: Array<{ code: string; expression?: string[] }>;
}

function patientResource(change: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    resourceType: 'Patient',
    active: true,
    name: [{ use: 'official', family: 'Zzfhir', given: ['Ada', 'Mary'] }],
    telecom: [
      { system: 'phone', value: '(503) 555-0100' },
      { system: 'email', value: 'ada@example.test' },
    ],
    gender: 'female',
    birthDate: '1980-04-12',
    address: [
      { use: 'home', line: ['1 Figtree St'], city: 'Rootford', state: 'OR', postalCode: '97000' },
    ],
    ...change,
  };
}

describe('patients service: FHIR R4 Patient API', () => {
  let svc: ServiceFixture;

  before(async () => {
    svc = await openService('ps_fhir');
  });
  after(async () => {
    await svc?.close();
  });

  async function create(change: Record<string, unknown> = {}): Promise<{ id: string }> {
    const res = await svc
      .http()
      .post('/fhir/Patient')
      .set('content-type', FHIR)
      .send(JSON.stringify(patientResource(change)))
      .expect(201);
    return res.body as { id: string };
  }

  it('creates a Patient and reads it back, versioned', async () => {
    const res = await svc
      .http()
      .post('/fhir/Patient')
      .set('content-type', FHIR)
      .send(JSON.stringify(patientResource()))
      .expect(201);
    assert.match(res.headers['content-type'] ?? '', /^application\/fhir\+json/);
    assert.equal(res.headers.location, `/fhir/Patient/${res.body.id}/_history/1`);
    assert.equal(res.headers.etag, 'W/"1"');
    const read = await svc.http().get(`/fhir/Patient/${res.body.id}`).expect(200);
    assert.deepEqual(read.body, res.body);
    assert.deepEqual(
      { ...read.body, id: 'x', meta: { versionId: read.body.meta.versionId } },
      {
        resourceType: 'Patient',
        id: 'x',
        meta: { versionId: '1' },
        active: true,
        name: [{ use: 'official', family: 'Zzfhir', given: ['Ada', 'Mary'] }],
        telecom: [
          { system: 'phone', value: '(503) 555-0100' },
          { system: 'email', value: 'ada@example.test' },
        ],
        gender: 'female',
        birthDate: '1980-04-12',
        deceasedBoolean: false,
        address: [
          {
            use: 'home',
            line: ['1 Figtree St'],
            city: 'Rootford',
            state: 'OR',
            postalCode: '97000',
          },
        ],
      },
    );
    const legacy = await svc.http().get(`/api/patients/${res.body.id}`).expect(200);
    assert.equal(legacy.body.PAT_MNAME, 'Mary');
    assert.equal(legacy.body.PAT_ADDR, '1 Figtree St||Rootford|OR|97000');
  });

  it('searches by family prefix (case-insensitive) and birthdate into a searchset Bundle', async () => {
    const a = await create({
      name: [{ family: 'Zzsearchfh', given: ['Bea'] }],
      birthDate: '1975-05-05',
    });
    const b = await create({
      name: [{ family: 'ZZSEARCHFH', given: ['Al'] }],
      birthDate: '1975-05-05',
    });
    await create({ name: [{ family: 'Zzsearchfh', given: ['Cy'] }], birthDate: '1990-01-01' });
    const res = await svc
      .http()
      .get('/fhir/Patient')
      .query({ family: 'zzsearchf', birthdate: '1975-05-05' })
      .expect(200);
    assert.equal(res.body.resourceType, 'Bundle');
    assert.equal(res.body.type, 'searchset');
    assert.equal(res.body.total, 2);
    assert.deepEqual(
      (res.body as FhirBundle).entry.map((e) => e.resource.id),
      [b.id, a.id],
    );
    assert.match(res.body.entry[0].fullUrl, new RegExp(`/fhir/Patient/${b.id}$`));
    const page = await svc
      .http()
      .get('/fhir/Patient')
      .query({ family: 'zzsearchfh', _count: '2' })
      .expect(200);
    assert.equal(page.body.total, 3);
    assert.equal(page.body.entry.length, 2);
    const next = (page.body as FhirBundle).link.find((l) => l.relation === 'next');
    assert.match(next?.url ?? '', /_offset=2/);
    await svc.http().get('/fhir/Patient').query({ birthdate: 'ge1975' }).expect(400);
  });

  it('updates with If-Match, and answers 412 to a stale version, 428 without one', async () => {
    const { id } = await create();
    const updated = await svc
      .http()
      .put(`/fhir/Patient/${id}`)
      .set('content-type', FHIR)
      .set('if-match', 'W/"1"')
      .send(JSON.stringify(patientResource({ id, gender: 'unknown', telecom: [] })))
      .expect(200);
    assert.equal(updated.body.meta.versionId, '2');
    assert.equal(updated.headers.etag, 'W/"2"');
    assert.equal(updated.body.gender, 'unknown');
    assert.equal(updated.body.telecom, undefined);
    const stale = await svc
      .http()
      .put(`/fhir/Patient/${id}`)
      .set('content-type', FHIR)
      .set('if-match', 'W/"1"')
      .send(JSON.stringify(patientResource({ id })))
      .expect(412);
    assert.equal(stale.body.resourceType, 'OperationOutcome');
    assert.equal(stale.body.issue[0].code, 'conflict');
    await svc
      .http()
      .put(`/fhir/Patient/${id}`)
      .set('content-type', FHIR)
      .send(JSON.stringify(patientResource()))
      .expect(428);
    const wrongId = await svc
      .http()
      .put(`/fhir/Patient/${id}`)
      .set('if-match', 'W/"2"')
      .send(patientResource({ id: '999' }))
      .expect(400);
    assert.deepEqual(wrongId.body.issue[0].expression, ['Patient.id']);
    const legacy = await svc.http().get(`/api/patients/${id}`).expect(200);
    assert.deepEqual(
      [legacy.body.PAT_SEX, legacy.body.PAT_PHONE, legacy.body.PAT_VER],
      ['U', '', 2],
    );
  });

  it('refuses invalid resources with an OperationOutcome naming the element', async () => {
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ resourceType: 'Practitioner' }, 400, 'Patient.resourceType'],
      [{ name: [] }, 400, 'Patient.name'],
      [{ name: [{ family: 'Zz', given: [] }] }, 400, 'Patient.name[0].given'],
      [{ gender: 'other' }, 400, 'Patient.gender'],
      [{ birthDate: '1980' }, 400, 'Patient.birthDate'],
      [{ telecom: [{ system: 'fax', value: '1' }] }, 400, 'Patient.telecom[0].system'],
      [{ address: [{ line: ['1 Elm|St'] }] }, 422, 'Patient.address'],
      [{ name: [{ family: 'Z'.repeat(41), given: ['A'] }] }, 422, 'Patient.name.family'],
    ];
    for (const [change, status, expression] of cases) {
      const res = await svc
        .http()
        .post('/fhir/Patient')
        .send(patientResource(change))
        .expect(status);
      assert.equal(res.body.resourceType, 'OperationOutcome', JSON.stringify(change));
      assert.ok(
        (res.body as Outcome).issue.some((i) => i.expression?.includes(expression)),
        `${JSON.stringify(change)} → ${JSON.stringify(res.body.issue)}`,
      );
    }
  });

  it('answers 404 OperationOutcomes for unknown ids', async () => {
    for (const id of ['999999', 'abc', '0']) {
      const res = await svc.http().get(`/fhir/Patient/${id}`).expect(404);
      assert.equal(res.body.issue[0].code, 'not-found');
    }
  });
});
