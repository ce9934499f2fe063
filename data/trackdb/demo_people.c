/*
 * demo_people: synthetic applicants.  Names follow the frequency of
 * Vietnamese family names, with Kon Tum's Ba Na, Xơ Đăng, Gia Rai and Giẻ
 * Triêng names ("A" for men, "Y" for women in many villages); CCCD numbers
 * follow Circular 59/2021/TT-BCA's layout (province of birth registration,
 * sex and century, year of birth, six random digits).  Nothing here is a
 * real person.
 */
#include <string.h>

#include "demo.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const char *const family[] = {
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ",     "Võ",   "Đặng",
    "Bùi",    "Đỗ",   "Hồ", "Ngô",  "Dương", "Lý",    "Đinh", "Trương", "Đoàn", "Lương",
};
/* Roughly the share of each family name, in per mille. */
static const double family_w[] = {
    380, 110, 95, 70, 40, 20, 45, 25, 20, 21, 20, 14, 13, 13, 10, 5, 10, 8, 6, 5,
};
static const char *const middle_m[] = {"Văn",  "Đức",   "Minh", "Quang", "Hữu",
                                       "Công", "Thanh", "Xuân", "Ngọc",  "Đình"};
static const char *const middle_f[] = {"Thị",   "Thị", "Thị", "Ngọc", "Thu",
                                       "Thanh", "Kim", "Mỹ",  "Hồng", "Phương"};
static const char *const given_m[] = {"An",    "Bình", "Cường", "Dũng", "Duy",   "Hải",   "Hiếu",
                                      "Hùng",  "Huy",  "Khang", "Khoa", "Long",  "Nam",   "Nghĩa",
                                      "Phúc",  "Quân", "Sơn",   "Tài",  "Thành", "Thắng", "Toàn",
                                      "Trung", "Tuấn", "Việt",  "Vinh"};
static const char *const given_f[] = {"Anh",  "Châu",  "Dung",  "Giang", "Hà",     "Hạnh",
                                      "Hằng", "Hoa",   "Hương", "Lan",   "Linh",   "Mai",
                                      "My",   "Ngân",  "Nhung", "Oanh",  "Phượng", "Quyên",
                                      "Thảo", "Trang", "Tuyết", "Vân",   "Xuân",   "Yến"};
/* Given names of Kon Tum's ethnic minorities, written as the civil
 * registers write them. */
static const char *const minority_m[] = {"Thút", "Blong", "Khang", "Nhong", "Đôn", "Pher",
                                         "Rin",  "Huynh", "Quyết", "Sang",  "Tuy", "Byơ"};
static const char *const minority_f[] = {"Bloanh", "Hiền", "Nga", "Ngọc",  "Thúy", "H'Lan",
                                         "Phương", "Rơ",   "Bik", "Hnhim", "Liên", "Xuân"};
static const char *const minority_family[] = {"Rơ Châm",  "Siu", "Ksor", "Rơ Mah",
                                              "Đinh Văn", "Kpă", "Nay"};

static const char *
pick(struct rng *r, const char *const *list, int n)
{
	return list[rng_below(r, (uint64_t)n)];
}

/* Append S to BUF (SIZE bytes), truncating only a name that cannot fit,
 * which the sizes below rule out. */
static void
append(char *buf, size_t size, const char *s)
{
	size_t n = strlen(buf);
	snprintf(buf + n, size - n, "%s", s);
}

static void
make_name(struct rng *r, int male, int minority, char *buf, size_t size)
{
	buf[0] = '\0';
	if (minority && rng_chance(r, 0.6)) {
		append(buf, size, male ? "A " : "Y ");
		append(buf, size,
		       male ? pick(r, minority_m, N(minority_m))
		            : pick(r, minority_f, N(minority_f)));
		return;
	}
	if (minority) {
		append(buf, size, pick(r, minority_family, N(minority_family)));
	} else {
		append(buf, size, family[rng_weighted(r, family_w, N(family))]);
		append(buf, size, " ");
		append(buf, size,
		       male ? pick(r, middle_m, N(middle_m)) : pick(r, middle_f, N(middle_f)));
	}
	append(buf, size, " ");
	append(buf, size, male ? pick(r, given_m, N(given_m)) : pick(r, given_f, N(given_f)));
}

/* CCCD: 3 digits of the province where the birth was registered (062 Kon
 * Tum for most), a digit for sex and century (0/1 for men/women born in the
 * 1900s, 2/3 in the 2000s), 2 digits of the year of birth, 6 random. */
static void
make_id(struct rng *r, int male, char *buf)
{
	static const char *const elsewhere[] = {"001", "040", "042", "051", "052", "064", "079"};
	int year = (int)rng_range(r, 1945, 2007);
	const char *prov = rng_chance(r, 0.8) ? "062" : pick(r, elsewhere, N(elsewhere));
	int sex = (year >= 2000 ? 2 : 0) + (male ? 0 : 1);

	snprintf(buf, 16, "%s%d%02d%06d", prov, sex, year % 100, (int)rng_below(r, 1000000));
}

static void
make_phone(struct rng *r, char *buf)
{
	/* Viettel, Vinaphone and MobiFone prefixes in use since 2018. */
	static const char *const prefix[] = {"096", "097", "098", "086", "032", "033", "034",
	                                     "035", "036", "037", "038", "039", "091", "094",
	                                     "081", "082", "083", "084", "085", "088", "090",
	                                     "093", "089", "070", "076", "077", "078", "079"};
	snprintf(buf, 16, "%s%07d", pick(r, prefix, N(prefix)), (int)rng_below(r, 10000000));
}

/* The agency's own area: "UBND Xã Đăk Blá" serves Xã Đăk Blá; provincial
 * bodies draw from the city of Kon Tum. */
static void
make_address(const struct w_agency *a, struct rng *r, char *buf, size_t size)
{
	static const char *const streets[] = {"Trần Hưng Đạo", "Phan Đình Phùng", "Lê Hồng Phong",
	                                      "Bà Triệu",      "Nguyễn Huệ",      "Trần Phú",
	                                      "Ure",           "Phan Chu Trinh",  "Đào Duy Từ",
	                                      "Hùng Vương"};
	static const char *const villages[] = {"Thôn %d", "Làng Kon Klor %d", "Thôn Plei Đôn %d",
	                                       "Tổ dân phố %d", "Thôn Đăk Xế %d"};
	const char *province = a->new_province ? "tỉnh Quảng Ngãi" : "tỉnh Kon Tum";
	const char *area = a->name;
	char place[48];

	if (strncmp(area, "UBND ", 5) == 0)
		area += 5;
	if (strstr(area, "Xã") || strstr(area, "xã") || strstr(area, "Thị trấn")) {
		snprintf(place, sizeof place, pick(r, villages, N(villages)),
		         (int)rng_range(r, 1, 12));
		snprintf(buf, size, "%s, %s, %s", place, area, province);
	} else if (strstr(area, "Phường")) {
		snprintf(buf, size, "%d %s, %s, %s", (int)rng_range(r, 1, 350),
		         pick(r, streets, N(streets)), area, province);
	} else {
		snprintf(buf, size, "%d %s, TP. Kon Tum, %s", (int)rng_range(r, 1, 350),
		         pick(r, streets, N(streets)), province);
	}
}

void
official_name(struct rng *r, char *buf, size_t size)
{
	make_name(r, rng_chance(r, 0.5), rng_chance(r, 0.1), buf, size);
}

void
person_generate(const struct w_agency *a, struct rng *r, struct person *out)
{
	int male = rng_chance(r, 0.5);
	/* Ethnic minorities are over half of Kon Tum's people outside the
	 * city: name the commune applicants accordingly. */
	int minority = rng_chance(r, strstr(a->name, "Xã") ? 0.45 : 0.15);

	make_name(r, male, minority, out->name, sizeof out->name);
	make_id(r, male, out->id);
	make_phone(r, out->phone);
	make_address(a, r, out->address, sizeof out->address);
}

const char *
documents_for(const char *procedure_name)
{
	static const struct {
		const char *word, *docs;
	} table[] = {
	    {"khai sinh", "Tờ khai đăng ký khai sinh; Giấy chứng sinh; CCCD của cha, mẹ"},
	    {"kết hôn",
	     "Tờ khai đăng ký kết hôn; Giấy xác nhận tình trạng hôn nhân; CCCD của hai bên"},
	    {"khai tử", "Tờ khai đăng ký khai tử; Giấy báo tử; CCCD của người đi khai"},
	    {"chứng thực", "Bản chính giấy tờ; Bản sao cần chứng thực"},
	    {"hộ kinh doanh",
	     "Giấy đề nghị đăng ký hộ kinh doanh; CCCD của chủ hộ; Hợp đồng thuê địa điểm"},
	    {"doanh nghiệp",
	     "Giấy đề nghị đăng ký doanh nghiệp; Điều lệ công ty; Danh sách thành viên"},
	    {"xây dựng",
	     "Đơn đề nghị cấp giấy phép xây dựng; Giấy tờ về quyền sử dụng đất; Bản vẽ thiết kế"},
	    {"đất",
	     "Đơn đăng ký, cấp Giấy chứng nhận; Giấy tờ về quyền sử dụng đất; Sơ đồ thửa đất"},
	    {"lý lịch tư pháp", "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp; Bản chụp CCCD; Giấy tờ "
	                        "chứng minh nơi cư trú"},
	    {"lái xe", "Đơn đề nghị đổi giấy phép lái xe; Giấy phép lái xe; Giấy khám sức khỏe"},
	};
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (strstr(procedure_name, table[i].word))
			return table[i].docs;
	return "Đơn đề nghị theo mẫu; Bản sao CCCD; Giấy tờ liên quan theo quy định";
}
