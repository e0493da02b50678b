;;; eglot-test.el --- checks the eglot setup of docs/editors.md against rhythm-lsp  -*- lexical-binding: t -*-
;; Run by run.sh: emacs --batch -Q -l eglot-test.el, in a folder holding snippet.el (the first
;; elisp block of docs/editors.md) and undeclared.flow, with rhythm-lsp on PATH. Exits 0 when the
;; file opens in rhythm-mode, eglot connects and the undeclared variable is reported.

;; Debian's elpa-* packages (eglot on Emacs 28 and its dependencies).
(dolist (d (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/*"))
  (add-to-list 'load-path d))
(dolist (d (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa-src/*"))
  (add-to-list 'load-path d t))
(require 'eglot)
(require 'seq)
(load (expand-file-name "snippet.el"))

(defun rhythm-test-fail (fmt &rest args)
  (message "FAIL %s" (apply #'format fmt args))
  (kill-emacs 1))

(find-file "undeclared.flow")
(unless (eq major-mode 'rhythm-mode)
  (rhythm-test-fail "major mode is %s, want rhythm-mode" major-mode))
(message "ok   undeclared.flow is in rhythm-mode")
;; eglot-ensure waits for an interactive command; start the server directly as it would.
(apply #'eglot (eglot--guess-contact))
(unless (eglot-current-server)
  (rhythm-test-fail "eglot did not connect"))
(message "ok   eglot connected to %s" (process-command (jsonrpc--process (eglot-current-server))))
(let ((deadline (+ (float-time) 20)) found)
  (while (and (not found) (< (float-time) deadline))
    (accept-process-output nil 0.1)
    (setq found (seq-find (lambda (d) (string-match-p "undeclared variable `missing`" (flymake-diagnostic-text d)))
                          (flymake-diagnostics))))
  (unless found
    (rhythm-test-fail "no diagnostic for `missing`: %S" (mapcar #'flymake-diagnostic-text (flymake-diagnostics))))
  (message "ok   diagnostic: %s" (flymake-diagnostic-text found)))
(eglot-shutdown (eglot-current-server))
(message "PASS")
(kill-emacs 0)
