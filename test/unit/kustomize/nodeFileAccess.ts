/** Tests and scripts read kustomizations through the product's own file access. */
import { workspaceFileAccess } from '../../../server/src/workspace/units';

export const nodeFileAccess = workspaceFileAccess();
