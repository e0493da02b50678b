-- Headless Neovim end-to-end check of rhythm-lsp (Neovim 0.7 and later).
-- nvim --headless --clean -n FILE -c 'luafile nvim_e2e.lua'
-- Environment: LSP_BIN (the server), OUT (where results are written, one per line).
local out = assert(io.open(os.getenv('OUT'), 'w'))
local function emit(s) out:write(s .. '\n'); out:flush() end
local function fail(code, msg) emit('FAIL ' .. msg); out:close(); vim.cmd('cquit ' .. code) end

local buf = vim.api.nvim_get_current_buf()
vim.bo[buf].filetype = 'flow'
local cfg = { name = 'rhythm-lsp', cmd = { os.getenv('LSP_BIN') }, root_dir = vim.fn.getcwd() }
local client_id
if vim.lsp.start then
  client_id = vim.lsp.start(cfg)
else
  client_id = vim.lsp.start_client(cfg)
  vim.lsp.buf_attach_client(buf, client_id)
end
if not vim.wait(10000, function()
  local c = vim.lsp.get_client_by_id(client_id)
  return c ~= nil and c.initialized
end, 10) then
  fail(2, 'server did not initialize')
end

-- Diagnostics are pushed by the server after the buffer is opened (the registry cache is read
-- in the background, so wait for the registry-aware one).
local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ''
end
local seen = vim.wait(10000, function()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if code_of(d) == 'unknown-task' then return true end
  end
  return false
end, 10)
for _, d in ipairs(vim.diagnostic.get(buf)) do
  emit(string.format('DIAG %d:%d %s %s', d.lnum, d.col, code_of(d), d.message))
end
if not seen then fail(3, 'no unknown-task diagnostic') end

local function request(method, params)
  local res = vim.lsp.buf_request_sync(buf, method, params, 10000)
  if not res then fail(4, 'no response to ' .. method) end
  for _, r in pairs(res) do
    if r.err then fail(5, method .. ': ' .. vim.inspect(r.err)) end
    return r.result
  end
end
local uri = vim.uri_from_bufnr(buf)

-- Completion inside `Task.run("` on the last line.
local last = vim.api.nvim_buf_line_count(buf) - 1
local line = vim.api.nvim_buf_get_lines(buf, last, last + 1, false)[1]
local result = request('textDocument/completion', { textDocument = { uri = uri }, position = { line = last, character = #line } })
local items = result and (result.items or result) or {}
for _, it in ipairs(items) do emit('COMPLETE ' .. it.label) end

-- Hover on `floor` (first line `const é = Math.floor(2.5)`: `floor` starts at UTF-16 column 15).
local hover = request('textDocument/hover', { textDocument = { uri = uri }, position = { line = 0, character = 16 } })
if hover and hover.contents then
  emit('HOVER ' .. (hover.contents.value or ''):gsub('\n', ' '))
end

-- An edit: fix the task name, then wait until its diagnostic goes away.
vim.api.nvim_buf_set_text(buf, 1, 16, 1, 26, { 'send_email' })
local fixed = vim.wait(10000, function()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if code_of(d) == 'unknown-task' then return false end
  end
  return true
end, 10)
emit('FIXED ' .. tostring(fixed))

out:close()
vim.lsp.stop_client(client_id)
vim.cmd('qall!')
