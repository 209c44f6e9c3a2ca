import { ApiProperty } from '@nestjs/swagger';
import { ROUTE_MODES, type RouteMode } from '../../config/config.schema';
import type { GateResult, GateState } from '../../control/gates';

const GATE_STATES: GateState[] = ['pass', 'fail', 'unknown'];

export class GateResponseDto {
  @ApiProperty({ example: 'minParity' })
  gate!: string;

  @ApiProperty({ enum: ROUTE_MODES, description: 'The mode these gates let a route leave.' })
  step!: RouteMode;

  @ApiProperty({
    enum: GATE_STATES,
    description:
      'pass; fail (not held, or too little data); unknown (not measured: holds the move).',
  })
  state!: GateState;

  @ApiProperty({ type: Number, nullable: true, description: "In the threshold's unit." })
  figure!: number | null;

  @ApiProperty({ oneOf: [{ type: 'number' }, { type: 'boolean' }] })
  threshold!: number | boolean;

  @ApiProperty()
  detail!: string;

  static from(gate: GateResult): GateResponseDto {
    return { ...gate };
  }
}
