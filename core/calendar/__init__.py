"""The working-day calendar: statutory holidays and 调休 days (data/holidays.csv + chinesecalendar), in Python
and as a DuckDB relation, so every deadline and duration in the product counts days the same way."""
