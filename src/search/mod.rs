//! Search over both classifications (see `ARCHITECTURE.md`).
