-- Headless Neovim loads the plugin in extensions/nvim and drives the real
-- `throughline lsp` on a copy of the demo workspace: attach by filetype, root detection,
-- diagnostics, hover, go-to-definition, the :ThroughlineTrace window (and <CR> in it),
-- :ThroughlineCheck and :ThroughlineRestart. run.sh runs it under Neovim 0.7 (Debian's
-- package: vim.lsp.start_client) and 0.11 (vim.lsp.config/enable).
-- Verifies: DLV-NVIM-TEST, REQ-EDITOR-NVIM

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

-- The first floating window, if any.
local function float_win()
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= '' then
      return win
    end
  end
end

local function float_lines()
  local win = float_win()
  return win and vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false) or {}
end

local function find_line(lines, pattern)
  for i, line in ipairs(lines) do
    if line:find(pattern, 1, true) then
      return i
    end
  end
end

-- Messages from the plugin, kept for assertions instead of printed.
local messages = {}
vim.notify = function(msg, level)
  messages[#messages + 1] = { msg = msg, level = level }
end

local ok, err = pcall(function()
  local throughline = require('throughline')
  throughline.setup({ cmd = { bin, 'lsp' } })
  check('setup defines the user commands', vim.fn.exists(':ThroughlineTrace') == 2
    and vim.fn.exists(':ThroughlineCheck') == 2 and vim.fn.exists(':ThroughlineRestart') == 2)

  -- Opening a TypeScript file is enough: the plugin attaches by filetype.
  vim.cmd('edit ' .. root .. '/services/api/src/payments.ts')
  local buf = vim.api.nvim_get_current_buf()
  local attached = vim.wait(10000, function() return #throughline.clients(buf) > 0 end, 50)
  check('the client attaches to a typescript buffer', attached, vim.bo[buf].filetype)
  local client = throughline.clients(buf)[1]
  check('the root is the folder with throughline.toml', client and client.config.root_dir == root,
    client and client.config.root_dir)

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
  local value = hover and hover[client.id] and hover[client.id].result and hover[client.id].result.contents.value or ''
  check('hover shows the title', value:find("Merchants can retrieve a payment's current status", 1, true) ~= nil, value)
  check('hover shows the status', value:find('implemented · not verified', 1, true) ~= nil, value)

  -- :ThroughlineTrace on the ID under the cursor opens the trace window.
  vim.api.nvim_win_set_cursor(0, { line_no + 1, col + 2 })
  vim.cmd('ThroughlineTrace')
  vim.wait(10000, function() return float_win() ~= nil end, 50)
  local lines = float_lines()
  check('the trace window opens', #lines > 0, lines)
  check('it starts with the item, its title and layer',
    lines[1] == "REQ-PAY-7  Merchants can retrieve a payment's current status  [requirement]", lines[1])
  check('it says where the item is defined', lines[2] == 'defined at docs/prd.md:108', lines[2])
  local up = find_line(lines, 'Upstream')
  local brief = find_line(lines, 'BRIEF-CHECKOUT  Card checkout and refunds  [brief]  docs/briefs/checkout.md:1')
  local rm = find_line(lines, '    RM-1  Merchants accept card payments online  [roadmap]  docs/roadmap.md:8')
  check('upstream: the brief, then its roadmap item one level deeper',
    up and brief and rm and up < brief and brief < rm, lines)
  check('downstream: the implementation with its location',
    find_line(lines, '  implemented by function `getPayment`  services/api/src/payments.ts:114') ~= nil, lines)
  check('downstream: the derived API operation',
    find_line(lines, '  derived getPayment  Retrieve a payment\'s current status  openapi.yaml:55') ~= nil, lines)
  check('no test verifies it', find_line(lines, 'verified by') == nil, lines)

  -- Running it again moves into the window; <CR> on a line opens its location.
  vim.cmd('ThroughlineTrace')
  local inside = vim.wait(10000, function() return vim.api.nvim_get_current_win() == float_win() end, 50)
  check('a second :ThroughlineTrace enters the window', inside)
  vim.api.nvim_win_set_cursor(0, { brief or 1, 0 })
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes('<CR>', true, false, true), 'x', false)
  local brief_file = root .. '/docs/briefs/checkout.md'
  check('<CR> on the brief opens docs/briefs/checkout.md', vim.api.nvim_buf_get_name(0) == brief_file,
    vim.api.nvim_buf_get_name(0))
  check('and closes the window', float_win() == nil)

  -- :ThroughlineTrace ID traces the ID given, wherever the cursor is.
  vim.cmd('buffer ' .. buf)
  vim.cmd('ThroughlineTrace REQ-PAY-1')
  vim.wait(10000, function() return float_win() ~= nil end, 50)
  lines = float_lines()
  check(':ThroughlineTrace REQ-PAY-1 shows that item',
    (lines[1] or ''):find('^REQ%-PAY%-1  A payment request is captured at most once') ~= nil, lines[1])
  check('with the test that verifies it', find_line(lines, 'verified by test `test_second_capture_of_same_payment_is_refused`') ~= nil, lines)
  vim.api.nvim_win_close(float_win(), true)

  -- :ThroughlineCheck runs the CLI on the root into the quickfix list.
  local done = false
  throughline.check(function() done = true end)
  vim.wait(30000, function() return done end, 50)
  local qf = vim.fn.getqflist({ title = 1, items = 1 })
  check(':ThroughlineCheck fills the quickfix list', done and qf.title == 'throughline check' and #qf.items == 5, qf)
  local errors = vim.tbl_filter(function(i) return i.type == 'E' end, qf.items)
  local e = errors[1]
  check('with the demo\'s one error where the CLI puts it', #errors == 1 and e.lnum == 9
    and vim.api.nvim_buf_get_name(e.bufnr) == root .. '/docs/runbooks/duplicate-charges.md'
    and e.text:find('[unknown-ref]', 1, true) ~= nil, errors)
  local last = messages[#messages] or {}
  check('and sums it up as the CLI does', last.msg == 'throughline: check: 1 error, 4 warnings', messages)
  vim.cmd('cclose')

  -- Go to definition as a user would: cursor on the ID, then the built-in command.
  vim.cmd('buffer ' .. buf)
  vim.api.nvim_win_set_cursor(0, { line_no + 1, col + 2 })
  vim.lsp.buf.definition()
  local jumped = vim.wait(10000, function() return vim.api.nvim_buf_get_name(0) == prd end, 50)
  check('definition opens docs/prd.md', jumped, vim.api.nvim_buf_get_name(0))
  local cursor = vim.api.nvim_win_get_cursor(0)
  check('definition lands on the heading', cursor[1] == 108 and cursor[2] == 3, cursor)
  check('the heading is REQ-PAY-7', vim.api.nvim_get_current_line():find('^## REQ%-PAY%-7') ~= nil, vim.api.nvim_get_current_line())

  -- The Markdown buffer shares the client of the TypeScript one (same root).
  local md_clients = throughline.clients(vim.api.nvim_get_current_buf())
  check('one client for both buffers', #md_clients == 1 and md_clients[1].id == client.id and #throughline.clients() == 1,
    #md_clients)

  -- :ThroughlineRestart stops the client and attaches a new one to the open buffers.
  local old = client.id
  vim.cmd('ThroughlineRestart')
  local restarted = vim.wait(10000, function()
    local c = throughline.clients(buf)[1]
    return c ~= nil and c.id ~= old
  end, 50)
  check(':ThroughlineRestart attaches a new client', restarted, old)
  local stopped = vim.wait(5000, function() return vim.lsp.get_client_by_id(old) == nil end, 50)
  check('and the old one is gone', stopped)
  local new = throughline.clients(buf)[1]
  local answer = new and vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, 10000)
  local again = answer and answer[new.id] and answer[new.id].result and answer[new.id].result.contents.value or ''
  check('the new client answers', again:find("Merchants can retrieve a payment's current status", 1, true) ~= nil, again)

  -- A file outside the current directory, where no throughline.toml or .git marks a
  -- root: its own folder is the root (not the current directory), and it is served.
  local loose = assert(os.getenv('LOOSE'), 'LOOSE is not set')
  check('the loose folder lies outside the current directory',
    loose:sub(1, #vim.fn.getcwd()) ~= vim.fn.getcwd(), { loose, vim.fn.getcwd() })
  vim.cmd('edit ' .. loose .. '/note.md')
  local note = vim.api.nvim_get_current_buf()
  check('its root is its own folder', throughline.root_dir(note) == loose, throughline.root_dir(note))
  local served = vim.wait(20000, function()
    for _, d in ipairs(vim.diagnostic.get(note)) do
      if (d.message or ''):find('REQ-LOOSE-2', 1, true) then return true end
    end
    return false
  end, 50)
  check('and a client serves it: unknown-ref for REQ-LOOSE-2', served, vim.diagnostic.get(note))
  local loose_client = throughline.clients(note)[1]
  check('with that root', loose_client ~= nil and loose_client.config.root_dir == loose,
    loose_client and loose_client.config.root_dir)

  local deprecated = vim.tbl_filter(function(m) return m.msg:find('deprecated', 1, true) ~= nil end, messages)
  check('no deprecation warnings from the plugin', #deprecated == 0, deprecated)

  for _, c in ipairs(throughline.clients()) do vim.lsp.stop_client(c.id) end
end)
check('no Lua error', ok, err)
finish()
