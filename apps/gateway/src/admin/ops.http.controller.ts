import { Controller, Get, Header, HttpStatus, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { READINESS, type ReadinessProbe, type ReadinessReport } from './admin.tokens';
import { Access } from './auth/public.decorator';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from './openapi.decorators';

/** Liveness, readiness and Prometheus scraping: what orchestrators and monitoring call. */
@ApiTags('operations')
@Controller()
export class OpsHttpController {
  constructor(
    @Inject(GatewayMetrics) private readonly metrics: GatewayMetrics,
    @Inject(READINESS) private readonly readiness: ReadinessProbe,
  ) {}

  @Get('health')
  @Access('public')
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @Access('public')
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Readiness: the data plane listens and the routes are in sync with the control store',
  })
  @ApiOkResponse({ schema: { example: { ready: true, checks: { dataPlane: { ok: true } } } } })
  ready(@Res({ passthrough: true }) res: Response): ReadinessReport {
    const report = this.readiness();
    res.status(report.ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }

  @Get('metrics')
  @Access('metrics')
  @ApiOperation({
    summary: 'Prometheus metrics (text exposition format)',
    description: 'Open by default so scrapers need no token; admin.metricsAuth: true requires one.',
  })
  @ApiProduces('text/plain')
  async scrape(@Res({ passthrough: true }) res: Response): Promise<string> {
    res.type(this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
