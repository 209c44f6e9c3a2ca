import type { AdminClient, GateBody } from '../admin-client';
import { EXIT } from '../exit-codes';
import { duration, placement } from '../format';

/** A route's step schedule as GET /admin/routes/:name/status shows it. */
export interface ScheduleBody {
  state: 'running' | 'done' | 'cancelled' | 'rolled-back';
  steps: number[];
  everyMs: number;
  next: { mode: string; weight: number } | null;
  dueAt: string | null;
  waitingOn: GateBody[];
  note: string;
  startedBy: string;
  startedAt: string;
}

interface ScheduleChangeBody {
  schedule: ScheduleBody;
  audit: { id: number; action: string } | null;
}

/** One line for `ficus status`, and the gates a running schedule waits on. */
export function renderSchedule(route: string, s: ScheduleBody, now = Date.now()): string {
  const plan = `steps ${s.steps.join(', ')} every ${duration(s.everyMs)}`;
  if (s.state !== 'running') return `${route}: step schedule ${s.state} (${plan}): ${s.note}`;
  const due = s.dueAt === null ? 0 : Date.parse(s.dueAt) - now;
  const next = s.next ? placement(s.next.mode, s.next.weight) : '—';
  const when = due > 0 ? `in ${duration(due)}` : 'due now';
  const lines = [`${route}: step schedule running (${plan}): next ${next} ${when}`];
  if (s.waitingOn.length)
    lines.push(...s.waitingOn.map((g) => `  waiting on ${g.gate} (${g.state}): ${g.detail}`));
  return lines.join('\n');
}

/** `ficus canary <route> --auto` starts the route's step schedule; `--stop` stops it. */
export async function scheduleCommand(
  admin: AdminClient,
  route: string,
  action: 'start' | 'stop',
  opts: { json: boolean; reason?: string | undefined },
): Promise<number> {
  const path = `/admin/routes/${encodeURIComponent(route)}/schedule${action === 'stop' ? '/stop' : ''}`;
  const result = await admin.send<ScheduleChangeBody>(
    'POST',
    path,
    opts.reason === undefined ? {} : { reason: opts.reason },
  );
  if (opts.json) console.log(JSON.stringify(result, null, 2));
  else
    console.log(
      `${renderSchedule(route, result.schedule)}${result.audit ? `  (${result.audit.action}, audit #${result.audit.id})` : ''}`,
    );
  return EXIT.OK;
}
