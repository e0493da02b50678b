-- Buffer settings for Rhythm workflows (filetype `rhythm`).
if vim.b.did_ftplugin then
  return
end
vim.b.did_ftplugin = 1

vim.bo.commentstring = '// %s'
vim.bo.comments = 's1:/*,mb:*,ex:*/,://'
vim.bo.expandtab = true
vim.bo.shiftwidth = 2
vim.bo.softtabstop = 2
-- `gf` on a workflow name in Workflow.run("name") opens name.flow.
vim.bo.suffixesadd = '.flow'
vim.bo.matchpairs = '(:),{:},[:]'

vim.b.undo_ftplugin = 'setlocal commentstring< comments< expandtab< shiftwidth< softtabstop< suffixesadd< matchpairs<'
