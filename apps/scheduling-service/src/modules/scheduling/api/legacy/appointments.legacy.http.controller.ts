import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Res,
  UseFilters,
} from '@nestjs/common';
import type { Response } from 'express';
import { SHADOW_HEADER, writeOptionsOf } from '@ficus/core';
import {
  MERGED_FROM_HEADER,
  appointmentDayToLegacyPayload,
  appointmentToLegacyPayload,
  bookingFromLegacyBody,
  cancellationReasonFromLegacyBody,
  dayQueryFromLegacyQuery,
  patientAppointmentsToLegacyPayload,
  rescheduleFromLegacyBody,
  schedulingIdFromLegacyPath,
} from '@ficus/legacy-adapter';
import { BookAppointment } from '../../application/book-appointment';
import { ReadAppointments } from '../../application/read-appointments';
import { ClinicErrorFilter } from './clinic-error.filter';

/**
 * The clinic's appointment routes: same paths, bodies, JSON (legacy column names included) and
 * errors, with the clinic's booking rules. This is what the gateway shadows and canaries: a write
 * carrying `x-ficus-shadow: 1` is a dry run, answered as the write would be, with nothing kept.
 */
@Controller('api')
@UseFilters(ClinicErrorFilter)
export class AppointmentsLegacyHttpController {
  constructor(
    private readonly booking: BookAppointment,
    private readonly appointments: ReadAppointments,
  ) {}

  @Post('appointments')
  async book(
    @Body() body: unknown,
    @Headers(SHADOW_HEADER) shadow: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<object> {
    const booked = await this.booking.book(bookingFromLegacyBody(body), writeOptionsOf(shadow));
    res.location(`/api/appointments/${booked.id}`);
    return appointmentToLegacyPayload(booked);
  }

  @Put('appointments/:id/reschedule')
  async reschedule(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers(SHADOW_HEADER) shadow: string | undefined,
  ): Promise<object> {
    const appointmentId = schedulingIdFromLegacyPath(id);
    const moved = await this.booking.reschedule(
      appointmentId,
      rescheduleFromLegacyBody(body),
      writeOptionsOf(shadow),
    );
    return appointmentToLegacyPayload(moved);
  }

  @Post('appointments/:id/cancel')
  @HttpCode(200)
  async cancel(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers(SHADOW_HEADER) shadow: string | undefined,
  ): Promise<object> {
    const appointmentId = schedulingIdFromLegacyPath(id);
    const reason = cancellationReasonFromLegacyBody(body);
    const cancelled = await this.booking.cancel(appointmentId, reason, writeOptionsOf(shadow));
    return appointmentToLegacyPayload(cancelled);
  }

  @Get('appointments')
  async day(@Query() query: unknown): Promise<object> {
    const day = dayQueryFromLegacyQuery(query);
    return appointmentDayToLegacyPayload(day.date, await this.appointments.day(day), day);
  }

  /** A merged id answers with its survivor's visits, naming the merged ids in a header. */
  @Get('patients/:id/appointments')
  async forPatient(
    @Param('id') id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<object> {
    const found = await this.appointments.forPatient(schedulingIdFromLegacyPath(id));
    if (found.mergedFrom.length > 0) res.set(MERGED_FROM_HEADER, found.mergedFrom.join(','));
    return patientAppointmentsToLegacyPayload(found.patientId, found.appointments);
  }
}
