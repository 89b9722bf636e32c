;;; umlaut-eglot.el --- Umlaut with Eglot (Emacs 26.3+) -*- lexical-binding: t; -*-

;; Needs Emacs 26.3 or later with Eglot: built into Emacs 29+, from ELPA before (Debian 12:
;; `apt install emacs-nox elpa-eglot', Emacs 28.2 with Eglot 1.9, is what the tests run).
;; Load this file (or copy the form into your init file), then `M-x eglot' in a Python buffer.
;; Eglot runs one server per major mode; to use Umlaut beside another Python server, see
;; EditorConfigs/README.md.

(require 'eglot)

(add-to-list 'eglot-server-programs
             '((python-mode python-ts-mode) . ("umlaut" "lsp")))

;; Editor settings override pyproject.toml's [tool.umlaut]:
;; (setq-default eglot-workspace-configuration '(:umlaut (:ignore ["UM203"])))

(defun umlaut--execute (command arguments)
  "Ask the Umlaut server to run COMMAND with ARGUMENTS (a vector)."
  (let ((server (eglot--current-server-or-lose)))
    (if (fboundp 'eglot-execute)          ; Eglot 1.16+
        (eglot-execute server (list :command command :arguments arguments))
      (eglot-execute-command server command arguments))))

(defun umlaut-run (arguments)
  "Run this script under Umlaut with ARGUMENTS; its runtime findings appear as diagnostics."
  (interactive "sArguments for the script: ")
  (save-buffer)
  (umlaut--execute "umlaut.run" (vector (expand-file-name (buffer-file-name))
                                        (vconcat (split-string arguments)))))

(defun umlaut-stop-run ()
  "Stop the Umlaut run of this script."
  (interactive)
  (umlaut--execute "umlaut.stopRun" (vector (expand-file-name (buffer-file-name)))))

(defun umlaut-clear-run-findings ()
  "Hide Umlaut's runtime findings until the next run."
  (interactive)
  (umlaut--execute "umlaut.clearRunFindings" []))

(provide 'umlaut-eglot)
;;; umlaut-eglot.el ends here
