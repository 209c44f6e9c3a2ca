import { spawnSync } from 'node:child_process';

/**
 * `npm run bench [-- <flags>]`: the proxy benchmark with the flags given (`--quick`...), then the
 * CDC benchmark. A script, not `npm run a && npm run b`, because npm appends the flags to the end
 * of the whole script line, where they reached neither benchmark (and after a parenthesis, broke
 * the shell's syntax).
 */
const runs: Array<[string, string[]]> = [
  ['dist/bench/proxy/main.js', process.argv.slice(2)],
  ['dist/bench/cdc/main.js', []],
];
for (const [script, args] of runs) {
  const res = spawnSync(process.execPath, [script, ...args], { stdio: 'inherit' });
  if (res.status !== 0) {
    process.exitCode = res.status ?? 1;
    break;
  }
}
