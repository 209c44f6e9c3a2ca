import { writeFileSync } from 'node:fs';
import type { FileCounts } from './file-counts';

/**
 * A node:test reporter that ends the run with one plain line, `N passed, N failed`, so any CI reads
 * the result the same way. With FICUS_SUMMARY_FILE set it also writes the counts per test file,
 * which the runner uses to re-run failed files once.
 */
interface ReporterEvent {
  type: string;
  data: { file?: string; nesting?: number; details?: { type?: string } };
}

async function* summaryReporter(source: AsyncIterable<ReporterEvent>): AsyncGenerator<string> {
  const files: Record<string, FileCounts> = {};
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    // Suites are containers; a file that fails to load reports itself as a (non-suite) test.
    if (event.data.details?.type === 'suite') continue;
    const counts = (files[event.data.file ?? '?'] ??= { pass: 0, fail: 0 });
    if (event.type === 'test:pass') counts.pass++;
    else counts.fail++;
  }
  const all = Object.values(files);
  const pass = all.reduce((n, c) => n + c.pass, 0);
  const fail = all.reduce((n, c) => n + c.fail, 0);
  if (process.env.FICUS_SUMMARY_FILE)
    writeFileSync(process.env.FICUS_SUMMARY_FILE, JSON.stringify(files));
  yield `\n${pass} passed, ${fail} failed\n`;
}

// node:test loads a reporter as the module itself, not as a `default` export.
export = summaryReporter;
