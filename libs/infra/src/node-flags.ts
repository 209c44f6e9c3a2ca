/**
 * The V8 flags the gateway runs with: `npm start`, the benchmark and the README's run command all
 * use these (docs/gateway.md, "Memory", gives the measurements). They go on the command line:
 * NODE_OPTIONS refuses --no-flush-bytecode.
 * - A heap limit: with Node's default (about 4 GB on a 24 GB machine) V8 lets the old generation
 *   grow to several times the live heap under WebSocket churn before it collects it.
 * - A 32 MB semi-space, twice Node's default: every request's objects die young, and twice the room
 *   halves the scavenges, which took about 5% of the CPU a proxied request costs.
 * - No bytecode flushing: V8 drops the bytecode of functions that did not run through a few full
 *   collections, and the memory reducer runs those while the gateway is idle, so traffic after a
 *   lull paid for compiling the proxy's path again.
 */
export const GATEWAY_NODE_FLAGS: readonly string[] = [
  '--max-old-space-size=512',
  '--max-semi-space-size=32',
  '--no-flush-bytecode',
];
