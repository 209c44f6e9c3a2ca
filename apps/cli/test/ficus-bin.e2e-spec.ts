import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';

const ROOT = resolve(__dirname, '../../../..');

describe('ficus, the installed command', () => {
  it('runs the compiled CLI through the bin entry of package.json', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    // Run as a program, as `npm link` installs it: its shebang and mode must make it one.
    const { stdout } = await promisify(execFile)(join(ROOT, pkg.bin.ficus!), ['--help']);
    assert.match(stdout, /^usage: ficus <command>/);
  });
});
