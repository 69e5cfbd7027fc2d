import type { Connection } from 'vscode-languageserver';
import type { RegistryStatusParams } from '../protocol';
import { RegistryStatusNotification } from '../protocol';

export const UNTRUSTED_MESSAGE = 'Registry lookups are disabled in an untrusted workspace.';

/** How a lookup ended, as far as the status is concerned: `offline` carries the user-facing reason. */
export type LookupOutcome = 'reached' | 'cancelled' | { offline: string };

/**
 * Keeps the client's registry status current: `disabled` while untrusted, `busy`
 * while any lookup runs, `offline` after a lookup could not reach its registry
 * (until one succeeds), else `idle`. Sends only changes.
 */
export class RegistryStatusReporter {
  private running = 0;
  private offlineReason: string | null = null;
  private lastSent = '';

  constructor(
    private readonly connection: Connection,
    private readonly trusted: () => boolean,
    private readonly signedInHosts: () => string[],
  ) {}

  lookupStarted(): void {
    this.running++;
    this.send();
  }

  lookupFinished(outcome: LookupOutcome): void {
    this.running--;
    if (outcome === 'reached') {
      this.offlineReason = null;
    } else if (outcome !== 'cancelled') {
      this.offlineReason = outcome.offline;
    }
    this.send();
  }

  send(): void {
    const signedInHosts = this.signedInHosts();
    const status: RegistryStatusParams = !this.trusted()
      ? { state: 'disabled', signedInHosts, detail: UNTRUSTED_MESSAGE }
      : this.running > 0
        ? { state: 'busy', signedInHosts }
        : this.offlineReason !== null
          ? { state: 'offline', signedInHosts, detail: this.offlineReason }
          : { state: 'idle', signedInHosts };
    const serialized = JSON.stringify(status);
    if (serialized !== this.lastSent) {
      this.lastSent = serialized;
      void this.connection.sendNotification(RegistryStatusNotification, status);
    }
  }
}
