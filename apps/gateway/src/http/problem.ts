import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** An RFC 9457 problem document. `type` URIs are stable identifiers of Ficus's failure kinds. */
export interface Problem {
  status: number;
  code: string;
  title: string;
  detail?: string;
}

function problemBody(problem: Problem, requestId?: string): string {
  return JSON.stringify({
    type: `https://ficus.dev/problems/${problem.code.toLowerCase().replace(/_/g, '-')}`,
    title: problem.title,
    status: problem.status,
    code: problem.code,
    ...(problem.detail ? { detail: problem.detail } : {}),
    ...(requestId ? { instance: `urn:request:${requestId}` } : {}),
  });
}

/**
 * Answers with application/problem+json unless the response head already went out, in which case
 * the only honest signal left is to cut the connection.
 */
export function sendProblem(
  res: ServerResponse,
  problem: Problem,
  requestId?: string,
  extraHeaders: readonly string[] = [],
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = problemBody(problem, requestId);
  res.writeHead(problem.status, [
    'content-type',
    'application/problem+json',
    'content-length',
    String(Buffer.byteLength(body)),
    'cache-control',
    'no-store',
    ...extraHeaders,
  ]);
  res.end(body);
}
/** The same document written straight to a socket: for upgrade requests, which have no response object. */
export function writeRawProblem(
  socket: Socket,
  problem: Problem,
  requestId?: string,
  extraHeaders: readonly string[] = [],
): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = problemBody(problem, requestId);
  let head = `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? ''}\r\n`;
  head +=
    'Content-Type: application/problem+json\r\nCache-Control: no-store\r\nConnection: close\r\n';
  for (let i = 0; i < extraHeaders.length; i += 2)
    head += `${extraHeaders[i]}: ${extraHeaders[i + 1]}\r\n`;
  socket.end(`${head}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}
