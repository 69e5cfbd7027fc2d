/**
 * Identifiers the client contributes in package.json. Kept in one place so the
 * manifest, the code and the tests name the same things.
 */

/** LanguageClient id; also the settings prefix, so `kubeImageLens.trace.server` works. */
export const CLIENT_ID = 'kubeImageLens';
export const CLIENT_NAME = 'Kube Image Lens';

/** Palette and menu commands (client side). */
export const Commands = {
  pinImage: 'kubeImageLens.pinImage',
  pinAllInFile: 'kubeImageLens.pinAllInFile',
  pinAllInWorkspace: 'kubeImageLens.pinAllInWorkspace',
  checkRegistry: 'kubeImageLens.checkRegistry',
  clearRegistryCache: 'kubeImageLens.clearRegistryCache',
  setProfile: 'kubeImageLens.setProfile',
  showImages: 'kubeImageLens.showImages',
  refreshImages: 'kubeImageLens.refreshImages',
  restartServer: 'kubeImageLens.restartServer',
  showOutput: 'kubeImageLens.showOutput',
} as const;

/** The Explorer view listing the workspace's images. */
export const IMAGES_VIEW_ID = 'kubeImageLens.images';

/** Languages the server analyses. */
export const LANGUAGES = ['yaml', 'helm'] as const;

/** Files the server's project index is made of: manifests, charts and their archives, project configs. */
export const WATCHED_FILES_GLOB = '**/{*.yaml,*.yml,*.tgz,Chart.yaml,.kube-image-lens.yaml}';
