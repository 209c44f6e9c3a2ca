import { MemoryProgressStore } from './memory-progress-store';
import { MysqlProgressStore } from './mysql-progress-store';
import type { ProgressStore } from './progress';

/**
 * Progress lives where the control store does: the control database when there is one (its URL
 * already checked by createControlStore), else this process's memory.
 */
export function createProgressStore(controlUrl: string | undefined): ProgressStore {
  if (controlUrl === undefined) return new MemoryProgressStore();
  const url = new URL(controlUrl);
  url.protocol = 'mysql:';
  return new MysqlProgressStore(url.toString());
}
