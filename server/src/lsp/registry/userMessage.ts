import type { Connection } from 'vscode-languageserver';

/** A `window/showMessage`, named after the extension so the user knows who speaks. */
export function showUserMessage(connection: Connection, kind: 'info' | 'warning' | 'error', text: string): void {
  const message = `Kube Image Lens: ${text}`;
  if (kind === 'error') {
    void connection.window.showErrorMessage(message);
  } else if (kind === 'warning') {
    void connection.window.showWarningMessage(message);
  } else {
    void connection.window.showInformationMessage(message);
  }
}
