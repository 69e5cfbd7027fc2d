import type { DocumentSettings } from '../settingsProvider';

import type { PinMode } from '../../core/pin/plan';

/** The `kubeImageLens.registry` settings, validated, with the package.json defaults. */
export interface RegistrySettings {
  lookups: 'onDemand' | 'onOpenAndSave';
  hoverLookup: boolean;
  pinMode: PinMode;
  insecureRegistries: string[];
  caFile: string;
  dockerConfig: string;
  allowCredentialHelpers: boolean;
  cacheTtlSeconds: number;
  timeoutSeconds: number;
  maxConcurrency: number;
}

const DEFAULT_REGISTRY_SETTINGS: RegistrySettings = {
  lookups: 'onDemand',
  hoverLookup: false,
  pinMode: 'keepTag',
  insecureRegistries: [],
  caFile: '',
  dockerConfig: '',
  allowCredentialHelpers: true,
  cacheTtlSeconds: 300,
  timeoutSeconds: 15,
  maxConcurrency: 4,
};

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

function numberIn(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/**
 * Reads the `registry` object of the editor's `kubeImageLens` section. Only the
 * editor supplies these (the project file never does), and a wrong value falls
 * back to its default rather than disabling registry features.
 */
export function registrySettingsOf(settings: DocumentSettings): RegistrySettings {
  const raw = settings.raw.registry;
  const given = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const d = DEFAULT_REGISTRY_SETTINGS;
  return {
    lookups: oneOf(given.lookups, ['onDemand', 'onOpenAndSave'], d.lookups),
    hoverLookup: typeof given.hoverLookup === 'boolean' ? given.hoverLookup : d.hoverLookup,
    pinMode: oneOf(given.pinMode, ['keepTag', 'digestOnly'], d.pinMode),
    insecureRegistries: Array.isArray(given.insecureRegistries) ? given.insecureRegistries.map(text).filter((host) => host !== '') : d.insecureRegistries,
    caFile: text(given.caFile),
    dockerConfig: text(given.dockerConfig),
    allowCredentialHelpers: typeof given.allowCredentialHelpers === 'boolean' ? given.allowCredentialHelpers : d.allowCredentialHelpers,
    cacheTtlSeconds: numberIn(given.cacheTtlSeconds, 0, Number.MAX_SAFE_INTEGER, d.cacheTtlSeconds),
    timeoutSeconds: numberIn(given.timeoutSeconds, 1, 3600, d.timeoutSeconds),
    maxConcurrency: Math.round(numberIn(given.maxConcurrency, 1, 32, d.maxConcurrency)),
  };
}
