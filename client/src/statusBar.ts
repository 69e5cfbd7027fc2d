/**
 * Two status bar items: the active file's environment profile (click to change
 * it) and what the registry side is doing. Shown only for yaml/helm editors.
 */
import * as vscode from 'vscode';
import type { FileStatusParams, RegistryStatusParams } from '../../server/src/lsp/protocol';
import { Commands, LANGUAGES } from './ids';

const PROFILE_SOURCES: Record<FileStatusParams['profileSource'], string> = {
  comment: 'a comment in the file',
  pattern: 'a kubeImageLens.profiles pattern',
  default: 'kubeImageLens.defaultProfile',
  override: 'your override (Set Profile)',
};

export class StatusBar implements vscode.Disposable {
  private readonly profileItem = vscode.window.createStatusBarItem('kubeImageLens.profile', vscode.StatusBarAlignment.Right, 100);
  private readonly registryItem = vscode.window.createStatusBarItem('kubeImageLens.registry', vscode.StatusBarAlignment.Right, 99);
  private readonly fileStatus = new Map<string, FileStatusParams>();
  private registry: RegistryStatusParams = { state: 'idle', signedInHosts: [] };
  private readonly subscription = vscode.window.onDidChangeActiveTextEditor(() => this.render());

  constructor() {
    this.profileItem.name = 'Kube Image Lens: profile';
    this.profileItem.command = Commands.setProfile;
    this.registryItem.name = 'Kube Image Lens: registry';
    this.registryItem.command = Commands.checkRegistry;
    this.render();
  }

  updateFile(params: FileStatusParams): void {
    this.fileStatus.set(params.uri, params);
    this.render();
  }

  updateRegistry(params: RegistryStatusParams): void {
    this.registry = params;
    this.render();
  }

  dispose(): void {
    this.subscription.dispose();
    this.profileItem.dispose();
    this.registryItem.dispose();
  }

  private render(): void {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !(LANGUAGES as readonly string[]).includes(editor.document.languageId)) {
      this.profileItem.hide();
      this.registryItem.hide();
      return;
    }
    const status = this.fileStatus.get(editor.document.uri.toString());
    if (status) {
      this.profileItem.text = `$(server-environment) ${status.profile}`;
      this.profileItem.tooltip = `Kube Image Lens: ${status.imageCount} image(s) judged with the ${status.profile} profile, chosen by ${PROFILE_SOURCES[status.profileSource]}. Click to change.`;
      this.profileItem.show();
    } else {
      this.profileItem.hide();
    }
    this.renderRegistry();
    this.registryItem.show();
  }

  private renderRegistry(): void {
    const { state, signedInHosts, detail } = this.registry;
    const look = {
      idle: { icon: '$(cloud)', text: 'Registry', summary: 'idle; look-ups run on demand' },
      busy: { icon: '$(sync~spin)', text: 'Looking up…', summary: 'looking up digests' },
      offline: { icon: '$(debug-disconnect)', text: 'Registry offline', summary: 'registry unreachable' },
      disabled: { icon: '$(workspace-untrusted)', text: 'Registry off', summary: 'look-ups disabled in an untrusted workspace' },
    }[state];
    this.registryItem.text = `${look.icon} ${look.text}`;
    const tooltip = new vscode.MarkdownString(`**Kube Image Lens registry**: ${look.summary}`);
    if (detail) {
      tooltip.appendMarkdown(`\n\n${escapeMarkdown(detail)}`);
    }
    tooltip.appendMarkdown(
      signedInHosts.length > 0
        ? `\n\nSigned in to: ${signedInHosts.map((host) => `\`${host}\``).join(', ')}`
        : '\n\nNo registry credentials in use.',
    );
    tooltip.appendMarkdown('\n\nClick to check the registry for this file.');
    this.registryItem.tooltip = tooltip;
    this.registryItem.backgroundColor =
      state === 'offline' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
