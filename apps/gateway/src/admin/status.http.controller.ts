import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ControlPlane } from '../control/control-plane';
import { routeUnknown } from '../control/control-errors';
import { Access } from './auth/public.decorator';
import {
  RouteStatusResponseDto,
  StatusResponseDto,
  TrafficResponseDto,
} from './dto/route-status.response.dto';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProblemResponses,
  ApiTags,
} from './openapi.decorators';

@ApiTags('routes')
@ApiBearerAuth()
@Controller('admin')
export class StatusHttpController {
  constructor(@Inject(ControlPlane) private readonly control: ControlPlane) {}

  @Get('status')
  @Access('read')
  @ApiOperation({
    summary:
      "Every route's step: what it measured since it entered its mode, and the gates of its next move",
  })
  @ApiOkResponse({ type: StatusResponseDto })
  all(): StatusResponseDto {
    const now = new Date();
    const traffic = this.control.traffic();
    return {
      at: now.toISOString(),
      routes: this.control.status().map((s) => RouteStatusResponseDto.from(s, now)),
      traffic: traffic && TrafficResponseDto.from(traffic),
    };
  }

  @Get('routes/:name/status')
  @Access('read')
  @ApiOperation({ summary: "One route's step figures and gates" })
  @ApiOkResponse({ type: RouteStatusResponseDto })
  @ApiProblemResponses(401, 404)
  one(@Param('name') name: string): RouteStatusResponseDto {
    const status = this.control.status().find((s) => s.state.view.name === name);
    if (!status) throw routeUnknown(name);
    return RouteStatusResponseDto.from(status, new Date());
  }
}
