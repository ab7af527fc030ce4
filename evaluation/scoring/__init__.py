"""The scoring engine: partnership health and talent evaluation (docs/scoring.md), computed set-based in SQL."""
