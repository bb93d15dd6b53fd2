;;; throughline-test.el --- Batch Emacs drives extensions/emacs/throughline.el  -*- lexical-binding: t; -*-

;; Emacs (Debian's emacs-nox, with Debian's Eglot package on Emacs 28) loads
;; throughline.el, and the real `throughline lsp' serves a scratch copy of the demo
;; workspace (WORKSPACE).  Buffers are opened with `find-file' and Eglot is started with
;; `eglot-ensure' from a mode hook, as in a user's init file.  Batch Emacs has no command
;; loop and no redisplay, so the waits run `post-command-hook' and the window change
;; hooks themselves, as the loop and redisplay do (`eglot-ensure' and Flymake start from
;; those hooks).
;;
;; Checked: the project root, go to definition from an `Implements:' comment to the
;; requirement's heading (`xref-find-definitions'), Flymake diagnostics from the server,
;; `throughline-show-trace' at point and for an ID, and RET on a trace line.
;; Prints "emacs: N passed, M failed" and exits non-zero on any failure.
;;
;; Verifies: REQ-EDITOR-EMACS

(require 'cl-lib)
(require 'subr-x)

(defvar tl-test-passed 0)
(defvar tl-test-failed 0)

(defun tl-check (name ok &optional detail)
  "Record the check NAME, which passes when OK; print DETAIL when it fails."
  (if ok
      (progn (setq tl-test-passed (1+ tl-test-passed))
             (princ (format "ok   %s\n" name)))
    (setq tl-test-failed (1+ tl-test-failed))
    (princ (format "FAIL %s: %S\n" name detail))))

(defun tl-wait (pred seconds)
  "Run the command loop's hooks and process output until PRED holds, or SECONDS."
  (let ((deadline (+ (float-time) seconds)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (run-hooks 'post-command-hook)
      ;; What redisplay does when windows change (Flymake starts on display).
      (dolist (window (window-list))
        (with-current-buffer (window-buffer window)
          (run-hooks 'window-configuration-change-hook)))
      (accept-process-output nil 0.05))
    (funcall pred)))

(defun tl-line ()
  "The text of the current line."
  (buffer-substring-no-properties (line-beginning-position) (line-end-position)))

(defun tl-goto (text)
  "Move point to the start of the first TEXT in the buffer."
  (goto-char (point-min))
  (search-forward text)
  (goto-char (match-beginning 0)))

(defvar tl-bin (or (getenv "THROUGHLINE_BIN") (error "THROUGHLINE_BIN is not set")))
(defvar tl-ws (file-name-as-directory (or (getenv "WORKSPACE") (error "WORKSPACE is not set"))))
(defvar tl-repo (or (getenv "REPO") (error "REPO is not set")))

(defun tl-run ()
  ;; The package byte-compiles without a warning, in a fresh Emacs, from a copy (so no
  ;; .elc is left in the repository).
  (let* ((dir (make-temp-file "throughline-elc" t))
         (copy (expand-file-name "throughline.el" dir)))
    (copy-file (expand-file-name "extensions/emacs/throughline.el" tl-repo) copy)
    (with-temp-buffer
      (let ((status (call-process (expand-file-name invocation-name invocation-directory)
                                  nil t nil "--batch"
                                  "--eval" "(setq byte-compile-error-on-warn t)"
                                  "-f" "batch-byte-compile" copy)))
        (tl-check "throughline.el byte-compiles without warnings"
                  (and (eq status 0) (file-exists-p (concat copy "c")))
                  (buffer-string))))
    (delete-directory dir t))
  (add-to-list 'load-path (expand-file-name "extensions/emacs" tl-repo))
  (require 'throughline)
  (require 'markdown-mode)
  (setq throughline-command (list tl-bin "lsp"))
  (throughline-eglot-setup)
  (tl-check "throughline-eglot-setup puts the server first in eglot-server-programs"
            (eq (cdar eglot-server-programs) #'throughline--contact)
            (car eglot-server-programs))
  (throughline-eglot-setup)
  (tl-check "and does it once however often it is called"
            (= 1 (cl-count #'throughline--contact eglot-server-programs :key #'cdr)))
  (add-hook 'python-mode-hook #'eglot-ensure)
  (add-hook 'markdown-mode-hook #'eglot-ensure)

  ;; A Python file of the demo, with an `Implements: REQ-PAY-1` comment.
  (find-file (expand-file-name "services/ledger/ledger/ledger.py" tl-ws))
  (let ((code (current-buffer)))
    (tl-check "the file is in python-mode" (eq major-mode 'python-mode) major-mode)
    (tl-check "eglot-ensure starts the server"
              (tl-wait (lambda () (with-current-buffer code
                                    (and (eglot-current-server) eglot--managed-mode)))
                       20))
    (let ((server (eglot-current-server)))
      (tl-check "the project root is the folder with throughline.toml"
                (and server (equal (file-name-as-directory
                                    (expand-file-name (project-root (eglot--project server))))
                                   tl-ws))
                (and server (eglot--project server)))
      (tl-check "the server runs the binary given"
                (and server (equal (car (process-command (jsonrpc--process server))) tl-bin))))

    ;; Go to definition from the annotation, as M-. does.
    (tl-goto "Implements: REQ-PAY-1")
    (search-forward "REQ-PAY-")
    (call-interactively #'xref-find-definitions)
    (tl-wait (lambda () (string-suffix-p "docs/prd.md" (or buffer-file-name ""))) 10)
    (tl-check "M-. opens docs/prd.md" (string-suffix-p "docs/prd.md" (or buffer-file-name ""))
              buffer-file-name)
    (tl-check "on the heading of REQ-PAY-1" (string-prefix-p "## REQ-PAY-1:" (tl-line)) (tl-line))

    ;; The spec buffer joins the same server (one server for all the modes).
    (let ((prd (current-buffer)))
      (tl-check "the Markdown buffer is in markdown-mode" (eq major-mode 'markdown-mode) major-mode)
      (tl-check "and shares the Python buffer's server"
                (tl-wait (lambda () (with-current-buffer prd
                                      (and eglot--managed-mode
                                           (eq (eglot-current-server)
                                               (with-current-buffer code (eglot-current-server))))))
                         10))

      ;; Flymake shows the server's diagnostics: `REQ-PAY-7` has no test.
      (tl-check "Flymake gets the server's diagnostics"
                (tl-wait (lambda () (with-current-buffer prd (flymake-diagnostics))) 20)
                ;; What to look at when it fails.
                (list :eglot-diagnostics (length eglot--diagnostics)
                      :report-fn (and eglot--current-flymake-report-fn t)
                      :flymake-mode flymake-mode
                      :running (flymake-running-backends)
                      :reported (flymake-reporting-backends)
                      :kept (car (gethash (throughline--file-key buffer-file-name)
                                          (slot-value (eglot-current-server) 'diagnostics)))
                      :window (get-buffer-window prd)
                      :wcch window-configuration-change-hook))
      (let ((found (seq-find (lambda (d)
                               (string-match-p "`REQ-PAY-7` (requirement) has no test"
                                               (flymake-diagnostic-text d)))
                             (flymake-diagnostics))))
        (tl-check "a missing-test diagnostic for REQ-PAY-7" found
                  (mapcar #'flymake-diagnostic-text (flymake-diagnostics)))
        (tl-check "on the heading of REQ-PAY-7 (line 108), as a warning"
                  (and found
                       (= 108 (line-number-at-pos (flymake-diagnostic-beg found)))
                       (memq (flymake-diagnostic-type found) '(:warning eglot-warning warning)))
                  (and found (list (line-number-at-pos (flymake-diagnostic-beg found))
                                   (flymake-diagnostic-type found)))))

      ;; The trace of the requirement under point.
      (tl-goto "## REQ-PAY-7")
      (forward-char 5)
      (let* ((buffer (throughline-show-trace))
             (lines (with-current-buffer buffer
                      (split-string (buffer-substring-no-properties (point-min) (point-max)) "\n"))))
        (tl-check "throughline-show-trace starts with the item, its title and layer"
                  (equal (car lines) "REQ-PAY-7  Merchants can retrieve a payment's current status  [requirement]")
                  (car lines))
        (tl-check "then where it is defined" (equal (nth 1 lines) "defined at docs/prd.md:108") (nth 1 lines))
        (let ((up (cl-position "Upstream" lines :test #'equal))
              (brief (cl-position "  BRIEF-CHECKOUT  Card checkout and refunds  [brief]  docs/briefs/checkout.md:1"
                                  lines :test #'equal))
              (rm (cl-position "    RM-1  Merchants accept card payments online  [roadmap]  docs/roadmap.md:8"
                               lines :test #'equal)))
          (tl-check "upstream: the brief, then its roadmap item one level deeper"
                    (and up brief rm (< up brief rm)) lines)
          (tl-check "downstream: the implementation with its location"
                    (member "  implemented by function `getPayment`  services/api/src/payments.ts:114" lines) lines)
          (tl-check "downstream: the derived API operation"
                    (member "  derived getPayment  Retrieve a payment's current status  openapi.yaml:55" lines) lines)
          ;; RET on the brief's line opens the brief.
          (set-buffer buffer)
          (goto-char (point-min))
          (forward-line brief)
          (push-button)
          (tl-check "RET on the brief's line opens docs/briefs/checkout.md"
                    (string-suffix-p "docs/briefs/checkout.md" (or buffer-file-name "")) buffer-file-name)
          (tl-check "at its line" (= (line-number-at-pos) 1) (line-number-at-pos))))

      ;; The trace of an ID given (C-u M-x throughline-show-trace), from the code buffer.
      (set-buffer code)
      (let ((lines (with-current-buffer (throughline-show-trace "REQ-PAY-1")
                     (split-string (buffer-string) "\n"))))
        (tl-check "throughline-show-trace with an ID shows that item"
                  (string-prefix-p "REQ-PAY-1  A payment request is captured at most once" (car lines)) (car lines))
        (tl-check "with the test that verifies it"
                  (seq-find (lambda (l) (string-prefix-p "  verified by test `test_second_capture_of_same_payment_is_refused`" l))
                            lines)
                  lines))
      (tl-check "an unknown ID is a user error"
                (condition-case err (progn (throughline-show-trace "REQ-NOPE-1") nil)
                  (user-error (string-match-p "REQ-NOPE-1 is not defined" (cadr err))))))
    (with-current-buffer code
      (eglot-shutdown (eglot-current-server)))))

(condition-case err
    (tl-run)
  (error (tl-check "no Lisp error" nil err)))
(princ (format "emacs: %d passed, %d failed\n" tl-test-passed tl-test-failed))
(kill-emacs (if (= tl-test-failed 0) 0 1))
