-- Headless test of rhythm.setup() on the code paths this Neovim cannot take by itself: the
-- Neovim 0.11+ API (vim.lsp.config / vim.lsp.enable), nvim-lspconfig, and nvim-treesitter's
-- master and main branches. Each is replaced by a recording stand-in; the test checks what
-- setup() hands to it. Run by run.sh: nvim --headless -u init.lua -c 'luafile setup_test.lua'
local failures = 0
local function check(name, ok, detail)
  io.stdout:write((ok and 'ok   ' or 'FAIL ') .. name .. ((not ok and detail) and (': ' .. detail) or '') .. '\n')
  if not ok then
    failures = failures + 1
  end
end

local function fresh()
  package.loaded['rhythm'] = nil
  package.loaded['lspconfig'] = nil
  package.loaded['lspconfig.configs'] = nil
  package.loaded['nvim-treesitter.parsers'] = nil
  return require('rhythm')
end

local ok, err = xpcall(function()
  local saved_config, saved_enable = vim.lsp.config, vim.lsp.enable

  -- Neovim 0.11+: vim.lsp.config('rhythm', cfg) then vim.lsp.enable('rhythm').
  local configured, enabled = {}, {}
  vim.lsp.config = function(name, cfg)
    configured[name] = cfg
  end
  vim.lsp.enable = function(name)
    table.insert(enabled, name)
  end
  local rhythm = fresh()
  local how = rhythm.setup({ cmd = { '/opt/rhythm-lsp', '-log', '/tmp/l' }, database_url = 'postgres://db/x', treesitter = false })
  local cfg = configured.rhythm
  check('0.11: registered via vim.lsp.config', how.lsp == 'vim.lsp.config', tostring(how.lsp))
  check('0.11: enabled', vim.deep_equal(enabled, { 'rhythm' }), vim.inspect(enabled))
  check('0.11: cmd', cfg and vim.deep_equal(cfg.cmd, { '/opt/rhythm-lsp', '-log', '/tmp/l' }), vim.inspect(cfg))
  check('0.11: filetypes', cfg and vim.deep_equal(cfg.filetypes, { 'rhythm' }))
  check('0.11: root markers', cfg and vim.tbl_contains(cfg.root_markers, '.git') and vim.tbl_contains(cfg.root_markers, '.rhythm'))
  check('0.11: database URL in settings and init options', cfg and cfg.settings.rhythm.databaseUrl == 'postgres://db/x' and cfg.init_options.databaseUrl == 'postgres://db/x', vim.inspect(cfg))
  vim.lsp.config, vim.lsp.enable = saved_config, saved_enable

  -- Older Neovim with nvim-lspconfig installed.
  local configs, setup_args = {}, nil
  package.preload['lspconfig.configs'] = function()
    return configs
  end
  package.preload['lspconfig'] = function()
    return setmetatable({}, {
      __index = function(_, name)
        return {
          setup = function(args)
            setup_args = { name = name, args = args, default = configs[name] and configs[name].default_config }
          end,
        }
      end,
    })
  end
  rhythm = fresh()
  if not vim.lsp.config then
    how = rhythm.setup({ cmd = 'rhythm-lsp', treesitter = false })
    check('lspconfig: registered via lspconfig', how.lsp == 'lspconfig', tostring(how.lsp))
    check('lspconfig: server config added', setup_args and setup_args.name == 'rhythm' and setup_args.default ~= nil, vim.inspect(setup_args))
    check('lspconfig: string cmd becomes a list', setup_args and vim.deep_equal(setup_args.args.cmd, { 'rhythm-lsp' }), vim.inspect(setup_args))
    check('lspconfig: filetypes', setup_args and vim.deep_equal(setup_args.default.filetypes, { 'rhythm' }))
    local root = setup_args and setup_args.default.root_dir(vim.fn.getcwd() .. '/x/y.flow')
    check('lspconfig: root_dir is a folder', type(root) == 'string' and vim.fn.isdirectory(root) == 1, tostring(root))
  end

  package.preload['lspconfig'] = nil
  package.preload['lspconfig.configs'] = nil

  -- nvim-treesitter master: get_parser_configs().flow with install_info pointing at grammar/.
  local parser_configs = {}
  package.preload['nvim-treesitter.parsers'] = function()
    return { get_parser_configs = function() return parser_configs end, filetype_to_parsername = {} }
  end
  rhythm = fresh()
  how = rhythm.setup({ lsp = false })
  local info = parser_configs.flow and parser_configs.flow.install_info
  check('treesitter master: registered', how.treesitter == 'nvim-treesitter.master', tostring(how.treesitter))
  check('treesitter master: filetype rhythm', parser_configs.flow and parser_configs.flow.filetype == 'rhythm')
  check('treesitter master: grammar folder with parser.c and scanner.c', info ~= nil
    and vim.fn.filereadable(info.url .. '/src/parser.c') == 1 and vim.fn.filereadable(info.url .. '/src/scanner.c') == 1
    and vim.deep_equal(info.files, { 'src/parser.c', 'src/scanner.c' }), vim.inspect(info))
  check('treesitter master: grammar folder is the repository grammar', info ~= nil and vim.fn.filereadable(info.url .. '/grammar.js') == 1)

  -- nvim-treesitter main: parsers table assigned (again on User TSUpdate).
  local parsers = {}
  package.preload['nvim-treesitter.parsers'] = function()
    return parsers
  end
  rhythm = fresh()
  how = rhythm.setup({ lsp = false })
  check('treesitter main: registered', how.treesitter == 'nvim-treesitter.main', tostring(how.treesitter))
  check('treesitter main: local path', parsers.flow and parsers.flow.install_info.path ~= nil, vim.inspect(parsers.flow))
  parsers.flow = nil
  vim.cmd('doautocmd User TSUpdate')
  check('treesitter main: declared again on TSUpdate', parsers.flow ~= nil)

  -- Without tree-sitter, syntax/rhythm.vim colours the buffer.
  local dir = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:gsub('^@', ''), ':p:h')
  vim.cmd('syntax on')
  vim.cmd('edit ' .. vim.fn.fnameescape(dir .. '/testdata/clean.flow'))
  local function syn(l, c)
    return vim.fn.synIDattr(vim.fn.synID(l, c, 1), 'name')
  end
  check('syntax: filetype', vim.bo.filetype == 'rhythm', vim.bo.filetype)
  for _, want in ipairs({
    { 1, 1, 'rhythmFrontMatter' },
    { 4, 1, 'rhythmStorage' },
    { 4, 13, 'rhythmNumber' },
    { 5, 1, 'rhythmRepeat' },
    { 5, 17, 'rhythmOperatorKw' },
    { 5, 20, 'rhythmBuiltinVar' },
    { 8, 1, 'rhythmStatement' },
    { 8, 8, 'rhythmTemplate' },
    { 8, 16, 'rhythmSubstDelim' },
    { 8, 18, 'rhythmSubst' },
  }) do
    local got = syn(want[1], want[2])
    check(('syntax: %d:%d is %s'):format(want[1], want[2], want[3]), got == want[3], got)
  end

  -- The queries on the runtime path are the language `flow`'s.
  local files = vim.api.nvim_get_runtime_file('queries/flow/*.scm', true)
  check('queries/flow on the runtime path', #files >= 4, vim.inspect(files))
end, debug.traceback)
if not ok then
  check('test script ran', false, err)
end
if failures == 0 then
  io.stdout:write('PASS\n')
  vim.cmd('qall!')
else
  vim.cmd('cquit 1')
end
