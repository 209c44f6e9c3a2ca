import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ControlPlane } from '../control/control-plane';
import { ParityTracker } from '../parity/parity-tracker';
import { Access } from './auth/public.decorator';
import { ParityReportResponseDto } from './dto/parity-report.response.dto';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProblemResponses,
  ApiTags,
} from './openapi.decorators';

@ApiTags('routes')
@ApiBearerAuth()
@Controller('admin/routes')
export class ParityHttpController {
  constructor(
    @Inject(ControlPlane) private readonly control: ControlPlane,
    @Inject(ParityTracker) private readonly parity: ParityTracker,
  ) {}

  @Get(':name/parity')
  @Access('read')
  @ApiOperation({
    summary: "A route's shadow parity: mismatching field paths, kinds and counts (never values)",
  })
  @ApiOkResponse({ type: ParityReportResponseDto })
  @ApiProblemResponses(401, 404)
  report(@Param('name') name: string): ParityReportResponseDto {
    this.control.get(name);
    const report = this.parity.report(name);
    return report ? ParityReportResponseDto.from(report) : ParityReportResponseDto.empty(name);
  }
}
