-- Headless Neovim (0.7+) as a real LSP client of `umlaut lsp`, configured only by the shipped
-- EditorConfigs/neovim/ files in its plugin/ directory (test_neovim.py sets that up, with
-- `umlaut` on PATH): opens a buggy script, waits for the client the configuration starts and
-- the pushed diagnostics, reads them back through vim.diagnostic.get(), applies the quick fix
-- the server offers, and waits for the diagnostics to go. Writes a JSON report to $REPORT and
-- exits 0 on success, 1 on failure.
--
--   SCRIPT=path/to/buggy.py REPORT=/tmp/report.json \
--     nvim --headless -c "luafile Tests/EndToEnd/lsp/neovim_diagnostics.lua"

local report = { steps = {} }
local function finish(ok, message)
  report.ok = ok
  report.message = message
  local file = io.open(os.getenv("REPORT"), "w")
  file:write(vim.fn.json_encode(report))
  file:close()
  vim.cmd(ok and "qall!" or "cquit! 1")
end

local ok, err = pcall(function()
  local script = os.getenv("SCRIPT")
  vim.cmd("edit " .. vim.fn.fnameescape(script))
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = dofile(os.getenv("FIND_CLIENT"))(bufnr)

  local function umlaut_diagnostics()
    local found = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.source == "umlaut" then table.insert(found, d) end
    end
    return found
  end

  assert(vim.wait(20000, function() return #umlaut_diagnostics() > 0 end, 20), "no diagnostics within 20 s")
  local diagnostics = umlaut_diagnostics()
  report.diagnostics = {}
  for _, d in ipairs(diagnostics) do
    table.insert(report.diagnostics, {
      code = d.code, lnum = d.lnum, col = d.col, end_col = d.end_col, severity = d.severity, message = d.message,
    })
  end
  table.insert(report.steps, "diagnostics")

  -- Ask for the code actions at the diagnostic, resolve the first, apply its edit.
  -- As vim.lsp.buf.code_action() does: the line's diagnostics converted back to LSP form.
  local first = diagnostics[1]
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    range = { start = { line = first.lnum, character = first.col }, ["end"] = { line = first.end_lnum or first.lnum, character = first.end_col } },
    context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, first.lnum) },
  }
  local responses = vim.lsp.buf_request_sync(bufnr, "textDocument/codeAction", params, 10000)
  local response = responses and responses[client_id]
  assert(response and response.result, "no code actions: " .. vim.inspect(response and response.err or responses))
  local actions = responses[client_id].result
  report.actions = {}
  for _, action in ipairs(actions) do table.insert(report.actions, action.title) end
  local action = actions[1]
  if not action.edit then
    local resolved = vim.lsp.buf_request_sync(bufnr, "codeAction/resolve", action, 10000)
    action = resolved[client_id].result
  end
  assert(action.edit, "the quick fix has no edit")
  vim.lsp.util.apply_workspace_edit(action.edit, "utf-16")
  table.insert(report.steps, "applied")
  report.fixed_line = vim.api.nvim_buf_get_lines(bufnr, first.lnum, first.lnum + 1, false)[1]

  assert(vim.wait(20000, function() return #umlaut_diagnostics() == 0 end, 20), "the diagnostic did not go away")
  table.insert(report.steps, "cleared")

  vim.lsp.stop_client(client_id)
end)

if ok then finish(true, "ok") else finish(false, tostring(err)) end
