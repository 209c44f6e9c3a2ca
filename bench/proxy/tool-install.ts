import { spawnSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { which } from '@ficus/infra';

/** A program the bench runs, and the Debian package that provides it. */
export interface BenchTool {
  command: string;
  /** Debian package to install when the command is missing. */
  debianPackage: string;
  /** Where to look besides PATH (nginx lives in /usr/sbin, off a normal user's PATH). */
  dirs?: string[];
  /** What a user is told to do when the bench cannot install it itself. */
  hint: string;
}

export type ToolLookup = { path: string } | { problem: string };

/** What ensureTool touches of the machine: replaced by fakes in its unit tests. */
export interface ToolSystem {
  which(command: string, dirs: string[]): string | undefined;
  isRoot(): boolean;
  /** Runs a command with its output appended to the log; returns why it failed, or undefined. */
  run(command: string, args: string[], logFile: string): string | undefined;
}

const APT_TIMEOUT_MS = 10 * 60_000;

function runLogged(command: string, args: string[], logFile: string): string | undefined {
  const out = openSync(logFile, 'a');
  try {
    writeSync(out, `\n$ ${command} ${args.join(' ')}\n`);
    const res = spawnSync(command, args, {
      stdio: ['ignore', out, out],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      timeout: APT_TIMEOUT_MS,
    });
    if (res.error) return res.error.message;
    if (res.status !== 0) return `exited with ${res.signal ?? `code ${res.status}`}`;
    return undefined;
  } finally {
    closeSync(out);
  }
}

export const SYSTEM: ToolSystem = {
  which: (command, dirs) => which(command, dirs),
  isRoot: () => process.getuid?.() === 0,
  run: runLogged,
};

/**
 * Finds a tool, and installs it from Debian when it is missing and the bench may do so (root, with
 * apt-get): the bench then runs on a fresh machine as it is. Otherwise, or when the install fails,
 * the problem carries the tool's install hint.
 */
export function ensureTool(
  tool: BenchTool,
  logFile: string,
  progress: (line: string) => void,
  system: ToolSystem = SYSTEM,
): ToolLookup {
  const dirs = tool.dirs ?? [];
  const found = system.which(tool.command, dirs);
  if (found) return { path: found };
  const aptGet = system.which('apt-get', []);
  if (!system.isRoot() || !aptGet) return { problem: tool.hint };
  progress(
    `${tool.command} is missing: installing ${tool.debianPackage} from Debian (log: ${logFile})`,
  );
  const step = (args: string[]) => {
    const why = system.run(aptGet, args, logFile);
    return why === undefined ? undefined : `apt-get ${args[0]} ${why}`;
  };
  const failed = step(['update']) ?? step(['install', '-y', tool.debianPackage]);
  const installed = failed === undefined ? system.which(tool.command, dirs) : undefined;
  if (installed) return { path: installed };
  const why = failed ?? `apt-get installed it, but ${tool.command} is still not found`;
  return {
    problem: `installing ${tool.debianPackage} failed (${why}; see ${logFile}). ${tool.hint}`,
  };
}
