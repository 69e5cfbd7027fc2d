import { existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The root chart a file belongs to: the nearest folder above it with a `Chart.yaml`, and,
 * while that folder is vendored as `<parent chart>/charts/<name>`, the parent chart (as
 * `unitRootOf` treats subcharts). Null when no chart holds the file.
 */
export function chartRootOf(absolutePath: string): string | null {
  let folder = path.dirname(absolutePath);
  while (!existsSync(path.join(folder, 'Chart.yaml'))) {
    const up = path.dirname(folder);
    if (up === folder) {
      return null;
    }
    folder = up;
  }
  for (;;) {
    const charts = path.dirname(folder);
    const parent = path.dirname(charts);
    if (path.basename(charts) !== 'charts' || parent === charts || !existsSync(path.join(parent, 'Chart.yaml'))) {
      return folder;
    }
    folder = parent;
  }
}
