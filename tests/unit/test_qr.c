/*
 * Unit tests for core/presentation/qr.c: PNG output (signature, size from the QR
 * version, 1-bit greyscale), atomic files with the asked mode, SVG, errors.
 * Decoding with a real reader is the integration tests' job (zbarimg).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "qr.h"

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void
test_png(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct err e = {""};
	const unsigned char *p;

	(void)state;
	/* 60 bytes at level M need version 4: 33 modules + 2 x 4 quiet = 41. */
	assert_int_equal(
	    qr_png_write(f, "http://localhost:8080/d/Ab/AbCdEfGhIjKlMnOpQrStUv.html", 3, &e), 0);
	assert_int_equal(fclose(f), 0);
	p = (const unsigned char *)buf;
	assert_true(len > 33);
	assert_memory_equal(p, "\x89PNG\r\n\x1a\n", 8);
	assert_memory_equal(p + 12, "IHDR", 4);
	assert_int_equal(be32(p + 16), 41 * 3);
	assert_int_equal(be32(p + 20), 41 * 3);
	assert_int_equal(p[24], 1); /* bit depth */
	assert_int_equal(p[25], 0); /* greyscale */
	free(buf);
}

static void
test_file_mode(void **state)
{
	char dir[] = "/tmp/test_qr.XXXXXX", path[64];
	struct err e = {""};
	struct stat st;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/r.png", dir);
	assert_int_equal(qr_png_file(path, "hello", QR_SCALE_DEFAULT, 0600, &e), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_true(st.st_size > 50);
	/* A directory that does not exist: an error, no file. */
	snprintf(path, sizeof path, "%s/none/r.png", dir);
	assert_int_equal(qr_png_file(path, "hello", 4, 0600, &e), -1);
	assert_true(e.msg[0] != '\0');
	snprintf(path, sizeof path, "%s/r.png", dir);
	unlink(path);
	rmdir(dir);
}

static void
test_errors(void **state)
{
	struct err e = {""};
	char *big = malloc(8000);
	FILE *f = fopen("/dev/null", "w");

	(void)state;
	assert_non_null(big);
	assert_non_null(f);
	assert_int_equal(qr_png_write(f, "x", 0, &e), -1); /* scale out of range */
	memset(big, 'a', 7999);
	big[7999] = '\0';
	assert_int_equal(qr_png_write(f, big, 2, &e), -1); /* beyond version 40 */
	assert_non_null(strstr(e.msg, "QR"));
	fclose(f);
	free(big);
	f = fopen("/dev/full", "w");
	if (f) {
		assert_int_equal(qr_png_write(f, "x", 2, &e), -1); /* write error reported */
		fclose(f);
	}
}

static void
test_svg(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct err e = {""};

	(void)state;
	assert_int_equal(qr_svg_write(f, "hello", &e), 0);
	assert_int_equal(fclose(f), 0);
	/* "hello" fits version 1: 21 modules + 8 quiet. */
	assert_non_null(strstr(buf, "viewBox=\"0 0 29 29\""));
	assert_non_null(strstr(buf, "<path d=\"M"));
	assert_string_equal(buf + len - 9, "\"/></svg>");
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_png),
	    cmocka_unit_test(test_file_mode),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_svg),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
