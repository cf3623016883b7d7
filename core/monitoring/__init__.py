"""Monitoring: what units published (发布统计), how fresh their columns are (更新频率, 一周一更新, exemptions),
whether items went out within 20 working days (发布及时性), and the 总览 figures built from them."""
