import { Controller, Get, Param, Query, UseFilters } from '@nestjs/common';
import {
  practitionerListToLegacyPayload,
  practitionerQueryFromLegacyQuery,
  practitionerToLegacyPayload,
  schedulingIdFromLegacyPath,
} from '@ficus/legacy-adapter';
import { ReadPractitioners } from '../../application/read-practitioners';
import { ClinicErrorFilter } from './clinic-error.filter';

/** The clinic's practitioner routes, answered from the service's database through the adapter. */
@Controller('api/practitioners')
@UseFilters(ClinicErrorFilter)
export class PractitionersLegacyHttpController {
  constructor(private readonly practitioners: ReadPractitioners) {}

  @Get()
  async list(@Query() query: unknown): Promise<object> {
    const criteria = practitionerQueryFromLegacyQuery(query);
    return practitionerListToLegacyPayload(await this.practitioners.list(criteria), criteria);
  }

  @Get(':id')
  async read(@Param('id') id: string): Promise<object> {
    return practitionerToLegacyPayload(
      await this.practitioners.byId(schedulingIdFromLegacyPath(id)),
    );
  }
}
