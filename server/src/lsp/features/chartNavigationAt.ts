import * as path from 'node:path';
import type { Location, Position, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { ChartFiles } from '../../core/helm';
import type { NavigationTarget } from '../../core/helm/navigation';
import { ChartNavigation } from '../../core/helm/navigation';
import { readChartFolder } from '../../workspace/chartFiles';
import { chartRootOf } from '../../workspace/chartRoot';
import { toPosix } from '../../workspace/paths';
import { fsPathOf } from '../documentPath';

/** A document's chart, ready to navigate: the question is asked with its chart-relative path. */
export interface ChartNavigationAt {
  navigation: ChartNavigation;
  /** The document's path relative to the root chart. */
  file: string;
  position: Position;
  /** The editor locations of the core's targets. */
  locations: (targets: NavigationTarget[]) => Location[];
}

/** The last charts navigated, with the files they were built from: rebuilding costs more than reading and comparing. */
const recent = new Map<string, { files: ChartFiles; navigation: ChartNavigation }>();
const RECENT_CHARTS = 4;

/**
 * The chart a document belongs to, read now (open documents from the editor, the rest
 * from disk), so an answer never lags behind an edit; null outside charts.
 */
export function chartNavigationAt(document: TextDocument, position: Position, documents: TextDocuments<TextDocument>): ChartNavigationAt | null {
  const file = fsPathOf(document.uri);
  const root = file ? chartRootOf(file) : null;
  if (file === null || root === null) {
    return null;
  }
  const openText = (absolutePath: string): string | undefined => documents.get(URI.file(absolutePath).toString())?.getText();
  return {
    navigation: navigationOf(root, readChartFolder(root, openText)),
    file: toPosix(path.relative(root, file)),
    position,
    locations: (targets) => targets.map((target) => ({ uri: URI.file(path.resolve(root, target.file)).toString(), range: target.range })),
  };
}

function navigationOf(root: string, files: ChartFiles): ChartNavigation {
  const cached = recent.get(root);
  recent.delete(root);
  const navigation = cached && sameFiles(cached.files, files) ? cached.navigation : new ChartNavigation(files);
  recent.set(root, { files, navigation });
  if (recent.size > RECENT_CHARTS) {
    recent.delete(recent.keys().next().value as string);
  }
  return navigation;
}

/** Same texts under the same paths, also in `file://` dependencies (archives are not navigated). */
function sameFiles(a: ChartFiles, b: ChartFiles): boolean {
  const keys = Object.keys(a.files);
  const linkedA = Object.keys(a.linked ?? {});
  return (
    keys.length === Object.keys(b.files).length &&
    keys.every((key) => a.files[key] === b.files[key]) &&
    linkedA.length === Object.keys(b.linked ?? {}).length &&
    linkedA.every((key) => b.linked?.[key] !== undefined && sameFiles(a.linked?.[key] as ChartFiles, b.linked[key]))
  );
}
