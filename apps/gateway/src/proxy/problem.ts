import type { ServerResponse } from 'node:http';

/** An RFC 9457 problem document. `type` URIs are stable identifiers of Ficus's failure kinds. */
export interface Problem {
  status: number;
  code: string;
  title: string;
  detail?: string;
}

/**
 * Answers with application/problem+json unless the response head already went out, in which case
 * the only honest signal left is to cut the connection.
 */
export function sendProblem(res: ServerResponse, problem: Problem, requestId?: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({
    type: `https://ficus.dev/problems/${problem.code.toLowerCase().replace(/_/g, '-')}`,
    title: problem.title,
    status: problem.status,
    code: problem.code,
    ...(problem.detail ? { detail: problem.detail } : {}),
    ...(requestId ? { instance: `urn:request:${requestId}` } : {}),
  });
  res.writeHead(problem.status, {
    'content-type': 'application/problem+json',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}
