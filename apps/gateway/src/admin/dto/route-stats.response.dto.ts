import { ApiProperty } from '@nestjs/swagger';
import type { RouteStats } from '../route-stats';

export class LatencyBucketDto {
  @ApiProperty({ description: 'Upper bound, seconds.' })
  le!: number;

  @ApiProperty({ description: 'Requests that took at most `le` seconds, since start.' })
  count!: number;
}

export class RouteStatsResponseDto {
  @ApiProperty({ description: 'Route name, or "(unmatched)" for requests no route matched.' })
  route!: string;

  @ApiProperty({ description: 'Requests answered since start.' })
  requests!: number;

  @ApiProperty({ description: 'Requests answered with a 5xx status since start.' })
  errors!: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'p99 latency since start, ms (bucket bound).',
  })
  p99Ms!: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Shadow parity rate 0-1 over the parity window.',
  })
  parityRate!: number | null;

  @ApiProperty({
    type: LatencyBucketDto,
    isArray: true,
    description: 'Cumulative latency histogram (finite bounds; `requests` is the +Inf count).',
  })
  buckets!: LatencyBucketDto[];

  static from(stats: RouteStats): RouteStatsResponseDto {
    return {
      route: stats.route,
      requests: stats.requests,
      errors: stats.errors,
      p99Ms: stats.p99Ms,
      parityRate: stats.parityRate,
      buckets: stats.buckets
        .filter(([le]) => Number.isFinite(le))
        .map(([le, count]) => ({ le, count })),
    };
  }
}

export class StatsResponseDto {
  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ type: RouteStatsResponseDto, isArray: true })
  routes!: RouteStatsResponseDto[];
}
