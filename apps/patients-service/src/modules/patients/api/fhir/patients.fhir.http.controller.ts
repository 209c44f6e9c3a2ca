import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { SHADOW_HEADER, writeOptionsOf } from '@ficus/core';
import type { Patient } from '@ficus/legacy-adapter';
import { FHIR_JSON, FhirRequestError, fhirId } from '@ficus/service-kit';
import { CreatePatient } from '../../application/create-patient';
import { ReadPatient } from '../../application/read-patient';
import { SearchPatients } from '../../application/search-patients';
import { UpdatePatient } from '../../application/update-patient';
import { PatientMapper } from '../../patient.mapper';
import { searchBundle, type FhirSearchBundle } from './fhir-bundle';
import { eTagOf, versionOfETag } from './fhir-http';
import type { FhirPatientResponse } from './fhir-patient.response.dto';
import { readFhirPatient } from './fhir-patient.request.dto';
import { patientQueryOfFhirSearch } from './fhir-search.query';
import { OperationOutcomeFilter } from './operation-outcome.filter';

/** The modern API: FHIR R4 Patient read, search, create and versioned update. */
@Controller('fhir/Patient')
@UseFilters(OperationOutcomeFilter)
export class PatientsFhirHttpController {
  constructor(
    private readonly readPatient: ReadPatient,
    private readonly searchPatients: SearchPatients,
    private readonly createPatient: CreatePatient,
    private readonly updatePatient: UpdatePatient,
  ) {}

  @Get(':id')
  async read(
    @Param('id') id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FhirPatientResponse> {
    return this.answer(res, await this.readPatient.byId(fhirId(id, 'Patient')));
  }

  @Get()
  async search(
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FhirSearchBundle> {
    const criteria = patientQueryOfFhirSearch(query);
    const { patients, total = 0 } = await this.searchPatients.run(criteria, true);
    const base = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    const next =
      criteria.offset + patients.length < total
        ? nextPage(req, criteria.offset + patients.length)
        : undefined;
    res.setHeader('content-type', FHIR_JSON);
    return searchBundle(patients, total, {
      base,
      selfUrl: `${base}${req.originalUrl}`,
      ...(next ? { nextUrl: `${base}${next}` } : {}),
    });
  }

  @Post()
  async create(
    @Body() body: unknown,
    @Headers(SHADOW_HEADER) shadow: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FhirPatientResponse> {
    const write = readFhirPatient(body);
    const created = await this.createPatient.run(
      write.patient,
      write.lifecycle,
      writeOptionsOf(shadow),
    );
    res.location(`/fhir/Patient/${created.id}/_history/${created.version}`);
    return this.answer(res, created);
  }

  /** Versioned update (https://hl7.org/fhir/R4/http.html#concurrency): If-Match is required. */
  @Put(':id')
  async update(
    @Param('id') idParam: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: unknown,
    @Headers(SHADOW_HEADER) shadow: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FhirPatientResponse> {
    const id = fhirId(idParam, 'Patient');
    if (ifMatch === undefined) {
      throw new FhirRequestError(428, 'FICUS_FHIR_PRECONDITION_REQUIRED', [
        {
          severity: 'error',
          code: 'invalid',
          diagnostics: 'send If-Match: W/"<versionId>" with the version you read',
        },
      ]);
    }
    const version = versionOfETag(ifMatch);
    if (version === undefined) throw FhirRequestError.invalid('If-Match must be W/"<versionId>"');
    const write = readFhirPatient(body);
    if (write.id !== undefined && write.id !== id) {
      throw FhirRequestError.invalid('the resource id must match the id in the URL', 'Patient.id');
    }
    const updated = await this.updatePatient.replace(
      id,
      { version, ...write },
      writeOptionsOf(shadow),
    );
    return this.answer(res, updated);
  }

  /**
   * https://hl7.org/fhir/R4/http.html#delete, as the monolith expresses a delete: the record stays,
   * inactive (appointments and invoices still refer to it), so reads return it with `active:
   * false`. If-Match, when sent, makes the delete conditional on that version.
   */
  @Delete(':id')
  @HttpCode(204)
  async delete(
    @Param('id') idParam: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers(SHADOW_HEADER) shadow: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    const id = fhirId(idParam, 'Patient');
    const version = ifMatch === undefined ? undefined : versionOfETag(ifMatch);
    if (ifMatch !== undefined && version === undefined) {
      throw FhirRequestError.invalid('If-Match must be W/"<versionId>"');
    }
    const deactivated = await this.updatePatient.deactivate(id, version, writeOptionsOf(shadow));
    res.setHeader('etag', eTagOf(deactivated.version));
  }

  private answer(res: Response, patient: Patient): FhirPatientResponse {
    res.setHeader('content-type', FHIR_JSON);
    res.setHeader('etag', eTagOf(patient.version));
    return PatientMapper.toResponse(patient);
  }
}

function nextPage(req: Request, offset: number): string {
  const url = new URL(req.originalUrl, 'http://placeholder');
  url.searchParams.set('_offset', String(offset));
  return `${url.pathname}${url.search}`;
}
