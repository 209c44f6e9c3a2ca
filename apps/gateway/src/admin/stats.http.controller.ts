import { Controller, Get, Inject } from '@nestjs/common';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { Access } from './auth/public.decorator';
import { RouteStatsResponseDto, StatsResponseDto } from './dto/route-stats.response.dto';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from './openapi.decorators';
import { collectRouteStats } from './route-stats';

@ApiTags('routes')
@ApiBearerAuth()
@Controller('admin/stats')
export class StatsHttpController {
  constructor(@Inject(GatewayMetrics) private readonly metrics: GatewayMetrics) {}

  @Get()
  @Access('read')
  @ApiOperation({
    summary: 'Per-route traffic figures since start (the dashboard derives rates from two samples)',
  })
  @ApiOkResponse({ type: StatsResponseDto })
  async stats(): Promise<StatsResponseDto> {
    const routes = await collectRouteStats(this.metrics);
    return {
      at: new Date().toISOString(),
      routes: routes.map((r) => RouteStatsResponseDto.from(r)),
    };
  }
}
