-- Neovim support for Rhythm workflows (.flow files, filetype `rhythm`).
--
--   require('rhythm').setup({
--     cmd = { 'rhythm-lsp' },          -- the language server command
--     database_url = nil,              -- PostgreSQL URL of the task registry (else RHYTHM_DATABASE_URL)
--     settings = {},                   -- extra `rhythm` settings sent to the server
--     root_markers = { '.rhythm', '.git', 'go.mod' },
--     on_attach = nil, capabilities = nil,
--     lsp = true,                      -- start the language server for `rhythm` buffers
--     treesitter = true,               -- register the tree-sitter parser `flow` with nvim-treesitter
--     grammar_path = nil,              -- folder holding grammar.js and src/ (default: this repository's grammar/)
--   })
--
-- The language server is configured with vim.lsp.config/vim.lsp.enable on Neovim 0.11+, with
-- nvim-lspconfig when it is installed on older versions, and otherwise with vim.lsp.start (0.8+)
-- or vim.lsp.start_client (0.7) from a FileType autocommand.
local M = {}

--- Default options; setup() merges the user's options over a copy of these.
M.defaults = {
  cmd = nil,
  database_url = nil,
  settings = {},
  root_markers = { '.rhythm', '.git', 'go.mod' },
  on_attach = nil,
  capabilities = nil,
  lsp = true,
  treesitter = true,
  grammar_path = nil,
}

--- The options in effect after setup().
M.options = nil

local function has(version)
  return vim.fn.has('nvim-' .. version) == 1
end

-- The folder of this plugin (editors/neovim) and the repository's grammar folder.
local function plugin_dir()
  local source = debug.getinfo(1, 'S').source:gsub('^@', '')
  return vim.fn.fnamemodify(source, ':p:h:h:h')
end

--- Returns the grammar folder (grammar.js, src/parser.c, src/scanner.c) next to this plugin in the
--- repository, or nil when the plugin was installed without it.
function M.grammar_path()
  if M.options and M.options.grammar_path then
    return M.options.grammar_path
  end
  local dir = vim.fn.fnamemodify(plugin_dir() .. '/../../grammar', ':p'):gsub('/$', '')
  if vim.fn.filereadable(dir .. '/src/parser.c') == 1 then
    return dir
  end
  return nil
end

--- Returns the server command: opts.cmd, else `rhythm-lsp` from PATH, else `rhythm lsp`.
function M.server_cmd()
  local cmd = M.options and M.options.cmd
  if type(cmd) == 'string' then
    return { cmd }
  elseif type(cmd) == 'table' and #cmd > 0 then
    return cmd
  end
  local env = os.getenv('RHYTHM_LSP')
  if env and env ~= '' then
    return { env }
  end
  if vim.fn.executable('rhythm-lsp') == 1 then
    return { 'rhythm-lsp' }
  end
  return { 'rhythm', 'lsp' }
end

-- Walks up from path to the first folder holding one of the markers; falls back to the file's folder.
local function find_root(path, markers)
  local dir = vim.fn.fnamemodify(path ~= '' and path or vim.fn.getcwd(), ':p:h')
  local cur = dir
  while cur and cur ~= '' do
    for _, m in ipairs(markers) do
      local p = cur .. '/' .. m
      if vim.fn.isdirectory(p) == 1 or vim.fn.filereadable(p) == 1 then
        return cur
      end
    end
    local parent = vim.fn.fnamemodify(cur, ':h')
    if parent == cur then
      break
    end
    cur = parent
  end
  return dir
end

-- The settings section sent in initializationOptions and answered to workspace/configuration.
local function rhythm_settings(opts)
  local s = vim.deepcopy(opts.settings or {})
  s.databaseUrl = s.databaseUrl or opts.database_url or os.getenv('RHYTHM_DATABASE_URL')
  return s
end

--- Returns the client configuration shared by every way of starting the server.
function M.client_config()
  local opts = M.options or M.defaults
  local settings = rhythm_settings(opts)
  return {
    name = 'rhythm',
    cmd = M.server_cmd(),
    filetypes = { 'rhythm' },
    root_markers = opts.root_markers,
    init_options = settings,
    settings = { rhythm = settings },
    on_attach = opts.on_attach,
    capabilities = opts.capabilities,
  }
end

-- Starts (or reuses) a client for buf on Neovim 0.7-0.10 without lspconfig.
local clients_by_root = {}
--- Starts the server for buffer buf (or reuses the client of its root folder) and attaches it;
--- returns the client id. Used on Neovim versions without vim.lsp.config and without lspconfig.
function M.attach(buf)
  buf = (buf == nil or buf == 0) and vim.api.nvim_get_current_buf() or buf
  local cfg = M.client_config()
  cfg.root_dir = find_root(vim.api.nvim_buf_get_name(buf), cfg.root_markers)
  cfg.root_markers, cfg.filetypes = nil, nil
  if vim.lsp.start then
    return vim.lsp.start(cfg, { bufnr = buf })
  end
  local id = clients_by_root[cfg.root_dir]
  if id == nil or vim.lsp.get_client_by_id(id) == nil or vim.lsp.client_is_stopped(id) then
    id = vim.lsp.start_client(cfg)
    clients_by_root[cfg.root_dir] = id
  end
  if id then
    vim.lsp.buf_attach_client(buf, id)
  end
  return id
end

local function setup_lsp()
  local cfg = M.client_config()
  if vim.lsp.config and vim.lsp.enable then
    vim.lsp.config('rhythm', cfg)
    vim.lsp.enable('rhythm')
    return 'vim.lsp.config'
  end
  local ok, lspconfig = pcall(require, 'lspconfig')
  if ok then
    local configs = require('lspconfig.configs')
    if not configs.rhythm then
      configs.rhythm = {
        default_config = {
          cmd = cfg.cmd,
          filetypes = cfg.filetypes,
          root_dir = function(fname)
            return find_root(fname, cfg.root_markers)
          end,
          init_options = cfg.init_options,
          settings = cfg.settings,
        },
        docs = { description = 'Rhythm language server for .flow workflows (rhythm-lsp).' },
      }
    end
    lspconfig.rhythm.setup({
      cmd = cfg.cmd,
      init_options = cfg.init_options,
      settings = cfg.settings,
      on_attach = cfg.on_attach,
      capabilities = cfg.capabilities,
    })
    return 'lspconfig'
  end
  local group = vim.api.nvim_create_augroup('rhythm_lsp', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    pattern = 'rhythm',
    group = group,
    callback = function(ev)
      M.attach(ev.buf)
    end,
  })
  -- Buffers opened before setup() ran.
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(b) and vim.bo[b].filetype == 'rhythm' then
      M.attach(b)
    end
  end
  return 'autocmd'
end

-- Highlight groups of the Neovim 0.7-era capture names used by queries/flow/highlights.scm,
-- linked (as defaults a colour scheme may override) to the names Neovim 0.10+ styles.
M.legacy_links = {
  ['@conditional'] = '@keyword.conditional',
  ['@repeat'] = '@keyword.repeat',
  ['@exception'] = '@keyword.exception',
  ['@include'] = '@keyword.import',
  ['@parameter'] = '@variable.parameter',
  ['@method'] = '@function.method',
  ['@method.call'] = '@function.method.call',
  ['@field'] = '@variable.member',
  ['@text.literal'] = '@markup.raw',
  ['@symbol'] = '@string.special.symbol',
}

local function link_legacy_groups()
  if not has('0.10') then
    return
  end
  for from, to in pairs(M.legacy_links) do
    vim.api.nvim_set_hl(0, from, { link = to, default = true })
  end
end

--- Registers the tree-sitter parser `flow` (filetype `rhythm`) with nvim-treesitter (master or
--- main branch) and with Neovim itself; returns the name of the mechanism used, or nil when no
--- grammar source is known.
function M.register_parser()
  if vim.treesitter and vim.treesitter.language and vim.treesitter.language.register then
    vim.treesitter.language.register('flow', 'rhythm')
  end
  local grammar = M.grammar_path()
  local install_info
  if grammar then
    install_info = { url = grammar, path = grammar, files = { 'src/parser.c', 'src/scanner.c' } }
  else
    install_info = {
      url = 'https://github.com/rhythmflow/rhythm',
      location = 'grammar',
      branch = 'main',
      files = { 'src/parser.c', 'src/scanner.c' },
    }
  end
  local ok, parsers = pcall(require, 'nvim-treesitter.parsers')
  if not ok then
    return nil
  end
  if type(parsers.get_parser_configs) == 'function' then
    -- nvim-treesitter master: :TSInstall flow
    local configs = parsers.get_parser_configs()
    configs.flow = { install_info = install_info, filetype = 'rhythm', maintainers = {} }
    if parsers.filetype_to_parsername then
      parsers.filetype_to_parsername.rhythm = 'flow'
    end
    return 'nvim-treesitter.master'
  end
  -- nvim-treesitter main: parsers are declared again on every User TSUpdate event.
  local function declare()
    require('nvim-treesitter.parsers').flow = { install_info = install_info, tier = 3 }
  end
  declare()
  vim.api.nvim_create_autocmd('User', {
    pattern = 'TSUpdate',
    group = vim.api.nvim_create_augroup('rhythm_treesitter', { clear = true }),
    callback = declare,
  })
  return 'nvim-treesitter.main'
end

--- Configures Rhythm support; see the top of this file for the options. Returns a table saying
--- how the server and the parser were registered ({ lsp = ..., treesitter = ... }).
function M.setup(opts)
  M.options = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), opts or {})
  local result = {}
  if M.options.lsp then
    result.lsp = setup_lsp()
  end
  if M.options.treesitter then
    result.treesitter = M.register_parser()
    link_legacy_groups()
  end
  return result
end

return M
