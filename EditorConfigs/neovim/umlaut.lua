-- Umlaut with Neovim's built-in LSP client: Neovim 0.7 or later (vim.lsp.start on 0.8+).
-- Save as ~/.config/nvim/plugin/umlaut.lua (or paste into init.lua).
local function root_dir(file)
  local dir = vim.fn.fnamemodify(file, ":p:h")
  local start = dir
  repeat
    for _, marker in ipairs({ "pyproject.toml", ".git" }) do
      if (vim.uv or vim.loop).fs_stat(dir .. "/" .. marker) then return dir end
    end
    local parent = vim.fn.fnamemodify(dir, ":h")
    if parent == dir then return start end
    dir = parent
  until false
end

local clients = {} -- Neovim 0.7: one client per root, reused by the buffers below it
vim.api.nvim_create_autocmd("FileType", { pattern = "python", callback = function(args)
  local config = {
    name = "umlaut",
    cmd = { "umlaut", "lsp" },
    root_dir = root_dir(vim.api.nvim_buf_get_name(args.buf)),
    settings = { umlaut = {} }, -- editor settings, e.g. { ignore = { "UM203" } }, override pyproject.toml
  }
  if vim.lsp.start then
    vim.lsp.start(config)
    return
  end
  local id = clients[config.root_dir]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client.is_stopped() then
    id = vim.lsp.start_client(config)
    clients[config.root_dir] = id
  end
  if id then vim.lsp.buf_attach_client(args.buf, id) end
end })
