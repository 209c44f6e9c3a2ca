import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ensureTool, type BenchTool, type ToolSystem } from './tool-install';

const TOOL: BenchTool = {
  command: 'wrk',
  debianPackage: 'wrk',
  hint: 'install it with `apt-get install -y wrk`',
};

/** A machine where `installed` commands exist and apt-get "installs" what it is asked for. */
function machine(opts: { installed: string[]; root: boolean; failStep?: string }) {
  const installed = new Set(opts.installed);
  const calls: string[] = [];
  const system: ToolSystem = {
    which: (command) => (installed.has(command) ? `/usr/bin/${command}` : undefined),
    isRoot: () => opts.root,
    run: (command, args) => {
      calls.push([command, ...args].join(' '));
      if (args[0] === opts.failStep) return 'exited with code 100';
      if (args[0] === 'install') installed.add(args[2] ?? '');
      return undefined;
    },
  };
  return { system, calls };
}

describe('ensureTool', () => {
  const progress: string[] = [];
  const say = (line: string) => progress.push(line);

  it('finds a tool that is there and installs nothing', () => {
    const { system, calls } = machine({ installed: ['wrk', 'apt-get'], root: true });
    assert.deepEqual(ensureTool(TOOL, '/tmp/apt.log', say, system), { path: '/usr/bin/wrk' });
    assert.deepEqual(calls, []);
  });

  it('as root with apt-get, updates the lists, installs the package and says so first', () => {
    progress.length = 0;
    const { system, calls } = machine({ installed: ['apt-get'], root: true });
    assert.deepEqual(ensureTool(TOOL, '/tmp/apt.log', say, system), { path: '/usr/bin/wrk' });
    assert.deepEqual(calls, ['/usr/bin/apt-get update', '/usr/bin/apt-get install -y wrk']);
    assert.match(progress[0] ?? '', /wrk is missing: installing wrk .*\/tmp\/apt\.log/);
  });

  it('gives the hint, and runs nothing, when it may not install (not root, or no apt-get)', () => {
    for (const m of [
      machine({ installed: ['apt-get'], root: false }),
      machine({ installed: [], root: true }),
    ]) {
      assert.deepEqual(ensureTool(TOOL, '/tmp/apt.log', say, m.system), { problem: TOOL.hint });
      assert.deepEqual(m.calls, []);
    }
  });

  it('says which step failed, where the log is, and the hint, when the install fails', () => {
    const { system, calls } = machine({ installed: ['apt-get'], root: true, failStep: 'update' });
    const result = ensureTool(TOOL, '/tmp/apt.log', say, system);
    assert.deepEqual(calls, ['/usr/bin/apt-get update']);
    assert.ok('problem' in result);
    assert.match(result.problem, /apt-get update exited with code 100; see \/tmp\/apt\.log/);
    assert.ok(result.problem.endsWith(TOOL.hint));
  });

  it('does not trust an install after which the command is still missing', () => {
    const other = { ...TOOL, debianPackage: 'wrk-docs' };
    const { system } = machine({ installed: ['apt-get'], root: true });
    const result = ensureTool(other, '/tmp/apt.log', say, system);
    assert.ok('problem' in result && /still not found/.test(result.problem));
  });
});
