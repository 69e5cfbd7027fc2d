/**
 * How long a document's diagnostics wait after an edit: what its recent
 * analyses cost, between 10 ms (a burst of changes sent together is analysed
 * once) and 200 ms. An edit analysed in a few milliseconds is not held back;
 * a costly one waits while the user keeps typing, and the analysis that finally
 * runs is cancelled by the next keystroke anyway, so stale work never queues.
 */
export class DebounceDelay {
  static readonly MIN_MS = 10;
  static readonly MAX_MS = 200;
  /** Unknown until an edit was analysed: wait as long as before. */
  private costMs: number | null = null;

  ms(): number {
    return this.costMs === null ? DebounceDelay.MAX_MS : Math.min(DebounceDelay.MAX_MS, Math.max(DebounceDelay.MIN_MS, Math.round(this.costMs)));
  }

  /** One analysis (and its publishing) took `ms`; recent ones weigh most. */
  measured(ms: number): void {
    this.costMs = this.costMs === null ? ms : (this.costMs + ms) / 2;
  }
}
