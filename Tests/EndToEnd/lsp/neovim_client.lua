-- Returns a function that waits for the `umlaut` client the user's configuration attached to a
-- buffer (the tests start none themselves) and returns its id; fails after 10 s.
return function(bufnr)
  local function attached()
    local clients = (vim.lsp.get_clients or vim.lsp.get_active_clients)()
    for _, client in pairs(clients) do
      if client.name == "umlaut" and vim.lsp.buf_is_attached(bufnr, client.id) then return client.id end
    end
  end
  assert(vim.wait(10000, function() return attached() ~= nil end, 20),
    "the configuration attached no umlaut client to " .. vim.api.nvim_buf_get_name(bufnr))
  return attached()
end
