// This module is being written; see Docs/Modules.md.
