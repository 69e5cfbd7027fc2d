import { promises as fs } from 'node:fs';
import { RegistryClient } from '../../registry';
import type { OptionsConfig } from '../args';
import { ioError } from '../errors';

/** The flags of every command that talks to registries (`pin`, `check --registry`). */
export const REGISTRY_CLIENT_OPTIONS = {
  'insecure-registry': { type: 'string', multiple: true },
  'ca-file': { type: 'string' },
} as const satisfies OptionsConfig;

export interface RegistryClientFlags {
  'insecure-registry'?: string[];
  'ca-file'?: string;
}

/**
 * One client for the whole run, so identical references are looked up once and
 * tokens are reused. An unreadable --ca-file is a configuration error (exit 2)
 * found up front: otherwise every lookup would fail with the same TLS message.
 */
export async function createRegistryClient(flags: RegistryClientFlags): Promise<RegistryClient> {
  const caFile = flags['ca-file'];
  if (caFile !== undefined) {
    try {
      await fs.access(caFile, fs.constants.R_OK);
    } catch (error) {
      throw ioError('read', caFile, error);
    }
  }
  return new RegistryClient({
    insecureHosts: flags['insecure-registry'] ?? [],
    ...(caFile !== undefined ? { caFile } : {}),
  });
}
