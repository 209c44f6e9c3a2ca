import { ConfigError } from '@ficus/core';

export interface ConfigProblem {
  line: number;
  column: number;
  /** Dotted location in the document, e.g. routes[2].mode */
  at: string;
  message: string;
}

/** Every problem in a config file at once, each with its line: fix them all in one edit. */
export class GatewayConfigError extends ConfigError {
  readonly problems: ConfigProblem[];
  readonly file: string;

  constructor(code: string, file: string, problems: ConfigProblem[]) {
    const lines = problems.map(
      (p) => `  ${file}:${p.line}:${p.column} ${p.at ? `${p.at}: ` : ''}${p.message}`,
    );
    super(
      code,
      `${file} is not valid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`,
      {
        details: { file },
      },
    );
    this.file = file;
    this.problems = problems;
  }
}
