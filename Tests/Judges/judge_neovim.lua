-- formc lsp in a real editor: headless Neovim (Debian's neovim, its built-in LSP client) opens a
-- spec, the designer mistypes a field type, and the script reads back what the editor got — the
-- diagnostic, the completions at the cursor, the quick fix (applied through Neovim's own workspace
-- edit), hover and go to definition — into a JSON file that the Swift test judges.
--
--   FORMC=… SPEC=… OUT=… nvim --headless --clean -n -i NONE SPEC -c 'luafile judge_neovim.lua'
--
-- Neovim 0.7 (Debian 12): vim.lsp.start_client and buf_attach_client; vim.wait runs the event loop.
local formc, spec, out = os.getenv('FORMC'), os.getenv('SPEC'), os.getenv('OUT')
local report = {}

local function finish()
  local file = assert(io.open(out, 'w'))
  file:write(vim.fn.json_encode(report))
  file:close()
  vim.cmd('qa!')
end

local function fail(why)
  report.failure = why
  finish()
end

local published = 0
local client_id = vim.lsp.start_client({
  name = 'formc',
  cmd = { formc, 'lsp' },
  root_dir = vim.fn.fnamemodify(spec, ':h'),
  handlers = {
    ['textDocument/publishDiagnostics'] = function(...)
      published = published + 1
      return vim.lsp.handlers['textDocument/publishDiagnostics'](...)
    end,
  },
})
if not client_id then return fail('the client did not start') end
local buffer = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(buffer, client_id)

-- The clean spec: published once, with no diagnostic.
if not vim.wait(20000, function() return published > 0 end, 20) then return fail('no diagnostics published for the open spec') end
report.clean_diagnostics = #vim.diagnostic.get(buffer)

-- The designer mistypes the type of a date field: `type: date` becomes `type: dat`.
local lines = vim.api.nvim_buf_get_lines(buffer, 0, -1, false)
local row, col
for index, line in ipairs(lines) do
  local found = line:find('type: date,', 1, true)
  if found then row, col = index - 1, found + #'type: dat' - 1 break end
end
if not row then return fail('no `type: date,` in the spec') end
local typed = lines[row + 1]:gsub('type: date,', 'type: dat,', 1)
vim.api.nvim_buf_set_lines(buffer, row, row + 1, false, { typed })
if not vim.wait(20000, function() return #vim.diagnostic.get(buffer) > 0 end, 20) then return fail('no diagnostic after the typo') end
local first = vim.diagnostic.get(buffer, { lnum = row })[1] or vim.diagnostic.get(buffer)[1]
report.diagnostic = { line = first.lnum, col = first.col, code = first.code, message = first.message, typo_line = row, typo_col = col - #'dat' }

-- Completion with the cursor after `dat`.
local position = { line = row, character = col }
local completions = vim.lsp.buf_request_sync(buffer, 'textDocument/completion', {
  textDocument = { uri = vim.uri_from_bufnr(buffer) }, position = position,
}, 10000)
report.completions = {}
for _, response in pairs(completions or {}) do
  for _, item in ipairs((response.result or {}).items or response.result or {}) do table.insert(report.completions, item.label) end
end

-- The quick fix for the diagnostic, applied as Neovim applies a code action's edit.
local lsp_diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buffer, row)
local actions = vim.lsp.buf_request_sync(buffer, 'textDocument/codeAction', {
  textDocument = { uri = vim.uri_from_bufnr(buffer) },
  range = { start = { line = row, character = 0 }, ['end'] = { line = row, character = #typed } },
  context = { diagnostics = lsp_diagnostics },
}, 10000)
report.actions = {}
local fix
for _, response in pairs(actions or {}) do
  for _, action in ipairs(response.result or {}) do
    table.insert(report.actions, action.title)
    fix = fix or action
  end
end
if fix and fix.edit then
  vim.lsp.util.apply_workspace_edit(fix.edit, 'utf-16')
  report.fixed_line = vim.api.nvim_buf_get_lines(buffer, row, row + 1, false)[1]
  report.restored = report.fixed_line == lines[row + 1]
  -- The fixed text is sent to the server, which clears the diagnostics.
  report.cleared = vim.wait(20000, function() return #vim.diagnostic.get(buffer) == 0 end, 20)
end

-- Hover on the field's name, and the definition of the option list a choice field uses.
local field_row, field_col, options_row, options_col
for index, line in ipairs(vim.api.nvim_buf_get_lines(buffer, 0, -1, false)) do
  if not field_row and line:find('type: date,', 1, true) then
    field_row, field_col = index - 1, line:find('%S') + 1
  end
  local found = line:find('options: [a-z_]+')
  if not options_row and found then options_row, options_col = index - 1, found + #'options: ' end
end
local hover = vim.lsp.buf_request_sync(buffer, 'textDocument/hover', {
  textDocument = { uri = vim.uri_from_bufnr(buffer) }, position = { line = field_row, character = field_col },
}, 10000)
for _, response in pairs(hover or {}) do
  if response.result then report.hover = response.result.contents.value end
end
if options_row then
  local definition = vim.lsp.buf_request_sync(buffer, 'textDocument/definition', {
    textDocument = { uri = vim.uri_from_bufnr(buffer) }, position = { line = options_row, character = options_col },
  }, 10000)
  for _, response in pairs(definition or {}) do
    if response.result then report.definition = vim.uri_to_fname(response.result.uri) end
  end
end

vim.lsp.stop_client(client_id)
finish()
