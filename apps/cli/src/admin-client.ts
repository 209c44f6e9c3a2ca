import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FicusError } from '@ficus/core';
import { ficusHome } from '@ficus/infra';
import { EXIT, type ExitCode } from './exit-codes';

/** Where `npm start` stores the token it generates for the sample (mode 0600): .ficus/admin-token. */
export function sampleTokenFile(): string {
  return join(ficusHome(), 'admin-token');
}
export const DEFAULT_ADMIN_URL = 'http://127.0.0.1:8081';
const TIMEOUT_MS = 10_000;

/** One gate as the admin API reports it. */
export interface GateBody {
  gate: string;
  step: string;
  state: 'pass' | 'fail' | 'unknown';
  figure: number | null;
  threshold: number | boolean;
  detail: string;
}

/** An RFC 9457 problem from the admin API, with the exit code it maps to. */
export class AdminApiError extends FicusError {
  constructor(
    readonly status: number,
    readonly problem: { code?: string; detail?: string; title?: string; errors?: unknown },
    url: string,
  ) {
    super(
      problem.code ?? `FICUS_ADMIN_HTTP_${status}`,
      `${problem.detail ?? problem.title ?? `HTTP ${status}`} (${url})`,
    );
  }

  get exitCode(): ExitCode {
    if (this.status === 401 || this.status === 403) return EXIT.AUTH;
    if (this.status === 404) return EXIT.NOT_FOUND;
    if (this.status === 409) return EXIT.REFUSED;
    if (this.status === 400 || this.status === 422) return EXIT.INVALID;
    if (this.status === 503) return EXIT.UNREACHABLE;
    return EXIT.FAILED;
  }

  /** The gates a 409 FICUS_GATE_FAILED lists, each with its figure and threshold. */
  get gates(): GateBody[] {
    return Array.isArray(this.problem.errors) && this.code === 'FICUS_GATE_FAILED'
      ? (this.problem.errors as GateBody[])
      : [];
  }
}

/** Nothing answered at the admin URL: the gateway is not running there. */
export class AdminUnreachableError extends FicusError {
  readonly exitCode = EXIT.UNREACHABLE;
}

export interface TokenSource {
  tokenFile?: string | undefined;
  env?: NodeJS.ProcessEnv;
}

/**
 * The admin token: --token-file, else FICUS_ADMIN_TOKEN, else the file `npm start` wrote for the
 * sample. Undefined when there is none: read calls may still work on a gateway without credentials.
 */
export function adminToken(source: TokenSource): { token?: string; from: string } {
  const env = source.env ?? process.env;
  if (source.tokenFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(source.tokenFile, 'utf8');
    } catch (err) {
      throw new FicusError(
        'FICUS_CLI_TOKEN_FILE',
        `cannot read the token file ${source.tokenFile}: ${(err as Error).message}`,
        { cause: err },
      );
    }
    const token = text.trim();
    if (!token)
      throw new FicusError('FICUS_CLI_TOKEN_FILE', `the token file ${source.tokenFile} is empty`);
    return { token, from: source.tokenFile };
  }
  if (env.FICUS_ADMIN_TOKEN) return { token: env.FICUS_ADMIN_TOKEN, from: 'FICUS_ADMIN_TOKEN' };
  const stored = sampleTokenFile();
  if (existsSync(stored)) return { token: readFileSync(stored, 'utf8').trim(), from: stored };
  return { from: 'none' };
}

/** The gateway's admin API, as the CLI calls it: JSON in, JSON out, problems as AdminApiError. */
export class AdminClient {
  readonly url: string;

  constructor(
    url: string,
    private readonly token: { token?: string; from: string },
  ) {
    this.url = url.replace(/\/+$/, '');
  }

  get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  send<T>(method: 'PUT' | 'POST', path: string, body: unknown): Promise<T> {
    return this.call<T>(method, path, body);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = `${this.url}${path}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token.token) headers.authorization = `Bearer ${this.token.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
      throw new AdminUnreachableError(
        'FICUS_CLI_ADMIN_UNREACHABLE',
        `no admin API answers at ${this.url} (${cause}); start the gateway (npm start) or pass --admin-url`,
        { cause: err },
      );
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!res.ok) {
      const problem = { ...((parsed ?? {}) as AdminApiError['problem']) };
      if (res.status === 401)
        problem.detail = `${problem.detail ?? 'unauthorized'}; ${
          this.token.token
            ? `the token came from ${this.token.from}`
            : 'no token was sent: set FICUS_ADMIN_TOKEN or pass --token-file'
        }`;
      throw new AdminApiError(res.status, problem, `${method} ${url}`);
    }
    return parsed as T;
  }
}
