import { readdirSync, readFileSync } from 'node:fs';

/**
 * Resident memory of a server and its children, read from /proc (Linux). A server is a process
 * tree: nginx is a master and its workers, a Node proxy is one process. VmHWM is the kernel's
 * high-water mark of RSS, so the peak is exact rather than sampled.
 */

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses; ppid is the 2nd field after it.
    const ppid = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
    return ppid === undefined ? undefined : Number(ppid);
  } catch {
    return undefined;
  }
}

export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const ppid = parentOf(pid);
    if (ppid !== undefined) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i] ?? -1) ?? []));
  return tree;
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return match?.[1] === undefined ? 0 : Number(match[1]);
  } catch {
    return 0;
  }
}

/** Current RSS of the tree, in bytes. */
export function rssBytes(root: number): number {
  return processTree(root).reduce((sum, pid) => sum + statusKb(pid, 'VmRSS') * 1024, 0);
}

/** Peak RSS of the tree (sum of each process's own peak), in bytes. */
export function peakRssBytes(root: number): number {
  return processTree(root).reduce((sum, pid) => sum + statusKb(pid, 'VmHWM') * 1024, 0);
}
