import * as path from 'node:path';
import type { RegistryClientOptions } from '../../registry';
import { RegistryClient } from '../../registry';
import type { EnvironmentParams } from '../protocol';
import type { RegistrySettings } from './registrySettings';

/** Distinct configurations kept alive at once; older clients are closed (settings rarely flip back and forth). */
const MAX_CLIENTS = 4;

/** Setting names for the client's advice in error messages. */
const HINTS = {
  caFileSetting: 'the kubeImageLens.registry.caFile setting',
  insecureSetting: 'the kubeImageLens.registry.insecureRegistries setting',
  timeoutSetting: 'the kubeImageLens.registry.timeoutSeconds setting',
};

/** `registry.dockerConfig` names a directory or its `config.json`; DOCKER_CONFIG wants the directory. */
function dockerConfigDirectory(setting: string): string {
  return path.basename(setting).toLowerCase() === 'config.json' ? path.dirname(setting) : setting;
}

function clientOptions(settings: RegistrySettings, environment: EnvironmentParams): RegistryClientOptions {
  return {
    timeoutMs: settings.timeoutSeconds * 1000,
    cacheTtlMs: settings.cacheTtlSeconds * 1000,
    maxConcurrencyPerHost: settings.maxConcurrency,
    insecureHosts: settings.insecureRegistries,
    ...(settings.caFile ? { caFile: settings.caFile } : {}),
    ...(environment.proxy ? { proxy: { url: environment.proxy, strictSSL: environment.proxyStrictSSL, noProxy: environment.noProxy } } : {}),
    allowCredentialHelpers: settings.allowCredentialHelpers,
    env: settings.dockerConfig ? { ...process.env, DOCKER_CONFIG: dockerConfigDirectory(settings.dockerConfig) } : process.env,
    hints: HINTS,
  };
}

/**
 * One `RegistryClient` per distinct effective configuration (settings plus the
 * editor's proxy), so tokens, connections and cached answers are shared by every
 * document configured alike, and a changed setting gets a fresh client.
 */
export class RegistryClients {
  private readonly clients = new Map<string, RegistryClient>();

  clientFor(settings: RegistrySettings, environment: EnvironmentParams): RegistryClient {
    const options = clientOptions(settings, environment);
    // The key leaves out the environment variables: only DOCKER_CONFIG differs between configurations.
    const key = JSON.stringify({ ...options, env: options.env?.DOCKER_CONFIG ?? null });
    let client = this.clients.get(key);
    if (!client) {
      client = new RegistryClient(options);
      this.clients.set(key, client);
      for (const [oldKey, old] of this.clients) {
        if (this.clients.size <= MAX_CLIENTS) {
          break;
        }
        this.clients.delete(oldKey);
        void old.close();
      }
    }
    return client;
  }

  clearCaches(): void {
    this.clients.forEach((client) => client.clearCache());
  }

  signedInHosts(): string[] {
    return [...new Set([...this.clients.values()].flatMap((client) => client.signedInHosts()))].sort();
  }
}
