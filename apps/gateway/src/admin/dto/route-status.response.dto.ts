import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROUTE_MODES, type RouteMode } from '../../config/config.schema';
import type { RouteStatus } from '../../control/control-plane';
import type { SideFigures, StepFigures, Traffic } from '../../control/step-evidence';
import { GateResponseDto } from './gate.response.dto';
import { LiveModeResponseDto } from './live-mode.response.dto';
import { ScheduleResponseDto } from './schedule.response.dto';

export class SideFiguresResponseDto {
  @ApiProperty()
  requests!: number;

  @ApiProperty({ description: '5xx answers; for the new service, its fail-opens too.' })
  errors!: number;

  @ApiProperty({ type: Number, nullable: true, description: '0-1; null without requests.' })
  errorRate!: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'Upper bound of the histogram bucket holding the 99th percentile; null without requests.',
  })
  p99Ms!: number | null;

  static from(side: SideFigures): SideFiguresResponseDto {
    return { ...side };
  }
}

export class TrafficResponseDto {
  @ApiProperty({ description: 'Requests legacy answered since this gateway started.' })
  legacy!: number;

  @ApiProperty({ description: 'Requests the new service answered.' })
  new!: number;

  @ApiProperty({
    description: "Requests the gateway answered itself (retired routes' 410, failures).",
  })
  gateway!: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'new / (legacy + new), 0-1: the share of traffic on new code; null without traffic.',
  })
  newShare!: number | null;

  static from(traffic: Traffic): TrafficResponseDto {
    return { ...traffic };
  }
}

export class StepFiguresResponseDto {
  @ApiProperty({
    format: 'date-time',
    description: 'When this gateway saw the route enter its mode.',
  })
  since!: string;

  @ApiProperty()
  timeInStepMs!: number;

  @ApiProperty({ description: 'Shadow comparisons in the step (in canary: of the legacy half).' })
  comparisons!: number;

  @ApiProperty()
  matches!: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'matches / comparisons; null with no comparison (never shown as 100%).',
  })
  parityRate!: number | null;

  @ApiProperty({ type: SideFiguresResponseDto })
  legacy!: SideFiguresResponseDto;

  @ApiProperty({ type: SideFiguresResponseDto })
  new!: SideFiguresResponseDto;

  static from(figures: StepFigures, now: Date): StepFiguresResponseDto {
    return {
      since: figures.since.toISOString(),
      timeInStepMs: Math.max(0, now.getTime() - figures.since.getTime()),
      comparisons: figures.comparisons,
      matches: figures.matches,
      parityRate: figures.parityRate,
      legacy: SideFiguresResponseDto.from(figures.legacy),
      new: SideFiguresResponseDto.from(figures.new),
    };
  }
}

export class RouteStatusResponseDto {
  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: ROUTE_MODES })
  mode!: RouteMode;

  @ApiProperty({ minimum: 0, maximum: 100 })
  weight!: number;

  @ApiPropertyOptional()
  group?: string;

  @ApiPropertyOptional()
  target?: string;

  @ApiProperty({ type: StepFiguresResponseDto, nullable: true })
  figures!: StepFiguresResponseDto | null;

  @ApiProperty({
    type: GateResponseDto,
    isArray: true,
    description:
      "The current mode's gates: what must hold to move forward. Empty when none are declared.",
  })
  gates!: GateResponseDto[];

  @ApiProperty({
    description: 'True when every gate of the current mode holds (or none is declared).',
  })
  gatesHold!: boolean;

  @ApiPropertyOptional({ type: LiveModeResponseDto, nullable: true })
  rollbackTo!: LiveModeResponseDto | null;

  @ApiProperty({ type: TrafficResponseDto, nullable: true })
  traffic!: TrafficResponseDto | null;

  @ApiProperty({
    type: () => ScheduleResponseDto,
    nullable: true,
    description:
      "The route's step schedule, running or the last one ended; null when it never had one.",
  })
  schedule!: ScheduleResponseDto | null;

  static from(status: RouteStatus, now: Date): RouteStatusResponseDto {
    const { view } = status.state;
    return {
      name: view.name,
      mode: view.mode,
      weight: view.weight,
      ...(view.config.group === undefined ? {} : { group: view.config.group }),
      ...(view.config.target === undefined ? {} : { target: view.config.target }),
      figures: status.figures && StepFiguresResponseDto.from(status.figures, now),
      gates: status.gates.map((g) => GateResponseDto.from(g)),
      gatesHold: status.gates.every((g) => g.state === 'pass'),
      rollbackTo: LiveModeResponseDto.from(status.state.rollbackTo),
      traffic: status.traffic && TrafficResponseDto.from(status.traffic),
      schedule: status.schedule && ScheduleResponseDto.from(status.schedule),
    };
  }
}

export class StatusResponseDto {
  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ type: RouteStatusResponseDto, isArray: true })
  routes!: RouteStatusResponseDto[];

  @ApiProperty({
    type: TrafficResponseDto,
    nullable: true,
    description: 'Every request since this gateway started, unmatched ones (legacy) included.',
  })
  traffic!: TrafficResponseDto | null;
}
