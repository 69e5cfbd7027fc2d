// A test oracle, not product code: the port of the kubelet's image-name parser that the
// defaulting tests cross-check the core against.
import { goQuote } from '../../../server/src/core/reference/goStrings';
import { parseNormalizedNamed } from '../../../server/src/core/reference/normalize';
import { referenceName } from '../../../server/src/core/reference/reference';

const DEFAULT_IMAGE_TAG = 'latest';

export type KubeletImageName = { repository: string; tag: string; digest: string } | { error: string };

/**
 * Kubernetes' `parsers.ParseImageName` (pkg/util/parsers), which API-server
 * defaulting of `imagePullPolicy` relies on. Absent parts are empty strings;
 * `latest` is filled in only when there is neither a tag nor a digest, so
 * `nginx:latest@sha256:…` keeps its `latest` tag.
 */
export function parseKubeletImageName(image: string): KubeletImageName {
  const result = parseNormalizedNamed(image);
  if (!result.ok) {
    return { error: `couldn't parse image name ${goQuote(image)}: ${result.error}` };
  }
  const { reference } = result;
  const tag = reference.tag ?? '';
  const digest = reference.digest ?? '';
  return {
    repository: referenceName(reference),
    tag: tag === '' && digest === '' ? DEFAULT_IMAGE_TAG : tag,
    digest,
  };
}
