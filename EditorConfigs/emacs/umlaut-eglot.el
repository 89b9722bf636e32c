;;; umlaut-eglot.el --- Umlaut with Eglot (Emacs 29+) -*- lexical-binding: t; -*-

;; Load this file (or copy the form into your init file), then `M-x eglot' in a Python buffer.
;; Eglot runs one server per major mode; to use Umlaut beside another Python server, see
;; EditorConfigs/README.md.

(require 'eglot)

(add-to-list 'eglot-server-programs
             '((python-mode python-ts-mode) . ("umlaut" "lsp")))

;; Editor settings override pyproject.toml's [tool.umlaut]:
;; (setq-default eglot-workspace-configuration '(:umlaut (:ignore ["UM203"])))

(provide 'umlaut-eglot)
;;; umlaut-eglot.el ends here
