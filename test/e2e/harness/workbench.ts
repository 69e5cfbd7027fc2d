/**
 * Helpers that drive the VS Code workbench in Chromium the way a user does:
 * keyboard, mouse and what is on screen. Every wait polls a condition with a
 * deadline. DOM facts (VS Code 1.100): see docs in the shared notes.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS_DIR } from './paths';
import { waitFor } from './poll';

/** Lines of a file compared to tell which file an editor shows. */
const OPENED_LINES_COMPARED = 5;
/** Quick Open picks tried before giving up on opening a file. */
const OPEN_ATTEMPTS = 3;

export type SquiggleKind = 'error' | 'warning' | 'info' | 'hint';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export class Workbench {
  constructor(
    readonly page: Page,
    readonly workspaceDir: string,
  ) {}

  /** The workbench is usable once the Explorer lists a workspace file. */
  async waitForExplorer(fileName: string): Promise<void> {
    await waitFor(
      `Explorer to list ${fileName}`,
      () => this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: fileName }).count(),
      { timeoutMs: 60_000 },
    );
  }

  /** Opens a workspace file through Quick Open and waits until its text is rendered. */
  async openFile(relativePath: string): Promise<void> {
    const name = basename(relativePath);
    const folder = dirname(relativePath);
    // Several lines, so a namesake in another folder (two deployment.yaml) is told apart.
    const firstLines = readFileSync(join(this.workspaceDir, relativePath), 'utf8').split('\n').slice(0, OPENED_LINES_COMPARED);
    const showsFile = async (): Promise<boolean> => {
      const tab = await this.page.locator('.tab.active').getAttribute('aria-label');
      if (!tab?.includes(name)) {
        return false;
      }
      for (const [index, line] of firstLines.entries()) {
        if ((await this.lineText(index + 1)) !== line) {
          return false;
        }
      }
      return true;
    };
    // Quick Open may still list the recently opened files while it filters; a pick of a namesake is retried.
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('Escape');
      await this.page.keyboard.press('Control+P');
      const input = this.page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(relativePath);
      // Click the matching row: Enter would take whichever row is focused while the list still filters.
      const rows = this.page.locator('.quick-input-widget .monaco-list-row', { hasText: name });
      const row = (folder === '.' ? rows : rows.filter({ hasText: folder })).first();
      await waitFor(`Quick Open to offer ${relativePath}`, () => row.count());
      await row.click();
      try {
        await waitFor(`editor tab for ${relativePath} to show its text`, showsFile, { timeoutMs: attempt < OPEN_ATTEMPTS ? 5_000 : 20_000 });
        return;
      } catch (error) {
        if (attempt === OPEN_ATTEMPTS) {
          throw error;
        }
      }
    }
  }

  /** Text of 1-based `line` as rendered (must be on screen). */
  async lineText(line: number): Promise<string | undefined> {
    const found = await this.activeEditor().evaluate((editor, lineNumber) => {
      const top = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')].find(
        (node) => node.textContent.trim() === String(lineNumber),
      )?.getBoundingClientRect().top;
      if (top === undefined) {
        return undefined;
      }
      const row = [...editor.querySelectorAll('.view-lines .view-line')].find(
        (node) => Math.abs(node.getBoundingClientRect().top - top) < 1,
      );
      return row ? (row.textContent as string).replace(/\u00a0/g, ' ') : undefined;
    }, line);
    return found ?? undefined;
  }

  /** Screen box of `text` (first occurrence) on `line`, measured with a DOM Range over the line's text nodes. */
  async textBox(line: number, text: string): Promise<Box> {
    return waitFor(`"${text}" on line ${line}`, () =>
      this.activeEditor().evaluate(
        (editor, { lineNumber, needle }) => {
          const top = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')].find(
            (node) => node.textContent.trim() === String(lineNumber),
          )?.getBoundingClientRect().top;
          const row = [...editor.querySelectorAll('.view-lines .view-line')].find(
            (node) => top !== undefined && Math.abs(node.getBoundingClientRect().top - top) < 1,
          );
          if (!row) {
            return undefined;
          }
          const content = (row.textContent as string).replace(/\u00a0/g, ' ');
          const start = content.indexOf(needle);
          if (start < 0) {
            return undefined;
          }
          const walker = row.ownerDocument.createTreeWalker(row, 4 /* NodeFilter.SHOW_TEXT */);
          const range = row.ownerDocument.createRange();
          let offset = 0;
          let begun = false;
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const length = node.textContent.length;
            if (!begun && start < offset + length) {
              range.setStart(node, start - offset);
              begun = true;
            }
            if (begun && start + needle.length <= offset + length) {
              range.setEnd(node, start + needle.length - offset);
              break;
            }
            offset += length;
          }
          const rect = range.getBoundingClientRect();
          return { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
        },
        { lineNumber: line, needle: text },
      ),
    );
  }

  /** Waits for a diagnostic squiggle of `kind` overlapping `line` vertically. */
  async waitForSquiggle(line: number, kind: SquiggleKind, timeoutMs = 20_000): Promise<void> {
    await waitFor(
      `a ${kind} squiggle on line ${line}`,
      () =>
        this.activeEditor().evaluate(
          (editor, { lineNumber, squiggle }) => {
            const box = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')]
              .find((node) => node.textContent.trim() === String(lineNumber))
              ?.getBoundingClientRect();
            if (!box) {
              return false;
            }
            return [...editor.querySelectorAll(`.view-overlays .squiggly-${squiggle}`)].some((node) => {
              const rect = node.getBoundingClientRect();
              return rect.width > 0 && rect.top < box.bottom && rect.bottom > box.top;
            });
          },
          { lineNumber: line, squiggle: kind },
        ),
      { timeoutMs },
    );
  }

  /** Hovers `text` on `line` and returns the hover provider's content (not the diagnostic part). */
  async hoverText(line: number, text: string): Promise<string> {
    await this.closeHover();
    const box = await this.textBox(line, text);
    const target = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    await this.page.mouse.move(target.x - 30, target.y, { steps: 2 });
    await this.page.mouse.move(target.x, target.y, { steps: 5 });
    const hover = this.page.locator('.monaco-hover:not(.hidden) .markdown-hover');
    const content = await waitFor('the hover content', async () => {
      const joined = (await hover.allInnerTexts()).join('\n').trim();
      return joined.length > 0 ? joined : undefined;
    });
    // It fades in; wait for full opacity so a screenshot shows it as the user does.
    await waitFor('the hover to finish fading in', () =>
      this.page
        .locator('.monaco-hover:not(.hidden)')
        .first()
        .evaluate((node) => node.ownerDocument.defaultView.getComputedStyle(node).opacity === '1'),
    );
    return content;
  }

  /**
   * Hovers `text` on `line` until the hover's provider blocks (one
   * `.markdown-hover` element per hover part, i.e. per provider result)
   * satisfy `until`; re-hovers while they do not (a second language server
   * may still be loading its schema). Returns the blocks' texts.
   */
  async hoverBlocks(line: number, text: string, until: (blocks: string[]) => boolean, timeoutMs = 30_000): Promise<string[]> {
    let last: string[] = [];
    try {
      return await waitFor(
        `hover blocks on "${text}" (line ${line}) to match`,
        async () => {
          await this.hoverText(line, text);
          const blocks = this.page.locator('.monaco-hover:not(.hidden) .markdown-hover');
          return await waitFor(
            'the hover to settle',
            async () => {
              last = (await blocks.allInnerTexts()).map((block) => block.trim()).filter(Boolean);
              return until(last) ? last : undefined;
            },
            { timeoutMs: 3_000 },
          ).catch(() => undefined);
        },
        { timeoutMs, intervalMs: 250 },
      );
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)}; last blocks: ${JSON.stringify(last)}`, { cause: error });
    }
  }

  /** Diagnostic squiggles of every kind that overlap `line` vertically, e.g. ['warning']. */
  async squigglesOnLine(line: number): Promise<string[]> {
    return this.activeEditor().evaluate((editor, lineNumber) => {
      const box = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')]
        .find((node) => node.textContent.trim() === String(lineNumber))
        ?.getBoundingClientRect();
      if (!box) {
        return [];
      }
      return [...editor.querySelectorAll('.view-overlays [class*="squiggly-"]')]
        .filter((node) => {
          const rect = node.getBoundingClientRect();
          return rect.width > 0 && rect.top < box.bottom && rect.bottom > box.top;
        })
        .map((node) => /squiggly-(\w+)/.exec(node.className)?.[1] ?? 'unknown');
    }, line);
  }

  /** Moves the mouse away and waits for any hover to close. */
  async closeHover(): Promise<void> {
    await this.page.mouse.move(5, 5);
    await this.page.keyboard.press('Escape');
    await waitFor('the hover to close', async () => (await this.page.locator('.monaco-hover:not(.hidden)').count()) === 0 || !(await this.page.locator('.monaco-hover:not(.hidden) .markdown-hover').isVisible()));
  }

  /** Opens the Problems panel and returns its rows' text (`message source(code) [Ln x, Col y]`). */
  async openProblems(predicate: (rows: string[]) => boolean = (rows) => rows.length > 0): Promise<string[]> {
    await this.closeHover();
    await this.page.keyboard.press('Control+Shift+M');
    return waitFor('Problems rows', async () => {
      const rows = await this.page.locator('.markers-panel .monaco-list-row').allInnerTexts();
      const normalised = rows.map((row) => row.replace(/\s+/g, ' ').trim());
      return predicate(normalised) ? normalised : undefined;
    });
  }

  /** Closes the bottom panel so the editor gets its height back. */
  async closePanel(): Promise<void> {
    const panel = this.page.locator('.part.panel');
    if (await panel.isVisible()) {
      await this.page.keyboard.press('Control+J');
    }
    await waitFor('the panel to close', async () => !(await panel.isVisible()));
  }

  /**
   * Puts the cursor on `text` in `line` and opens Quick Fix (Ctrl+.) until
   * `expected` is offered. Returns the offered titles; on timeout, the last
   * titles seen (possibly none), so a caller can tell "not offered" apart.
   */
  async codeActions(line: number, text: string, expected: string, timeoutMs = 20_000): Promise<string[]> {
    await this.closeHover();
    const box = await this.textBox(line, text);
    await this.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await this.page.mouse.move(5, 5);
    let offered: string[] = [];
    try {
      return await waitFor(
        `code action "${expected}" on line ${line}`,
        async () => {
          offered = await this.openCodeActionMenu();
          if (offered.some((title) => title.includes(expected))) {
            return offered;
          }
          // The server may not have answered for this document version yet: close and ask again.
          await this.page.keyboard.press('Escape');
          return undefined;
        },
        { timeoutMs, intervalMs: 500 },
      );
    } catch {
      return offered;
    }
  }

  /** Presses Ctrl+. and returns the menu's titles, or [] when VS Code says there are none. */
  private async openCodeActionMenu(): Promise<string[]> {
    const rows = this.page.locator('.action-widget .monaco-list-row:not(.group-header)');
    const none = this.page.locator('.monaco-editor-overlaymessage', { hasText: /no code actions/i });
    await this.page.keyboard.press('Control+.');
    return waitFor(
      'the code action menu',
      async () => {
        if ((await rows.count()) > 0) {
          return (await rows.allInnerTexts()).map((row) => row.trim());
        }
        return (await none.count()) > 0 ? [] : undefined;
      },
      { timeoutMs: 5_000 },
    );
  }

  /**
   * Applies the open code action menu's entry titled `title` with the keyboard,
   * as a user would (the menu's pointer shield swallows synthetic mouse hovers).
   */
  async applyCodeAction(title: string): Promise<void> {
    const rows = this.page.locator('.action-widget .monaco-list-row:not(.group-header)');
    const focused = this.page.locator('.action-widget .monaco-list-row.focused');
    const count = await rows.count();
    for (let step = 0; step <= count; step++) {
      if ((await focused.innerText().catch(() => '')).includes(title)) {
        await this.page.keyboard.press('Enter');
        await waitFor('the code action menu to close', async () => (await rows.count()) === 0);
        return;
      }
      await this.page.keyboard.press('ArrowDown');
    }
    throw new Error(`Code action "${title}" is not in the open menu`);
  }

  /** Opens Quick Fix on `text` in `line` and applies `title`; fails if it is not offered. */
  async quickFix(line: number, text: string, title: string, screenshotName?: string): Promise<string[]> {
    const titles = await this.codeActions(line, text, title);
    if (!titles.some((offered) => offered.includes(title))) {
      throw new Error(`Quick fix "${title}" not offered on line ${line}; offered: ${JSON.stringify(titles)}`);
    }
    if (screenshotName) {
      await this.screenshot(screenshotName);
    }
    const before = await this.editorText();
    await this.applyCodeAction(title);
    await waitFor(`the quick fix "${title}" to change the text`, async () => (await this.editorText()) !== before);
    return titles;
  }

  /** The active editor's rendered lines in order (the whole text for files that fit on screen). */
  async editorText(): Promise<string> {
    return this.activeEditor().evaluate((editor) =>
      [...editor.querySelectorAll('.view-lines .view-line')]
        .map((node) => ({ top: node.getBoundingClientRect().top, text: (node.textContent as string).replace(/\u00a0/g, ' ') }))
        .sort((a, b) => a.top - b.top)
        .map((row) => row.text)
        .join('\n'),
    );
  }

  /** Saves the active editor and returns the file's text from disk once it matches the editor. */
  async fileText(relativePath: string): Promise<string> {
    const shown = await this.editorText();
    await this.page.keyboard.press('Control+S');
    return waitFor(`${relativePath} on disk to match the editor`, async () => {
      const dirty = (await this.page.locator('.tab.active.dirty').count()) > 0;
      const text = readFileSync(join(this.workspaceDir, relativePath), 'utf8');
      return !dirty && text.replace(/\n$/, '') === shown.replace(/\n$/, '') ? text : undefined;
    });
  }

  /** Expands the "Container Images" view and returns its visible rows once `predicate` holds. */
  async imagesViewRows(predicate: (rows: string[]) => boolean = (rows) => rows.length > 0, timeoutMs = 20_000): Promise<string[]> {
    const pane = this.page.locator('.pane', { has: this.page.locator('.pane-header', { hasText: /container images/i }) });
    const header = pane.locator('.pane-header');
    await waitFor('the Container Images view header', () => header.count(), { timeoutMs });
    if ((await header.getAttribute('aria-expanded')) !== 'true') {
      await header.click();
    }
    let seen: string[] = [];
    return waitFor(
      'Container Images rows',
      async () => {
        const rows = (await pane.locator('.monaco-list-row').allInnerTexts()).map((row) => row.replace(/\s+/g, ' ').trim());
        seen = rows;
        if (predicate(rows)) {
          return rows;
        }
        // Said on timeout: which rows were there instead.
        throw new Error(`rows ${JSON.stringify(seen)}`);
      },
      { timeoutMs },
    );
  }

  /**
   * Collapses the Explorer's other sections (the folder tree, Outline, Timeline)
   * so the Container Images view gets their height: its list is virtualised,
   * so rows below its visible part are not in the DOM at all.
   */
  async imagesViewAlone(): Promise<void> {
    const others = this.page.locator('.part.sidebar .pane-header[aria-expanded="true"]', { hasNotText: /container images/i });
    await waitFor('the other Explorer sections to collapse', async () => {
      const count = await others.count();
      if (count > 0) {
        await others.first().click();
      }
      return count === 0;
    });
  }

  /** Clicks the Container Images row containing `text` (the view must be expanded). */
  async clickImagesViewRow(text: string): Promise<void> {
    const pane = this.page.locator('.pane', { has: this.page.locator('.pane-header', { hasText: /container images/i }) });
    await pane.locator('.monaco-list-row', { hasText: text }).first().click();
  }

  /** The codicon of the Container Images row containing `text` (e.g. `pinned`, `warning`, `package`), once `predicate` holds. */
  async imagesViewRowIcon(text: string, predicate: (icon: string) => boolean = () => true, timeoutMs = 20_000): Promise<string> {
    const pane = this.page.locator('.pane', { has: this.page.locator('.pane-header', { hasText: /container images/i }) });
    const icon = pane.locator('.monaco-list-row', { hasText: text }).first().locator('.custom-view-tree-node-item-icon');
    return waitFor(
      `the Container Images row "${text}" to show the expected icon`,
      async () => {
        const name = /codicon-([\w-]+)/.exec((await icon.getAttribute('class', { timeout: 1_000 })) ?? '')?.[1];
        return name && predicate(name) ? name : undefined;
      },
      { timeoutMs },
    );
  }

  /** Clicks an inline action (by its title) of the Container Images row containing `text`, shown while the row is hovered. */
  async clickImagesViewRowAction(text: string, actionTitle: string): Promise<void> {
    const pane = this.page.locator('.pane', { has: this.page.locator('.pane-header', { hasText: /container images/i }) });
    const row = pane.locator('.monaco-list-row', { hasText: text }).first();
    const action = row.locator(`.actions .action-label[aria-label="${actionTitle}"]`);
    await waitFor(`the inline action "${actionTitle}" on "${text}"`, async () => {
      await row.hover();
      return action.isVisible();
    });
    await action.click();
  }

  /** The status bar's cursor position text, e.g. "Ln 17, Col 18 (12 selected)". */
  async cursorStatus(): Promise<string> {
    return (await this.page.locator('[id="status.editor.selection"]').innerText()).trim();
  }

  /** The status bar's language mode of the active editor, e.g. "YAML". */
  async languageMode(): Promise<string> {
    return (await this.page.locator('[id="status.editor.mode"]').innerText()).trim();
  }

  /** Text of the visible notification toasts. */
  async notifications(): Promise<string[]> {
    return (await this.page.locator('.notification-toast .notification-list-item-message').allInnerTexts()).map((text) => text.trim());
  }

  /** Waits until every notification toast has finished fading in (for screenshots). */
  async notificationsSettled(): Promise<void> {
    await waitFor('notification toasts to finish fading in', async () => {
      const toasts = this.page.locator('.notification-toast');
      return (await toasts.count()) === (await this.page.locator('.notification-toast.notification-fade-in-done').count());
    });
  }

  /** Runs a Command Palette entry by its title. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`>${title}`);
    const row = this.page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
    await waitFor(`the command "${title}"`, () => row.count());
    await row.click();
  }

  /** Shows the extension's output channel and returns its rendered (visible) text once it matches `expected`. */
  async outputText(expected: RegExp, timeoutMs = 20_000): Promise<string> {
    await this.runCommand('Kube Image Lens: Show Output');
    return waitFor(
      `the Kube Image Lens output to match ${expected}`,
      async () => {
        const text = (await this.page.locator('.part.panel .output-view .view-lines').allInnerTexts())
          .join('\n')
          .replace(/\u00a0/g, ' ');
        return expected.test(text) ? text : undefined;
      },
      { timeoutMs },
    );
  }

  /** Text of the status bar items contributed by the extension. */
  async statusBarTexts(): Promise<string[]> {
    const items = await this.page.locator('.statusbar-item[id^="kube-image-lens."]').allInnerTexts();
    return items.map((item) => item.trim()).filter(Boolean);
  }

  /** The extension's status bar item whose id ends with `id` (e.g. `kubeImageLens.registry`): its text and codicon. */
  async statusBarItem(id: string): Promise<{ text: string; icon: string | undefined }> {
    const item = this.page.locator(`.statusbar-item[id^="kube-image-lens."][id$=".${id}"]`).first();
    const text = (await item.innerText({ timeout: 5_000 })).trim();
    const icon = /codicon-([\w-]+)/.exec((await item.locator('.codicon').first().getAttribute('class', { timeout: 1_000 }).catch(() => null)) ?? '')?.[1];
    return { text, icon };
  }

  /** Hovers the extension's status bar item `id` and returns its tooltip's text once it matches `expected`. */
  async statusBarTooltip(id: string, expected: RegExp, timeoutMs = 10_000): Promise<string> {
    await this.closeHover();
    const item = this.page.locator(`.statusbar-item[id^="kube-image-lens."][id$=".${id}"]`).first();
    const hover = this.page.locator('.workbench-hover:visible, .monaco-hover:not(.hidden)');
    let last = '';
    try {
      return await waitFor(
        `the tooltip of status item ${id} to match ${expected}`,
        async () => {
          if ((await hover.count()) === 0) {
            await item.hover();
          }
          last = (await hover.allInnerTexts()).join('\n').trim();
          return expected.test(last) ? last : undefined;
        },
        { timeoutMs, intervalMs: 250 },
      );
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)}; last tooltip: ${JSON.stringify(last)}`, { cause: error });
    } finally {
      await this.page.mouse.move(5, 5);
    }
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const path = join(ARTIFACTS_DIR, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  private activeEditor() {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }
}
