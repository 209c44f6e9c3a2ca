import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InfraError } from '@ficus/core';
import { freePort, which } from '@ficus/infra';
import { spawnServer, type BenchProcess } from './bench-process';
import type { BenchTool } from './tool-install';

export const NGINX_TOOL: BenchTool = {
  command: 'nginx',
  debianPackage: 'nginx-light',
  dirs: ['/usr/sbin', '/usr/local/sbin', '/usr/local/nginx/sbin'],
  hint: 'nginx is not installed; install it with `apt-get install -y nginx-light` to get its row',
};

/**
 * nginx as a reverse proxy with upstream keep-alive (proxy_http_version 1.1 and an emptied
 * Connection header are what let the `keepalive` pool reuse connections:
 * https://nginx.org/en/docs/http/ngx_http_upstream_module.html#keepalive). One worker, because
 * every Node target runs on one event loop; more workers would compare core counts, not proxies.
 */
export function nginxConfig(dir: string, listenPort: number, upstreamPort: number): string {
  return `daemon off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${join(dir, 'client_body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
  keepalive_timeout 60s;
  keepalive_requests 1000000;
  upstream bench_upstream {
    server 127.0.0.1:${upstreamPort};
    keepalive 256;
    keepalive_requests 1000000;
  }
  server {
    listen 127.0.0.1:${listenPort};
    location / {
      proxy_pass http://bench_upstream;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }
  }
}
`;
}

export async function startNginx(workDir: string, upstreamPort: number): Promise<BenchProcess> {
  const nginx = which(NGINX_TOOL.command, NGINX_TOOL.dirs);
  if (!nginx) throw new InfraError('FICUS_BENCH_NGINX_MISSING', NGINX_TOOL.hint);
  const dir = join(workDir, 'nginx');
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, nginxConfig(dir, port, upstreamPort));
  // -e: nginx opens its compiled-in error log before reading the config; keep it in the temp dir.
  return spawnServer('nginx', nginx, ['-p', dir, '-c', conf, '-e', join(dir, 'error.log')], {
    port,
    logFile: join(dir, 'stdout.log'),
  });
}
