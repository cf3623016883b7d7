"""Ranking (考核排名): the rubric the office edits, the month's scores with every deduction traceable to its rows,
the ranking view the page and the documents share, and frozen (签发) bulletins.

To find where one unit's score comes from: scoring.py (score_month → one function per rubric rule)."""
