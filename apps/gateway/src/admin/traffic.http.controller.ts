import { Controller, Get, Inject } from '@nestjs/common';
import { Access } from './auth/public.decorator';
import { TrafficSampler } from './dashboard/traffic-sampler';
import { TrafficPointResponseDto, TrafficSeriesResponseDto } from './dto/traffic.response.dto';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from './openapi.decorators';

@ApiTags('routes')
@ApiBearerAuth()
@Controller('admin/traffic')
export class TrafficHttpController {
  constructor(@Inject(TrafficSampler) private readonly sampler: TrafficSampler) {}

  @Get()
  @Access('read')
  @ApiOperation({
    summary:
      'Traffic split over time: per route, requests answered by legacy and by the new service',
    description:
      'Kept in memory by this gateway since it started (a restart starts it again), in fixed intervals over a window. Counts only.',
  })
  @ApiOkResponse({ type: TrafficSeriesResponseDto })
  traffic(): TrafficSeriesResponseDto {
    const { at, routes } = this.sampler.series();
    return {
      at: new Date(at).toISOString(),
      intervalMs: this.sampler.intervalMs,
      windowMs: this.sampler.windowMs,
      routes: [...routes].map(([route, points]) => ({
        route,
        points: points.map((p) => TrafficPointResponseDto.from(p)),
      })),
    };
  }
}
