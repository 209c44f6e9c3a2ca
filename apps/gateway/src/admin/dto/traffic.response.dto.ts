import { ApiProperty } from '@nestjs/swagger';
import type { TrafficPoint } from '../dashboard/traffic-history';

export class TrafficPointResponseDto {
  @ApiProperty({ format: 'date-time' })
  start!: string;

  @ApiProperty({ format: 'date-time' })
  end!: string;

  @ApiProperty({ description: 'Requests legacy answered in the interval.' })
  legacy!: number;

  @ApiProperty({ description: 'Requests the new service answered in the interval.' })
  new!: number;

  @ApiProperty({
    description: "Requests the gateway answered itself (retired routes' 410s, failures).",
  })
  gateway!: number;

  static from(p: TrafficPoint): TrafficPointResponseDto {
    return {
      start: new Date(p.start).toISOString(),
      end: new Date(p.end).toISOString(),
      legacy: p.legacy,
      new: p.new,
      gateway: p.gateway,
    };
  }
}

export class RouteTrafficSeriesResponseDto {
  @ApiProperty()
  route!: string;

  @ApiProperty({
    type: TrafficPointResponseDto,
    isArray: true,
    description: 'Oldest first; the last interval is still open and ends now.',
  })
  points!: TrafficPointResponseDto[];
}

export class TrafficSeriesResponseDto {
  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ description: 'Length of one closed interval.' })
  intervalMs!: number;

  @ApiProperty({ description: 'How far back the history goes, at most.' })
  windowMs!: number;

  @ApiProperty({ type: RouteTrafficSeriesResponseDto, isArray: true })
  routes!: RouteTrafficSeriesResponseDto[];
}
