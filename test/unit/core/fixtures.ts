import { analyzeText } from '../../../server/src/core/analyze';
import type { AnalyzeOptions } from '../../../server/src/core/analyze';
import type { FileAnalysis } from '../../../server/src/core/model';
import { mergeSettings } from '../../../server/src/core/projectConfig';
import type { AnalysisSettings } from '../../../server/src/core/settings';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';

/** Analyses YAML given as lines (joined with `\n`) with default settings plus overrides. */
export function analyse(text: string, settings: Partial<AnalysisSettings> = {}, options: Partial<AnalyzeOptions> = {}): FileAnalysis {
  return analyzeText(text, { path: 'manifests/app.yaml', settings: mergeSettings(DEFAULT_SETTINGS, settings), ...options });
}

export const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;

/** A Deployment whose single container has the given image and optional policy line. */
export function deployment(image: string, policy?: string): string {
  return yaml(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: web',
    `          image: ${image}`,
    ...(policy === undefined ? [] : [`          imagePullPolicy: ${policy}`]),
  );
}
