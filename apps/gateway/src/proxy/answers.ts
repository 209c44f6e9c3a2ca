import { sendProblem, type Problem } from '../http/problem';
import type { Side } from '../metrics/gateway-metrics';
import type { Call } from './call';

/** The gateway's own headers on every answer, relayed or its own. */
export function answerHeaders(call: Call, side: Side): string[] {
  const headers = ['x-request-id', call.id, 'x-ficus-upstream', side];
  if (call.route) headers.push('x-ficus-route', call.route.name);
  return headers;
}

/**
 * Answers from the gateway itself; `close` ends the connection (the body was not read), `side`
 * names the upstream whose failure this reports, for metrics and x-ficus-upstream.
 */
export function answer(call: Call, problem: Problem, close = false, side: Side = 'gateway'): void {
  if (call.clientGone) return;
  if (!call.res.headersSent) call.side = side;
  const extra = answerHeaders(call, call.side);
  if (close) extra.push('connection', 'close');
  sendProblem(call.res, problem, call.id, extra);
}
