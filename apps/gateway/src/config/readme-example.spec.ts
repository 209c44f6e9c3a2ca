import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseGatewayConfig } from './config.loader';

/** The README's annotated example is the configuration reference users copy: it must stay valid. */
function readmeExample(): string {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('### Configuration file'));
  const start = section.indexOf('```yaml\n') + '```yaml\n'.length;
  return section.slice(start, section.indexOf('```', start));
}

describe('the README configuration reference', () => {
  it('validates, and its comments state the real defaults', () => {
    const config = parseGatewayConfig(readmeExample(), 'README.md', {});
    const read = config.routes.find((r) => r.name === 'patients-read');
    assert.equal(read?.mode, 'shadow');
    assert.equal(config.upstreams.patients?.circuit.coolDownMs, 10_000);
    assert.equal(read?.slo?.window, 60_000);
    const bare = parseGatewayConfig(
      'version: 1\nupstreams:\n  legacy:\n    url: http://127.0.0.1:1\n',
      'min.yaml',
      {},
    );
    assert.deepEqual(bare.limits, config.limits, 'the documented limits are the defaults');
    assert.deepEqual(bare.matching, config.matching, 'the documented matching is the default');
    assert.equal(bare.upstreams.legacy?.timeoutMs, config.upstreams.legacy?.timeoutMs);
    assert.equal(bare.upstreams.legacy?.maxSockets, config.upstreams.legacy?.maxSockets);
    assert.equal(bare.control.pollMs, config.control.pollMs);
    assert.deepEqual(
      bare.progress,
      config.progress,
      'the documented progress settings are the defaults',
    );
  });
});
