-- Filetype detection: *.flow files are Rhythm workflows (filetype `rhythm`).
if vim.filetype and vim.filetype.add then
  vim.filetype.add({ extension = { flow = 'rhythm' } })
end
-- Neovim 0.7 only consults vim.filetype.add when g:do_filetype_lua is set; the autocommand covers
-- it (and is harmless on newer versions, where it sets the same value).
vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
  pattern = '*.flow',
  group = vim.api.nvim_create_augroup('rhythm_ftdetect', { clear = true }),
  callback = function(ev)
    if vim.bo[ev.buf].filetype ~= 'rhythm' then
      vim.bo[ev.buf].filetype = 'rhythm'
    end
  end,
})
