import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ControlPlane } from '../control/control-plane';
import { Access } from './auth/public.decorator';
import { AuditEntryResponseDto, AuditPageResponseDto } from './dto/audit-entry.response.dto';
import { AuditQueryDto } from './dto/audit.query.dto';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProblemResponses,
  ApiTags,
} from './openapi.decorators';

const DEFAULT_PAGE = 50;

@ApiTags('audit')
@ApiBearerAuth()
@Controller('admin/audit')
export class AuditHttpController {
  constructor(@Inject(ControlPlane) private readonly control: ControlPlane) {}

  @Get()
  @Access('read')
  @ApiOperation({
    summary: 'The audit log, newest first',
    description:
      'Every route change: seeding, the admin API, auto-rollback. Page with ?before=<next>.',
  })
  @ApiOkResponse({ type: AuditPageResponseDto })
  @ApiProblemResponses(400, 401, 503)
  async list(@Query() query: AuditQueryDto): Promise<AuditPageResponseDto> {
    const page = await this.control.audit({
      limit: query.limit ?? DEFAULT_PAGE,
      ...(query.before === undefined ? {} : { before: query.before }),
      ...(query.route === undefined ? {} : { route: query.route }),
    });
    return { entries: page.entries.map((e) => AuditEntryResponseDto.from(e)), next: page.next };
  }
}
