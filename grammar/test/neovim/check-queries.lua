-- Loads the Flow parser into Neovim and runs every query file over a sample, exiting non-zero
-- on any error (check-queries.sh drives it):
--   FLOW_PARSER=/path/flow.so FLOW_GRAMMAR=/path/grammar nvim --headless -u NONE -c "luafile check-queries.lua"
local parser_path = os.getenv("FLOW_PARSER")
local grammar = os.getenv("FLOW_GRAMMAR")
local failed = false
local function fail(msg)
  io.stderr:write(msg .. "\n")
  failed = true
end
local ok, err = pcall(vim.treesitter.require_language, "flow", parser_path)
if not ok then
  fail("cannot load " .. parser_path .. ": " .. tostring(err))
else
  local src = table.concat(vim.fn.readfile(grammar .. "/test/highlight/basics.flow"), "\n")
  local tree = vim.treesitter.get_string_parser(src, "flow"):parse()[1]
  local files = vim.fn.glob(grammar .. "/queries/*.scm", false, true)
  vim.list_extend(files, vim.fn.glob(grammar .. "/queries/neovim/*.scm", false, true))
  for _, path in ipairs(files) do
    local q_ok, q = pcall(vim.treesitter.parse_query, "flow", table.concat(vim.fn.readfile(path), "\n"))
    if not q_ok then
      fail(path .. ": " .. tostring(q))
    else
      local n = 0
      local it_ok, it_err = pcall(function()
        for _ in q:iter_captures(tree:root(), src, 0, -1) do
          n = n + 1
        end
      end)
      if not it_ok then
        fail(path .. ": " .. tostring(it_err))
      elseif n == 0 then
        fail(path .. ": no captures on the sample")
      else
        io.stdout:write("ok " .. path .. " (" .. n .. " captures)\n")
      end
    end
  end
end
vim.cmd(failed and "cquit 1" or "qall!")
