import { ApiProperty } from '@nestjs/swagger';
import type { ScheduleChange, ScheduleView } from '../../control/step-schedules.port';
import { SCHEDULE_STATES, type ScheduleState } from '../../control/step-schedule';
import { AuditEntryResponseDto } from './audit-entry.response.dto';
import { LiveModeResponseDto } from './live-mode.response.dto';
import { GateResponseDto } from './gate.response.dto';

export class ScheduleResponseDto {
  @ApiProperty({
    enum: SCHEDULE_STATES,
    description:
      'running; done (every step taken); cancelled (stopped, or the route moved by hand); rolled-back (a breaking gate or an SLO breach sent the route to legacy).',
  })
  state!: ScheduleState;

  @ApiProperty({ type: Number, isArray: true, description: 'Canary weights; 100 is `new`.' })
  steps!: number[];

  @ApiProperty()
  everyMs!: number;

  @ApiProperty({
    type: LiveModeResponseDto,
    nullable: true,
    description: 'Where the next step puts the route; null once the schedule ended.',
  })
  next!: LiveModeResponseDto | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'When the next step is due; it is taken then, or as soon after as its gates hold. Null once ended.',
  })
  dueAt!: string | null;

  @ApiProperty({
    type: GateResponseDto,
    isArray: true,
    description: 'The gates that would hold the next step now, with figure and threshold.',
  })
  waitingOn!: GateResponseDto[];

  @ApiProperty({ description: 'Why the schedule ended; empty while it runs.' })
  note!: string;

  @ApiProperty()
  startedBy!: string;

  @ApiProperty({ format: 'date-time' })
  startedAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  static from(view: ScheduleView): ScheduleResponseDto {
    const { record } = view;
    const running = record.state === 'running';
    return {
      state: record.state,
      steps: record.steps,
      everyMs: record.everyMs,
      next: LiveModeResponseDto.from(view.next),
      dueAt: running ? record.dueAt.toISOString() : null,
      waitingOn: view.waitingOn.map((g) => GateResponseDto.from(g)),
      note: record.note,
      startedBy: record.startedBy,
      startedAt: record.startedAt.toISOString(),
      updatedAt: record.updatedAt.toISOString(),
    };
  }
}

export class ScheduleChangeResponseDto {
  @ApiProperty({ type: ScheduleResponseDto })
  schedule!: ScheduleResponseDto;

  @ApiProperty({ type: AuditEntryResponseDto, nullable: true })
  audit!: AuditEntryResponseDto | null;

  static from(change: ScheduleChange, next: ScheduleView['next']): ScheduleChangeResponseDto {
    return {
      schedule: ScheduleResponseDto.from({ record: change.schedule, next, waitingOn: [] }),
      audit: change.audit && AuditEntryResponseDto.from(change.audit),
    };
  }
}
