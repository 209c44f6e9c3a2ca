import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ControlPlane } from '../control/control-plane';
import { Actor } from './auth/actor.decorator';
import { RollbackRequestDto } from './dto/rollback.request.dto';
import { ScheduleChangeResponseDto } from './dto/schedule.response.dto';
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
export class ScheduleHttpController {
  constructor(@Inject(ControlPlane) private readonly control: ControlPlane) {}

  @Post(':name/schedule')
  @HttpCode(200)
  @ApiOperation({
    summary: "Start the route's step schedule (automatic canary)",
    description:
      'The schedule declared for the route or its group in the config (`schedules`) raises the canary weight to the next step every `every` while the gates hold; 100 promotes to new. A breaking gate (error rate or p99 over legacy) or an SLO auto-rollback sends the route to legacy. Any manual move stops it. 409 FICUS_SCHEDULE_CONFLICT when one already runs or the route is past every step; 422 FICUS_SCHEDULE_NOT_DECLARED without one.',
  })
  @ApiOkResponse({ type: ScheduleChangeResponseDto })
  @ApiProblemResponses(400, 401, 404, 409, 422, 503)
  async start(
    @Param('name') name: string,
    @Body() body: RollbackRequestDto | undefined,
    @Actor() actor: string,
  ): Promise<ScheduleChangeResponseDto> {
    const change = await this.control.startSchedule(
      name,
      actor,
      body?.reason ?? 'started through the admin API',
    );
    return ScheduleChangeResponseDto.from(change, this.next(name));
  }

  @Post(':name/schedule/stop')
  @HttpCode(200)
  @ApiOperation({
    summary: "Stop the route's running step schedule",
    description: 'The route stays where it is. Audited as `schedule-stop`.',
  })
  @ApiOkResponse({ type: ScheduleChangeResponseDto })
  @ApiProblemResponses(400, 401, 404, 409, 503)
  async stop(
    @Param('name') name: string,
    @Body() body: RollbackRequestDto | undefined,
    @Actor() actor: string,
  ): Promise<ScheduleChangeResponseDto> {
    const change = await this.control.stopSchedule(
      name,
      actor,
      body?.reason ?? 'stopped through the admin API',
    );
    return ScheduleChangeResponseDto.from(change, null);
  }

  private next(name: string) {
    return this.control.status().find((s) => s.state.view.name === name)?.schedule?.next ?? null;
  }
}
