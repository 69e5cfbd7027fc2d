/**
 * Chromium driven by playwright-core. Started with launchServer() so the
 * harness knows the browser's PID and can kill it even if playwright hangs.
 */
import type { Browser, BrowserServer, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH } from './paths';

export interface RunningBrowser {
  browser: Browser;
  page: Page;
  pid: number | undefined;
  close(): Promise<void>;
}

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchBrowser(viewport = { width: 1400, height: 900 }): Promise<RunningBrowser> {
  const server: BrowserServer = await chromium.launchServer({ executablePath: CHROMIUM_PATH, args: ARGS, headless: true });
  const pid = server.process().pid;
  try {
    const browser = await chromium.connect(server.wsEndpoint());
    const context = await browser.newContext({ viewport });
    // Functions passed to page.evaluate are compiled by tsx, which wraps named
    // functions in `__name(...)`; define it in the page so they run there.
    await context.addInitScript('globalThis.__name = globalThis.__name || ((fn) => fn);');
    const page = await context.newPage();
    return {
      browser,
      page,
      pid,
      close: async () => {
        await browser.close().catch(() => undefined);
        await server.close().catch(() => undefined);
        if (pid !== undefined) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // Already exited.
          }
        }
      },
    };
  } catch (error) {
    await server.kill();
    throw error;
  }
}
