"""The audit page names the rhythm's actions in Chinese: the keys the domains write have labels."""

from core.accounts.vocabulary import ACTION_LABELS
from core.inspection.plans import SAVE_PLAN
from core.reminders.sends import REMINDER_SEND


def test_reminder_and_inspection_actions_are_labelled():
    assert ACTION_LABELS[REMINDER_SEND] == "发送催办提醒"
    assert ACTION_LABELS[SAVE_PLAN] == "保存季度互查安排"
