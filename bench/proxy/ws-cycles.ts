import { WebSocket } from 'ws';

export interface WebSocketCycles {
  cycles: number;
  failures: number;
}

const CYCLE_TIMEOUT_MS = 5_000;

/** One cycle: upgrade through the proxy, send a message, get its echo back, close. */
function cycle(url: string, n: number): Promise<boolean> {
  return new Promise((done) => {
    const ws = new WebSocket(url);
    const payload = `cycle-${n}`;
    let echoed = false;
    const timer = setTimeout(() => ws.terminate(), CYCLE_TIMEOUT_MS);
    ws.once('open', () => ws.send(payload));
    ws.once('message', (data: Buffer) => {
      echoed = data.toString() === payload;
      ws.close();
    });
    ws.once('error', () => ws.terminate());
    ws.once('close', () => {
      clearTimeout(timer);
      done(echoed);
    });
  });
}

/** Runs `count` connect/echo/close cycles, `concurrency` at a time. */
export async function runWebSocketCycles(
  url: string,
  count: number,
  concurrency: number,
): Promise<WebSocketCycles> {
  let next = 0;
  let failures = 0;
  const worker = async () => {
    while (next < count) {
      if (!(await cycle(url, next++))) failures++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { cycles: count, failures };
}
