import type { FileAnalysis, ImageOccurrence } from '../../core/model';
import type { Write } from '../io';
import { ProblemRecords } from '../problems';
import { StreamingJsonArray } from './jsonLines';
import type { Reporter } from './reporter';

/**
 * The public, versioned shape of one image in `images --format json`. Fields
 * are copied one by one so internal additions to ImageOccurrence (editing
 * ranges, insertion points) never leak into a format scripts depend on.
 */
export function imageRecord(file: string, image: ImageOccurrence, analysis: Pick<FileAnalysis, 'profile' | 'profileReason'>) {
  const { reference, pullPolicy, resource } = image;
  return {
    file,
    profile: { name: analysis.profile, reason: analysis.profileReason },
    range: image.range,
    resource: { apiVersion: resource.apiVersion, kind: resource.kind, name: resource.name, namespace: resource.namespace },
    container: image.container,
    containerPath: image.containerPath,
    image: image.image,
    source: image.source,
    environment: image.environment,
    unresolved: image.unresolved && { tool: image.unresolved.tool, explanation: image.unresolved.explanation },
    origin: { file: image.origin.file ?? file, range: image.origin.range, image: image.origin.image ?? null },
    editTargets: image.editTargets.map((target) => ({ file: target.file ?? file, range: target.range, kind: target.kind })),
    reference: {
      valid: reference.valid,
      error: reference.error,
      domain: reference.domain,
      path: reference.path,
      tag: reference.tag,
      digest: reference.digest,
      normalized: reference.normalized,
      familiar: reference.familiar,
    },
    pullPolicy: {
      explicit: pullPolicy.explicit,
      effective: pullPolicy.effective,
      defaulted: pullPolicy.defaulted,
      explanation: pullPolicy.explanation,
    },
  };
}

export function imagesJsonReporter(write: Write): Reporter<FileAnalysis> {
  const array = new StreamingJsonArray(write, 'images');
  const problems = new ProblemRecords();
  return {
    file({ path, analysis }) {
      for (const image of analysis.images) {
        array.push(imageRecord(path, image, analysis));
      }
    },
    problem: (problem) => problems.add(problem),
    finish: () => array.close(problems.fields()),
  };
}
