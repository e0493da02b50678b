" Regex syntax highlighting for Rhythm workflows (filetype rhythm), used when the tree-sitter
" parser `flow` is not installed. Tree-sitter highlighting replaces it when it is.
if exists('b:current_syntax')
  finish
endif

syn case match
syn iskeyword @,48-57,_,$,192-255

syn keyword rhythmConditional if else switch case default
syn keyword rhythmRepeat      for while do break continue
syn keyword rhythmException   try catch finally throw
syn keyword rhythmStatement   return await
syn keyword rhythmStorage     let const function async
syn keyword rhythmOperatorKw  of in typeof delete
syn keyword rhythmBoolean     true false
syn keyword rhythmNull        null
syn keyword rhythmReserved    var new class instanceof void with yield import export
syn keyword rhythmBuiltin     Task Workflow Timer Signal Promise Math JSON Object Array Number String Boolean Date Time console
syn keyword rhythmBuiltinVar  Inputs Context
syn keyword rhythmBuiltinFn   parseInt parseFloat isNaN

syn match   rhythmNumber  "\<\d\+\%(_\d\+\)*\%(\.\d*\%(_\d\+\)*\)\=\%([eE][+-]\=\d\+\)\=\>"
syn match   rhythmNumber  "\.\d\+\%([eE][+-]\=\d\+\)\=\>"
syn match   rhythmEscape  contained "\\\%(x\x\{2}\|u\x\{4}\|u{\x\+}\|.\)"
syn region  rhythmString  start=+"+ skip=+\\\\\|\\"+ end=+"\|$+ contains=rhythmEscape,@Spell
syn region  rhythmString  start=+'+ skip=+\\\\\|\\'+ end=+'\|$+ contains=rhythmEscape,@Spell
syn region  rhythmTemplate start=+`+ skip=+\\\\\|\\`+ end=+`+ contains=rhythmEscape,rhythmSubst,@Spell
syn region  rhythmSubst   contained matchgroup=rhythmSubstDelim start=+\${+ end=+}+ contains=TOP
syn region  rhythmBraces  start=+{+ end=+}+ transparent contains=TOP
syn keyword rhythmTodo    contained TODO FIXME XXX NOTE
syn region  rhythmComment start=+//+ end=+$+ contains=rhythmTodo,@Spell
syn region  rhythmComment start=+/\*+ end=+\*/+ contains=rhythmTodo,@Spell
syn region  rhythmFrontMatter start=+\%^```+ end=+^```\s*$+

hi def link rhythmConditional Conditional
hi def link rhythmRepeat      Repeat
hi def link rhythmException   Exception
hi def link rhythmStatement   Statement
hi def link rhythmStorage     StorageClass
hi def link rhythmOperatorKw  Operator
hi def link rhythmBoolean     Boolean
hi def link rhythmNull        Constant
hi def link rhythmReserved    Error
hi def link rhythmBuiltin     Type
hi def link rhythmBuiltinVar  Identifier
hi def link rhythmBuiltinFn   Function
hi def link rhythmNumber      Number
hi def link rhythmEscape      SpecialChar
hi def link rhythmString      String
hi def link rhythmTemplate    String
hi def link rhythmSubstDelim  Special
hi def link rhythmComment     Comment
hi def link rhythmTodo        Todo
hi def link rhythmFrontMatter PreProc

let b:current_syntax = 'rhythm'
