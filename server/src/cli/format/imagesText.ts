import type { FileAnalysis, ImageOccurrence } from '../../core/model';
import type { Write } from '../io';
import type { Palette } from './color';
import { plural } from './plural';
import type { Reporter } from './reporter';
import { renderTable } from './table';

/**
 * `images` for people: per file, one aligned row per image with its
 * 1-based position, workload, container, image and what the cluster will do
 * (and, for an overlay or a chart's values set, in which environment).
 */
export function imagesTextReporter(write: Write, palette: Palette): Reporter<FileAnalysis> {
  let imageCount = 0;
  let fileCount = 0;
  let unreadablePaths = 0;
  return {
    file({ path, analysis }) {
      if (analysis.images.length === 0) {
        return;
      }
      imageCount += analysis.images.length;
      fileCount++;
      const rows = analysis.images.map((image) => [
        `${image.range.start.line + 1}:${image.range.start.character + 1}`,
        workload(image),
        image.container ?? '-',
        image.image,
        image.environment === null ? policy(image) : `${policy(image)}  [${image.environment}]`,
      ]);
      const lines = renderTable(rows, [palette.dim, undefined, undefined, palette.bold, undefined], '  ');
      const profile = palette.dim(`profile ${analysis.profile}: ${analysis.profileReason.replace(/`/g, "'")}`);
      write(`${palette.underline(path)}  ${profile}\n${lines.join('\n')}\n\n`);
    },
    problem(problem) {
      unreadablePaths += problem.level === 'error' ? 1 : 0;
    },
    finish() {
      write(imageCount === 0 ? 'No images found.\n' : `${plural(imageCount, 'image')} in ${plural(fileCount, 'file')}\n`);
      if (unreadablePaths > 0) {
        write(`${plural(unreadablePaths, 'path')} could not be read (see the errors above)\n`);
      }
    },
  };
}

function workload({ resource }: ImageOccurrence): string {
  const name = resource.name ?? '?';
  return resource.kind === null ? name : `${resource.kind}/${name}`;
}

function policy({ pullPolicy }: ImageOccurrence): string {
  if (pullPolicy.rule === 'templated') {
    return 'set by Helm template';
  }
  if (pullPolicy.rule === 'default-pending') {
    return 'default, once the image is filled in';
  }
  if (pullPolicy.effective === null) {
    return `invalid (${JSON.stringify(pullPolicy.explicit)})`;
  }
  const how = pullPolicy.rule === 'admission-always-pull' ? 'admission plugin' : pullPolicy.defaulted ? 'default' : 'explicit';
  return `${pullPolicy.effective} (${how})`;
}
