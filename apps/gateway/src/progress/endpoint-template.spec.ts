import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  endpointTemplate,
  MAX_TEMPLATE_LENGTH,
  OTHER_TEMPLATE,
  routeVocabulary,
} from './endpoint-template';

describe('endpoint template', () => {
  it('collapses numeric ids, UUIDs and hex tokens to :id and keeps the words', () => {
    assert.equal(endpointTemplate('/api/patients/4711'), '/api/patients/:id');
    assert.equal(endpointTemplate('/api/patients/4711/merge'), '/api/patients/:id/merge');
    assert.equal(
      endpointTemplate('/api/appointments/3f2504e0-4f89-11d3-9a0c-0305e82c3301/cancel'),
      '/api/appointments/:id/cancel',
    );
    assert.equal(endpointTemplate('/files/deadbeefcafe0042'), '/files/:id');
    assert.equal(endpointTemplate('/files/deadbeefcafe'), '/files/:id', 'hex letters only');
    assert.equal(endpointTemplate('/fhir/Patient/123/$everything'), '/fhir/:id/:id/$everything');
    assert.equal(
      endpointTemplate(
        '/fhir/Patient/123/$everything',
        undefined,
        routeVocabulary(['/fhir/Patient/:id']),
      ),
      '/fhir/Patient/:id/$everything',
      'a word of a route path is kept',
    );
    assert.equal(endpointTemplate('/'), '/');
    assert.equal(endpointTemplate('/api/patients/'), '/api/patients/');
  });

  it('drops the query string and fragment, where search values live', () => {
    assert.equal(endpointTemplate('/api/patients?name=Zelda&dob=19800101'), '/api/patients');
    assert.equal(endpointTemplate('/api/patients/12#x'), '/api/patients/:id');
  });

  it('never keeps a value-like segment: opaque tokens, e-mails, encoded text, dates', () => {
    for (const value of [
      'eyJhbGciOiJIUzI1NiJ9',
      'zelda.quirinus@example.org',
      'Zelda%20Quirinus',
      '1980-01-01',
      'a+b',
      'x=1',
      'token~1',
      'q'.repeat(41),
      'Zelda-Quirinus',
      'Smith',
    ]) {
      assert.equal(endpointTemplate(`/api/lookup/${value}`), '/api/lookup/:id', value);
    }
  });

  it("collapses a segment at a parameter of the matched route's pattern, whatever it looks like", () => {
    assert.equal(
      endpointTemplate('/api/patients/by-name', '/api/patients/:id'),
      '/api/patients/:id',
    );
    assert.equal(
      endpointTemplate('/api/patients/zelda/merge', '/api/patients/*'),
      '/api/patients/zelda/merge',
      'past a wildcard the word rule applies: a lower-case value is kept (docs/gateway.md)',
    );
  });

  it('bounds depth and length, and refuses what is not a path', () => {
    const deep = `/${Array.from({ length: 40 }, () => 'level').join('/')}`;
    const template = endpointTemplate(deep);
    assert.equal(template.split('/').length, 14);
    assert.ok(template.endsWith('/*'));
    const long = `/${Array.from({ length: 12 }, () => 'w'.repeat(30)).join('/')}`;
    assert.ok(long.length > MAX_TEMPLATE_LENGTH);
    assert.equal(endpointTemplate(long), OTHER_TEMPLATE);
    assert.equal(endpointTemplate('*'), OTHER_TEMPLATE);
    assert.equal(endpointTemplate('http://example.org/x'), OTHER_TEMPLATE);
  });
});
