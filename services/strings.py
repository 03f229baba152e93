"""Every user-visible string, Vietnamese first, English second.

``t(key, lang, **params)`` formats a template; a missing English text falls
back to Vietnamese so nothing is ever blank. Pages and services both use it.
"""

from __future__ import annotations

from typing import Any

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}

VI: dict[str, str] = {
    # reader problems
    "missing_tab": "Không có trang '{tab}' trong nguồn dữ liệu",
    "missing_column": "Thiếu cột '{column}' ở dòng tiêu đề",
    "date_empty": "Chưa ghi ngày",
    "date_bad": "Ngày '{value}' không đúng định dạng (ngày trước, ví dụ 15/01/2016)",
    "date_impossible": "Ngày '{value}' không tồn tại",
    "date_outside": "Ngày {date} nằm ngoài thời gian kế hoạch ({start} – {end})",
    "date_before": "Ngày {date} trước khi kế hoạch bắt đầu ({start})",
    "ward_empty": "Chưa ghi phường",
    "ward_unknown": "Không nhận ra phường '{value}'",
    "form_empty": "Chưa ghi hình thức",
    "form_unknown": "Không nhận ra hình thức '{value}'",
    "theme_unknown": "Không nhận ra nội dung '{value}' (bỏ qua)",
    "unit_empty": "Chưa ghi đơn vị (tính vào 'Đơn vị khác')",
    "unit_unknown": "Không nhận ra đơn vị '{value}' (tính vào 'Đơn vị khác')",
    "report_unit_empty": "Chưa ghi đơn vị",
    "report_unit_unknown": "Không nhận ra đơn vị '{value}'",
    "count_bad": "'{value}' không phải số nguyên không âm (coi như để trống)",
    "id_duplicate": "Mã '{value}' trùng với dòng {first_row}",
    "suggest": " — có phải '{suggestion}'?",
    "other_unit": "Đơn vị khác",
    "district_wide": "Toàn quận",
    "severity_error": "Lỗi",
    "severity_warning": "Cảnh báo",
    # phases and report states
    "phase_chua_bat_dau": "Chưa bắt đầu",
    "phase_ket_thuc": "Đã kết thúc",
    "report_on_time": "Đúng hạn",
    "report_late": "Muộn",
    "report_pending": "Chưa nộp (còn hạn)",
    "report_missing": "Không nộp",
    # app shell
    "app_title": "Theo dõi kế hoạch tuyên truyền",
    "config_error": "Cấu hình kế hoạch không hợp lệ",
    "source_error": "Không đọc được dữ liệu",
    "as_of": "Xem tại ngày",
    "demo_data": "Dữ liệu mẫu",
    "refresh": "Làm mới dữ liệu",
    "page_overview": "Tổng quan",
    "page_map": "Bản đồ phường",
    "page_themes": "Nội dung tuyên truyền",
    "page_units": "Đơn vị",
    "page_quality": "Chất lượng dữ liệu",
    "page_log": "Nhật ký hoạt động",
    "page_entry": "Ghi nhận hoạt động",
    "page_meeting": "Họp nhanh",
}

EN: dict[str, str] = {
    "missing_tab": "The source has no '{tab}' tab",
    "missing_column": "Column '{column}' is missing from the header row",
    "date_empty": "Date is empty",
    "date_bad": "Date '{value}' is not in a day-first format (e.g. 15/01/2016)",
    "date_impossible": "Date '{value}' does not exist",
    "date_outside": "Date {date} is outside the plan period ({start} – {end})",
    "date_before": "Date {date} is before the plan starts ({start})",
    "ward_empty": "Ward is empty",
    "ward_unknown": "Unknown ward '{value}'",
    "form_empty": "Form is empty",
    "form_unknown": "Unknown form '{value}'",
    "theme_unknown": "Unknown theme '{value}' (ignored)",
    "unit_empty": "Unit is empty (counted under 'Other units')",
    "unit_unknown": "Unknown unit '{value}' (counted under 'Other units')",
    "report_unit_empty": "Unit is empty",
    "report_unit_unknown": "Unknown unit '{value}'",
    "count_bad": "'{value}' is not a non-negative whole number (treated as empty)",
    "id_duplicate": "Id '{value}' repeats row {first_row}",
    "suggest": " — did you mean '{suggestion}'?",
    "other_unit": "Other units",
    "district_wide": "District-wide",
    "severity_error": "Error",
    "severity_warning": "Warning",
    "phase_chua_bat_dau": "Not started",
    "phase_ket_thuc": "Finished",
    "report_on_time": "On time",
    "report_late": "Late",
    "report_pending": "Pending",
    "report_missing": "Missing",
    "app_title": "Campaign tracker",
    "config_error": "The plan configuration is invalid",
    "source_error": "The data cannot be read",
    "as_of": "View as of",
    "demo_data": "Demo data",
    "refresh": "Refresh data",
    "page_overview": "Overview",
    "page_map": "Ward map",
    "page_themes": "Theme checklist",
    "page_units": "Units",
    "page_quality": "Data quality",
    "page_log": "Activity log",
    "page_entry": "Log an activity",
    "page_meeting": "Meeting brief",
}

CATALOG: dict[str, dict[str, str]] = {"vi": VI, "en": EN}


def t(key: str, lang: str = "vi", **params: Any) -> str:
    """Return the text for ``key`` in ``lang`` with ``params`` filled in."""
    template = CATALOG.get(lang, VI).get(key) or VI.get(key) or key
    return template.format(**params) if params else template
