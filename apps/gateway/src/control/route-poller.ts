import type { ControlPlane } from './control-plane';

/**
 * Polls the shared store every `pollMs` so changes made through any replica (admin API,
 * auto-rollback) reach this one. A poll that is still running is never doubled up.
 */
export class RoutePoller {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly control: ControlPlane,
    private readonly pollMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.tick(), this.pollMs);
    // The poller alone must not keep a process alive that is otherwise shutting down.
    this.timer.unref();
  }

  private tick(): void {
    if (this.running) return;
    // sync() logs and records its own failures; readiness reports them.
    this.running = this.control.sync().finally(() => {
      this.running = undefined;
    });
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
