/**
 * A node:test reporter that ends the run with one plain line, `N passed, N failed`, taken from the
 * runner's own closing counts, so any CI reads the result the same way.
 */
interface ReporterEvent {
  type: string;
  data: { message?: string; nesting?: number };
}

async function* summaryReporter(source: AsyncIterable<ReporterEvent>): AsyncGenerator<string> {
  const counts: Record<string, number> = {};
  for await (const event of source) {
    if (event.type !== 'test:diagnostic' || event.data.nesting !== 0) continue;
    const m = /^(pass|fail|skipped|todo|cancelled) (\d+)$/.exec(event.data.message ?? '');
    if (m) counts[m[1]!] = Number(m[2]);
  }
  const failed = (counts.fail ?? 0) + (counts.cancelled ?? 0);
  yield `\n${counts.pass ?? 0} passed, ${failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}\n`;
}

// node:test loads a reporter as the module itself, not as a `default` export.
export = summaryReporter;
