import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nginxConfig } from './nginx-target';

describe('nginxConfig', () => {
  const conf = nginxConfig('/tmp/bench', 8001, 9001);

  it('reuses upstream connections (HTTP/1.1, no Connection: close, a keepalive pool)', () => {
    assert.match(conf, /proxy_http_version 1\.1;/);
    assert.match(conf, /proxy_set_header Connection "";/);
    assert.match(conf, /server 127\.0\.0\.1:9001;\s+keepalive \d+;/);
  });

  it('runs in the foreground with one worker and keeps every file in its own directory', () => {
    assert.match(conf, /daemon off;/);
    assert.match(conf, /worker_processes 1;/);
    assert.match(conf, /listen 127\.0\.0\.1:8001;/);
    for (const path of conf.match(/\s(\/\S+);/g) ?? [])
      assert.ok(path.trim().startsWith('/tmp/bench/'), path);
  });
});
