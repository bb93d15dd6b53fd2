-- Throughline for Neovim: attaches `throughline lsp` to specs, contracts and code, and
-- adds :ThroughlineTrace, :ThroughlineCheck and :ThroughlineRestart.
--
-- One file, no dependencies. Works on Neovim 0.7 and later:
--   0.11+      vim.lsp.config + vim.lsp.enable
--   0.8-0.10   vim.lsp.start from a FileType autocommand
--   0.7        vim.lsp.start_client + vim.lsp.buf_attach_client, one client per root
--
-- Implements: REQ-EDITOR-NVIM

local M = {}

local NAME = 'throughline'
local GROUP = 'throughline'

M.defaults = {
  -- The server command. `throughline` must be on PATH, or give the full path.
  cmd = { 'throughline', 'lsp' },
  filetypes = {
    'markdown', 'yaml', 'json',
    'rust', 'python', 'javascript', 'javascriptreact', 'typescript', 'typescriptreact',
    'go', 'java', 'cs', 'c', 'cpp',
  },
  -- Tried in this order, each upward from the buffer's file: the first marker found
  -- gives the root. Without any, the file's own folder is the root (the rule the CLI
  -- and the server follow; README, "Finding the workspace").
  root_markers = { 'throughline.toml', '.git' },
  -- Sent as `initializationOptions` (and as `settings.throughline`). `diagnosticMode`
  -- "push" makes the server publish diagnostics for every file of the workspace, so
  -- that :lua vim.diagnostic.setqflist() lists them all, opened or not.
  settings = { diagnosticMode = 'push' },
  -- Passed through to the client as they are.
  on_attach = nil,
  capabilities = nil,
  -- Define the :Throughline* user commands.
  commands = true,
  -- Options of the trace window (see :h nvim_open_win).
  float = { border = 'rounded', max_width = 100, max_height = 30 },
}

M.options = nil

local function has(version)
  return vim.fn.has('nvim-' .. version) == 1
end

local function notify(msg, level)
  vim.notify('throughline: ' .. msg, level or vim.log.levels.INFO)
end

local function exists(path)
  return (vim.loop or vim.uv).fs_stat(path) ~= nil
end

--- The workspace root for a buffer: the first of `root_markers` found upward from its
--- file, or the file's folder (the current directory for a buffer with no file).
function M.root_dir(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr or 0)
  local start = name ~= '' and vim.fn.fnamemodify(name, ':p:h') or vim.fn.getcwd()
  for _, marker in ipairs((M.options or M.defaults).root_markers) do
    local dir = start
    while dir and dir ~= '' do
      if exists(dir .. '/' .. marker) then
        return dir
      end
      local parent = vim.fn.fnamemodify(dir, ':h')
      if parent == dir then
        break
      end
      dir = parent
    end
  end
  -- Not the current directory: a file opened outside it would get a server for the
  -- wrong workspace, which reports nothing for the file.
  return start
end

-- The client configuration shared by every code path (without root_dir).
local function client_config()
  local o = M.options
  return {
    name = NAME,
    cmd = o.cmd,
    init_options = o.settings,
    settings = { throughline = o.settings },
    capabilities = o.capabilities,
    on_attach = o.on_attach,
  }
end

local function with_root(bufnr)
  local root = M.root_dir(bufnr)
  local config = client_config()
  config.root_dir = root
  config.workspace_folders = { { uri = vim.uri_from_fname(root), name = root } }
  return config
end

-- Neovim 0.7: one client per root, attached to every buffer under it.
local clients_by_root = {}

local function attach_07(bufnr)
  local config = with_root(bufnr)
  local id = clients_by_root[config.root_dir]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client.is_stopped() then
    local root = config.root_dir
    local user_exit = config.on_exit
    config.on_exit = function(...)
      if clients_by_root[root] == id then
        clients_by_root[root] = nil
      end
      if user_exit then
        user_exit(...)
      end
    end
    id = vim.lsp.start_client(config)
    if not id then
      notify('could not start ' .. table.concat(config.cmd, ' '), vim.log.levels.ERROR)
      return
    end
    clients_by_root[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
end

-- Neovim 0.8 to 0.10: vim.lsp.start reuses a client with the same name and root.
local function attach_08(bufnr)
  local config = with_root(bufnr)
  vim.api.nvim_buf_call(bufnr, function()
    vim.lsp.start(config, { bufnr = bufnr })
  end)
end

--- Starts (or reuses) the client for a buffer, on Neovim before 0.11.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if vim.bo[bufnr].buftype ~= '' then
    return
  end
  if has('0.8') then
    attach_08(bufnr)
  else
    attach_07(bufnr)
  end
end

local function wanted(bufnr)
  return vim.api.nvim_buf_is_loaded(bufnr)
    and vim.tbl_contains(M.options.filetypes, vim.bo[bufnr].filetype)
end

local function attach_loaded_buffers()
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if wanted(bufnr) then
      M.attach(bufnr)
    end
  end
end

local function register()
  if has('0.11') then
    local config = client_config()
    config.filetypes = M.options.filetypes
    config.root_dir = function(bufnr, on_dir)
      on_dir(M.root_dir(bufnr))
    end
    vim.lsp.config(NAME, config)
    vim.lsp.enable(NAME)
    return
  end
  vim.api.nvim_create_augroup(GROUP, { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = GROUP,
    pattern = M.options.filetypes,
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  -- Buffers opened before setup() (lazy loading).
  attach_loaded_buffers()
end

--- The Throughline clients, all or those attached to `bufnr`.
function M.clients(bufnr)
  local all = vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()
  local out = {}
  for _, client in ipairs(all) do
    if client.name == NAME and (bufnr == nil or vim.lsp.buf_is_attached(bufnr, client.id)) then
      out[#out + 1] = client
    end
  end
  return out
end

local function request(client, method, params, handler, bufnr)
  if has('0.11') then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

local function is_stopped(client)
  if has('0.11') then
    return client:is_stopped()
  end
  return client.is_stopped()
end

-- Trace rendering ------------------------------------------------------------------

local function location(site)
  if site and site.path then
    return string.format('%s:%d', site.path, site.line)
  end
  return 'not defined'
end

local function add(out, text, target, hl)
  out.lines[#out.lines + 1] = text
  out.targets[#out.lines] = target
  if hl then
    out.highlights[#out.highlights + 1] = { #out.lines - 1, hl }
  end
end

local function item_line(item)
  local layer = item.layer ~= vim.NIL and item.layer or nil
  local title = item.title ~= '' and ('  ' .. item.title) or ''
  local meta = layer and string.format('  [%s]', layer) or ''
  return item.id .. title .. meta
end

local function upstream(out, items, depth)
  for _, item in ipairs(items or {}) do
    local site = item.defined_at ~= vim.NIL and item.defined_at or nil
    add(out, string.rep('  ', depth) .. item_line(item) .. '  ' .. location(site), site)
    upstream(out, item.upstream, depth + 1)
  end
end

local function downstream(out, item, depth)
  local pad = string.rep('  ', depth)
  for _, site in ipairs(item.implemented_by or {}) do
    add(out, string.format('%simplemented by %s  %s', pad, site.symbol, location(site)), site)
  end
  for _, site in ipairs(item.verified_by or {}) do
    add(out, string.format('%sverified by %s  %s', pad, site.symbol, location(site)), site)
  end
  for _, child in ipairs(item.derived or {}) do
    local site = child.defined_at ~= vim.NIL and child.defined_at or nil
    add(out, string.format('%sderived %s  %s', pad, item_line(child), location(site)), site)
    downstream(out, child, depth + 1)
  end
end

--- The lines of the trace window for a `throughline.showTrace` result, with the
--- location each line points at (for <CR>) and the highlight groups.
function M.render_trace(trace)
  local out = { lines = {}, targets = {}, highlights = {} }
  local site = trace.defined_at ~= vim.NIL and trace.defined_at or nil
  add(out, item_line(trace), site, 'Title')
  add(out, 'defined at ' .. location(site), site)
  local function section(title, fill)
    add(out, '', nil)
    add(out, title, nil, 'Statement')
    local before = #out.lines
    fill()
    if #out.lines == before then
      add(out, '  none', nil, 'Comment')
    end
  end
  section('Upstream', function()
    upstream(out, trace.upstream, 1)
  end)
  section('Downstream', function()
    downstream(out, trace, 1)
  end)
  section('Mentioned in', function()
    for _, s in ipairs(trace.mentioned_in or {}) do
      add(out, '  ' .. location(s), s)
    end
  end)
  return out
end

local function open_target(target)
  local path = target.uri and vim.uri_to_fname(target.uri) or target.path
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  vim.api.nvim_win_set_cursor(0, { target.line, 0 })
end

local function show(trace)
  local out = M.render_trace(trace)
  local f = M.options.float
  local buf, win = vim.lsp.util.open_floating_preview(out.lines, '', {
    border = f.border,
    max_width = f.max_width,
    max_height = f.max_height,
    focus_id = 'throughline-trace',
  })
  vim.bo[buf].filetype = 'throughline-trace'
  for _, h in ipairs(out.highlights) do
    vim.api.nvim_buf_add_highlight(buf, -1, h[2], h[1], 0, -1)
  end
  local targets = out.targets
  vim.api.nvim_buf_set_keymap(buf, 'n', '<CR>', '', {
    noremap = true,
    silent = true,
    desc = 'Open the location of this line',
    callback = function()
      local target = targets[vim.api.nvim_win_get_cursor(0)[1]]
      if not target then
        return
      end
      vim.api.nvim_win_close(0, true)
      open_target(target)
    end,
  })
  vim.api.nvim_buf_set_keymap(buf, 'n', 'q', '<cmd>close<CR>', { noremap = true, silent = true })
  return buf, win
end

--- Shows the trace of the item under the cursor, or of `id`, in a floating window.
--- Run it again to move into the window; <CR> there opens the line's location.
function M.trace(id)
  local bufnr = vim.api.nvim_get_current_buf()
  local client = M.clients(bufnr)[1]
  if not client then
    notify('no Throughline server is attached to this buffer', vim.log.levels.WARN)
    return
  end
  local arguments
  if id and id ~= '' then
    arguments = { id }
  else
    local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
    arguments = { params.textDocument.uri, params.position }
  end
  local params = { command = 'throughline.showTrace', arguments = arguments }
  request(client, 'workspace/executeCommand', params, function(err, result)
    if err then
      notify(err.message or vim.inspect(err), vim.log.levels.ERROR)
    elseif result == nil or result == vim.NIL then
      notify(id and (id .. ' is not defined') or 'no Throughline ID under the cursor', vim.log.levels.WARN)
    else
      show(result)
    end
  end, bufnr)
end

-- :ThroughlineCheck ------------------------------------------------------------------

local TYPES = { error = 'E', warning = 'W', info = 'I', hint = 'N' }

--- Quickfix items from `throughline check --format json` output.
function M.check_items(json, root)
  local report = vim.fn.json_decode(json)
  -- Paths are relative to the root the CLI found (the same rule as root_dir).
  if type(report.root) == 'string' and report.root ~= '' then
    root = report.root
  end
  local items = {}
  for _, d in ipairs(report.diagnostics or {}) do
    items[#items + 1] = {
      filename = root .. '/' .. d.path,
      lnum = d.line,
      col = d.column,
      end_lnum = d.end_line,
      end_col = d.end_column,
      type = TYPES[d.severity] or 'W',
      text = string.format('[%s] %s', d.code, d.message),
    }
  end
  return items, report.summary or {}
end

--- Runs `throughline check` on the workspace root (the CI gate) and fills the
--- quickfix list with its findings.
function M.check(on_done)
  local root = M.root_dir(0)
  local bin = M.options.cmd[1]
  local cmd = { bin, 'check', root, '--format', 'json', '--color', 'never' }
  local stdout = {}
  local job = vim.fn.jobstart(cmd, {
    stdout_buffered = true,
    on_stdout = function(_, data)
      stdout = data
    end,
    on_exit = function(_, code)
      if code > 1 then
        notify(string.format('`%s` exited with %d', table.concat(cmd, ' '), code), vim.log.levels.ERROR)
        return
      end
      local ok, items, summary = pcall(M.check_items, table.concat(stdout, '\n'), root)
      if not ok then
        notify('unreadable report: ' .. tostring(items), vim.log.levels.ERROR)
        return
      end
      vim.fn.setqflist({}, ' ', { title = 'throughline check', items = items })
      local function count(n, what)
        return string.format('%d %s%s', n or 0, what, n == 1 and '' or 's')
      end
      local msg = 'check: ' .. count(summary.errors, 'error') .. ', ' .. count(summary.warnings, 'warning')
      notify(msg, code == 0 and vim.log.levels.INFO or vim.log.levels.WARN)
      if #items > 0 then
        vim.cmd('copen')
      end
      if on_done then
        on_done(items, summary)
      end
    end,
  })
  if job <= 0 then
    notify('cannot run ' .. bin, vim.log.levels.ERROR)
  end
end

-- :ThroughlineRestart ----------------------------------------------------------------

--- Stops the Throughline clients and starts them again for the loaded buffers.
function M.restart()
  local clients = M.clients()
  for _, client in ipairs(clients) do
    vim.lsp.stop_client(client.id)
  end
  clients_by_root = {}
  vim.wait(5000, function()
    for _, client in ipairs(clients) do
      if not is_stopped(client) then
        return false
      end
    end
    return true
  end, 50)
  for _, client in ipairs(clients) do
    if not is_stopped(client) then
      vim.lsp.stop_client(client.id, true)
    end
  end
  if has('0.11') then
    -- vim.lsp.enable's own FileType handler starts the client again.
    for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
      if wanted(bufnr) then
        vim.api.nvim_exec_autocmds('FileType', { group = 'nvim.lsp.enable', buffer = bufnr })
      end
    end
  else
    attach_loaded_buffers()
  end
end

local function commands()
  vim.api.nvim_create_user_command('ThroughlineTrace', function(a)
    M.trace(a.args)
  end, { nargs = '?', desc = 'Throughline: trace of the ID under the cursor (or of the ID given)' })
  vim.api.nvim_create_user_command('ThroughlineCheck', function()
    M.check()
  end, { desc = 'Throughline: run `throughline check` into the quickfix list' })
  vim.api.nvim_create_user_command('ThroughlineRestart', function()
    M.restart()
  end, { desc = 'Throughline: restart the language server' })
end

--- setup{ cmd = {...}, filetypes = {...}, root_markers = {...}, settings = {...},
---        on_attach = fn, capabilities = {...}, commands = true, float = {...} }
function M.setup(opts)
  M.options = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), opts or {})
  -- Lists replace the defaults rather than merge index by index.
  for _, key in ipairs({ 'cmd', 'filetypes', 'root_markers' }) do
    if opts and opts[key] then
      M.options[key] = opts[key]
    end
  end
  if M.options.commands then
    commands()
  end
  register()
end

return M
