/**
 * The "Container Images" view in the Explorer, filled from the server's
 * workspace image list. Clicking an image reveals it; its context menu pins it.
 */
import * as vscode from 'vscode';
import type { WorkspaceImage, WorkspaceImagesResult } from '../../server/src/lsp/protocol';
import type { EnvironmentGroup, FileGroup, ResourceGroup, UnitGroup } from './imagesTree';
import { groupImages, imageDescription, unitKindLabel, viewMessage } from './imagesTree';
import { IMAGES_VIEW_ID } from './ids';

export type ImagesNode =
  | { kind: 'unit'; unit: UnitGroup }
  | { kind: 'environment'; environment: EnvironmentGroup }
  | { kind: 'file'; file: FileGroup }
  | { kind: 'resource'; resource: ResourceGroup }
  | { kind: 'image'; uri: string; image: WorkspaceImage };

/** How long to wait after the last file status before asking the server again. */
const REFRESH_DEBOUNCE_MS = 500;

export class ImagesView implements vscode.TreeDataProvider<ImagesNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<ImagesNode>;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly load: () => Promise<WorkspaceImagesResult>) {
    this.view = vscode.window.createTreeView(IMAGES_VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
  }

  refresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
    this.changed.fire();
  }

  /** Coalesces bursts of file updates (e.g. a workspace scan) into one reload. */
  scheduleRefresh(): void {
    if (!this.view.visible) {
      // Hidden views reload when shown: VS Code calls getChildren again.
      return;
    }
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => this.refresh(), REFRESH_DEBOUNCE_MS);
  }

  async getChildren(node?: ImagesNode): Promise<ImagesNode[]> {
    if (!node) {
      return this.loadFiles();
    }
    switch (node.kind) {
      case 'unit':
        return node.unit.environments.map((environment) => ({ kind: 'environment', environment }));
      case 'environment':
        return node.environment.resources.map((resource) => ({ kind: 'resource', resource }));
      case 'file':
        return node.file.resources.map((resource) => ({ kind: 'resource', resource }));
      case 'resource':
        return node.resource.images.map(({ uri, image }) => ({ kind: 'image', uri, image }));
      case 'image':
        return [];
    }
  }

  getTreeItem(node: ImagesNode): vscode.TreeItem {
    switch (node.kind) {
      case 'unit':
        return unitItem(node.unit);
      case 'environment':
        return environmentItem(node.environment);
      case 'file':
        return fileItem(node.file);
      case 'resource':
        return resourceItem(node.resource);
      case 'image':
        return imageItem(node.uri, node.image);
    }
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    this.view.dispose();
    this.changed.dispose();
  }

  private async loadFiles(): Promise<ImagesNode[]> {
    try {
      const result = await this.load();
      const { units, files } = groupImages(result);
      this.view.message = viewMessage(units.length + files.length, result.failed ?? []);
      return [...units.map((unit): ImagesNode => ({ kind: 'unit', unit })), ...files.map((file): ImagesNode => ({ kind: 'file', file }))];
    } catch (error) {
      this.view.message = `Could not list images: ${error instanceof Error ? error.message : String(error)}`;
      return [];
    }
  }
}

function unitItem(unit: UnitGroup): vscode.TreeItem {
  const uri = vscode.Uri.parse(unit.uri);
  const item = new vscode.TreeItem(uri, vscode.TreeItemCollapsibleState.Expanded);
  item.label = vscode.workspace.asRelativePath(uri);
  item.description = unitKindLabel(unit.kind);
  item.iconPath = new vscode.ThemeIcon(unit.kind === 'helm' ? 'package' : 'layers');
  item.contextValue = 'unit';
  return item;
}

function environmentItem(environment: EnvironmentGroup): vscode.TreeItem {
  const item = new vscode.TreeItem(environment.name, vscode.TreeItemCollapsibleState.Expanded);
  item.description = environment.profile;
  item.tooltip = `Environment ${environment.name}${environment.profile ? ` (${environment.profile} profile)` : ''}`;
  item.iconPath = new vscode.ThemeIcon('server-environment');
  item.contextValue = 'environment';
  return item;
}

function fileItem(file: FileGroup): vscode.TreeItem {
  const uri = vscode.Uri.parse(file.uri);
  const item = new vscode.TreeItem(uri, vscode.TreeItemCollapsibleState.Expanded);
  item.label = vscode.workspace.asRelativePath(uri);
  item.description = file.profile;
  item.tooltip = `${item.label} (${file.profile} profile)`;
  item.contextValue = 'file';
  return item;
}

function resourceItem(resource: ResourceGroup): vscode.TreeItem {
  const item = new vscode.TreeItem(resource.label, vscode.TreeItemCollapsibleState.Expanded);
  item.iconPath = new vscode.ThemeIcon('symbol-class');
  item.contextValue = 'resource';
  return item;
}

function imageItem(uri: string, image: WorkspaceImage): vscode.TreeItem {
  const item = new vscode.TreeItem(image.image, vscode.TreeItemCollapsibleState.None);
  item.description = imageDescription(image);
  item.iconPath = image.pinned
    ? new vscode.ThemeIcon('pinned')
    : image.findingCount > 0
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'))
      : new vscode.ThemeIcon('package');
  const tooltip = new vscode.MarkdownString();
  tooltip.appendMarkdown(`**${image.image}**\n\n`);
  tooltip.appendMarkdown(`Effective pull policy: \`${image.effectivePolicy ?? 'invalid'}\`${image.defaulted ? ' (filled in by the API server)' : ''}\n\n`);
  if (image.container) {
    tooltip.appendMarkdown(`Container: \`${image.container}\`\n\n`);
  }
  tooltip.appendMarkdown(image.pinned ? 'Pinned to a digest.' : 'Not pinned to a digest.');
  item.tooltip = tooltip;
  item.contextValue = image.pinned ? 'image.pinned' : 'image';
  const { start, end } = image.range;
  item.command = {
    command: 'vscode.open',
    title: 'Reveal image',
    arguments: [
      vscode.Uri.parse(uri),
      { selection: new vscode.Range(start.line, start.character, end.line, end.character) } satisfies vscode.TextDocumentShowOptions,
    ],
  };
  return item;
}
