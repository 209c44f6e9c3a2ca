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
  mergeTargetFromLegacyBody,
  newPatientFromLegacyBody,
  patientIdFromLegacyPath,
  patientMergeToLegacyPayload,
  patientToLegacyPayload,
  patientUpdateFromLegacyBody,
  searchCriteriaFromLegacyQuery,
} from '@ficus/legacy-adapter';
import { ACTIVE, CreatePatient } from '../../application/create-patient';
import { MergePatient } from '../../application/merge-patient';
import { ReadPatient } from '../../application/read-patient';
import { SearchPatients } from '../../application/search-patients';
import { UpdatePatient } from '../../application/update-patient';
import { ClinicErrorFilter } from './clinic-error.filter';

/**
 * The clinic's patient routes, answered from the service's database through the adapter: same
 * paths, same request bodies, same JSON (legacy column names included), same errors. This is
 * what the gateway shadows and canaries.
 */
@Controller('api/patients')
@UseFilters(ClinicErrorFilter)
export class PatientsLegacyHttpController {
  constructor(
    private readonly readPatient: ReadPatient,
    private readonly searchPatients: SearchPatients,
    private readonly createPatient: CreatePatient,
    private readonly updatePatient: UpdatePatient,
    private readonly mergePatient: MergePatient,
  ) {}

  @Get()
  async search(@Query() query: unknown): Promise<object> {
    const criteria = searchCriteriaFromLegacyQuery(query);
    const { patients } = await this.searchPatients.run({ ...criteria, includeMerged: false });
    return {
      count: patients.length,
      limit: criteria.limit,
      offset: criteria.offset,
      patients: patients.map(patientToLegacyPayload),
    };
  }

  /** A merged id answers with its survivor (200), naming the merged ids in a header. */
  @Get(':id')
  async read(@Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<object> {
    const resolved = await this.readPatient.survivorOf(patientIdFromLegacyPath(id));
    if (resolved.mergedFrom.length > 0) {
      res.set(MERGED_FROM_HEADER, resolved.mergedFrom.join(','));
    }
    return patientToLegacyPayload(resolved.patient);
  }

  @Post()
  async create(
    @Body() body: unknown,
    @Headers(SHADOW_HEADER) shadow: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<object> {
    const created = await this.createPatient.run(
      newPatientFromLegacyBody(body),
      ACTIVE,
      writeOptionsOf(shadow),
    );
    res.location(`/api/patients/${created.id}`);
    return patientToLegacyPayload(created);
  }

  @Put(':id')
  async update(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers(SHADOW_HEADER) shadow: string | undefined,
  ): Promise<object> {
    const patientId = patientIdFromLegacyPath(id);
    const updated = await this.updatePatient.change(
      patientId,
      patientUpdateFromLegacyBody(body),
      writeOptionsOf(shadow),
    );
    return patientToLegacyPayload(updated);
  }

  /** 200, not Nest's 201 for a POST: the clinic answers a merge with 200. */
  @Post(':id/merge')
  @HttpCode(200)
  async merge(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers(SHADOW_HEADER) shadow: string | undefined,
  ): Promise<object> {
    const fromId = patientIdFromLegacyPath(id);
    const intoId = mergeTargetFromLegacyBody(fromId, body);
    const merge = await this.mergePatient.run(fromId, intoId, writeOptionsOf(shadow));
    return patientMergeToLegacyPayload(merge);
  }
}
