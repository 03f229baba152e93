"""Vietnamese texts (the default language). Keys must match en.py exactly (tests/test_strings.py)."""

VI: dict[str, str] = {
    # --- city scale: several district sources (issue 7, area F) ---
    "city_label": "{n} quận, huyện",
    "city_district_failed": "Không đọc được dữ liệu của {district} ({error}); số liệu của {district} chưa được tính.",
    "city_district_stale": "{district}: đang hiển thị dữ liệu cũ, chưa cập nhật được: {reason}",
    "city_unexpected": "lỗi không mong đợi ({kind}), hãy báo cho quản trị viên",
    "city_level": "Cấp hiển thị",
    "city_level_district": "Quận, huyện",
    "city_level_ward": "Phường, xã",
    "city_col_district": "Quận, huyện",
    "city_col_activities": "Hoạt động",
    "city_col_participants": "Người tham dự",
    "city_col_wards": "Phường, xã có hoạt động",
    "city_col_forms": "Hình thức đã dùng",
    "city_col_state": "Dữ liệu",
    "city_state_ok": "Đã đọc",
    "city_state_failed": "Không đọc được",
    "city_state_stale": "Dữ liệu cũ (chưa cập nhật được)",
    # reader problems
    "missing_tab": "Không có trang '{tab}' trong nguồn dữ liệu",
    "missing_column": "Thiếu cột '{column}' ở dòng tiêu đề",
    "date_empty": "Chưa ghi ngày",
    "date_bad": "Ngày '{value}' không đúng định dạng (ngày trước, ví dụ {example_date})",
    "date_impossible": "Ngày '{value}' không tồn tại",
    "date_outside": "Ngày {date} nằm ngoài thời gian kế hoạch ({start} – {end})",
    "date_before": "Ngày {date} trước khi kế hoạch bắt đầu ({start})",
    "ward_empty": "Chưa ghi {area}",
    "ward_unknown": "Không nhận ra {area} '{value}'",
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
    "district_wide": "{district_wide}",
    "severity_error": "Lỗi",
    "severity_warning": "Cảnh báo",
    "severity_notice": "Cần xem lại",
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
    "page_map": "Bản đồ {area}",
    "page_themes": "Nội dung tuyên truyền",
    "page_units": "Đơn vị",
    "page_quality": "Chất lượng dữ liệu",
    "page_log": "Nhật ký hoạt động",
    "page_entry": "Ghi nhận hoạt động",
    "page_meeting": "Họp nhanh",
    # --- sign-in, roles, size limits (issue 6, area E) ---
    "page_signin": "Đăng nhập",
    "auth_denied_signed_out": "Bạn chưa đăng nhập nên không được ghi nhận hoạt động. Hãy đăng nhập rồi thử lại.",
    "auth_denied_viewer": (
        "Tài khoản của bạn chỉ có quyền xem, không được ghi nhận hoạt động. Cần quyền ghi, hãy liên hệ {lead_office}."
    ),
    "auth_denied_unit": "Bạn chỉ được ghi nhận hoạt động cho đơn vị {unit}, không phải '{asked}'.",
    "auth_config_error": "Cấu hình đăng nhập không hợp lệ; hãy báo quản trị viên sửa",
    "auth_open_mode": "Chế độ mở: chưa cấu hình đăng nhập, ai có liên kết đều xem và ghi được.",
    "auth_signed_in_as": "Đang đăng nhập: {name}",
    "auth_role_viewer": "quyền xem",
    "auth_role_editor": "quyền ghi cho {unit}",
    "auth_role_admin": "quyền quản trị",
    "auth_signout": "Đăng xuất",
    "signin_intro": "Bảng theo dõi chứa thông tin nội bộ. Hãy đăng nhập để xem.",
    "signin_oidc": "Đăng nhập bằng tài khoản {provider}",
    "signin_oidc_default": "Đăng nhập bằng tài khoản tổ chức",
    "signin_code_title": "Đăng nhập bằng mã truy cập",
    "signin_code_label": "Mã truy cập",
    "signin_code_help": "Mã do {lead_office} cấp cho đơn vị hoặc thành viên Ban Thường vụ.",
    "signin_code_submit": "Đăng nhập",
    "signin_code_wrong": "Mã truy cập không đúng. Hãy kiểm tra lại (phân biệt chữ hoa, chữ thường).",
    "signin_not_mapped": (
        "Tài khoản {email} chưa được cấp quyền xem bảng theo dõi. Hãy đăng xuất và dùng tài khoản khác, hoặc "
        "nhờ {lead_office} cấp quyền."
    ),
    "signin_no_pages": "Vai trò của bạn chưa được mở trang nào; hãy báo quản trị viên.",
    "auth_page_denied": "Trang này không mở cho tài khoản của bạn ({role}). Hãy chọn trang khác ở thanh bên.",
    "limit_rows": (
        "Trang '{tab}' có hơn {limit} dòng dữ liệu: chỉ đọc đến dòng {last}, các dòng sau không được tính. "
        "Hãy tách dữ liệu sang tệp khác hoặc tăng max_rows trong config/settings.yaml."
    ),
    "limit_columns": "Trang '{tab}' có {count} cột, vượt giới hạn {limit} cột: các cột sau cột {limit} bị bỏ qua.",
    "limit_cell": "Ô dài {length} ký tự, vượt giới hạn {limit}: chỉ đọc {limit} ký tự đầu.",
    "cli_code_prompt": "Mã truy cập mới: ",
    "cli_code_confirm": "Nhập lại mã: ",
    "cli_code_mismatch": "Hai lần nhập không khớp",
    "cli_code_short": "Mã quá ngắn: cần ít nhất {n} ký tự",
    "cli_code_hint": 'Dán dòng dưới đây vào .streamlit/secrets.toml, mục [access_codes.<tên>] (hash = "...").',
    # --- Google Sheet, sheet setup, entry form (issue 4, area B) ---
    "sheet_no_credentials": (
        "Chưa cấu hình tài khoản dịch vụ Google: thêm mục [connections.gsheets] vào .streamlit/secrets.toml"
        " hoặc đặt biến môi trường {env} trỏ tới tệp khóa JSON (xem README, mục Kết nối Google Sheet)"
    ),
    "sheet_credentials_file": (
        "Không đọc được tệp khóa tài khoản dịch vụ mà biến môi trường {env} chỉ tới; hãy tải lại tệp khóa JSON"
    ),
    "sheet_secrets_file": "Không đọc được tệp .streamlit/secrets.toml (sai cú pháp TOML?)",
    "sheet_bad_credentials": (
        "Thông tin xác thực của tài khoản dịch vụ không hợp lệ hoặc đã bị thu hồi; hãy tạo khóa mới và cập nhật secrets"
    ),
    "sheet_not_shared": (
        "Tài khoản dịch vụ chưa được mở bảng tính: hãy chia sẻ bảng tính với {email} (quyền Người chỉnh sửa)"
    ),
    "sheet_account_unknown": "e-mail của tài khoản dịch vụ (client_email trong tệp khóa)",
    "sheet_not_found": "Không tìm thấy bảng tính '{sheet}': hãy kiểm tra lại đường dẫn hoặc mã bảng tính",
    "sheet_bad_spec": "'{spec}' không phải đường dẫn hoặc mã Google Sheet hợp lệ",
    "sheet_tab_missing": (
        "Bảng tính không có trang '{tab}': hãy đặt lại tên trang hoặc chạy python -m services.cli setup-sheet"
    ),
    "sheet_headers_renamed": (
        "Trang '{tab}' thiếu cột {columns} ở dòng tiêu đề (có thể đã bị đổi tên): hãy sửa lại tên cột như mẫu"
    ),
    "sheet_quota": "Google đang giới hạn số lần truy cập (lỗi 429); hãy thử lại sau ít phút",
    "sheet_unavailable": "Máy chủ Google Sheets đang lỗi (mã {code}); hãy thử lại sau",
    "sheet_network": "Không kết nối được tới Google Sheets (mạng chậm hoặc mất kết nối)",
    "sheet_api_error": "Google Sheets báo lỗi (mã {code}): {message}",
    "stale_banner": "Đang hiển thị dữ liệu lúc {time}, chưa cập nhật được: {reason}",
    "stale_time_day": "{time} ngày {date}",
    "setup_done": "Đã gửi {count} thay đổi tới bảng tính '{title}'",
    "setup_nothing": "Bảng tính '{title}' đã đúng mẫu, không có gì cần thay đổi",
    "setup_protect": "Dòng tiêu đề do bảng theo dõi quản lý: đừng đổi tên cột",
    "setup_hint_date": "Ngày diễn ra, dạng dd/mm/yyyy (ví dụ {example_date})",
    "setup_hint_list": "Chọn trong danh sách; nhiều giá trị cách nhau bằng dấu phẩy",
    "setup_hint_count": "Số nguyên không âm",
    "template_lists": "Danh mục",
    "entry_intro": "Ghi một hoạt động vào trang '{tab}' của {target}. Dữ liệu được kiểm tra như khi đọc bảng tính.",
    "entry_target_local": "tệp {name}",
    "entry_target_sheet": "Google Sheet '{name}'",
    "entry_date": "Ngày",
    "entry_unit": "Đơn vị",
    "entry_wards": "{Area} (một hoặc nhiều, hoặc {district_wide_lower})",
    "entry_form": "Hình thức",
    "entry_themes": "Nội dung tuyên truyền",
    "entry_title": "Tên hoạt động",
    "entry_participants": "Số người tham dự",
    "entry_quantity": "Số lượng",
    "entry_evidence": "Minh chứng (đường dẫn, số văn bản)",
    "entry_entered_by": "Người nhập",
    "entry_notes": "Ghi chú",
    "entry_choose": "Chọn…",
    "entry_col_column": "Cột",
    "entry_col_message": "Vấn đề",
    "entry_submit": "Ghi hoạt động",
    "entry_invalid": "Chưa ghi: hãy sửa các lỗi sau",
    "entry_problem": "{column}: {message}",
    "entry_written": "Đã ghi hoạt động {id} vào dòng {row} của trang '{tab}'",
    "entry_open_row": "Mở dòng vừa ghi trong Google Sheet",
    "entry_template": "Tải mẫu bảng tính (.xlsx, có danh sách chọn)",
    "write_failed": "Không ghi được hoạt động",
    "write_missing": "không tìm thấy tệp",
    "write_busy": "Tệp dữ liệu đang được người khác ghi; hãy bấm ghi lại sau giây lát",
    "write_no_tab": "Nguồn dữ liệu không có trang '{tab}' để ghi vào",
    "write_file": "Không ghi được tệp {name}: {reason}",
    "write_not_writable": (
        "Nguồn dữ liệu này (thư mục CSV) không ghi được từ biểu mẫu; hãy dùng tệp .xlsx hoặc Google Sheet"
    ),
    # charts, alerts, overview and ward map (issue 3, C1)
    "chart_phases": "Giai đoạn",
    "chart_peak": "Cao điểm",
    "chart_as_of": "Xem tại {date}",
    "chart_date": "Ngày",
    "chart_from": "Từ ngày",
    "chart_to": "Đến ngày",
    "chart_milestone": "Mốc",
    "chart_ward": "{Area}",
    "chart_form": "Hình thức",
    "chart_count": "Số hoạt động",
    "chart_status": "Tình trạng",
    "chart_no_data": "Chưa có hoạt động",
    "chart_no_data_note": "Màu xám: {area} chưa có hoạt động",
    "chart_heatmap_note": "Ô xám: {area} chưa có hình thức này",
    "chart_approximate": "vị trí gần đúng",
    "alert_wards_idle": "{n}/{total} {area} chưa có hoạt động nào trong giai đoạn {phase}",
    "alert_more": "… và {n} nơi khác",
    "alert_themes_open": "{n} nội dung ({phase}) chưa có hoạt động, {when} (hết ngày {end})",
    "alert_themes_overdue": "Quá hạn: {n} nội dung ({phase}, đã hết ngày {end}) không có hoạt động",
    "alert_form_due": "Hạn “{milestone}” {date} ({when}): {n}/{total} {area} chưa có hoạt động {form}",
    "alert_form_missed": "Quá hạn “{milestone}” {date}: {n}/{total} {area} không có hoạt động {form} trước hạn",
    "alert_reports_due": "Hạn báo cáo {date} ({when}): {n}/{total} đơn vị chưa nộp",
    "alert_reports_missing": "Quá hạn báo cáo {date}: {n}/{total} đơn vị chưa nộp",
    "alert_reports_late": "{n} đơn vị nộp báo cáo sau hạn {date}",
    "alert_days_left": "còn {n} ngày",
    "alert_due_today": "hôm nay là hạn cuối",
    "ov_phase": "Giai đoạn hiện tại",
    "ov_phase_span": "{start} – {end} · còn {n} ngày của giai đoạn",
    "ov_phase_last_day": "{start} – {end} · hôm nay là ngày cuối của giai đoạn",
    "ov_next": "Mốc tiếp theo",
    "ov_countdown": "Còn {n} ngày",
    "ov_countdown_today": "Hôm nay",
    "ov_finished": "Kế hoạch đã kết thúc",
    "ov_finished_on": "Kế hoạch kết thúc ngày {date}.",
    "ov_no_milestone": "Đã qua mốc cuối cùng của kế hoạch",
    "ov_not_started": "Kế hoạch bắt đầu ngày {date}",
    "ov_timeline": "Tiến độ kế hoạch",
    "ov_figures": "Số liệu tính đến ngày {date}",
    "ov_alerts": "Cần chú ý",
    "ov_no_alerts": "Không có cảnh báo nào tại ngày này.",
    "ov_empty": (
        "Chưa có hoạt động nào được ghi nhận đến ngày {date}. Các đơn vị ghi hoạt động vào bảng tính chung "
        "hoặc trang “Ghi nhận hoạt động”; số liệu sẽ hiện ở đây."
    ),
    "kpi_activities": "Hoạt động",
    "kpi_participants": "Lượt người tham dự",
    "kpi_wards": "{Area} có hoạt động",
    "kpi_themes": "Nội dung đã triển khai",
    "kpi_reports": "Báo cáo đúng hạn",
    "kpi_activities_help": "Số dòng hợp lệ trong trang “Hoạt động” có ngày đến hết ngày đang xem",
    "kpi_wards_help": "Không tính hoạt động “{wide}”: {n} hoạt động",
    "kpi_reports_help": "Đúng hạn / số đơn vị phải báo cáo (hạn {date}); {late} nộp muộn",
    "map_metric": "Chỉ số",
    "map_metric_activities": "Số hoạt động",
    "map_metric_participants": "Số người tham dự",
    "map_metric_forms": "Số hình thức đã có",
    "map_scope": "Thời gian",
    "map_scope_campaign": "Cả kế hoạch",
    "map_scope_phase": "Giai đoạn hiện tại",
    "map_scope_phase_of": "Giai đoạn hiện tại ({phase})",
    "map_scope_phase_none": "Ngày đang xem không thuộc giai đoạn nào: bản đồ tính cả kế hoạch.",
    "map_heatmap": "{Area} × hình thức",
    "map_wards_reached": "{Area} có hoạt động",
    "map_district": "Hoạt động {wide}",
    "map_district_people": "Tham dự {wide}",
    "map_district_note": "Hoạt động ghi “{wide}” không tính cho {area} nào, nên không có trên bản đồ.",
    "map_ward_pick": "Xem chi tiết {area}",
    "map_ward_activities": "Hoạt động",
    "map_ward_participants": "Người tham dự",
    "map_ward_forms": "Hình thức đã có",
    "map_ward_empty": "{Area} {ward} chưa có hoạt động nào trong phạm vi đã chọn.",
    "map_empty": (
        "Chưa có hoạt động nào của {area} được ghi nhận đến ngày {date}; "
        "bản đồ hiện các {area} bằng màu “chưa có hoạt động”."
    ),
    "map_geojson_error": (
        "Không dùng được tệp ranh giới {area}: {error}. "
        "Đang hiện bản đồ điểm; hãy sửa khóa map.geojson trong tệp kế hoạch."
    ),
    "map_geojson_unmatched": "Không tìm thấy ranh giới của: {wards} (kiểm tra khóa map.ward_property).",
    "geojson_unreadable": "{path}: không đọc được ({error})",
    "geojson_no_features": "{path}: không có vùng (feature) nào",
    "geojson_no_match": "{path}: không vùng nào khớp với mã hoặc tên {area} trong kế hoạch",
    # --- sidebar, themes, units, quality, log pages (area C2) ---
    "sb_source": "Nguồn dữ liệu",
    "sb_read_at": "đọc lúc {time}",
    "sb_rows": "{read} dòng: {valid} hợp lệ, {errors} lỗi",
    "sb_as_of_help": "Xem lại toàn bộ bảng theo dõi tại một ngày bất kỳ; chỉ tính hoạt động đến hết ngày này.",
    "sb_filters": "Bộ lọc",
    "sb_group": "Nhóm đơn vị",
    "sb_form": "Hình thức",
    "sb_all": "Tất cả",
    "sb_language": "Ngôn ngữ / Language",
    "sb_filtering": "Đang lọc: {what}. Số liệu chỉ tính các hoạt động này.",
    "sb_bad_date_param": "Ngày '{value}' trong đường dẫn không hợp lệ (dạng YYYY-MM-DD); đang xem tại ngày mặc định.",
    "sb_config_fix": "Sửa tệp cấu hình được nêu ở trên, rồi tải lại trang.",
    "sb_source_fix": (
        "Kiểm tra nguồn dữ liệu (tệp, hoặc đường dẫn và quyền chia sẻ Google Sheet), rồi bấm 'Làm mới dữ liệu'."
    ),
    "phase_all": "Xuyên suốt đợt tuyên truyền",
    "theme_covered": "Đã có",
    "theme_uncovered": "Chưa có",
    "theme_overdue": "Quá hạn",
    "theme_not_started": "Chưa đến giai đoạn",
    "theme_days_left": "Chưa có · còn {n} ngày",
    "th_count": "{n} hoạt động",
    "report_not_expected": "Không yêu cầu",
    "unit_blank": "(không ghi đơn vị)",
    "empty_activities": (
        "Chưa có hoạt động hợp lệ nào trong nguồn dữ liệu. Khi các đơn vị ghi hoạt động vào bảng tính chung, "
        "chúng sẽ hiện ở đây."
    ),
    "empty_counted": "Chưa có hoạt động nào được tính đến ngày {date}.",
    "link_text": "Mở ↗",
    "tbl_date": "Ngày",
    "tbl_unit": "Đơn vị",
    "tbl_wards": "{Area}",
    "tbl_form": "Hình thức",
    "tbl_themes": "Nội dung",
    "tbl_title": "Tên hoạt động",
    "tbl_participants": "Số người tham dự",
    "tbl_quantity": "Số lượng",
    "tbl_evidence_link": "Liên kết minh chứng",
    "tbl_evidence": "Minh chứng",
    "tbl_notes": "Ghi chú",
    "tbl_entered_by": "Người nhập",
    "tbl_id": "Mã",
    "tbl_row": "Dòng",
    "tbl_code": "Mã",
    "tbl_phase": "Giai đoạn",
    "tbl_theme": "Nội dung",
    "tbl_state": "Trạng thái",
    "tbl_activities": "Số hoạt động",
    "tbl_required": "Cần tối thiểu",
    "tbl_deadline": "Hạn",
    "tbl_group": "Nhóm",
    "tbl_last_activity": "Hoạt động gần nhất",
    "tbl_forms_used": "Hình thức đã dùng",
    "tbl_report": "Báo cáo kết quả",
    "tbl_submitted": "Ngày nộp",
    "tbl_sheet": "Trang tính",
    "tbl_column": "Cột",
    "tbl_severity": "Mức độ",
    "tbl_kind": "Loại",
    "tbl_message": "Vấn đề",
    "tbl_suggestion": "Gợi ý sửa",
    "tbl_open": "Mở trong Google Sheet",
    "tbl_errors": "Lỗi",
    "tbl_warnings": "Cảnh báo",
    "tbl_notices": "Cần xem lại",
    "kind_missing_tab": "Thiếu trang tính",
    "kind_missing_column": "Thiếu cột",
    "kind_date_empty": "Chưa ghi ngày",
    "kind_date_bad": "Ngày sai định dạng",
    "kind_date_impossible": "Ngày không tồn tại",
    "kind_date_outside": "Ngày ngoài thời gian kế hoạch",
    "kind_date_before": "Ngày trước khi kế hoạch bắt đầu",
    "kind_ward_empty": "Chưa ghi {area}",
    "kind_ward_unknown": "Không nhận ra {area}",
    "kind_form_empty": "Chưa ghi hình thức",
    "kind_form_unknown": "Không nhận ra hình thức",
    "kind_theme_unknown": "Không nhận ra nội dung",
    "kind_unit_empty": "Chưa ghi đơn vị",
    "kind_unit_unknown": "Không nhận ra đơn vị",
    "kind_report_unit_empty": "Báo cáo chưa ghi đơn vị",
    "kind_report_unit_unknown": "Báo cáo: không nhận ra đơn vị",
    "kind_count_bad": "Số không hợp lệ",
    "kind_id_duplicate": "Mã trùng",
    "th_intro": (
        "Các nội dung tuyên truyền theo Kế hoạch, tính đến ngày {date}. Một nội dung được tính khi"
        " có hoạt động ghi nội dung đó trong đúng giai đoạn của nó."
    ),
    "th_progress": "{covered}/{total} nội dung đã có",
    "th_overdue_count": "{n} quá hạn",
    "th_all": "Tất cả nội dung",
    "th_activities_for": "{code} · {n} hoạt động",
    "th_covering": "Hoạt động đã tuyên truyền",
    "th_none_yet": "Chưa có hoạt động nào cho nội dung này.",
    "un_intro": "Hạn báo cáo kết quả: {deadline}. Tính đến ngày {date}.",
    "un_reports_title": "Báo cáo kết quả của các đơn vị phải báo cáo",
    "un_submitted": "Đã nộp",
    "un_on_time": "Đúng hạn",
    "un_late": "Nộp muộn",
    "un_outstanding": "Chưa nộp",
    "un_rate_help": "Tỷ lệ = số đơn vị / số đơn vị phải báo cáo ({expected}), cách tính tỷ lệ báo cáo như DHIS2.",
    "un_groups_title": "Hoạt động theo đơn vị",
    "un_tasks": "Nhiệm vụ theo Kế hoạch",
    "un_other_note": "Hoạt động ghi tên đơn vị không có trong kế hoạch; sửa tên đơn vị ở trang Chất lượng dữ liệu.",
    "un_no_units": "Không có đơn vị nào trong nhóm đã chọn.",
    "un_unit_count": "{n} đơn vị",
    "q_read": "Dòng đã đọc",
    "q_valid": "Hợp lệ",
    "q_errors": "Dòng lỗi (không tính)",
    "q_warned": "Dòng có cảnh báo",
    "q_equation": (
        "Đã đọc {read} dòng = {valid} dòng hợp lệ + {errors} dòng lỗi. Dòng lỗi không được tính vào số liệu; "
        "dòng có cảnh báo vẫn được tính."
    ),
    "q_none": "Không có lỗi hay cảnh báo nào trong bảng tính.",
    "q_how_to_fix": (
        "Đơn vị sửa trực tiếp ô được nêu (trang tính, dòng, cột) trong bảng tính chung, rồi bấm 'Làm mới dữ liệu'."
    ),
    "q_list_title": "Danh sách vấn đề",
    "q_shown": "Hiển thị {shown}/{total} vấn đề",
    "q_by_kind": "Theo loại",
    "q_by_column": "Theo cột",
    "q_download": "Tải danh sách vấn đề (CSV)",
    "log_search": "Tìm kiếm",
    "log_search_hint": "Tên hoạt động, đơn vị, {area}, ghi chú… (không cần dấu)",
    "log_phase": "Giai đoạn",
    "log_ward": "{Area}",
    "log_form": "Hình thức",
    "log_unit": "Đơn vị",
    "log_include_later": "Gồm cả hoạt động sau ngày đang xem",
    "log_shown": "Hiển thị {shown}/{total} hoạt động · {people} người tham dự",
    "log_no_match": "Không có hoạt động nào khớp tìm kiếm và bộ lọc.",
    "log_download": "Tải về CSV",
    "log_filters": "Bộ lọc ({n} đang chọn)",
    "log_limited": "Bảng hiện {limit} hoạt động mới nhất; thu hẹp bằng tìm kiếm, bộ lọc, hoặc tải CSV để có tất cả.",
    # meeting mode and documents (issue 5)
    "brief_title": "Họp nhanh — {plan}",
    "brief_as_of": "Tình hình tại ngày {date}",
    "brief_phase": "Giai đoạn",
    "brief_countdown": "Còn {days} ngày đến: {label} ({date})",
    "brief_today": "Hôm nay: {label} ({date})",
    "brief_no_milestone": "Đã qua mốc cuối cùng của kế hoạch",
    "brief_themes": "Nội dung tuyên truyền",
    "brief_alerts": "Cần chú ý",
    "brief_no_alerts": "Không có cảnh báo",
    "brief_map": "Hoạt động theo {area}",
    "brief_map_metric": "Số hoạt động",
    "fig_activities": "Hoạt động",
    "fig_activities_detail": "{people} lượt tham dự",
    "fig_wards": "{Area} có hoạt động",
    "fig_wards_detail": "Cấp {district}: {n} hoạt động",
    "fig_themes": "Nội dung đã thực hiện",
    "fig_themes_detail": "{n} nội dung quá hạn",
    "fig_reports": "Đơn vị đã báo cáo",
    "fig_reports_detail": "Hạn nộp {date}",
    "brief_state_covered": "Đã có",
    "brief_state_overdue": "Quá hạn",
    "brief_state_open": "Chưa có",
    "brief_state_upcoming": "Chưa đến",
    "meeting_pdf": "Bản tin PDF",
    "meeting_docx": "Báo cáo Word",
    "meeting_pdf_help": "Tải bản tin họp nhanh (PDF, 1 trang) với đúng các số liệu trên màn hình",
    "meeting_docx_help": "Tải dự thảo Báo cáo kết quả thực hiện kế hoạch (Word) tính đến ngày đang xem",
    "meeting_xlsx_help": "Tải bảng hoạt động, lỗi dữ liệu, theo {area} và theo đơn vị (Excel)",
    "meeting_doc_error": "Không tạo được tài liệu: {error}. Hãy thử lại; nếu vẫn lỗi, báo người quản trị.",
    "pdf_footer": "Số liệu tổng hợp tự động từ bảng theo dõi chung · Trang {page}/{pages}",
    "pdf_font_missing": (
        "Không tìm thấy phông chữ DejaVu Sans (cài gói fonts-dejavu-core hoặc đặt biến DASHBOARD_FONT_DIR)"
    ),
    "cli_written": "Đã ghi {path}",
    "rpt_date_line": "{place}, ngày {d} tháng {m} năm {y}",
    "rpt_number": "Số        {suffix}",
    "rpt_intro": (
        "Thực hiện Kế hoạch số {number} ngày {issued} của {issuer}, {reporter} báo cáo kết quả thực hiện tính"
        " đến ngày {as_of} như sau:"
    ),
    "rpt_h_deploy": "{n}. CÔNG TÁC TRIỂN KHAI THỰC HIỆN KẾ HOẠCH",
    "rpt_period": "Kế hoạch được triển khai từ ngày {start} đến ngày {end}, chia làm {phases} giai đoạn.",
    "rpt_peak": "Cao điểm từ ngày {start} đến ngày {end}.",
    "rpt_totals": (
        "Tính đến ngày {as_of}, {units} đơn vị đã ghi nhận {activities} hoạt động với {participants} lượt "
        "người tham dự, trong đó:"
    ),
    "rpt_phase_count": "{phase}: {n} hoạt động;",
    "rpt_phase_not_started": "{phase}: chưa đến giai đoạn;",
    "rpt_blank": "[Để trống — {what}]",
    "rpt_blank_deploy": (
        "Ban Tuyên giáo bổ sung việc ban hành văn bản chỉ đạo, hướng dẫn và tổ chức quán triệt Kế hoạch ở các đơn vị"
    ),
    "rpt_h_results": "{n}. KẾT QUẢ THỰC HIỆN",
    "rpt_h_forms": "1. Kết quả theo hình thức tuyên truyền",
    "rpt_form_none": "{form}: chưa ghi nhận hoạt động.",
    "rpt_form_n": "{n} hoạt động",
    "rpt_form_people": "{n} lượt người tham dự",
    "rpt_quantity_generic": "số lượng {n}",
    "rpt_col_no": "STT",
    "rpt_col_form": "Hình thức",
    "rpt_col_ward": "{Area}",
    "rpt_col_unit": "Đơn vị",
    "rpt_col_activities": "Số hoạt động",
    "rpt_col_people": "Số người tham dự",
    "rpt_col_quantity": "Số lượng",
    "rpt_total": "Tổng cộng",
    "rpt_h_wards": "2. Kết quả theo địa bàn {area}",
    "rpt_wards_covered": (
        "{covered}/{total} {area} có hoạt động; cấp {district} ({district_wide_lower}): {n} hoạt động,"
        " {people} lượt người tham dự."
    ),
    "rpt_wards_idle": "{Area} chưa có hoạt động: {wards}.",
    "rpt_h_units": "3. Kết quả theo đơn vị",
    "rpt_units_idle": "{n} đơn vị chưa ghi nhận hoạt động: {units}.",
    "rpt_h_themes": "4. Nội dung tuyên truyền",
    "rpt_all_phases": "Xuyên suốt các giai đoạn",
    "rpt_theme_phase": "{phase} ({start} – {end}): {covered}/{total} nội dung đã có hoạt động.",
    "rpt_theme_not_started": "Chưa đến giai đoạn này.",
    "rpt_theme_covered": "{code} – {label}: {n} hoạt động.",
    "rpt_theme_open": "{code} – {label}: chưa có hoạt động.",
    "rpt_theme_overdue": "{code} – {label}: chưa có hoạt động, đã hết giai đoạn.",
    "rpt_h_opinions": "5. Nắm bắt, định hướng dư luận xã hội",
    "rpt_opinions_none": "Chưa ghi nhận ý kiến dư luận nào.",
    "rpt_blank_opinions": "Ban Tuyên giáo tổng hợp tình hình tư tưởng, dư luận nổi bật",
    "rpt_h_reports": "{n}. TÌNH HÌNH BÁO CÁO KẾT QUẢ CỦA CÁC ĐƠN VỊ",
    "rpt_reports_summary": (
        "Hạn báo cáo: {deadline}. Tính đến ngày {as_of}, trong {expected} đơn vị phải báo cáo: {on_time} đúng"
        " hạn, {late} muộn, {pending} chưa nộp (còn hạn), {missing} không nộp."
    ),
    "rpt_h_assess": "{n}. ĐÁNH GIÁ CHUNG",
    "rpt_h_strengths": "1. Ưu điểm",
    "rpt_blank_strengths": "Ban Tuyên giáo viết phần ưu điểm",
    "rpt_h_limits": "2. Hạn chế, nguyên nhân",
    "rpt_blank_limits": "Ban Tuyên giáo viết phần hạn chế và nguyên nhân",
    "rpt_h_next": "{n}. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",
    "rpt_blank_next": "Ban Tuyên giáo viết phương hướng, nhiệm vụ",
    "rpt_h_proposals": "{n}. ĐỀ XUẤT, KIẾN NGHỊ",
    "rpt_blank_proposals": "Ban Tuyên giáo viết đề xuất, kiến nghị (nếu có)",
    "rpt_data_note": (
        "Số liệu tổng hợp tự động từ bảng theo dõi chung tính đến ngày {as_of}; {errors} dòng có lỗi chưa "
        "được tính (xem trang Chất lượng dữ liệu)."
    ),
    "rpt_recipients": "Nơi nhận:",
    "rpt_signer_blank": "[Họ và tên người ký]",
    "xlsx_activities": "Hoạt động",
    "xlsx_problems": "Lỗi dữ liệu",
    "xlsx_wards": "Theo {area}",
    "xlsx_units": "Theo đơn vị",
    "meeting_xlsx": "Số liệu Excel",
    "meeting_filtered_doc": "Số liệu chỉ gồm hoạt động đã lọc: {what}",
    "meeting_filtered": (
        "Đang lọc theo nhóm đơn vị/hình thức ở thanh bên: số liệu, bản tin PDF, báo cáo và bảng số liệu"
        " chỉ gồm các hoạt động đã lọc."
    ),
    "xlsx_ward_code": "Mã {area}",
    # --- plan-select ---
    "sb_plan_file": "Tệp kế hoạch: {file}",
    # --- plan-tools ---
    "plan_nothing_found": (
        "{path}: không tìm thấy nội dung kế hoạch nào (số, thời gian, giai đoạn, nội dung…); hãy kiểm tra tệp văn bản"
    ),
    "plan_check_title": "Kế hoạch: {name} ({area})",
    "plan_check_period": "Thời gian: {start} - {end} ({days} ngày)",
    "plan_check_peak": "Cao điểm: {start} - {end}",
    "plan_check_phases": "Giai đoạn ({n}) và nội dung:",
    "plan_check_all_phases": "xuyên suốt",
    "plan_check_milestones": "Mốc ({n}):",
    "plan_check_forms": "Hình thức ({n}): {names}",
    "plan_check_units": "Nhóm đơn vị ({groups}), {n} đơn vị: {names}",
    "plan_check_wards": "Địa bàn ({n}, {approx} vị trí gần đúng): {names}",
    "plan_check_reporting": "Báo cáo kết quả: {n} đơn vị (nhóm {groups}) trước {date} (mốc {milestone})",
    "plan_check_more": " … và {n} nữa",
    "plan_check_ok": "Kế hoạch hợp lệ: {path}",
    "plan_check_bad": "{n} lỗi trong kế hoạch {path}",
    "plan_written": "Đã ghi kế hoạch: {path}",
    "plan_review_written": "Đã ghi báo cáo rà soát: {path} ({found} tìm thấy, {defaulted} mặc định, {missing} thiếu)",
    "plan_review_title": "Rà soát bản dự thảo kế hoạch từ {source}",
    "plan_review_intro": (
        "Bản dự thảo: {out}. Tìm thấy {found} mục, {defaulted} mục đặt mặc định, {missing} mục thiếu."
        " Hãy đối chiếu từng dòng với văn bản, sửa tệp YAML rồi chạy check-plan."
    ),
    "plan_review_field": "Mục",
    "plan_review_value": "Giá trị",
    "plan_review_status": "Trạng thái",
    "plan_review_line": "Dòng",
    "plan_review_note": "Ghi chú",
    "plan_review_found": "tìm thấy",
    "plan_review_defaulted": "mặc định",
    "plan_review_missing": "thiếu",
    "plan_note_not_in_text": "không thấy trong văn bản: hãy điền tay",
    "plan_note_vague_start": 'ngày bắt đầu chỉ ghi theo tháng ("cuối tháng"...): lấy ngày ban hành nếu cùng tháng',
    "plan_note_period_from_phases": "không thấy câu nêu thời gian chung: lấy từ các giai đoạn và ngày ban hành",
    "plan_note_no_phases": "không thấy các giai đoạn: đặt một giai đoạn phủ cả thời gian kế hoạch",
    "plan_note_phase_joined": "ngày được chỉnh để các giai đoạn nối liền nhau và phủ kín thời gian kế hoạch",
    "plan_note_no_themes": "không thấy nội dung tuyên truyền: đặt một nội dung mẫu",
    "plan_note_milestone_outside": "mốc nằm ngoài thời gian kế hoạch: đã bỏ",
    "plan_note_no_milestones": "không thấy mốc nào: đặt mốc kết thúc kế hoạch",
    "plan_note_default_forms": "không thấy mục hình thức: dùng danh sách hình thức thường gặp",
    "plan_note_unknown_form": "hình thức chưa có trong từ điển: khóa đặt theo chữ, hãy kiểm tra nhãn và thêm aliases",
    "plan_note_no_report_deadline": "không thấy hạn báo cáo kết quả: dùng mốc cuối cùng",
    "plan_note_report_group": "không thấy ai phải báo cáo: dùng nhóm tổ chức cơ sở Đảng",
    "plan_note_grassroots_added": "thêm nhóm tổ chức cơ sở Đảng, mỗi địa bàn một đảng ủy",
    "plan_note_no_wards": (
        "không có danh sách địa bàn (--wards) và văn bản không liệt kê: đã tạo {n} địa bàn tạm, hãy thay"
        " (new-plan --wards tạo khung từ danh sách)"
    ),
    "plan_note_unit_is_group": "không tách được đơn vị cụ thể: một đơn vị mang tên nhóm, hãy thay bằng các đơn vị thật",
    "plan_note_issuer_from_signature": 'không có câu "... ban hành kế hoạch": lấy theo dòng ký (T/M ...)',
    "plan_note_parent_from_area": "văn bản không ghi dòng đảng bộ: đặt theo tên địa bàn",
    # --- layout ---
    "app_unexpected_error": (
        "Đã xảy ra lỗi không mong đợi. Lỗi đã được ghi vào nhật ký máy chủ; hãy tải lại trang,"
        " nếu vẫn lỗi hãy báo cho quản trị viên."
    ),
    # --- sec-data ---
    "count_implausible": (
        "'{value}' lớn bất thường hoặc không phải số hữu hạn: vượt giới hạn {limit} ({setting} trong"
        " config/settings.yaml); dòng này không được tính, hãy sửa lại số trong bảng tính"
    ),
    "kind_count_implausible": "Số lớn bất thường",
    "struct_missing_tab": (
        "Bảng tính không có trang '{tab}' (các trang đang có: {found}). Hãy đổi tên trang về đúng '{tab}'"
        " hoặc thêm trang đó theo mẫu."
    ),
    "struct_no_tabs": (
        "Nguồn dữ liệu không có trang '{tab}' (không có trang hay tệp CSV nào). Hãy kiểm tra lại đường dẫn"
        " nguồn dữ liệu, hoặc thêm trang '{tab}' theo mẫu."
    ),
    "struct_missing_columns": (
        "Trang '{tab}' thiếu cột {columns} ở dòng tiêu đề (có thể đã bị đổi tên hoặc xóa). Hãy sửa dòng"
        " tiêu đề về đúng tên cột trong mẫu."
    ),
    "struct_banner": (
        "**Bảng tính sai cấu trúc, các số liệu dưới đây chưa đúng (không phải là chưa có hoạt động):** {reasons}"
        " Sửa xong thì bấm 'Làm mới dữ liệu'."
    ),
    "struct_cli": "Lỗi cấu trúc dữ liệu, số liệu chưa đúng: {reasons}",
    "alert_unreadable": (
        "Chưa cảnh báo được: bảng tính sai cấu trúc nên không đọc được hoạt động nào (xem thông báo ở đầu trang)"
    ),
    "cli_stale": "Cảnh báo: {banner}",
    # --- sec-write ---
    "source_missing_file": "Không tìm thấy tệp dữ liệu {path}",
    "source_bad_xlsx": "Không đọc được tệp {name} (không phải .xlsx hợp lệ?): {reason}",
    "source_xlsx_too_big": (
        "Từ chối đọc tệp {name}: khi giải nén sẽ chiếm {mb} MB, vượt giới hạn {limit} MB"
        " (max_xlsx_unpacked_mb trong config/settings.yaml). Hãy kiểm tra lại tệp hoặc tách bớt dữ liệu."
    ),
    "source_xlsx_bomb": (
        "Từ chối đọc tệp {name}: phần {member} nén {ratio} lần, vượt giới hạn {limit} lần"
        " (max_xlsx_ratio trong config/settings.yaml); tệp có thể bị làm hỏng có chủ ý."
        " Hãy mở bằng Excel và lưu lại."
    ),
    "probable_duplicate": (
        "Có thể trùng với dòng {first_row} (cùng đơn vị, ngày, tên hoạt động và phường); "
        "nếu ghi hai lần, hãy xóa một dòng"
    ),
    "kind_probable_duplicate": "Có thể trùng",
    "write_unverified": (
        "Chưa kiểm tra được hoạt động đã vào bảng tính hay chưa: hãy xem lại bảng tính. "
        "Bấm ghi lại cũng an toàn, cùng một phiếu không bao giờ được ghi hai lần."
    ),
    "entry_saving": "Đang ghi…",
    "entry_checking": "Không nhận được trả lời, đang kiểm tra…",
    "entry_already": "Phiếu này đã được ghi trước đó: hoạt động {id} ở dòng {row} của trang '{tab}'",
    "entry_checked": "(đã kiểm tra lại: dòng có trong bảng tính dù lần ghi báo lỗi)",
    "entry_saved_local": "Mở tệp {name}, trang '{tab}', dòng {row} để xem.",
    "entry_saved_what": "Nội dung đã ghi",
    "entry_col_field": "Mục",
    "entry_col_value": "Nội dung",
    "entry_next": "Phiếu đã được làm mới để ghi hoạt động tiếp theo.",
    "entry_taken": (
        "Mã phiếu {id} đã có ở dòng {row} của trang '{tab}' "
        "(trang được tải lại, hoặc liên kết được sao chép từ người khác). "
        "Nếu đó là hoạt động này thì không cần làm gì; "
        "nếu không, bấm Ghi hoạt động lần nữa: phiếu đã nhận mã mới và vẫn giữ nội dung đã nhập."
    ),
    # --- sec-auth ---
    "signin_code_wait": "Có quá nhiều lần nhập sai mã. Hãy đợi {seconds} giây rồi thử lại.",
    "signin_unverified": (
        "Nhà cung cấp tài khoản chưa xác minh e-mail {email}, nên không dùng e-mail này để đăng nhập được. "
        "Hãy xác minh e-mail rồi đăng nhập lại, hoặc dùng tài khoản khác."
    ),
    # --- board-units ---
    "rep_label": "Đã nộp báo cáo",
    "rep_not_due": "chưa đến hạn {date} · {n} đã nộp",
    "rep_due_today": "hạn nộp hôm nay {date} · {n} đã nộp",
    "rep_detail": "{on_time} đúng hạn · {late} muộn",
    "rep_text": "Đã nộp báo cáo {n}/{total} ({on_time} đúng hạn)",
    "rep_help": "Số đơn vị đã nộp báo cáo kết quả / {total} đơn vị phải nộp; đúng hạn là nộp đến hết ngày {date}.",
    "rep_rate": "Tỉ lệ đã nộp",
    "rep_timeliness": "Tỉ lệ đúng hạn",
    "rep_of_units": "{n}/{total} đơn vị",
    "rep_rates_help": "Như DHIS2: tỉ lệ = số đơn vị / {total} đơn vị phải nộp báo cáo.",
    "rep_missing_n": "{n} quá hạn chưa nộp",
    "rep_pending_n": "{n} chưa nộp",
    "rep_late_n": "{n} nộp muộn",
    "un_not_reported": "Đơn vị chưa báo cáo đúng hạn",
    "un_all_reported": "Cả {n} đơn vị đã nộp báo cáo đúng hạn.",
    "un_rest_on_time": "{n} đơn vị khác đã nộp đúng hạn.",
    "un_rest_on_time_one": "{n} đơn vị khác đã nộp đúng hạn.",
    "sb_share": "Liên kết đến màn hình này",
    "sb_share_help": "Chép liên kết này (nút chép ở góc ô) để người khác mở đúng ngày, bộ lọc, {area} và ngôn ngữ này.",
    "sb_bad_link": "Liên kết có giá trị không khớp kế hoạch, đã bỏ qua: {what}",
    "alert_themes_open_one": "{n} nội dung ({phase}) chưa có hoạt động, {when} (hết ngày {end})",
    "alert_themes_overdue_one": "Quá hạn: {n} nội dung ({phase}, đã hết ngày {end}) không có hoạt động",
    "alert_reports_late_one": "{n} đơn vị nộp báo cáo sau hạn {date}",
    "alert_days_left_one": "còn {n} ngày",
    "ov_countdown_one": "Còn {n} ngày",
    "ov_phase_span_one": "{start} – {end} · còn {n} ngày của giai đoạn",
    "th_count_one": "{n} hoạt động",
    "theme_days_left_one": "Chưa có · còn {n} ngày",
    "th_activities_for_one": "{code} · {n} hoạt động",
    "un_unit_count_one": "{n} đơn vị",
    "fig_wards_detail_one": "Cấp {district}: {n} hoạt động",
    "fig_themes_detail_one": "{n} nội dung quá hạn",
    # --- board-map ---
    "chart_approximate_note": "vị trí trên bản đồ là gần đúng",
    "chart_grade": "Nhóm",
    "chart_map_note": "Màu càng đậm càng nhiều · xám: chưa có",
    "map_click_hint": "Bấm vào một {area} trên bản đồ (hoặc chọn ở danh sách bên dưới) để xem hoạt động của {area} đó.",
    "map_no_data_activities": "Chưa có hoạt động",
    "map_no_data_participants": "Chưa ghi người tham dự",
    "map_no_data_forms": "Chưa có hình thức nào",
    "meeting_fresh": "dữ liệu lúc {time} {date}",
    "meeting_more": "+{n}",
    "meeting_more_help": "Xem đủ danh sách",
    "map_metric_themes": "Số nội dung đã có",
    "map_no_data_themes": "Chưa có nội dung nào",
    # --- board-docs ---
    "pdf_number": "Thực hiện Kế hoạch số {number}",
    "pdf_stale": "BẢN LƯU CŨ, chưa cập nhật được",
    "pdf_reports": "Đơn vị chưa báo cáo, báo cáo muộn",
    "pdf_reports_none": "Tất cả {n} đơn vị đã nộp báo cáo.",
    "pdf_reports_group": "{status} — {n} đơn vị:",
    "pdf_reports_group_one": "{status} — {n} đơn vị:",
    "pdf_lagging": "{Area} ít hoạt động nhất",
    "pdf_lagging_row": "{name}: {n} hoạt động",
    "rpt_opinion_summary": "{n} lượt nắm bắt dư luận của {units} đơn vị:",
    "rpt_opinion_unit": "{unit}: {n} lượt (ngày {dates}).",
    # --- replicas ---
    "shared_refresh_slow": "một tiến trình khác đang đọc bảng tính và chưa xong",
    # --- polish ---
    "rep_of_units_not_due": "{n}/{total} đơn vị · chưa đến hạn",
    "rep_of_units_due_today": "{n}/{total} đơn vị · hạn nộp hôm nay",
    # --- matrix ---
    "map_matrix_lagging": (
        "Chỉ hiện {n} {areas} có ít hình thức nhất (trong {total}), ít nhất ở trên; "
        "mọi {area} đều có trên bản đồ và trong danh sách bên dưới."
    ),
}
