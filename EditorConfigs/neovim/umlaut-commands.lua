-- Commands for Umlaut's training runs, for Neovim 0.7 or later with any of the set-ups beside this file.
-- Put it in ~/.config/nvim/plugin/ too (or `dofile` it from init.lua).
--
--   :UmlautRun [args...]     run this script under Umlaut (`umlaut run`, started by the server);
--                            its runtime findings appear as diagnostics (source "umlaut-run")
--                            epoch by epoch, at the lines that cause them
--   :UmlautStopRun           stop the runs of this script started from the editor
--   :UmlautClearRunFindings  hide the runtime findings until the next run
--
-- Neovim shows the run's progress ($/progress) through vim.lsp.status() on 0.10+ (e.g. in the
-- statusline) or a progress plugin; the end of a run that failed is shown as a message.

local function umlaut_client(bufnr)
  local clients = (vim.lsp.get_clients or vim.lsp.get_active_clients)()
  for _, client in pairs(clients) do
    if client.name == "umlaut" and vim.lsp.buf_is_attached(bufnr, client.id) then
      return client
    end
  end
end

local function execute(command, arguments)
  local bufnr = vim.api.nvim_get_current_buf()
  local client = umlaut_client(bufnr)
  if not client then
    vim.notify("Umlaut is not attached to this buffer", vim.log.levels.WARN)
    return
  end
  local params = { command = command, arguments = arguments }
  local function done(err)
    if err then vim.notify("Umlaut: " .. err.message, vim.log.levels.ERROR) end
  end
  if vim.fn.has("nvim-0.11") == 1 then
    client:request("workspace/executeCommand", params, done, bufnr)
  else
    client.request("workspace/executeCommand", params, done, bufnr)
  end
end

vim.api.nvim_create_user_command("UmlautRun", function(opts)
  if vim.bo.modified then vim.cmd("write") end -- the run reads the file, not the buffer
  execute("umlaut.run", { vim.uri_from_bufnr(0), opts.fargs })
end, { nargs = "*", desc = "Run this script under Umlaut and show its runtime findings" })

vim.api.nvim_create_user_command("UmlautStopRun", function()
  execute("umlaut.stopRun", { vim.uri_from_bufnr(0) })
end, { desc = "Stop the Umlaut run of this script" })

vim.api.nvim_create_user_command("UmlautClearRunFindings", function()
  execute("umlaut.clearRunFindings", {})
end, { desc = "Hide Umlaut's runtime findings until the next run" })
