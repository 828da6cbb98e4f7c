//! Indicative HRG4+ grouping and tariff (see `ARCHITECTURE.md`).
