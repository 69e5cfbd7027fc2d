/** Entry point of the bundled language server (`out/server.js`), used by the VS Code client. */
import { startLanguageServer } from './server';

startLanguageServer();
