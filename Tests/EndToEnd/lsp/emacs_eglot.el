;;; emacs_eglot.el --- Batch Emacs + Eglot as a real client of `umlaut lsp' -*- lexical-binding: t; -*-

;; Loads the shipped EditorConfigs/emacs/umlaut-eglot.el as its README says (`load' it, then
;; `M-x eglot' in a Python buffer), with `umlaut' on PATH, and plays one scenario ($SCENARIO):
;;   fix  the diagnostics of $SCRIPT in Flymake, the quick fix applied through
;;        `eglot-code-actions' (the user accepts the default action), the diagnostic gone
;;   run  `M-x umlaut-run' on $SCRIPT, its runtime findings (source "umlaut-run") in Flymake,
;;        then `M-x umlaut-clear-run-findings'
;; Writes a JSON report to $REPORT and exits 0 on success, 1 on failure.
;;
;;   UMLAUT_EGLOT=EditorConfigs/emacs/umlaut-eglot.el SCENARIO=fix SCRIPT=buggy.py REPORT=r.json \
;;     emacs --batch -l Tests/EndToEnd/lsp/emacs_eglot.el

(require 'json)
(require 'cl-lib)

(defvar umlaut-test-report nil "The report, an alist.")

(defun umlaut-test-finish (ok message)
  (push (cons 'ok (if ok t :json-false)) umlaut-test-report)
  (push (cons 'message message) umlaut-test-report)
  (with-temp-file (getenv "REPORT") (insert (json-encode umlaut-test-report)))
  (kill-emacs (if ok 0 1)))

(defun umlaut-test-step (name) (push name (alist-get 'steps umlaut-test-report)))

(defun umlaut-test-run-idle-timers ()
  "Run the idle timers, as Emacs does when the user stops typing. Batch mode has no keyboard
loop, so nothing else runs them: Eglot sends `didChange' and Flymake restarts on idle timers."
  (dolist (timer (copy-sequence timer-idle-list))
    (when (memq timer timer-idle-list) (timer-event-handler timer))))

(defun umlaut-test-wait (what seconds predicate)
  "Wait up to SECONDS for PREDICATE, serving the server's messages and Emacs' timers; every
half second without the condition counts as the user being idle."
  (let ((deadline (+ (float-time) seconds))
        (idle (+ (float-time) 0.5)))
    (while (and (not (funcall predicate)) (< (float-time) deadline))
      (accept-process-output nil 0.05)
      (when (> (float-time) idle)
        (umlaut-test-run-idle-timers)
        (setq idle (+ (float-time) 0.5))))
    (unless (funcall predicate) (error "%s: not within %s s" what seconds))))

(defun umlaut-test-diagnostics (source)
  "Flymake's diagnostics in this buffer whose LSP source is SOURCE, as alists."
  (cl-loop for diagnostic in (flymake-diagnostics)
           for lsp = (alist-get 'eglot-lsp-diag (flymake-diagnostic-data diagnostic))
           when (equal (plist-get lsp :source) source)
           collect `((code . ,(plist-get lsp :code))
                     (line . ,(line-number-at-pos (flymake-diagnostic-beg diagnostic)))
                     (column . ,(save-excursion (goto-char (flymake-diagnostic-beg diagnostic)) (current-column)))
                     (type . ,(symbol-name (flymake-diagnostic-type diagnostic))))))

(defun umlaut-test-codes (source)
  (mapcar (lambda (d) (alist-get 'code d)) (umlaut-test-diagnostics source)))

(defun umlaut-test-open ()
  "Visit $SCRIPT and start Eglot there as `M-x eglot' does."
  (find-file (getenv "SCRIPT"))
  (call-interactively #'eglot)
  (umlaut-test-wait "Eglot managing the buffer" 20 (lambda () (bound-and-true-p eglot--managed-mode))))

(defun umlaut-test-fix ()
  (umlaut-test-open)
  (umlaut-test-wait "Umlaut's diagnostics in Flymake" 20 (lambda () (umlaut-test-diagnostics "umlaut")))
  (push (cons 'diagnostics (umlaut-test-diagnostics "umlaut")) umlaut-test-report)
  (umlaut-test-step "diagnostics")
  (let* ((diagnostic (car (cl-remove-if-not (lambda (d) (equal (plist-get (alist-get 'eglot-lsp-diag (flymake-diagnostic-data d)) :source) "umlaut"))
                                            (flymake-diagnostics))))
         (beg (flymake-diagnostic-beg diagnostic))
         (end (flymake-diagnostic-end diagnostic))
         (line (line-number-at-pos beg))
         offered)
    (goto-char beg)
    ;; `M-x eglot-code-actions' at the diagnostic; the user takes the default action (RET).
    (cl-letf (((symbol-function 'completing-read)
               (lambda (_prompt collection &optional _pred _req _init _hist default &rest _)
                 (setq offered (mapcar #'car collection))
                 default))
              (last-nonmenu-event ?\r))
      (eglot-code-actions beg end nil t))
    (push (cons 'actions offered) umlaut-test-report)
    (umlaut-test-step "applied")
    (push (cons 'fixed_line (save-excursion (goto-char (point-min)) (forward-line (1- line))
                                            (buffer-substring-no-properties (line-beginning-position) (line-end-position))))
          umlaut-test-report)
    (umlaut-test-wait "the diagnostic going away" 20 (lambda () (null (umlaut-test-diagnostics "umlaut"))))
    (umlaut-test-step "cleared")))

(defun umlaut-test-run ()
  (umlaut-test-open)
  (umlaut-test-wait "Umlaut's static diagnostics" 20 (lambda () (umlaut-test-diagnostics "umlaut")))
  (umlaut-test-step "static")
  (umlaut-run "")
  (umlaut-test-wait "the runtime findings" 60
                    (lambda () (let ((codes (umlaut-test-codes "umlaut-run")))
                                 (and (member "UM501" codes) (member "UM506" codes)))))
  (push (cons 'runtime (umlaut-test-diagnostics "umlaut-run")) umlaut-test-report)
  (push (cons 'static (umlaut-test-diagnostics "umlaut")) umlaut-test-report)
  (umlaut-test-step "runtime")
  (umlaut-clear-run-findings)
  (umlaut-test-wait "the runtime findings going away" 10 (lambda () (null (umlaut-test-diagnostics "umlaut-run"))))
  (umlaut-test-step "cleared"))

(condition-case err
    (progn
      (load (getenv "UMLAUT_EGLOT") nil t)
      (push (cons 'emacs emacs-version) umlaut-test-report)
      (pcase (getenv "SCENARIO")
        ("fix" (umlaut-test-fix))
        ("run" (umlaut-test-run))
        (other (error "unknown scenario %S" other)))
      (setf (alist-get 'steps umlaut-test-report) (reverse (alist-get 'steps umlaut-test-report)))
      (ignore-errors (eglot-shutdown (eglot-current-server)))
      (umlaut-test-finish t "ok"))
  (error (umlaut-test-finish nil (error-message-string err))))

;;; emacs_eglot.el ends here
