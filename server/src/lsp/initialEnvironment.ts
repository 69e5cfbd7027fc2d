import type { EnvironmentParams } from './protocol';

/**
 * The environment from `initializationOptions.environment`. Clients other than
 * ours (Neovim, Helix) do not send one: they run where the user started them, so
 * the workspace counts as trusted.
 */
export function initialEnvironment(options: unknown): EnvironmentParams {
  const sent = (options as { environment?: Partial<EnvironmentParams> } | null)?.environment;
  return {
    proxy: sent?.proxy,
    proxyStrictSSL: sent?.proxyStrictSSL ?? true,
    noProxy: sent?.noProxy ?? [],
    trusted: sent?.trusted ?? true,
  };
}
