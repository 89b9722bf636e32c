-- Headless Neovim (0.7+) running a training script from the editor, configured only by the
-- shipped EditorConfigs/neovim/ files in its plugin/ directory (test_neovim.py sets that up): :UmlautRun, then the runtime diagnostics it shows
-- through vim.diagnostic.get(), then :UmlautClearRunFindings. Writes a JSON report to $REPORT
-- and exits 0 on success, 1 on failure.
--
--   SCRIPT=path/to/train.py UMLAUT_PYTHON=.venv/bin/python REPORT=/tmp/report.json \
--     nvim --headless -c "luafile Tests/EndToEnd/lsp/neovim_run.lua"

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

  local function diagnostics(source)
    local found = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.source == source then table.insert(found, { code = d.code, lnum = d.lnum, col = d.col, severity = d.severity }) end
    end
    table.sort(found, function(a, b) return a.code < b.code end)
    return found
  end
  local function has_codes(list, codes)
    local seen = {}
    for _, d in ipairs(list) do seen[d.code] = true end
    for _, code in ipairs(codes) do if not seen[code] then return false end end
    return true
  end

  assert(vim.wait(20000, function() return #diagnostics("umlaut") > 0 end, 20), "no static diagnostics within 20 s")
  table.insert(report.steps, "static")

  vim.cmd("UmlautRun")
  assert(vim.wait(60000, function() return has_codes(diagnostics("umlaut-run"), { "UM501", "UM506" }) end, 50),
    "no runtime diagnostics within 60 s: " .. vim.inspect(diagnostics("umlaut-run")))
  report.runtime = diagnostics("umlaut-run")
  report.static = diagnostics("umlaut")
  table.insert(report.steps, "runtime")

  -- The run is over (its findings are final) once its session says so; then clear.
  vim.cmd("UmlautClearRunFindings")
  assert(vim.wait(10000, function() return #diagnostics("umlaut-run") == 0 end, 20), "the runtime diagnostics were not cleared")
  table.insert(report.steps, "cleared")
  vim.lsp.stop_client(client_id)
end)

if ok then finish(true, "ok") else finish(false, tostring(err)) end
