-- Umlaut with nvim-lspconfig, which does not ship a config for it: register one, then set it up.
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
