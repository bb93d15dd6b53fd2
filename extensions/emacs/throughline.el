;;; throughline.el --- Throughline language server for Eglot  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1") (eglot "1.9"))
;; Keywords: tools, languages
;; SPDX-License-Identifier: MIT

;;; Commentary:

;; Throughline links requirements in Markdown, API contracts, code (`Implements:'
;; comments) and tests (`Verifies:' comments).  This package connects its language
;; server, `throughline lsp', to Eglot:
;;
;;   (require 'throughline)
;;   (throughline-eglot-setup)
;;
;; Then `M-x eglot' (or `eglot-ensure' in a mode hook) in a Markdown, YAML, JSON or code
;; buffer starts the server for the project.  Go to definition (`M-.') jumps from an ID
;; in a comment to its heading, `M-?' lists its implementations, tests and mentions,
;; ElDoc shows the hover with the whole chain and Flymake shows the diagnostics.
;;
;; `throughline-show-trace' shows the chain of the ID at point in a buffer whose lines
;; open their locations.
;;
;; Eglot runs one server per buffer: in the modes of `throughline-eglot-modes',
;; Throughline replaces the mode's usual server (pylsp, clangd ...).  Leave code modes
;; out of that list to keep their servers; see docs/editors.md.
;;
;; Implements: REQ-EDITOR-EMACS

;;; Code:

(require 'cl-lib)
(require 'eglot)
(require 'jsonrpc)
(require 'project)
(require 'seq)
(require 'subr-x)
(require 'url-util)

(defgroup throughline nil
  "Throughline language server for Eglot."
  :group 'tools
  :prefix "throughline-")

(defcustom throughline-command '("throughline" "lsp")
  "The command that starts the server: the program, then its arguments."
  :type '(repeat string))

(defcustom throughline-initialization-options '(:diagnosticMode "push")
  "The `initializationOptions' sent to the server, as a plist.
`:diagnosticMode' \"push\" makes the server publish diagnostics for every file of
the workspace, not only for the buffers Eglot manages."
  :type 'plist)

(defcustom throughline-eglot-modes
  '(markdown-mode gfm-mode
    yaml-mode yaml-ts-mode
    json-mode json-ts-mode js-json-mode
    rust-mode rust-ts-mode
    python-mode python-ts-mode
    js-mode js-ts-mode js2-mode
    typescript-mode typescript-ts-mode tsx-ts-mode
    go-mode go-ts-mode
    java-mode java-ts-mode
    csharp-mode csharp-ts-mode
    c-mode c-ts-mode c++-mode c++-ts-mode)
  "Major modes whose buffers Throughline serves.
One server process serves all of them in a project."
  :type '(repeat symbol))

(defcustom throughline-root-markers '("throughline.toml")
  "Files that mark a Throughline workspace root for `project.el'.
Used only when no other project backend (such as Git) claims the file."
  :type '(repeat string))

(defclass throughline-eglot-server (eglot-lsp-server)
  ((diagnostics :initform (make-hash-table :test #'equal)
                :documentation "The last diagnostics published for each file."))
  "Eglot's server class for Throughline.
The server publishes diagnostics for every file of the workspace, then again when
they change and when a file is opened.  Eglot drops those of files not visited yet,
so this class keeps them and hands them over as soon as such a file is visited,
before the server's answer to the opening arrives.")

(defun throughline--file-key (file)
  "The key of FILE in the diagnostics table."
  (file-truename (expand-file-name file)))

(cl-defmethod eglot-handle-notification :before
  ((server throughline-eglot-server) (_method (eql textDocument/publishDiagnostics))
   &key uri diagnostics &allow-other-keys)
  "Keep the DIAGNOSTICS of URI, for when its file is visited."
  (puthash (throughline--file-key (throughline--uri-to-path uri))
           (cons uri diagnostics)
           (slot-value server 'diagnostics)))

(defun throughline--replay-diagnostics ()
  "Give a newly managed buffer the diagnostics kept for its file."
  (when-let* ((file buffer-file-name)
              ((bound-and-true-p eglot--managed-mode))
              (server (eglot-current-server))
              ((cl-typep server 'throughline-eglot-server))
              (kept (gethash (throughline--file-key file) (slot-value server 'diagnostics))))
    (eglot-handle-notification server 'textDocument/publishDiagnostics
                               :uri (car kept) :diagnostics (cdr kept))))

(defun throughline--contact (&rest _)
  "The Eglot contact for the server."
  (cons 'throughline-eglot-server
        (append throughline-command
                (list :initializationOptions throughline-initialization-options))))

(defun throughline-root (dir)
  "The Throughline workspace root for DIR, by the rule every front end follows.
The nearest folder upward holding one of `throughline-root-markers', else the
nearest holding `.git', else DIR itself."
  (let ((dir (file-name-as-directory (expand-file-name dir))))
    (expand-file-name
     (or (seq-some (lambda (marker) (locate-dominating-file dir marker))
                   throughline-root-markers)
         (locate-dominating-file dir ".git")
         dir))))

(defun throughline-project-find (dir)
  "A transient project at the nearest parent of DIR holding a root marker."
  (when-let ((root (seq-some (lambda (marker) (locate-dominating-file dir marker))
                             throughline-root-markers)))
    (cons 'transient (expand-file-name root))))

(defvar eglot-lsp-context)

(defun throughline--eglot-project (dir)
  "For Eglot in a Throughline buffer, a project at DIR's workspace root.
Eglot binds `eglot-lsp-context' while it asks `project.el' for a server's
root; without this, a Git project would claim a `throughline.toml' folder
inside it, and the server would see the whole repository with the wrong
configuration.  Other uses of `project.el' are left alone."
  (when (and (bound-and-true-p eglot-lsp-context)
             (apply #'derived-mode-p throughline-eglot-modes))
    (cons 'transient (throughline-root dir))))

;;;###autoload
(defun throughline-eglot-setup ()
  "Register the Throughline server with Eglot for `throughline-eglot-modes'.
The entry goes first in `eglot-server-programs', so it wins over the default
server of those modes.  Gives Eglot the root by Throughline's rule (see
`throughline-root'), and lets `project.el' find a folder with a
`throughline.toml' as a project when no other backend claims it."
  (interactive)
  (setq eglot-server-programs
        (cons (cons throughline-eglot-modes #'throughline--contact)
              (seq-remove (lambda (entry) (eq (cdr entry) #'throughline--contact))
                          eglot-server-programs)))
  (add-hook 'project-find-functions #'throughline--eglot-project -90)
  (add-hook 'project-find-functions #'throughline-project-find 90)
  (add-hook 'eglot-managed-mode-hook #'throughline--replay-diagnostics))

;;; Trace

(defun throughline--server ()
  "The Eglot server of the current buffer, or an error."
  (or (eglot-current-server)
      (user-error "No Eglot server manages this buffer (M-x eglot)")))

(defun throughline--uri-to-path (uri)
  "The local file name of a file:// URI."
  (url-unhex-string (url-filename (url-generic-parse-url uri))))

(defun throughline--position-params ()
  "The LSP textDocument and position of point."
  (if (fboundp 'eglot--TextDocumentPositionParams)
      (eglot--TextDocumentPositionParams)
    (list :textDocument (list :uri (concat "file://" (url-hexify-string
                                                      (expand-file-name buffer-file-name)
                                                      url-path-allowed-chars)))
          :position (eglot--pos-to-lsp-position))))

(defun throughline-trace-request (&optional id)
  "Ask the server for the trace of ID, or of the ID at point.
Returns the trace as a plist, or nil when there is no item."
  (let* ((server (throughline--server))
         (arguments (if (and id (not (string-empty-p id)))
                        (vector id)
                      (let ((p (throughline--position-params)))
                        (vector (plist-get (plist-get p :textDocument) :uri)
                                (plist-get p :position))))))
    (jsonrpc-request server :workspace/executeCommand
                     (list :command "throughline.showTrace" :arguments arguments))))

(defun throughline--item-line (item)
  "ID, title and layer of a trace ITEM."
  (let ((title (plist-get item :title))
        (layer (plist-get item :layer)))
    (concat (plist-get item :id)
            (if (and (stringp title) (not (string-empty-p title))) (concat "  " title) "")
            (if (stringp layer) (format "  [%s]" layer) ""))))

(defun throughline--location (site)
  "The file:line of SITE."
  (if (and site (plist-get site :path))
      (format "%s:%d" (plist-get site :path) (plist-get site :line))
    "not defined"))

(defun throughline--insert (text site &optional face)
  "Insert TEXT and a newline; a button to SITE when there is one."
  (let ((start (point)))
    (insert text)
    (when face
      (put-text-property start (point) 'face face))
    (when (and site (plist-get site :uri))
      (make-text-button start (point)
                        'throughline-site site
                        'follow-link t
                        'help-echo "RET: open this location"
                        'face (or face 'default)
                        'action #'throughline--open-button))
    (insert "\n")))

(defun throughline--open-button (button)
  "Open the location of BUTTON."
  (throughline-open-site (button-get button 'throughline-site)))

(defun throughline-open-site (site)
  "Visit the file and line of SITE (a plist with :uri and :line)."
  (let ((file (throughline--uri-to-path (plist-get site :uri))))
    (when (eq major-mode 'throughline-trace-mode)
      (quit-window))
    (find-file file)
    (goto-char (point-min))
    (forward-line (1- (plist-get site :line)))))

(defun throughline--insert-upstream (items depth)
  "Insert upstream ITEMS at DEPTH, recursively."
  (seq-doseq (item items)
    (let ((site (plist-get item :defined_at)))
      (throughline--insert (format "%s%s  %s" (make-string (* 2 depth) ?\s)
                                   (throughline--item-line item)
                                   (throughline--location site))
                           site)
      (throughline--insert-upstream (plist-get item :upstream) (1+ depth)))))

(defun throughline--insert-downstream (item depth)
  "Insert what derives from, implements and verifies ITEM, at DEPTH."
  (let ((pad (make-string (* 2 depth) ?\s)))
    (seq-doseq (site (plist-get item :implemented_by))
      (throughline--insert (format "%simplemented by %s  %s" pad (plist-get site :symbol)
                                   (throughline--location site))
                           site))
    (seq-doseq (site (plist-get item :verified_by))
      (throughline--insert (format "%sverified by %s  %s" pad (plist-get site :symbol)
                                   (throughline--location site))
                           site))
    (seq-doseq (child (plist-get item :derived))
      (let ((site (plist-get child :defined_at)))
        (throughline--insert (format "%sderived %s  %s" pad (throughline--item-line child)
                                     (throughline--location site))
                             site)
        (throughline--insert-downstream child (1+ depth))))))

(defun throughline--section (title fill)
  "Insert a section TITLE, then call FILL; \"none\" when it inserts nothing."
  (insert "\n")
  (throughline--insert title nil 'bold)
  (let ((before (point)))
    (funcall fill)
    (when (= before (point))
      (throughline--insert "  none" nil 'shadow))))

(defun throughline-render-trace (trace)
  "Insert TRACE, a `throughline.showTrace' result, at point."
  (let ((site (plist-get trace :defined_at)))
    (throughline--insert (throughline--item-line trace) site 'bold)
    (throughline--insert (concat "defined at " (throughline--location site)) site))
  (throughline--section "Upstream"
                        (lambda () (throughline--insert-upstream (plist-get trace :upstream) 1)))
  (throughline--section "Downstream"
                        (lambda () (throughline--insert-downstream trace 1)))
  (throughline--section "Mentioned in"
                        (lambda ()
                          (seq-doseq (s (plist-get trace :mentioned_in))
                            (throughline--insert (concat "  " (throughline--location s)) s)))))

(defvar throughline-trace-mode-map
  (let ((map (make-sparse-keymap)))
    (set-keymap-parent map (make-composed-keymap button-buffer-map special-mode-map))
    (define-key map (kbd "n") #'forward-button)
    (define-key map (kbd "p") #'backward-button)
    map)
  "Keymap of `throughline-trace-mode'.")

(define-derived-mode throughline-trace-mode special-mode "Throughline-Trace"
  "The chain of a Throughline item.  RET on a line opens its location.")

;;;###autoload
(defun throughline-show-trace (&optional id)
  "Show the chain of the ID at point, or of ID, in the *throughline-trace* buffer.
With a prefix argument, ask for the ID."
  (interactive (list (when current-prefix-arg (read-string "Trace ID: "))))
  (let ((trace (throughline-trace-request id)))
    (unless trace
      (user-error (if id (format "%s is not defined" id) "No Throughline ID at point")))
    (let ((buffer (get-buffer-create "*throughline-trace*")))
      (with-current-buffer buffer
        (let ((inhibit-read-only t))
          (erase-buffer)
          (throughline-trace-mode)
          (throughline-render-trace trace)
          (goto-char (point-min))))
      (pop-to-buffer buffer)
      buffer)))

(provide 'throughline)
;;; throughline.el ends here
