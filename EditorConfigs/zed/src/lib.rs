//! Starts `umlaut lsp` for Python files, using the `umlaut` found on the worktree's PATH.
use zed_extension_api::{self as zed, LanguageServerId, Result};

struct UmlautExtension;

impl zed::Extension for UmlautExtension {
    fn new() -> Self {
        UmlautExtension
    }

    fn language_server_command(&mut self, _id: &LanguageServerId, worktree: &zed::Worktree) -> Result<zed::Command> {
        let path = worktree
            .which("umlaut")
            .ok_or_else(|| "umlaut is not on PATH: install it (see the Umlaut README)".to_string())?;
        Ok(zed::Command { command: path, args: vec!["lsp".into()], env: Vec::new() })
    }
}

zed::register_extension!(UmlautExtension);
