"""Year-end assessment (一年一考评, issue 14): the year's monthly scores (frozen where signed), year items such as
the 互查 rectification rate, combined by data/assessment.toml, ranked per group with 等次. Never imports streamlit;
scores come from core.ranking, 互查 from core.inspection, freshness from core.monitoring."""
