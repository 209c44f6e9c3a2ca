import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { FicusError } from '@ficus/core';
import type { UpstreamConfig } from '../config/config.schema';

export interface Upstream {
  name: string;
  url: URL;
  /** Prefix for every forwarded path: the upstream URL's path without its trailing slash. */
  basePath: string;
  agent: HttpAgent;
  timeoutMs: number;
  config: UpstreamConfig;
}

/**
 * One keep-alive pool per upstream: reusing connections is most of a proxy's throughput. LIFO
 * scheduling keeps the hottest sockets busy and lets idle ones age out; Node's agent honours the
 * upstream's `Keep-Alive: timeout=` hint, so it does not reuse a socket the upstream is closing.
 *
 * The upstream timeout is the agent's socket timeout: armed once per socket, from its connect
 * attempt on, and refreshed by every read and write, it fires when a request waits `timeoutMs` for
 * the connection or the upstream's next byte (the Forwarder turns that into a 504), and closes a
 * pooled socket left idle that long.
 */
export function createUpstream(name: string, config: UpstreamConfig): Upstream {
  const url = new URL(config.url);
  const options = {
    keepAlive: true,
    maxSockets: config.maxSockets,
    maxFreeSockets: 64,
    scheduling: 'lifo' as const,
    timeout: config.timeoutMs,
  };
  const agent = url.protocol === 'https:' ? new HttpsAgent(options) : new HttpAgent(options);
  return {
    name,
    url,
    basePath: url.pathname.replace(/\/$/, ''),
    agent,
    timeoutMs: config.timeoutMs,
    config,
  };
}

export class UpstreamPool {
  private readonly upstreams = new Map<string, Upstream>();

  constructor(configs: Record<string, UpstreamConfig>) {
    for (const [name, config] of Object.entries(configs))
      this.upstreams.set(name, createUpstream(name, config));
  }

  get(name: string): Upstream {
    const upstream = this.upstreams.get(name);
    if (!upstream)
      throw new FicusError('FICUS_UPSTREAM_UNKNOWN', `upstream "${name}" is not configured`);
    return upstream;
  }

  all(): Upstream[] {
    return [...this.upstreams.values()];
  }

  destroy(): void {
    for (const u of this.upstreams.values()) u.agent.destroy();
  }
}
