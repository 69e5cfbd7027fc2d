import * as path from 'node:path';
import type { ServerLaunch } from './languageServerProcess';
import { SERVER_BUNDLE } from './languageServerProcess';

/** A language server the editing benchmark drives over stdio. */
export interface BenchServer {
  name: string;
  launch: ServerLaunch;
  /** Whether its publishes carry the document version (ours do; the peer's do not). */
  versionedDiagnostics: boolean;
}

export const THIS_SERVER: BenchServer = {
  name: 'kube-image-lens',
  // Untrusted: no registry lookups, so the figures measure the local analysis only.
  launch: { args: [SERVER_BUNDLE, '--stdio'], initializationOptions: { environment: { trusted: false } } },
  versionedDiagnostics: true,
};

/**
 * Red Hat's yaml-language-server 2.0.0 (the npm alias `yaml-language-server-2`),
 * the server users run beside ours: validation on, no schema, no network
 * (schema store and CRD store off). Its own debounce stays as it ships.
 */
export const YAML_LANGUAGE_SERVER: BenchServer = {
  name: 'yaml-language-server 2.0.0',
  launch: {
    args: [path.resolve(__dirname, '../node_modules/yaml-language-server-2/bin/yaml-language-server'), '--stdio'],
    configuration: (section) =>
      section === 'yaml'
        ? { validate: true, hover: true, completion: true, format: { enable: false }, schemas: {}, schemaStore: { enable: false }, kubernetesCRDStore: { enable: false } }
        : {},
  },
  versionedDiagnostics: false,
};
