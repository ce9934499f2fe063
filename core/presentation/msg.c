#include "msg.h"

#include <stdio.h>
#include <string.h>

#include "out.h"

/* Indexed by enum msg_id; the designated initialisers keep the table in
 * step with the enum whatever order entries are written in. */
static const char *const table[M_COUNT][LANG_COUNT] = {
    [M_SITE_TITLE] = {"Tra cứu hồ sơ thủ tục hành chính", "Administrative procedure tracking"},
    [M_SITE_OWNER] = {"Bộ phận Một cửa", "One-stop office"},
    [M_NAV_HOME] = {"Trang chủ", "Home"},
    [M_NAV_AGENCIES] = {"Cơ quan", "Agencies"},
    [M_NAV_PROCEDURES] = {"Thủ tục", "Procedures"},
    [M_NAV_STATS] = {"Thống kê", "Statistics"},
    [M_NAV_ISO] = {"Lộ trình ISO", "ISO roadmap"},
    [M_OTHER_LANG] = {"English", "Tiếng Việt"},
    [M_SKIP] = {"Bỏ qua điều hướng", "Skip navigation"},
    [M_FOOTER] = {"Tiến độ được đo theo thời gian làm việc, theo quy trình nội bộ TCVN ISO "
                  "9001:2015 đã công bố.",
                  "Progress is measured in working time against the published TCVN ISO "
                  "9001:2015 internal process."},
    [M_DATA_AS_OF] = {"Số liệu đến", "Data as of"},

    [M_DOSSIER] = {"Hồ sơ", "Dossier"},
    [M_CODE] = {"Mã hồ sơ", "Dossier code"},
    [M_APPLICANT] = {"Người nộp", "Applicant"},
    [M_PROCEDURE] = {"Thủ tục", "Procedure"},
    [M_AGENCY] = {"Cơ quan tiếp nhận", "Receiving agency"},
    [M_CHANNEL] = {"Hình thức nộp", "Submitted"},
    [M_RECEIVED] = {"Ngày tiếp nhận", "Received"},
    [M_DUE] = {"Ngày hẹn trả", "Appointment"},
    [M_NEW_DUE] = {"Hẹn trả mới (phiếu xin lỗi)", "New appointment (apology slip)"},
    [M_RESOLVED] = {"Có kết quả", "Result ready"},
    [M_RETURNED] = {"Đã trả kết quả", "Result returned"},
    [M_STATUS] = {"Trạng thái", "Status"},
    [M_OVERALL] = {"Đánh giá", "Assessment"},
    [M_PROCESS] = {"Quy trình nội bộ", "Internal process"},
    [M_VERSION] = {"lần ban hành", "issue"},
    [M_PROGRESS] = {"Tiến độ xử lý", "Progress"},
    [M_NOW_AT_STEP] = {"Đang ở bước", "Now at step"},
    [M_CLOCK_STOPPED] = {"Thời gian tạm dừng tính", "Clock stopped"},
    [M_STOPS] = {"Các lần dừng tính thời gian", "Clock stops"},
    [M_STOP_SUPPLEMENT] = {"Chờ bổ sung hồ sơ", "Waiting for supplement"},
    [M_STOP_PAUSE] = {"Tạm dừng", "Paused"},
    [M_UNTIL_NOW] = {"đến nay", "until now"},
    [M_APOLOGIES] = {"Số phiếu xin lỗi", "Apology slips"},
    [M_STOPPED_NOW] = {"Đang dừng tính thời gian", "Clock stopped"},
    [M_WAIT_CITIZEN] = {"chờ người nộp bổ sung hồ sơ",
                        "waiting for the applicant to supplement the dossier"},
    [M_WAIT_PAUSE] = {"tạm dừng giải quyết", "processing paused"},
    [M_SINCE] = {"từ", "since"},
    [M_REMAINING_SUPPLEMENT] = {"Thời gian giải quyết còn lại, tính từ khi nhận đủ hồ sơ bổ sung",
                                "Processing time left, counted from when the documents arrive"},
    [M_REMAINING_PAUSE] = {"Thời gian giải quyết còn lại, tính từ khi tiếp tục giải quyết",
                           "Processing time left, counted from when processing resumes"},
    [M_DUE_MOVED_SUPPLEMENT] =
        {"Ngày hẹn trả sau khi bổ sung hồ sơ (lùi theo thời gian chờ bổ sung)",
         "Appointment after the supplement (moved by the wait)"},
    [M_PROVISIONAL] = {"Lịch nghỉ chưa chính thức", "Calendar not final"},
    [M_PROVISIONAL_CROSSES] = {"Hạn được tính qua ngày", "The due date is counted across"},
    [M_PROVISIONAL_MAY_MOVE] = {"ngày nghỉ lễ năm đó chưa có quyết định chính thức, hạn có thể "
                                "thay đổi khi có quyết định",
                                "a day no holiday decision has fixed yet for that year; the date "
                                "may move when the decision comes"},
    [M_DUE_MOVED_STOPS] = {"Ngày hẹn trả sau thời gian dừng tính (lùi theo thời gian dừng)",
                           "Appointment after the clock stops (moved by the stops)"},

    [M_TODO_SUPPLEMENT] = {"Việc cần làm: bổ sung hồ sơ", "What to do: complete your dossier"},
    [M_TODO_PAUSE] = {"Hồ sơ đang tạm dừng", "Your dossier is on hold"},
    [M_TODO_ASKED] = {"Cơ quan đề nghị bổ sung", "The office asks you to bring"},
    [M_TODO_ASKED_PAUSE] = {"Cơ quan đề nghị", "The office asks you to"},
    [M_TODO_NOT_SAID] = {"Nội dung cần bổ sung chưa được đăng ở đây: xin liên hệ Bộ phận Một "
                         "cửa theo thông tin dưới đây để được hướng dẫn.",
                         "What is missing is not published here: please contact the one-stop "
                         "office below."},
    [M_TODO_PAUSE_NOTE] = {"Thời gian giải quyết tạm dừng (ví dụ chờ nộp phí, lệ phí hoặc kết "
                           "quả xác minh). Nếu cần bạn làm gì, Bộ phận Một cửa sẽ báo; bạn "
                           "cũng có thể hỏi theo thông tin dưới đây.",
                           "The time limit is on hold (for example until fees are paid or a "
                           "verification comes back). If you need to do anything, the one-stop "
                           "office will tell you; you may also ask them below."},
    [M_TODO_BY] = {"Hạn nộp bổ sung", "Bring it by"},
    [M_TODO_PAST] = {"đã quá hạn, xin liên hệ ngay", "now past: please call the office"},
    [M_TODO_WHERE] = {"Nơi nộp", "Where"},
    [M_TODO_HOURS] = {"Giờ làm việc", "Opening hours"},
    [M_TODO_PHONE] = {"Điện thoại", "Phone"},
    [M_TODO_ONESTOP] = {"Bộ phận Một cửa", "One-stop office"},
    [M_STEP_OF] = {"Bước", "Step"},
    [M_STEP_SUM_ACTIVE] = {"đang thực hiện", "in progress"},
    [M_STEP_SUM_TODO] = {"chưa bắt đầu", "not started yet"},
    [M_STEP_SUM_STOPPED] = {"đang dừng tính thời gian", "on hold"},
    [M_STEP_WAITING] = {"Đang dừng tính thời gian", "On hold"},

    [M_CH_COUNTER] = {"Trực tiếp", "At the counter"},
    [M_CH_ONLINE] = {"Trực tuyến", "Online"},
    [M_CH_POST] = {"Qua bưu chính", "By post"},

    [M_ST_PROCESSING] = {"Đang xử lý", "Processing"},
    [M_ST_SUPPLEMENT] = {"Chờ bổ sung", "Waiting for supplement"},
    [M_ST_PAUSED] = {"Tạm dừng", "Paused"},
    [M_ST_READY] = {"Có kết quả, chờ trả", "Result ready for pickup"},
    [M_ST_RETURNED] = {"Đã trả kết quả", "Result returned"},
    [M_ST_REJECTED] = {"Từ chối", "Rejected"},
    [M_ST_WITHDRAWN] = {"Đã rút hồ sơ", "Withdrawn"},

    [M_V_NONE] = {"Không đánh giá", "Not assessed"},
    [M_V_EARLY] = {"Trước hạn", "Early"},
    [M_V_ON_TIME] = {"Đúng hạn", "On time"},
    [M_V_LATE] = {"Quá hạn", "Late"},
    [M_V_WITHIN] = {"Trong hạn", "Within time"},
    [M_V_OVERDUE] = {"Quá hạn", "Overdue"},

    [M_STEP] = {"Bước", "Step"},
    [M_UNIT] = {"Đơn vị thực hiện", "Responsible unit"},
    [M_ALLOWANCE] = {"Thời gian", "Time allowed"},
    [M_PLANNED] = {"Hạn", "Due"},
    [M_STARTED] = {"Bắt đầu", "Started"},
    [M_FINISHED] = {"Hoàn thành", "Finished"},
    [M_STEP_NOT_STARTED] = {"Chưa thực hiện", "Not started"},
    [M_STEP_ACTIVE] = {"Đang thực hiện", "In progress"},
    [M_STEP_DONE] = {"Đã xong", "Done"},
    [M_HOURS] = {"giờ làm việc", "working hours"},
    [M_DAYS] = {"ngày làm việc", "working days"},
    /* the singulars, for out_quantity */
    [M_HOUR] = {"giờ làm việc", "working hour"},
    [M_DAY] = {"ngày làm việc", "working day"},
    [M_MONDAY] = {"Thứ Hai", "Monday"},
    [M_TUESDAY] = {"Thứ Ba", "Tuesday"},
    [M_WEDNESDAY] = {"Thứ Tư", "Wednesday"},
    [M_THURSDAY] = {"Thứ Năm", "Thursday"},
    [M_FRIDAY] = {"Thứ Sáu", "Friday"},
    [M_SATURDAY] = {"Thứ Bảy", "Saturday"},
    [M_SUNDAY] = {"Chủ Nhật", "Sunday"},
    [M_MON_JAN] = {"tháng 1", "Jan"},
    [M_MON_FEB] = {"tháng 2", "Feb"},
    [M_MON_MAR] = {"tháng 3", "Mar"},
    [M_MON_APR] = {"tháng 4", "Apr"},
    [M_MON_MAY] = {"tháng 5", "May"},
    [M_MON_JUN] = {"tháng 6", "Jun"},
    [M_MON_JUL] = {"tháng 7", "Jul"},
    [M_MON_AUG] = {"tháng 8", "Aug"},
    [M_MON_SEP] = {"tháng 9", "Sep"},
    [M_MON_OCT] = {"tháng 10", "Oct"},
    [M_MON_NOV] = {"tháng 11", "Nov"},
    [M_MON_DEC] = {"tháng 12", "Dec"},

    [M_PROCEDURES] = {"Thủ tục hành chính", "Administrative procedures"},
    [M_AGENCIES] = {"Cơ quan, đơn vị", "Agencies"},
    [M_FIELD] = {"Lĩnh vực", "Field"},
    [M_LIMIT] = {"Thời hạn giải quyết", "Statutory time limit"},
    [M_FEE] = {"Phí, lệ phí", "Fee"},
    [M_FEE_FREE] = {"Không thu phí", "Free of charge"},
    [M_VND] = {"đồng", "VND"},
    [M_OFFERED_BY] = {"Cơ quan thực hiện", "Agencies offering it"},
    [M_LEVEL] = {"Cấp", "Level"},
    [M_LEVEL_PROVINCE] = {"Cấp tỉnh", "Province"},
    [M_LEVEL_DEPARTMENT] = {"Sở, ban, ngành", "Department"},
    [M_LEVEL_DISTRICT] = {"Cấp huyện", "District"},
    [M_LEVEL_COMMUNE] = {"Cấp xã", "Commune"},
    [M_LEVEL_BRANCH] = {"Chi cục, chi nhánh", "Branch"},
    [M_PARENT] = {"Cơ quan cấp trên", "Parent body"},
    [M_SUCCESSOR] = {"Cơ quan kế thừa", "Successor"},
    [M_DISSOLVED] = {"Ngừng hoạt động từ sau ngày", "Ceased after"},
    [M_EFFECTIVE] = {"Hiệu lực từ", "In force from"},
    [M_NO_PROCESS] = {"Chưa có quy trình công bố.", "No published process."},
    [M_ONTIME_SUMMARY] = {"Kết quả giải quyết", "Processing record"},
    [M_ISO_STANDARD] = {"Hệ thống quản lý chất lượng", "Quality management system"},
    [M_ISO_ANNOUNCED] = {"Công bố phù hợp ISO", "ISO conformity announced"},
    [M_EISO] = {"Áp dụng ISO điện tử", "Electronic ISO since"},
    [M_LAST_AUDIT] = {"Đánh giá nội bộ gần nhất", "Last internal audit"},
    [M_LAST_REVIEW] = {"Xem xét của lãnh đạo gần nhất", "Last management review"},
    [M_NOT_YET] = {"Chưa có", "Not yet"},

    [M_FIGURES] = {"Số liệu giải quyết hồ sơ", "Dossier figures"},
    [M_THIS_MONTH] = {"Tháng này", "This month"},
    [M_THIS_YEAR] = {"Năm nay", "This year"},
    [M_ALL_TIME] = {"Toàn bộ", "All time"},
    [M_N_RECEIVED] = {"Đã tiếp nhận", "Received"},
    [M_N_RESOLVED] = {"Đã giải quyết", "Resolved"},
    [M_N_ONTIME] = {"Trước và đúng hạn", "Early or on time"},
    [M_N_LATE] = {"Quá hạn", "Late"},
    [M_N_PENDING] = {"Đang giải quyết", "Pending"},
    [M_N_OVERDUE] = {"Đang quá hạn", "Pending, overdue"},
    [M_ONTIME_RATE] = {"Tỷ lệ đúng hạn", "On-time rate"},
    [M_NO_DATA] = {"Chưa có số liệu", "No data yet"},
    [M_LOOKUP_HINT] = {"Quét mã QR trên giấy hẹn trả kết quả để xem tiến độ hồ sơ, hoặc "
                       "nhập mã hồ sơ và mã kiểm tra tại ki-ốt ở Bộ phận Một cửa.",
                       "Scan the QR code on your receipt to see the progress of your dossier, or "
                       "type the dossier code and check code at the kiosk in the one-stop "
                       "office."},

    [M_RECENT_TIMES] = {"Thời gian xử lý 6 tháng gần nhất", "Processing times, last 6 months"},
    [M_N_RESULTS] = {"Hồ sơ có kết quả", "Dossiers with a result"},
    [M_MEDIAN_TIME] = {"Trung vị thời gian xử lý", "Median processing time"},
    [M_LIMIT_SHORT] = {"thời hạn", "limit"},
    [M_FULL_STATS] = {"Thống kê đầy đủ: thời gian xử lý theo cơ quan, bước làm trễ hạn, số liệu "
                      "theo tháng",
                      "Full statistics: times by agency, steps that cause delays, monthly figures"},

    [M_R_TITLE] = {"Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
                   "Receipt of dossier and appointment for the result"},
    [M_R_NATION] = {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIETNAM"},
    [M_R_MOTTO] = {"Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"},
    [M_R_OFFICE] = {"Cơ quan tiếp nhận", "Receiving office"},
    [M_R_APPLICANT] = {"Họ và tên người nộp", "Applicant"},
    [M_R_DOCUMENTS] = {"Giấy tờ đã nhận", "Documents received"},
    [M_R_WHERE] = {"Nơi trả kết quả", "Where to collect the result"},
    [M_R_CHECK] = {"Mã kiểm tra (tra cứu tại ki-ốt)", "Check code (for the kiosk)"},
    [M_R_SCAN] = {"Quét mã để xem tiến độ hồ sơ", "Scan to follow the dossier"},
    [M_R_COPIES] = {"Người nộp giữ giấy này để nhận kết quả.",
                    "Keep this receipt to collect the result."},
    [M_R_UNIT] = {"Bộ phận tiếp nhận và trả kết quả", "Reception and results office"},
    [M_R_FROM] = {"Tiếp nhận hồ sơ của", "Dossier received from"},
    [M_R_ADDRESS] = {"Địa chỉ", "Address"},
    [M_R_PHONE] = {"Số điện thoại", "Phone"},
    [M_R_EMAIL] = {"Email", "E-mail"},
    [M_R_REQUEST] = {"Nội dung yêu cầu giải quyết", "Request"},
    [M_R_DOCS_LIST] = {"Thành phần hồ sơ nộp gồm", "Documents submitted"},
    [M_R_SETS] = {"Số lượng hồ sơ", "Number of sets"},
    [M_R_SETS_UNIT] = {"bộ", "set(s)"},
    [M_R_LIMIT] = {"Thời gian giải quyết hồ sơ theo quy định là", "Statutory time limit"},
    [M_R_TIME_IN] = {"Thời gian nhận hồ sơ", "Received at"},
    [M_R_TIME_OUT] = {"Thời gian trả kết quả giải quyết hồ sơ", "Result due at"},
    [M_R_COLLECT] = {"Đăng ký nhận kết quả tại", "Collect the result at"},
    [M_R_SIGN_APPLICANT] = {"Người nộp hồ sơ", "Applicant"},
    [M_R_SIGN_OFFICER] = {"Người tiếp nhận hồ sơ", "Receiving officer"},
    [M_R_SIGN_HINT] = {"(Ký và ghi rõ họ tên)", "(Signature and full name)"},
    [M_R_CONTACT] = {"Điện thoại liên hệ", "Contact phone"},
    [M_R_LOOKUP] = {"Tra cứu tiến độ: quét mã QR bằng điện thoại, hoặc nhập mã hồ sơ và mã "
                    "kiểm tra tại ki-ốt của Bộ phận Một cửa.",
                    "Follow the dossier: scan the QR code with a phone, or type the dossier "
                    "code and the check code at the kiosk."},
    [M_R_HOUR] = {"giờ", "h"},
    [M_R_MINUTE] = {"phút", "min"},
    [M_R_DAY] = {"ngày", "day"},
    [M_R_MONTH] = {"tháng", "month"},
    [M_R_YEAR] = {"năm", "year"},

    /* msg_duration's words: a unit for one and for more (English has a
     * plural), and the word for working time */
    [M_DUR_DAY] = {"ngày", "day"},
    [M_DUR_DAYS] = {"ngày", "days"},
    [M_DUR_HOUR] = {"giờ", "hour"},
    [M_DUR_HOURS] = {"giờ", "hours"},
    [M_DUR_MINUTE] = {"phút", "minute"},
    [M_DUR_MINUTES] = {"phút", "minutes"},
    [M_DUR_WORKING] = {"làm việc", "working"},

#define MSG_TEXT(id, vi, en) [id] = {vi, en},
#define MSG_HTML(id, vi, en) [id] = {vi, en},
#include "msg_stats.def"
#undef MSG_TEXT
#undef MSG_HTML
#define MSG_TEXT(id, vi, en) [id] = {vi, en},
#include "msg_xlsx.def"
#undef MSG_TEXT
#define MSG_TEXT(id, vi, en) [id] = {vi, en},
#include "msg_officials.def"
#undef MSG_TEXT

    /* citizens' satisfaction and the service index (Decision 766/QĐ-TTg) */
    [M_SAT_TITLE] = {"Mức độ hài lòng của người dân", "Citizen satisfaction"},
    [M_SAT_INTRO] = {"Sau khi có kết quả, người dân đánh giá việc giải quyết hồ sơ tại ki-ốt "
                     "hoặc tại quầy. Mỗi hồ sơ được tính một lần cho mỗi câu hỏi: theo lần đánh "
                     "giá sau cùng (đánh giá lại thay cho lần trước), vào kỳ có thời điểm đánh "
                     "giá đó. Tỷ lệ hài lòng = số đánh giá chọn mức được coi là hài lòng / tổng "
                     "số đánh giá. Không thu thập thông tin cá nhân.",
                     "Once the result is out, citizens rate how their dossier was handled, at "
                     "the kiosk or at the counter. Each dossier counts once per question: its "
                     "latest rating (a new rating replaces the earlier one), in the period in "
                     "which it was given. Satisfied share = ratings with a choice that counts "
                     "as satisfied / all ratings. No personal data is collected."},
    [M_SAT_RATINGS] = {"Lượt đánh giá", "Ratings"},
    [M_SAT_SATISFIED] = {"Hài lòng", "Satisfied"},
    [M_SAT_SHARE] = {"Tỷ lệ hài lòng", "Satisfied share"},
    [M_SAT_PERIOD] = {"Kỳ", "Period"},
    [M_SAT_PROVINCE] = {"Toàn tỉnh theo kỳ", "The whole province by period"},
    [M_SAT_BY_AGENCY] = {"Theo cơ quan", "By agency"},
    [M_SAT_BY_FIELD] = {"Theo lĩnh vực", "By field"},
    [M_SAT_BY_PROCEDURE] = {"Theo thủ tục", "By procedure"},
    [M_SAT_NONE] = {"Chưa có đánh giá.", "No ratings yet."},
    [M_SAT_CHART_TITLE] = {"Tỷ lệ hài lòng theo tháng", "Satisfied share by month"},
    [M_SAT_CHART_DESC] = {"Phần trăm đánh giá hài lòng trong tháng; tháng không có đánh giá để "
                          "trống.",
                          "Percentage of the ratings given in the month that were satisfied; a "
                          "month without ratings is left empty."},
    [M_SAT_MONTH] = {"Tháng", "Month"},
    [M_SAT_DATA] = {"Tải số liệu", "Download the data"},
    [M_SAT_SUMMARY] = {"Mức độ hài lòng", "Satisfaction"},
    [M_SAT_YEAR] = {"Năm nay", "This year"},
    [M_SAT_ALL] = {"từ trước đến nay", "all years"},
    [M_SAT_MORE] = {"Chi tiết mức độ hài lòng", "Satisfaction in detail"},
    [M_SAT_SKIPPED] = {"đánh giá chưa tính (hồ sơ, câu hỏi hoặc lựa chọn không có trong dữ "
                       "liệu tham chiếu)",
                       "ratings not counted (a dossier, question or choice the reference data "
                       "does not have)"},
    [M_SAT_ENTITY] = {"Đơn vị", "Subject"},
    [M_SAT_QUESTION] = {"Câu hỏi", "Question"},
    [M_SAT_N_RATINGS] = {"lượt đánh giá", "ratings"},
    [M_SAT_N_SATISFIED] = {"hài lòng", "satisfied"},
    [M_IX_TITLE] = {"Chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg)",
                    "Service index for citizens and businesses (Decision 766/QĐ-TTg)"},
    [M_IX_INTRO] = {"Các chỉ số của Bộ chỉ số phục vụ người dân, doanh nghiệp mà dữ liệu theo "
                    "dõi hồ sơ tại đây tính được, theo kỳ. Mỗi ô: tỷ lệ (tử số / mẫu số).",
                    "The indicators of the national service index that the dossier tracking "
                    "data here can give, by period. Each cell: share (numerator / "
                    "denominator)."},
    [M_IX_PROVINCE] = {"Toàn tỉnh", "Whole province"},
    [M_IX_INDICATOR] = {"Chỉ số", "Indicator"},
    [M_IX_ONTIME] = {"Giải quyết đúng hạn", "Resolved on time"},
    [M_IX_OVERDUE] = {"Quá hạn đang giải quyết cuối kỳ", "Overdue, pending at the period end"},
    [M_IX_APOLOGY] = {"Phiếu xin lỗi đã phát hành", "Apology slips issued"},
    [M_IX_ONLINE] = {"Tiếp nhận trực tuyến", "Received on line"},
    [M_IX_PROGRESS] = {"Công khai tiến độ theo bước", "Progress published step by step"},
    [M_IX_SATISFIED] = {"Hài lòng", "Satisfied"},
    [M_IX_F_ONTIME] = {"(trước hạn + đúng hạn) / đã giải quyết (trước hạn + đúng hạn + quá "
                       "hạn) trong kỳ",
                       "(early + on time) / resolved (early + on time + late) in the period"},
    [M_IX_F_OVERDUE] = {"đang giải quyết quá hạn / đang giải quyết, tại thời điểm cuối kỳ",
                        "pending and overdue / pending, at the end of the period"},
    [M_IX_F_APOLOGY] = {"số phiếu xin lỗi và hẹn lại ngày trả kết quả phát hành trong kỳ "
                        "(không có mẫu số)",
                        "apology slips with a new appointment issued in the period (a count, "
                        "no denominator)"},
    [M_IX_F_ONLINE] = {"hồ sơ mới tiếp nhận trực tuyến / hồ sơ mới tiếp nhận (mọi hình thức) "
                       "trong kỳ",
                       "new dossiers received on line / new dossiers received (every channel) "
                       "in the period"},
    [M_IX_F_PROGRESS] = {"hồ sơ đã giải quyết trong kỳ có ít nhất một bước quy trình được công "
                         "khai (bắt đầu hoặc hoàn thành bước) / hồ sơ đã giải quyết trong kỳ",
                         "dossiers resolved in the period with at least one published process "
                         "step (a step started or finished) / dossiers resolved in the period"},
    [M_IX_F_SATISFIED] = {"đánh giá hài lòng / tổng số đánh giá trong kỳ, câu hỏi đầu tiên của "
                          "mẫu đánh giá, theo lần đánh giá sau cùng của mỗi hồ sơ",
                          "satisfied ratings / all ratings in the period, first question of "
                          "the rating template, the latest rating of each dossier"},
    [M_IX_BY_YEAR] = {"Theo năm", "By year"},
    [M_IX_BY_QUARTER] = {"Theo quý", "By quarter"},
    [M_IX_BY_MONTH] = {"Theo tháng", "By month"},
    [M_IX_METHOD] = {"Phương pháp tính các chỉ số", "How the indicators are computed"},
    [M_IX_METHOD_LINK] = {"Công thức, nguồn và các chỉ số chưa tính được",
                          "Formulas, sources and the indicators left out"},
    [M_IX_NOT_POINTS] = {"Đây là các tỷ lệ tính từ dữ liệu, không phải điểm số chính thức của "
                         "Bộ chỉ số: cách quy đổi tỷ lệ ra điểm chưa được xác minh nên không "
                         "tính điểm.",
                         "These are shares computed from the data, not the official scores: "
                         "how the index turns shares into points is not verified here, so no "
                         "points are computed."},
    [M_IX_AGENCIES] = {"Theo cơ quan", "By agency"},
    [M_IX_FORMULA] = {"Công thức", "Formula"},
    [M_IX_OFFICIAL] = {"Đối chiếu với Quyết định 766/QĐ-TTg", "Against Decision 766/QĐ-TTg"},
    [M_IX_O_ONTIME] = {"Nhóm Tiến độ, kết quả giải quyết (tối đa 20 điểm) có chỉ số tỷ lệ hồ "
                       "sơ xử lý trước hạn, đúng hạn: tính như trên.",
                       "The group Progress and results of resolution (at most 20 points) has "
                       "the share of dossiers handled early or on time: computed as above."},
    [M_IX_O_OVERDUE] = {"Không xác minh được là một chỉ số riêng của Quyết định; là chỉ tiêu "
                        "đang giải quyết quá hạn của báo cáo định kỳ.",
                        "Not verified as an indicator of its own in the Decision; it is the "
                        "pending-overdue category of the periodic report."},
    [M_IX_O_APOLOGY] = {"Không xác minh được là một chỉ số của Quyết định; công bố để theo dõi "
                        "cùng tỷ lệ đúng hạn.",
                        "Not verified as an indicator of the Decision; published to be read "
                        "beside the on-time share."},
    [M_IX_O_ONLINE] = {"Nhóm Cung cấp dịch vụ trực tuyến (tối đa 22 điểm): không xác minh được "
                       "cách diễn đạt chính thức của chỉ số hồ sơ tiếp nhận trực tuyến.",
                       "The group Online services (at most 22 points): the official wording of "
                       "a share of dossiers received on line is not verified."},
    [M_IX_O_PROGRESS] = {"Định nghĩa riêng của trang này. Nhóm Công khai, minh bạch (tối đa 18 "
                         "điểm) có chỉ số tỷ lệ hồ sơ đồng bộ lên Cổng Dịch vụ công quốc gia, "
                         "không tính được từ dữ liệu tại đây.",
                         "Defined by this site. The group Publicity and transparency (at "
                         "most 18 points) has the share of dossiers synchronised to the "
                         "National Public Service Portal, which this data cannot give."},
    [M_IX_O_SATISFIED] = {"Nhóm Mức độ hài lòng (tối đa 18 điểm) có tỷ lệ hài lòng trong tiếp "
                          "nhận, giải quyết thủ tục hành chính, tính trên tổng số hồ sơ và trừ "
                          "cả hồ sơ có phản ánh, kiến nghị hoặc quá hạn: không tính được ở đây "
                          "vì không có dữ liệu phản ánh, kiến nghị; tỷ lệ trên chỉ tính trên "
                          "các hồ sơ được đánh giá.",
                          "The group Satisfaction (at most 18 points) has a satisfaction share "
                          "in receiving and resolving procedures over all dossiers, also "
                          "taking out those with complaints or overdue: not computable here "
                          "without complaint data; the share above is over rated dossiers "
                          "only."},
    [M_IX_GROUPS] = {"Quyết định 766/QĐ-TTg ngày 23/6/2022 có năm nhóm chỉ số, tổng tối đa 100 "
                     "điểm: Công khai, minh bạch (18); Tiến độ, kết quả giải quyết (20); Số hóa "
                     "hồ sơ (22); Cung cấp dịch vụ trực tuyến (22); Mức độ hài lòng (18).",
                     "Decision 766/QĐ-TTg of 23 June 2022 has five groups of indicators, 100 "
                     "points at most: Publicity and transparency (18); Progress and results "
                     "of resolution (20); Digitised dossiers (22); Online services (22); "
                     "Satisfaction (18)."},
    [M_IX_NOT_HELD] = {"Chỉ số cần dữ liệu không có ở đây (không tính, không ước đoán)",
                       "Indicators that need data not held here (left out, not guessed)"},
    [M_IX_NOT_HELD_LIST] = {"Số hóa hồ sơ và kết quả giải quyết; thanh toán trực tuyến phí, lệ "
                            "phí; thủ tục hành chính được công bố, công khai đúng hạn và đầy "
                            "đủ; hồ sơ đồng bộ lên Cổng Dịch vụ công quốc gia; phản ánh, kiến "
                            "nghị và việc xử lý; mức độ cung cấp dịch vụ công trực tuyến của "
                            "từng thủ tục. Thời gian giải quyết thực tế theo từng thủ tục có ở "
                            "trang Thời gian xử lý thực tế.",
                            "Digitised dossiers and results; online payment of fees and "
                            "charges; procedures announced and published on time and in full; "
                            "dossiers synchronised to the National Public Service Portal; "
                            "complaints and how they were handled; the level of online service "
                            "of each procedure. Real processing times per procedure are on the "
                            "page Real processing times."},
    [M_IX_SOURCES] = {"Nguồn: văn bản Quyết định 766/QĐ-TTg và các bản tóm tắt của cơ quan nhà "
                      "nước đăng tải công khai; chi tiết trong tệp data/INDICATORS.md của mã "
                      "nguồn.",
                      "Sources: the text of Decision 766/QĐ-TTg and public summaries by state "
                      "bodies; details in data/INDICATORS.md of the source code."},
    [M_IX_ROLLUP] = {"Gồm cả hồ sơ của các cơ quan tiền nhiệm đã sáp nhập vào cơ quan này.",
                     "Includes the dossiers of the predecessors merged into this agency."},
    [M_IX_LINK] = {"Chỉ số phục vụ (Quyết định 766)", "Service index (Decision 766)"},

    /* kioskd's own pages */
    [M_K_TITLE] = {"Tra cứu hồ sơ thủ tục hành chính", "Administrative dossier lookup"},
    [M_K_HOME] = {"Trang đầu", "Start"},
    [M_K_OTHER_LANG] = {"English", "Tiếng Việt"},
    [M_K_PROCEDURES] = {"Thủ tục hành chính", "Administrative procedures"},
    [M_K_LOOKUP_TITLE] = {"Tình trạng hồ sơ", "Dossier progress"},
    [M_K_NO_DOSSIER] = {"Không tìm thấy hồ sơ với mã hồ sơ và mã kiểm tra này.",
                        "No dossier matches this dossier code and check code."},
    [M_K_NO_DOSSIER_HINT] = {"Vui lòng xem lại hai mã in trên giấy tiếp nhận và hẹn trả kết quả.",
                             "Please compare both codes with your receipt."},
    [M_K_BAD_CODE] = {"Mã hồ sơ hoặc mã kiểm tra chưa đúng dạng. Mã hồ sơ có dạng "
                      "000.00.00.H00-YYMMDD-NNNN, mã kiểm tra gồm 8 chữ số.",
                      "The dossier code or check code is not in the right form. A dossier code "
                      "looks like 000.00.00.H00-YYMMDD-NNNN; a check code has 8 digits."},
    [M_K_RATE_LIMITED] = {"Quá nhiều lần tra cứu. Vui lòng chờ một chút rồi thử lại.",
                          "Too many lookups. Please wait a moment and try again."},
    [M_K_UNAVAILABLE] = {"Dữ liệu tra cứu tạm thời chưa sẵn sàng.",
                         "The lookup data is not available at the moment."},
    [M_K_UNAVAILABLE_HINT] = {"Máy sẽ tự thử lại. Xin vui lòng hỏi cán bộ tại quầy.",
                              "The kiosk will try again by itself. Please ask at the counter."},
    [M_K_NOT_FOUND] = {"Không có trang này.", "There is no such page."},
    [M_K_BAD_REQUEST] = {"Yêu cầu không hợp lệ.", "The request is not valid."},
    [M_K_METHOD] = {"Phương thức không được hỗ trợ.", "Method not allowed."},
    [M_K_TOO_LARGE] = {"Yêu cầu quá lớn.", "The request is too large."},
    [M_K_INTERNAL] = {"Đã có lỗi. Xin vui lòng hỏi cán bộ tại quầy.",
                      "Something went wrong. Please ask at the counter."},
    [M_K_DUE_IF_NOW] = {"Nếu nộp hồ sơ bây giờ, ngày hẹn trả kết quả là",
                        "If you hand in now, the result is due on"},
    [M_K_DUE_BASIS_PROCESS] = {"theo quy trình nội bộ ISO và lịch làm việc",
                               "by the ISO process and the working calendar"},
    [M_K_DUE_BASIS_LIMIT] = {"theo thời hạn giải quyết và lịch làm việc",
                             "by the statutory limit and the working calendar"},
    [M_K_STEPS] = {"Các bước xử lý", "Processing steps"},
    [M_K_STEP_NO] = {"Bước", "Step"},
    [M_K_UNIT] = {"Đơn vị thực hiện", "Responsible unit"},
    [M_K_TIME] = {"Thời gian", "Time"},
    [M_K_LIMIT] = {"Thời hạn giải quyết", "Statutory time limit"},
    [M_K_FEE] = {"Phí, lệ phí", "Fee"},
    [M_K_FREE] = {"Không thu phí", "No fee"},
    [M_K_DAYS] = {"ngày làm việc", "working days"},
    [M_K_HOURS] = {"giờ", "hours"},
    [M_K_BOARD_TITLE] = {"Kết quả đã có, mời nhận tại quầy", "Results ready for pickup"},
    [M_K_READY_LIST] = {"Mã hồ sơ có kết quả", "Dossiers with results ready"},
    [M_K_TODAY] = {"Hôm nay", "Today"},
    [M_K_RECEIVED_TODAY] = {"Hồ sơ tiếp nhận", "Dossiers received"},
    [M_K_RESOLVED_TODAY] = {"Hồ sơ đã giải quyết", "Dossiers resolved"},
    [M_K_RETURNED_TODAY] = {"Kết quả đã trả", "Results handed over"},
    [M_K_WAITING] = {"Kết quả chờ nhận", "Results waiting"},
    [M_K_NONE_READY] = {"Hiện chưa có kết quả chờ nhận.", "No results are waiting now."},
    [M_K_BACK] = {"Quay lại", "Back"},
    [M_K_PROCESS] = {"Quy trình", "Process"},
    [M_K_OFFERED_HERE] = {"Thủ tục tiếp nhận tại đây", "Procedures offered here"},
    [M_K_NO_PROCEDURES] = {"Chưa có thủ tục nào.", "No procedures yet."},
    [M_K_FIELD] = {"Lĩnh vực", "Field"},
    [M_K_TRY_AGAIN] = {"Thử lại", "Try again"},
    [M_K_DATA_AS_OF] = {"Dữ liệu cập nhật lúc", "Data as of"},
    [M_K_BOARD_HINT] = {"Mang theo giấy tiếp nhận khi nhận kết quả.",
                        "Bring your receipt to collect the result."},
    [M_K_VND] = {"đồng", "VND"},
    [M_K_AGENCY_LIST] = {"Cơ quan tiếp nhận", "Agencies offering it"},
    /* "Showing the 200 most recent of 1234 results waiting.": numbers
     * between the three pieces. */
    [M_K_BOARD_CAP_A] = {"Hiển thị ", "Showing the "},
    [M_K_BOARD_CAP_B] = {" kết quả mới nhất trong số ", " most recent of "},
    [M_K_BOARD_CAP_C] = {" kết quả chờ nhận.", " results waiting."},
    [M_STEP_TASK] = {"Nội dung công việc", "Task"},
    [M_DOCUMENTS] = {"Thành phần hồ sơ", "Documents to hand in"},
    [M_DOC_ORIGINALS] = {"Bản chính", "Originals"},
    [M_DOC_COPIES] = {"Bản sao", "Copies"},
    [M_NO_DOCUMENTS] = {"Danh mục giấy tờ chưa được công bố; xin hỏi tại Bộ phận Một cửa.",
                        "The list of documents is not published yet; please ask at the "
                        "one-stop counter."},
    /* "Áp dụng tại 31 cơ quan" / "Used at 31 agencies" */
    [M_PROCESS_USED_AT] = {"Áp dụng tại", "Used at"},
    [M_PROCESS_AGENCIES] = {"cơ quan", "agencies"},
    [M_K_BOARD_PAGE] = {"Trang", "Page"},
    [M_K_PICKUP_AT] = {"Nhận kết quả tại", "Collect at"},
    [M_K_RELOAD] = {"Tải lại", "Reload"},
};

const char *
msg(enum lang lang, enum msg_id id)
{
	const char *s;

	if ((unsigned)id >= M_COUNT)
		return "";
	s = table[id][lang == LANG_EN ? 1 : 0];
	if (!s)
		s = table[id][0];
	return s ? s : "";
}

int
msg_fill(FILE *f, enum lang lang, enum msg_id id, int escape, const char *const *args, int nargs)
{
	const char *s = msg(lang, id);

	while (*s) {
		size_t n = strcspn(s, "{");
		if (fwrite(s, 1, n, f) != n)
			return -1;
		s += n;
		if (!*s)
			break;
		if (s[1] >= '1' && s[1] <= '9' && s[2] == '}') {
			int k = s[1] - '1';
			if (k >= nargs)
				return -1; /* a message and its caller disagree */
			if ((escape ? out_text(f, args[k]) : (fputs(args[k], f) == EOF ? -1 : 0)) <
			    0)
				return -1;
			s += 3;
		} else {
			if (fputc('{', f) == EOF)
				return -1;
			s++;
		}
	}
	return ferror(f) ? -1 : 0;
}

const char *
msg_lang_tag(enum lang lang)
{
	return lang == LANG_EN ? "en" : "vi";
}

struct word {
	const char *word;
	enum msg_id id;
};

static const char *
lookup(enum lang lang, const struct word *w, const char *s)
{
	if (!s)
		return NULL;
	for (; w->word; w++)
		if (strcmp(w->word, s) == 0)
			return msg(lang, w->id);
	return NULL;
}

const char *
msg_channel(enum lang lang, const char *channel)
{
	static const struct word w[] = {
	    {"counter", M_CH_COUNTER}, {"online", M_CH_ONLINE}, {"post", M_CH_POST}, {0, 0}};
	return lookup(lang, w, channel);
}

const char *
msg_status(enum lang lang, const char *status)
{
	static const struct word w[] = {
	    {"processing", M_ST_PROCESSING}, {"supplement", M_ST_SUPPLEMENT},
	    {"paused", M_ST_PAUSED},         {"ready", M_ST_READY},
	    {"returned", M_ST_RETURNED},     {"rejected", M_ST_REJECTED},
	    {"withdrawn", M_ST_WITHDRAWN},   {0, 0}};
	return lookup(lang, w, status);
}

const char *
msg_level(enum lang lang, const char *level)
{
	static const struct word w[] = {
	    {"province", M_LEVEL_PROVINCE}, {"department", M_LEVEL_DEPARTMENT},
	    {"district", M_LEVEL_DISTRICT}, {"commune", M_LEVEL_COMMUNE},
	    {"branch", M_LEVEL_BRANCH},     {0, 0}};
	return lookup(lang, w, level);
}

/* One unit of a duration: its count and its names for one and for more. */
struct dur_part {
	long long n;
	enum msg_id one, many;
};

int
msg_duration(char *buf, size_t size, long long min, int day_min, enum lang lang)
{
	struct dur_part p[3];
	size_t o = 0;
	int np = 0;

	buf[0] = '\0';
	if (min < 0)
		min = 0;
	if (day_min <= 0)
		day_min = 8 * 60; /* the civil servants' day */
	if (min / day_min)
		p[np++] = (struct dur_part){min / day_min, M_DUR_DAY, M_DUR_DAYS};
	if (min % day_min / 60 || min == 0)
		p[np++] = (struct dur_part){min % day_min / 60, M_DUR_HOUR, M_DUR_HOURS};
	if (min % day_min % 60)
		p[np++] = (struct dur_part){min % day_min % 60, M_DUR_MINUTE, M_DUR_MINUTES};
	for (int i = 0; i < np; i++) {
		const char *unit = msg(lang, p[i].n == 1 ? p[i].one : p[i].many);
		const char *working = msg(lang, M_DUR_WORKING);
		/* English says "working" before the hours, or the first unit
		 * after the days ("2 days 3 working hours", "2 working days"),
		 * Vietnamese after the whole ("2 ngày 3 giờ làm việc"). */
		int first_small = np == 1 || (p[0].one == M_DUR_DAY ? i == 1 : i == 0);
		int pre = lang == LANG_EN && first_small, post = lang != LANG_EN && i == np - 1;
		char num[OUT_INT_LEN];
		const char *piece[] = {i ? " " : "",
		                       num,
		                       " ",
		                       pre ? working : "",
		                       pre ? " " : "",
		                       unit,
		                       post ? " " : "",
		                       post ? working : ""};

		/* By hand rather than snprintf: a page shows a dozen of these. */
		out_int_str(num, p[i].n);
		for (size_t k = 0; k < sizeof piece / sizeof piece[0]; k++) {
			size_t len = strlen(piece[k]);
			if (len >= size - o) {
				buf[0] = '\0';
				return -1;
			}
			memcpy(buf + o, piece[k], len);
			o += len;
		}
	}
	buf[o] = '\0';
	return (int)o;
}
