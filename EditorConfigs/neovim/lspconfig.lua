-- Umlaut with nvim-lspconfig, which does not ship a config for it: register one, then set it up.
-- Neovim 0.7 or later, with an nvim-lspconfig release that supports your Neovim (its recent
-- releases need 0.10+ and prefer vim.lsp.config); umlaut.lua beside this file needs no plugin.
local configs = require("lspconfig.configs")
local util = require("lspconfig.util")

if not configs.umlaut then
  configs.umlaut = {
    default_config = {
      cmd = { "umlaut", "lsp" },
      filetypes = { "python" },
      root_dir = util.root_pattern("pyproject.toml", ".git"),
      settings = { umlaut = {} },
    },
    docs = { description = "Umlaut: the silent bugs of deep-learning training scripts." },
  }
end

require("lspconfig").umlaut.setup({})
