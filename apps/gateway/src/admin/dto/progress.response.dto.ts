import { ApiProperty } from '@nestjs/swagger';
import { ROUTE_MODES, type RouteMode } from '../../config/config.schema';
import type { EndpointProgress } from '../../progress/progress';
import type { OverallProgress } from '../../progress/progress-summary';
import type { ProgressReport, RouteProgressView } from '../../progress/progress-view';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const share = (legacy: number, newer: number) =>
  legacy + newer > 0 ? newer / (legacy + newer) : null;

class CountsResponseDto {
  @ApiProperty({
    description: 'Requests legacy served, fail-opens and unrouted requests included.',
  })
  legacy!: number;

  @ApiProperty({ description: 'Requests the new service served.' })
  new!: number;

  @ApiProperty({
    description: "Requests the gateway answered itself (a retired route's 410, a 502).",
  })
  gateway!: number;

  @ApiProperty({
    description: 'Requests the new service answered with "no such route" (x-ficus-unrouted).',
  })
  unrouted!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'new / (legacy + new), 0-1.' })
  newShare!: number | null;
}

export class EndpointProgressResponseDto extends CountsResponseDto {
  @ApiProperty({ description: 'GET, POST... (OTHER for any other method).' })
  method!: string;

  @ApiProperty({
    description: 'The path with ids collapsed to :id and no query string; (other) past the cap.',
    example: '/api/patients/:id/merge',
  })
  template!: string;

  @ApiProperty({ description: 'Requests the new service failed that legacy served instead.' })
  failOpen!: number;

  @ApiProperty({ format: 'date-time' })
  firstHit!: string;

  @ApiProperty({ format: 'date-time' })
  lastHit!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastLegacy!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastNew!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastUnrouted!: string | null;

  static from(e: EndpointProgress): EndpointProgressResponseDto {
    return {
      method: e.method,
      template: e.template,
      legacy: e.legacy,
      new: e.new,
      gateway: e.gateway,
      unrouted: e.unrouted,
      failOpen: e.failOpen,
      newShare: share(e.legacy, e.new),
      firstHit: e.firstHit.toISOString(),
      lastHit: e.lastHit.toISOString(),
      lastLegacy: iso(e.lastLegacy),
      lastNew: iso(e.lastNew),
      lastUnrouted: iso(e.lastUnrouted),
    };
  }
}

export class RouteProgressResponseDto extends CountsResponseDto {
  @ApiProperty({ description: 'The route name, or (unmatched) for requests no route matched.' })
  route!: string;

  @ApiProperty({ enum: ROUTE_MODES, nullable: true })
  mode!: RouteMode | null;

  @ApiProperty()
  weight!: number;

  @ApiProperty()
  failOpen!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastHit!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'The last request legacy served on the route: what retiring it waits on.',
  })
  lastLegacy!: string | null;

  @ApiProperty({ type: EndpointProgressResponseDto, isArray: true })
  endpoints!: EndpointProgressResponseDto[];

  static from(r: RouteProgressView): RouteProgressResponseDto {
    return {
      route: r.route,
      mode: r.mode,
      weight: r.weight,
      legacy: r.legacy,
      new: r.new,
      gateway: r.gateway,
      unrouted: r.unrouted,
      failOpen: r.failOpen,
      newShare: r.newShare,
      lastHit: iso(r.lastHit),
      lastLegacy: iso(r.lastLegacy),
      endpoints: r.endpoints.map((e) => EndpointProgressResponseDto.from(e)),
    };
  }
}

export class ProgressResponseDto {
  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ format: 'date-time', description: 'Since when requests are counted.' })
  countingSince!: string;

  @ApiProperty({
    description:
      "True: the counts are in the control database, every replica's, kept across restarts. False: this gateway's since it started.",
  })
  persistent!: boolean;

  @ApiProperty({
    description: 'How long legacy must have served no request of a route to retire it.',
  })
  retireQuietForMs!: number;

  @ApiProperty({ description: "Endpoints kept; past it they count as their route's (other)." })
  maxEndpoints!: number;

  @ApiProperty({ type: CountsResponseDto })
  overall!: CountsResponseDto;

  @ApiProperty({ type: RouteProgressResponseDto, isArray: true })
  routes!: RouteProgressResponseDto[];

  static from(report: ProgressReport): ProgressResponseDto {
    const all: OverallProgress = report.overall;
    return {
      at: report.at.toISOString(),
      countingSince: report.countingSince.toISOString(),
      persistent: report.persistent,
      retireQuietForMs: report.retireQuietForMs,
      maxEndpoints: report.maxEndpoints,
      overall: { ...all },
      routes: report.routes.map((r) => RouteProgressResponseDto.from(r)),
    };
  }
}
