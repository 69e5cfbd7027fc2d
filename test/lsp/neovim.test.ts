/**
 * A second, independent LSP client: headless Neovim with its built-in client
 * starts `node out/cli.js lsp --stdio`, attaches it to a YAML buffer, waits for
 * diagnostics, asks for a hover and code actions, and writes what it got as JSON.
 * Skipped only when `nvim` is not on PATH (CI installs Debian's `neovim`).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { CLI } from './harness/lspClient';
import { deployment, rangeOf, tempWorkspace } from './harness/text';

const nvimVersion = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const nvimMissing = nvimVersion.error ? `nvim is not on PATH (${nvimVersion.error.message}); install Debian's neovim to run this test` : false;

const workspace = tempWorkspace('kil-nvim-');
after(() => workspace.cleanup());

interface NeovimResult {
  ok: boolean;
  error?: string;
  nvim?: string;
  waited?: boolean;
  diagnostics?: Array<{ code: string; lnum: number; col: number; end_lnum: number; end_col: number; severity: number; source: string; message: string }>;
  hover?: string[];
  actions?: string[];
  serverPid?: number | null;
  clientStopped?: boolean;
}

const lua = (value: string): string => JSON.stringify(value); // a JSON string is a valid Lua string literal here (no control chars)

/** The init.lua that drives Neovim; all paths are absolute. */
function initLua(file: string, resultFile: string, hoverAt: { line: number; character: number }): string {
  return `
local result_file = ${lua(resultFile)}
local function write(tbl)
  local f = assert(io.open(result_file, 'w'))
  f:write(vim.fn.json_encode(tbl))
  f:close()
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(${lua(file)}))
  vim.bo.filetype = 'yaml'
  local bufnr = vim.api.nvim_get_current_buf()
  local config = {
    name = 'kube-image-lens',
    cmd = { ${lua(process.execPath)}, ${lua(CLI)}, 'lsp', '--stdio' },
    root_dir = ${lua(workspace.dir)},
    -- Neovim answers workspace/configuration from these when it announces that capability (0.8+);
    -- 0.7 does not, so, like nvim-lspconfig, push them once the server is initialised.
    settings = { kubeImageLens = { severity = { ['latest-tag-cached'] = 'error' } } },
    on_init = function(client)
      client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
    end,
  }
  local client_id
  if vim.lsp.start then
    client_id = vim.lsp.start(config)
  else
    -- Neovim 0.7 (Debian bookworm) has no vim.lsp.start yet
    client_id = vim.lsp.start_client(config)
    vim.lsp.buf_attach_client(bufnr, client_id)
  end
  assert(client_id, 'the LSP client did not start')

  -- wait for the diagnostic computed with the pushed settings (severity error)
  local waited = vim.wait(20000, function()
    return #vim.diagnostic.get(bufnr, { severity = vim.diagnostic.severity.ERROR }) > 0
  end, 20)
  local diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(diagnostics, {
      code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code),
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, source = d.source, message = d.message,
    })
  end

  local uri = vim.uri_from_bufnr(bufnr)
  local position = { line = ${hoverAt.line}, character = ${hoverAt.character} }
  local hover = {}
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', { textDocument = { uri = uri }, position = position }, 5000) or {}
  for _, response in pairs(responses) do
    if response.result and response.result.contents then
      local contents = response.result.contents
      table.insert(hover, type(contents) == 'table' and (contents.value or vim.fn.json_encode(contents)) or tostring(contents))
    end
  end

  local actions = {}
  local action_params = {
    textDocument = { uri = uri },
    range = { start = position, ['end'] = position },
    context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, position.line) },
  }
  local action_responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', action_params, 5000) or {}
  for _, response in pairs(action_responses) do
    for _, action in ipairs(response.result or {}) do
      table.insert(actions, action.title)
    end
  end

  local client = vim.lsp.get_client_by_id(client_id)
  local pid = client and client.rpc and client.rpc.pid or vim.NIL
  vim.lsp.stop_client(client_id)
  local stopped = vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 20)

  write({
    ok = true, nvim = tostring(vim.version().major) .. '.' .. tostring(vim.version().minor) .. '.' .. tostring(vim.version().patch),
    waited = waited, diagnostics = diagnostics, hover = hover, actions = actions,
    serverPid = pid, clientStopped = stopped,
  })
end)
if not ok then
  write({ ok = false, error = tostring(err) })
end
vim.cmd('qa!')
`;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs nvim headless with the given init file; kills its whole process group at the deadline. */
function runNeovim(init: string, timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; timedOut: boolean }> {
  const home = path.join(workspace.dir, '.home');
  mkdirSync(home, { recursive: true });
  const child = spawn('nvim', ['--headless', '--clean', '-n', '-i', 'NONE', '-u', init], {
    cwd: workspace.dir,
    // Keep Neovim's LSP log and state out of the real home.
    env: { ...process.env, HOME: home, XDG_CACHE_HOME: home, XDG_STATE_HOME: home, XDG_DATA_HOME: home, XDG_CONFIG_HOME: home },
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve) => {
    let timedOut = false;
    const killGroup = (): void => {
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    process.once('exit', killGroup);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      process.removeListener('exit', killGroup);
      resolve({ code, signal, stderr, timedOut });
    });
  });
}

describe('Neovim built-in LSP client', () => {
  test('diagnostics, hover and code actions through headless nvim', { skip: nvimMissing, timeout: 90_000 }, async () => {
    assert.ok(existsSync(CLI), `${CLI} is missing: run \`npm run build\` first`);
    const text = deployment('nginx:latest', 'IfNotPresent');
    const file = path.join(workspace.dir, 'deploy.yaml');
    writeFileSync(file, text);
    const resultFile = path.join(workspace.dir, 'result.json');
    const init = path.join(workspace.dir, 'init.lua');
    const image = rangeOf(text, 'nginx:latest');
    writeFileSync(init, initLua(file, resultFile, { line: image.start.line, character: image.start.character + 2 }));

    const run = await runNeovim(init, 60_000);
    assert.equal(run.timedOut, false, `nvim did not exit within 60 s (killed); stderr:\n${run.stderr}`);
    assert.ok(existsSync(resultFile), `nvim wrote no result (exit ${run.code}); stderr:\n${run.stderr}`);
    const result = JSON.parse(readFileSync(resultFile, 'utf8')) as NeovimResult;
    assert.ok(result.ok, `the init script failed: ${result.error}`);
    assert.equal(result.waited, true, `no error diagnostic arrived within 20 s; got ${JSON.stringify(result.diagnostics)}`);

    assert.deepEqual(
      result.diagnostics?.map((d) => ({ code: d.code, source: d.source, lnum: d.lnum, col: d.col, end_lnum: d.end_lnum, end_col: d.end_col })),
      [{ code: 'latest-tag-cached', source: 'kube-image-lens', lnum: image.start.line, col: image.start.character, end_lnum: image.end.line, end_col: image.end.character }],
    );
    // the settings given to Neovim reached the server: error = 1
    assert.equal(result.diagnostics?.[0]?.severity, 1);

    assert.equal(result.hover?.length, 1, JSON.stringify(result.hover));
    assert.match(result.hover?.[0] ?? '', /IfNotPresent/);
    assert.match(result.hover?.[0] ?? '', /nginx:latest/);

    assert.ok(
      result.actions?.some((title) => /^Set imagePullPolicy to Always/.test(title)),
      JSON.stringify(result.actions),
    );

    assert.equal(result.clientStopped, true, 'the client did not stop (shutdown/exit) within 5 s');
    if (typeof result.serverPid === 'number') {
      const pid = result.serverPid;
      // The server must exit after Neovim's shutdown + exit (no orphan); poll with a deadline.
      const deadline = Date.now() + 10_000;
      while (processExists(pid) && Date.now() < deadline) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      assert.equal(processExists(pid), false, `the server process ${pid} outlived Neovim`);
    }
  });
});
