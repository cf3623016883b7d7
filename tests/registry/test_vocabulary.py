"""The registry's vocabulary: unit types, groups and the warning band, as every page and document uses them."""

from core.registry.categories import Category, load_categories, parse_interval, warn_percent_text
from core.registry.vocabulary import GROUP_OF_TYPE, GROUP_ORDER, RANKED_GROUPS, UNIT_GROUPS, UNIT_TYPES
from core.storage.scope import ranked_groups_in, scope_for_group


def _category(name: str, warn: float) -> Category:
    return Category(name, parse_interval("30"), warn, (), "")


def test_every_unit_type_has_a_group_in_the_ranking_order():
    assert set(GROUP_OF_TYPE) == set(UNIT_TYPES)
    assert set(GROUP_OF_TYPE.values()) == set(GROUP_ORDER)
    assert set(RANKED_GROUPS) <= set(GROUP_ORDER)


def test_sidebar_groups_cover_the_ranked_groups():
    assert ranked_groups_in(scope_for_group("全部单位")) == list(RANKED_GROUPS)
    assert ranked_groups_in(scope_for_group("乡镇/街道")) == ["乡镇/街道"]
    assert ranked_groups_in(scope_for_group("县直部门")) == ["县直部门"]
    assert set(UNIT_GROUPS["全部单位"]) == set(UNIT_TYPES)


def test_warning_band_is_stated_for_every_category_not_the_first_only():
    assert warn_percent_text({"a": _category("a", 0.8), "b": _category("b", 0.8)}) == "80"
    assert warn_percent_text({"a": _category("a", 0.9), "b": _category("b", 0.6)}) == "60–90"
    assert warn_percent_text({}) == "—"
    assert warn_percent_text(load_categories())  # the shipped file gives a band
