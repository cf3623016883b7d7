"""Reminders (一周一更新 催办, issue 14): what each unit must hear on Monday, the messages, the channels that carry
them (group-robot webhook, SMTP) and the record of every send. Never imports streamlit, ui, loaders or exports;
judges nothing itself: weeks, freshness, findings and requests are judged by their own domains."""
