"""Chinese text of the 数据导入 page added for issue 11 (liaison upload) and issue 12 (undo confirmation,
quarantine editor, uploader limit). Kept apart from ui/strings.py so the page's wording sits in one place."""

UPLOAD_LIMIT = "每个文件不超过 {mb} MB，可选 .xlsx、.xls、.xlsm、.csv；可一次选择多个文件，或把文件拖到下框中。"
LIAISON_SCOPE = (
    "您是{units}的联络员：导入时只写入这些单位的行；写着其他单位或未登记单位的行进入隔离区并注明原因。"
    "撤销导入、更正隔离行由政务公开办处理（只能撤销全县最近一次导入，通常不是您的批次），如需撤销请联系办公室。"
)
LIAISON_QUARANTINE_HINT = "以下是您上传的文件中未导入的行。请修改原文件后重新上传，或联系政务公开办更正。"

QUARANTINE_COLUMNS = {
    "quarantine_id": "隔离号",
    "file_name": "文件",
    "sheet": "工作表",
    "row_number": "行号",
    "kind_label": "台账类型",
    "fault": "出错的列",
    "reason": "原因",
}
EDITOR_TITLE = "更正隔离行"
EDITOR_HINT = "选择一行，在“值”一列中改正出错的单元格（可填写空白的必填项），然后点击“保存更正并重新处理”。"
EDITOR_PICK = "要更正的行"
EDITOR_ROW = "隔离号 {qid}：{file} 第 {row} 行（{fault}）— {reason}"
EDITOR_MAP_UNIT = "把“{name}”对应到已登记的单位（登记为该单位的别名，以后的台账也能识别）"
EDITOR_NO_MAP = "（不对应）"
EDITOR_SAVE = "保存更正并重新处理"
EDITOR_DONE = "已保存更正并重新处理（第 {batch} 批）：{note}。{summary}"
EDITOR_NOT_EDITABLE = "年度报告的隔离行不能在此更正，请更正原文件后重新上传。"
EDITS_TITLE = "更正记录"
EDITS_COLUMNS = {
    "edited_at": "更正时间",
    "edited_by": "更正人",
    "import_id": "批次",
    "quarantine_id": "隔离号",
    "field": "列",
    "before": "原值",
    "after": "新值",
}
CELL_COLUMNS = {"列": "列", "值": "值", "问题": "问题"}

UNDO_ASK = "撤销最近一次导入…"
UNDO_CONFIRM_TITLE = "确认撤销第 {import_id} 批导入（{file}，{started}）？撤销后："
UNDO_CONFIRM = "确认撤销"
UNDO_CANCEL = "取消"
UNDO_KEEPS = "人工标记、冲突处理、栏目豁免和隔离行的更正不随撤销删除。"

HISTORY_NONE = "还没有导入记录。"
HISTORY_EXTRA = {"uploaded_by": "上传人", "note": "说明"}
