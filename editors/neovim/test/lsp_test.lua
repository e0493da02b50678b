-- Headless end-to-end test of editors/neovim against the language server.
--
-- Run by run.sh as: nvim --headless -u init.lua -n testdata/undeclared.flow -c 'luafile lsp_test.lua'
-- with RHYTHM_LSP set to the server binary. Exits 0 when every check passes, 1 otherwise, and
-- prints one line per check.
local failures = 0
local function log(msg)
  io.stdout:write(msg .. '\n')
end
local function check(name, ok, detail)
  if ok then
    log('ok   ' .. name)
  else
    failures = failures + 1
    log('FAIL ' .. name .. (detail and (': ' .. detail) or ''))
  end
  return ok
end
local function finish()
  pcall(function()
    for _, c in pairs(vim.lsp.get_active_clients()) do
      c.stop()
    end
  end)
  if failures == 0 then
    log('PASS')
    vim.cmd('qall!')
  else
    log(failures .. ' check(s) failed')
    vim.cmd('cquit 1')
  end
end

local ok, err = xpcall(function()
  local server = os.getenv('RHYTHM_LSP')
  assert(server and server ~= '', 'RHYTHM_LSP is not set')
  local buf = vim.api.nvim_get_current_buf()
  local name = vim.api.nvim_buf_get_name(buf)

  -- 1. Filetype detection (ftdetect/rhythm.lua) and the ftplugin.
  check('filetype of ' .. vim.fn.fnamemodify(name, ':t') .. ' is rhythm', vim.bo[buf].filetype == 'rhythm', vim.bo[buf].filetype)
  check('commentstring from ftplugin', vim.bo[buf].commentstring == '// %s', vim.bo[buf].commentstring)

  -- 2. setup(): the server starts and attaches to the already open buffer.
  local rhythm = require('rhythm')
  local how = rhythm.setup({ cmd = { server }, settings = { test = true } })
  log('     lsp registered via ' .. tostring(how.lsp) .. ', parser via ' .. tostring(how.treesitter))
  check('server command', vim.deep_equal(rhythm.server_cmd(), { server }))
  local function client()
    local list = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = buf }) or vim.lsp.buf_get_clients(buf)
    for _, c in pairs(list) do
      if c.name == 'rhythm' then
        return c
      end
    end
  end
  local attached = vim.wait(10000, function()
    local c = client()
    return c ~= nil and c.initialized == true
  end, 20)
  if not check('client attached and initialized', attached) then
    return
  end
  local c = client()
  local caps = c.server_capabilities or c.resolved_capabilities
  check('server advertises completion', caps and (caps.completionProvider ~= nil or caps.completion == true))

  -- 3. Diagnostics: the undeclared variable is reported where it is.
  local diags = {}
  vim.wait(10000, function()
    diags = vim.diagnostic.get(buf)
    return #diags > 0
  end, 20)
  local found
  for _, d in ipairs(diags) do
    if d.message:find('missing', 1, true) then
      found = d
    end
  end
  check('diagnostic for undeclared `missing`', found ~= nil, vim.inspect(diags))
  if found then
    check('diagnostic position 4:13', found.lnum == 3 and found.col == 12, found.lnum .. ':' .. found.col)
    check('diagnostic code undeclared-variable', found.code == 'undeclared-variable', tostring(found.code))
    check('diagnostic severity error', found.severity == vim.diagnostic.severity.ERROR, tostring(found.severity))
  end
  check('exactly one diagnostic', #diags == 1, vim.inspect(diags))

  -- 4. Completion: built-in namespaces at an identifier, members after `Math.`.
  local uri = vim.uri_from_bufnr(buf)
  local function complete(line, character)
    local res = vim.lsp.buf_request_sync(buf, 'textDocument/completion', {
      textDocument = { uri = uri },
      position = { line = line, character = character },
    }, 5000)
    local labels = {}
    for _, r in pairs(res or {}) do
      local items = r.result and (r.result.items or r.result) or {}
      for _, it in ipairs(items) do
        labels[it.label] = true
      end
    end
    return labels
  end
  local labels = complete(2, 16) -- const cents = Ma|th.floor(...)
  check('completion offers built-in Math', labels.Math == true, vim.inspect(vim.tbl_keys(labels)))
  labels = complete(2, 19) -- Math.|floor
  check('completion after Math. offers floor', labels.floor == true, vim.inspect(vim.tbl_keys(labels)))
  check('completion after Math. offers max', labels.max == true)

  -- 5. Hover on a built-in.
  local res = vim.lsp.buf_request_sync(buf, 'textDocument/hover', {
    textDocument = { uri = uri },
    position = { line = 2, character = 20 }, -- Math.fl|oor
  }, 5000)
  local text = ''
  for _, r in pairs(res or {}) do
    local contents = r.result and r.result.contents
    if type(contents) == 'table' then
      text = text .. (contents.value or vim.inspect(contents))
    elseif type(contents) == 'string' then
      text = text .. contents
    end
  end
  check('hover on Math.floor mentions floor', text:find('floor', 1, true) ~= nil, text)

  -- 6. Editing: fixing the file clears the diagnostic (incremental sync through Neovim).
  vim.api.nvim_buf_set_lines(buf, 3, 4, false, { 'console.log(order, cents)' })
  local cleared = vim.wait(10000, function()
    return #vim.diagnostic.get(buf) == 0
  end, 20)
  check('diagnostics cleared after the edit', cleared, vim.inspect(vim.diagnostic.get(buf)))

  -- 7. A second file: detected and attached to the same client (same root).
  vim.cmd('edit ' .. vim.fn.fnameescape(vim.fn.fnamemodify(name, ':h') .. '/clean.flow'))
  local buf2 = vim.api.nvim_get_current_buf()
  check('second file filetype', vim.bo[buf2].filetype == 'rhythm', vim.bo[buf2].filetype)
  local same = vim.wait(5000, function()
    return vim.lsp.buf_is_attached(buf2, c.id)
  end, 20)
  check('second file attached to the same client', same)
  vim.wait(1000, function()
    return false
  end, 50)
  check('clean file has no diagnostics', #vim.diagnostic.get(buf2) == 0, vim.inspect(vim.diagnostic.get(buf2)))
end, debug.traceback)
if not ok then
  check('test script ran', false, err)
end
finish()
