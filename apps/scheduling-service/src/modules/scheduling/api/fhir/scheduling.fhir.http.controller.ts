import { Controller, Get, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ReadAppointments } from '../../application/read-appointments';
import { ReadPractitioners } from '../../application/read-practitioners';
import { holdsTime } from '../../domain/time-slot';
import { FHIR_JSON, FhirRequestError, fhirId } from '@ficus/service-kit';
import { dayParameter, paging, referenceId } from './fhir-http';
import {
  appointmentResource,
  busySlotResource,
  byStart,
  practitionerResource,
  scheduleResource,
  searchBundle,
  type FhirAppointment,
  type FhirBundle,
  type FhirPractitioner,
  type FhirSchedule,
  type FhirSlot,
} from './fhir-resources';
import { OperationOutcomeFilter } from './operation-outcome.filter';

/**
 * The modern API, read-only: FHIR R4 Practitioner, Appointment, Schedule and Slot. Writes go
 * through the clinic-compatible routes while the clinic is the system of record.
 */
@Controller('fhir')
@UseFilters(OperationOutcomeFilter)
export class SchedulingFhirHttpController {
  constructor(
    private readonly practitioners: ReadPractitioners,
    private readonly appointments: ReadAppointments,
  ) {}

  @Get('Practitioner/:id')
  async practitioner(
    @Param('id') id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FhirPractitioner> {
    res.setHeader('content-type', FHIR_JSON);
    return practitionerResource(await this.practitioners.byId(fhirId(id, 'Practitioner')));
  }

  /** `?active=true|false&specialty=<code>&_count=&_offset=` */
  @Get('Practitioner')
  async practitionerSearch(
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FhirBundle<FhirPractitioner>> {
    const page = paging(query);
    const active = query.active;
    if (active !== undefined && active !== 'true' && active !== 'false') {
      throw FhirRequestError.invalid('active must be true or false', 'active');
    }
    const specialty = query.specialty;
    if (
      specialty !== undefined &&
      (typeof specialty !== 'string' || !/^[A-Za-z]{1,4}$/.test(specialty))
    ) {
      throw FhirRequestError.invalid('specialty must be a specialty code such as FP', 'specialty');
    }
    const found = await this.practitioners.list({
      ...page,
      ...(active === undefined ? {} : { active: active === 'true' }),
      ...(specialty === undefined ? {} : { specialty: specialty.toUpperCase() }),
    });
    // The total is left out (FHIR makes it optional): counting every match is not worth a query.
    return this.bundle(req, res, found.map(practitionerResource), undefined);
  }

  @Get('Appointment/:id')
  async appointment(
    @Param('id') id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FhirAppointment> {
    res.setHeader('content-type', FHIR_JSON);
    return appointmentResource(await this.appointments.byId(fhirId(id, 'Appointment')));
  }

  /** `?patient=Patient/1&practitioner=Practitioner/2&date=2031-03-03&_count=&_offset=` */
  @Get('Appointment')
  async appointmentSearch(
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FhirBundle<FhirAppointment>> {
    const page = paging(query);
    if (
      query.patient === undefined &&
      query.practitioner === undefined &&
      query.date === undefined
    ) {
      throw FhirRequestError.invalid('search by patient, practitioner or date');
    }
    const { appointments, total } = await this.appointments.search({
      ...page,
      ...(query.patient === undefined
        ? {}
        : { patientId: referenceId(query.patient, 'Patient', 'patient') }),
      ...(query.practitioner === undefined
        ? {}
        : { practitionerId: referenceId(query.practitioner, 'Practitioner', 'practitioner') }),
      ...(query.date === undefined ? {} : { date: dayParameter(query.date, 'date') }),
    });
    return this.bundle(req, res, appointments.map(appointmentResource), total);
  }

  @Get('Schedule/:id')
  async schedule(
    @Param('id') id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FhirSchedule> {
    res.setHeader('content-type', FHIR_JSON);
    return scheduleResource(await this.practitioners.byId(fhirId(id, 'Schedule')));
  }

  /** `?schedule=Schedule/2&start=2031-03-03`: the times that day's visits hold. */
  @Get('Slot')
  async slots(
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FhirBundle<FhirSlot>> {
    const practitionerId = referenceId(query.schedule, 'Schedule', 'schedule');
    const date = dayParameter(query.start, 'start');
    await this.practitioners.byId(practitionerId);
    const day = await this.appointments.day({ date, practitionerId, limit: 2000, offset: 0 });
    const slots = day.filter(holdsTime).sort(byStart).map(busySlotResource);
    return this.bundle(req, res, slots, slots.length);
  }

  private bundle<R extends { resourceType: string; id: string }>(
    req: Request,
    res: Response,
    resources: R[],
    total: number | undefined,
  ): FhirBundle<R> {
    const base = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    res.setHeader('content-type', FHIR_JSON);
    return searchBundle(resources, total, { base, selfUrl: `${base}${req.originalUrl}` });
  }
}
