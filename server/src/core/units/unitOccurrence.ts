import type { DeployedContainer, EditTarget, ImageOccurrence, ImageSource, Range, SourceLocation, Unresolved } from '../model';

/** Where a unit's image is fixed, judged and edited. */
export interface UnitPlaces {
  source: ImageSource;
  environment: string;
  /** The primary place to fix: where findings are shown. */
  primary: SourceLocation & { file: string };
  origin: ImageOccurrence['origin'];
  editTargets: EditTarget[];
  unresolved: Unresolved | null;
  /** The written `imagePullPolicy`, when it is in the primary file (for policy fixes). */
  policyKeyRange: Range | null;
  policyValueRange: Range | null;
  policyPatch?: ImageOccurrence['policyPatch'];
  documentIndex: number;
}

/** The occurrence of a unit's container: policy insertions and pod context are for plain manifests only. */
export function unitOccurrence(deployed: DeployedContainer, places: UnitPlaces): ImageOccurrence {
  return {
    file: places.primary.file,
    range: places.primary.range,
    image: deployed.image,
    resource: deployed.resource,
    container: deployed.container,
    containerPath: deployed.containerPath,
    source: places.source,
    origin: places.origin,
    editTargets: places.editTargets,
    environment: places.environment,
    unresolved: places.unresolved,
    reference: deployed.reference,
    pullPolicy: deployed.pullPolicy,
    policyKeyRange: places.policyKeyRange,
    policyValueRange: places.policyValueRange,
    ...(places.policyPatch ? { policyPatch: places.policyPatch } : {}),
    policyInsertion: null,
    documentIndex: places.documentIndex,
    pod: null,
  };
}
