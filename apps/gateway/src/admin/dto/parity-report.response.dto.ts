import { ApiProperty } from '@nestjs/swagger';
import type { ParityReport } from '../../parity/parity-tracker';

const KINDS = ['status', 'header', 'missing', 'extra', 'type', 'value'];

export class ParityMismatchDto {
  @ApiProperty({ example: '$.name[*].given', description: 'Field path; never a value.' })
  path!: string;

  @ApiProperty({ enum: KINDS })
  kind!: string;

  @ApiProperty()
  count!: number;
}

/** Shadow parity of one route: field paths, kinds and counts. Response values are never kept. */
export class ParityReportResponseDto {
  @ApiProperty()
  route!: string;

  @ApiProperty({ description: 'Comparisons in the parity window.' })
  comparisons!: number;

  @ApiProperty()
  matches!: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'matches / comparisons in the window.',
  })
  parityRate!: number | null;

  @ApiProperty()
  windowMs!: number;

  @ApiProperty({ description: 'Comparisons since start.' })
  totalComparisons!: number;

  @ApiProperty()
  totalMatches!: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'Shadowed requests not compared, by reason.',
  })
  skipped!: Record<string, number>;

  @ApiProperty({ type: ParityMismatchDto, isArray: true, description: 'Most frequent first.' })
  mismatches!: ParityMismatchDto[];

  @ApiProperty({
    type: String,
    isArray: true,
    description: 'Paths learned to differ between two legacy answers, hence ignored.',
  })
  noise!: string[];

  static empty(route: string): ParityReportResponseDto {
    return {
      route,
      comparisons: 0,
      matches: 0,
      parityRate: null,
      windowMs: 0,
      totalComparisons: 0,
      totalMatches: 0,
      skipped: {},
      mismatches: [],
      noise: [],
    };
  }

  static from(report: ParityReport): ParityReportResponseDto {
    return {
      route: report.route,
      comparisons: report.comparisons,
      matches: report.matches,
      parityRate: report.parityRate,
      windowMs: report.windowMs,
      totalComparisons: report.totalComparisons,
      totalMatches: report.totalMatches,
      skipped: { ...report.skipped },
      mismatches: report.mismatches.map((m) => ({ path: m.path, kind: m.kind, count: m.count })),
      noise: [...report.noise],
    };
  }
}
