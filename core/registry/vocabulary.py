"""Unit types and assessment groups: declared once, used by the loaders, the scope, scoring, pages and documents.

A unit's type (单位类型) is what the 单位名录 says; its group (考核组别) is who it is ranked against.
"""

COUNTY_DEPARTMENT = "县直部门"
TOWNSHIP = "乡镇"
SUBDISTRICT = "街道"
VERTICAL = "垂管单位"
UNIT_TYPES = (COUNTY_DEPARTMENT, TOWNSHIP, SUBDISTRICT, VERTICAL)

ALL_UNITS = "全部单位"
GROUP_DEPARTMENTS = "县直部门"
GROUP_TOWNSHIPS = "乡镇/街道"
GROUP_VERTICAL = "垂管单位"
# The order groups appear in every ranking, table and document.
GROUP_ORDER = (GROUP_DEPARTMENTS, GROUP_TOWNSHIPS, GROUP_VERTICAL)
GROUP_OF_TYPE = {
    COUNTY_DEPARTMENT: GROUP_DEPARTMENTS,
    TOWNSHIP: GROUP_TOWNSHIPS,
    SUBDISTRICT: GROUP_TOWNSHIPS,
    VERTICAL: GROUP_VERTICAL,
}
# The choices of the sidebar's 单位范围 and the unit types each covers.
UNIT_GROUPS: dict[str, tuple[str, ...]] = {
    ALL_UNITS: UNIT_TYPES,
    GROUP_DEPARTMENTS: (COUNTY_DEPARTMENT,),
    GROUP_TOWNSHIPS: (TOWNSHIP, SUBDISTRICT),
}
# Groups the office ranks and bulletins (垂管单位 are listed but not assessed by the county).
RANKED_GROUPS = (GROUP_DEPARTMENTS, GROUP_TOWNSHIPS)
