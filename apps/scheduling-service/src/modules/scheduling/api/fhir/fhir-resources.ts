import {
  PRACTITIONER_SPECIALTIES,
  type Appointment,
  type Practitioner,
} from '@ficus/legacy-adapter';
import { minutesOf } from '../../domain/time-slot';

/**
 * Response DTOs of the FHIR API, whitelisting what each resource carries. The clinic keeps no
 * opening hours, so a Schedule is a practitioner's calendar and its Slots are the times its
 * visits hold (status busy); free time is not something the clinic's data can state.
 */
const SPECIALTY_SYSTEM = 'urn:ficus:clinic:specialty';
const NPI_SYSTEM = 'http://hl7.org/fhir/sid/us-npi';

export interface FhirPractitioner {
  resourceType: 'Practitioner';
  id: string;
  meta?: { lastUpdated: string };
  identifier?: Array<{ system: string; value: string }>;
  active: boolean;
  name: Array<{ family?: string; given?: string[] }>;
  qualification?: Array<{
    code: { coding: Array<{ system: string; code: string; display?: string }> };
  }>;
}

export function practitionerResource(p: Practitioner): FhirPractitioner {
  const display = p.specialty === null ? undefined : PRACTITIONER_SPECIALTIES[p.specialty];
  return {
    resourceType: 'Practitioner',
    id: String(p.id),
    ...(p.updatedAt ? { meta: { lastUpdated: p.updatedAt } } : {}),
    ...(p.npi ? { identifier: [{ system: NPI_SYSTEM, value: p.npi }] } : {}),
    active: p.active,
    name: [
      {
        ...(p.name.family === '' ? {} : { family: p.name.family }),
        ...(p.name.given === '' ? {} : { given: [p.name.given] }),
      },
    ],
    ...(p.specialty === null
      ? {}
      : {
          qualification: [
            {
              code: {
                coding: [
                  { system: SPECIALTY_SYSTEM, code: p.specialty, ...(display ? { display } : {}) },
                ],
              },
            },
          ],
        }),
  };
}

/** The visit's start and end as FHIR instants; the clinic's clock is UTC. */
export function visitPeriod(a: Pick<Appointment, 'date' | 'time' | 'durationMinutes'>): {
  start: string;
  end: string;
} {
  const start = Date.parse(`${a.date}T${a.time}:00Z`);
  return {
    start: new Date(start).toISOString().replace('.000Z', 'Z'),
    end: new Date(start + a.durationMinutes * 60_000).toISOString().replace('.000Z', 'Z'),
  };
}

export interface FhirAppointment {
  resourceType: 'Appointment';
  id: string;
  meta?: { lastUpdated: string };
  status: Appointment['status'];
  cancelationReason?: { text: string };
  description?: string;
  start: string;
  end: string;
  minutesDuration: number;
  created?: string;
  participant: Array<{ actor: { reference: string }; status: 'accepted' }>;
}

export function appointmentResource(a: Appointment): FhirAppointment {
  return {
    resourceType: 'Appointment',
    id: String(a.id),
    ...(a.updatedAt ? { meta: { lastUpdated: a.updatedAt } } : {}),
    status: a.status,
    ...(a.cancellationReason ? { cancelationReason: { text: a.cancellationReason } } : {}),
    ...(a.reason ? { description: a.reason } : {}),
    ...visitPeriod(a),
    minutesDuration: a.durationMinutes,
    ...(a.createdAt ? { created: a.createdAt } : {}),
    participant: [
      { actor: { reference: `Patient/${a.patientId}` }, status: 'accepted' },
      { actor: { reference: `Practitioner/${a.practitionerId}` }, status: 'accepted' },
    ],
  };
}

export interface FhirSchedule {
  resourceType: 'Schedule';
  id: string;
  active: boolean;
  actor: Array<{ reference: string }>;
  specialty?: Array<{ coding: Array<{ system: string; code: string }> }>;
}

/** One Schedule per practitioner, sharing the practitioner's id. */
export function scheduleResource(p: Practitioner): FhirSchedule {
  return {
    resourceType: 'Schedule',
    id: String(p.id),
    active: p.active,
    actor: [{ reference: `Practitioner/${p.id}` }],
    ...(p.specialty === null
      ? {}
      : { specialty: [{ coding: [{ system: SPECIALTY_SYSTEM, code: p.specialty }] }] }),
  };
}

export interface FhirSlot {
  resourceType: 'Slot';
  id: string;
  schedule: { reference: string };
  status: 'busy';
  start: string;
  end: string;
}

/** The time a visit holds, as a busy Slot named after the visit. */
export function busySlotResource(a: Appointment): FhirSlot {
  return {
    resourceType: 'Slot',
    id: `appointment-${a.id}`,
    schedule: { reference: `Schedule/${a.practitionerId}` },
    status: 'busy',
    ...visitPeriod(a),
  };
}

export interface FhirBundle<R> {
  resourceType: 'Bundle';
  type: 'searchset';
  total?: number;
  link: Array<{ relation: 'self'; url: string }>;
  entry: Array<{ fullUrl: string; resource: R; search: { mode: 'match' } }>;
}

export function searchBundle<R extends { resourceType: string; id: string }>(
  resources: R[],
  total: number | undefined,
  page: { base: string; selfUrl: string },
): FhirBundle<R> {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(total === undefined ? {} : { total }),
    link: [{ relation: 'self', url: page.selfUrl }],
    entry: resources.map((resource) => ({
      fullUrl: `${page.base}/fhir/${resource.resourceType}/${resource.id}`,
      resource,
      search: { mode: 'match' },
    })),
  };
}

/** Sorted by start, for a day's busy slots. */
export function byStart(a: Appointment, b: Appointment): number {
  return minutesOf(a.time) - minutesOf(b.time) || a.id - b.id;
}
