-- Headless Neovim drives the real `throughline lsp` on a copy of the demo workspace:
-- go-to-definition (through the user-facing `vim.lsp.buf.definition()`), hover and
-- diagnostics. Works with Neovim 0.7 (Debian bookworm) and later.
-- Verifies: DLV-NVIM-TEST

local bin = assert(os.getenv('THROUGHLINE_BIN'), 'THROUGHLINE_BIN is not set')
local root = assert(os.getenv('WORKSPACE'), 'WORKSPACE is not set')
local passed, failed = 0, 0

local function check(name, ok, detail)
  if ok then
    passed = passed + 1
    io.stdout:write('ok   ' .. name .. '\n')
  else
    failed = failed + 1
    io.stdout:write('FAIL ' .. name .. ': ' .. vim.inspect(detail) .. '\n')
  end
end

local function finish()
  io.stdout:write(string.format('nvim: %d passed, %d failed\n', passed, failed))
  vim.cmd(failed == 0 and 'qall!' or 'cquit 1')
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. root .. '/services/api/src/payments.ts')
  local buf = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = 'throughline',
    cmd = { bin, 'lsp' },
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = 'payments' } },
  })
  check('client starts', client_id ~= nil, client_id)
  vim.lsp.buf_attach_client(buf, client_id)

  -- The line with `@implements REQ-PAY-7`, and the ID's column.
  local line_no, col
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local s = line:find('REQ%-PAY%-7')
    if s then line_no, col = i - 1, s - 1 break end
  end
  check('fixture has the annotation', line_no ~= nil, line_no)

  -- Diagnostics arrive for the PRD, which is not even open.
  local prd = root .. '/docs/prd.md'
  local prd_buf = vim.uri_to_bufnr(vim.uri_from_fname(prd))
  local got = vim.wait(20000, function() return #vim.diagnostic.get(prd_buf) > 0 end, 50)
  local diags = vim.diagnostic.get(prd_buf)
  check('diagnostics published for docs/prd.md', got, diags)
  local codes = {}
  for _, d in ipairs(diags) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    codes[#codes + 1] = string.format('%s@%d', tostring(code), d.lnum)
  end
  table.sort(codes)
  check('missing-test on REQ-PAY-7 and missing-impl on REQ-PAY-8',
    vim.deep_equal(codes, { 'missing-impl@120', 'missing-test@107' }), codes)

  -- Hover on the annotation shows the requirement's title and status.
  local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = line_no, character = col + 2 } }
  local hover = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, 10000)
  local value = hover and hover[client_id] and hover[client_id].result and hover[client_id].result.contents.value or ''
  check('hover shows the title', value:find("Merchants can retrieve a payment's current status", 1, true) ~= nil, value)
  check('hover shows the status', value:find('implemented · not verified', 1, true) ~= nil, value)

  -- Go to definition as a user would: cursor on the ID, then the built-in command.
  vim.api.nvim_win_set_cursor(0, { line_no + 1, col + 2 })
  vim.lsp.buf.definition()
  local jumped = vim.wait(10000, function() return vim.api.nvim_buf_get_name(0) == prd end, 50)
  check('definition opens docs/prd.md', jumped, vim.api.nvim_buf_get_name(0))
  local cursor = vim.api.nvim_win_get_cursor(0)
  check('definition lands on the heading', cursor[1] == 108 and cursor[2] == 3, cursor)
  check('the heading is REQ-PAY-7', vim.api.nvim_get_current_line():find('^## REQ%-PAY%-7') ~= nil, vim.api.nvim_get_current_line())

  vim.lsp.stop_client(client_id)
end)
check('no Lua error', ok, err)
finish()
