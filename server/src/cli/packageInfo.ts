// Imported (not read at run time) so esbuild inlines these values into out/cli.js.
import { repository, version } from '../../../package.json';

export const CLI_NAME = 'kube-image-lens';
export const CLI_VERSION: string = version;
/** The project's home page, for SARIF's `informationUri`. */
export const PROJECT_URL: string = repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
