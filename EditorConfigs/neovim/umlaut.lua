-- Umlaut with Neovim's built-in LSP client. Put this file in ~/.config/nvim/plugin/ (or
-- `require` it from init.lua). Neovim 0.8+ uses vim.lsp.start; 0.11+ may use vim.lsp.config
-- instead (see README.md).
vim.api.nvim_create_autocmd("FileType", {
  pattern = "python",
  callback = function(args)
    vim.lsp.start({
      name = "umlaut",
      cmd = { "umlaut", "lsp" },
      root_dir = vim.fs.dirname(vim.fs.find({ "pyproject.toml", ".git" }, { upward = true, path = args.file })[1]),
      -- Editor settings override pyproject.toml's [tool.umlaut]; leave empty to use the file.
      settings = { umlaut = {} },
    })
  end,
})
