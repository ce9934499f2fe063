#include "qr.h"

#include <errno.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>
#include <qrencode.h>

#include "afile.h"

#define QUIET 4 /* modules of white border (ISO/IEC 18004) */

static QRcode *
encode(const char *text, struct err *e)
{
	QRcode *q;

	errno = 0;
	q = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
	if (!q)
		err_set(e, "QR encoding failed: %s",
		        errno == ERANGE ? "text too long" : strerror(errno));
	return q;
}

/* libpng reports errors through this callback; we keep the message and
 * return to the setjmp point in write_png. */
struct png_ctx {
	jmp_buf jmp;
	char msg[200];
};

static void
on_png_error(png_structp png, png_const_charp m)
{
	struct png_ctx *c = png_get_error_ptr(png);

	snprintf(c->msg, sizeof c->msg, "%s", m);
	longjmp(c->jmp, 1);
}

static void
on_png_warning(png_structp png, png_const_charp m)
{
	(void)png;
	(void)m; /* warnings do not make the image wrong */
}

/* Row Y of the scaled image into ROW (1 bit per pixel, 0 = dark). */
static void
fill_row(const QRcode *q, int scale, int y, unsigned char *row, size_t rowbytes)
{
	int size = (q->width + 2 * QUIET) * scale, my = y / scale - QUIET;

	memset(row, 0xFF, rowbytes);
	if (my < 0 || my >= q->width)
		return;
	for (int x = 0; x < size; x++) {
		int mx = x / scale - QUIET;
		if (mx >= 0 && mx < q->width && (q->data[my * q->width + mx] & 1))
			row[x / 8] &= (unsigned char)~(0x80 >> (x % 8));
	}
}

static int
write_png(FILE *f, const QRcode *q, int scale, unsigned char *row, struct err *e)
{
	struct png_ctx ctx;
	png_structp png;
	png_infop info = NULL;
	int size = (q->width + 2 * QUIET) * scale;

	ctx.msg[0] = '\0';
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &ctx, on_png_error, on_png_warning);
	if (!png || !(info = png_create_info_struct(png))) {
		png_destroy_write_struct(&png, NULL);
		return err_set(e, "out of memory");
	}
	/* Nothing is allocated between here and the end that a longjmp would
	 * leak: ROW belongs to the caller. */
	if (setjmp(ctx.jmp)) {
		png_destroy_write_struct(&png, &info);
		return err_set(e, "PNG: %s", ctx.msg);
	}
	png_init_io(png, f);
	png_set_IHDR(png, info, (png_uint_32)size, (png_uint_32)size, 1, PNG_COLOR_TYPE_GRAY,
	             PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	/* Two-level images compress best unfiltered, and fast. */
	png_set_filter(png, 0, PNG_FILTER_NONE);
	png_set_compression_level(png, 6);
	png_write_info(png, info);
	for (int y = 0; y < size; y++) {
		fill_row(q, scale, y, row, ((size_t)size + 7) / 8);
		png_write_row(png, row);
	}
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	return 0;
}

int
qr_png_write(FILE *f, const char *text, int scale, struct err *e)
{
	QRcode *q;
	unsigned char *row = NULL;
	int r = -1;

	if (scale < 1 || scale > 64)
		return err_set(e, "QR scale %d out of range", scale);
	if (!(q = encode(text, e)))
		return -1;
	row = malloc(((size_t)(q->width + 2 * QUIET) * (size_t)scale + 7) / 8);
	if (!row) {
		err_set(e, "out of memory");
		goto out;
	}
	if (write_png(f, q, scale, row, e) < 0)
		goto out;
	if (fflush(f) == EOF || ferror(f)) {
		err_set(e, "write error: %s", strerror(errno));
		goto out;
	}
	r = 0;
out:
	free(row);
	QRcode_free(q);
	return r;
}

int
qr_png_file(const char *path, const char *text, int scale, int mode, struct err *e)
{
	struct afile a;

	if (afile_open(&a, path, mode, 0, e) < 0)
		return -1;
	if (qr_png_write(a.f, text, scale, e) < 0) {
		afile_abort(&a);
		return err_prefix(e, "%s", path);
	}
	return afile_commit(&a, 0, e);
}

int
qr_svg_write(FILE *f, const char *text, struct err *e)
{
	QRcode *q;
	int n, r = -1;

	if (!(q = encode(text, e)))
		return -1;
	n = q->width + 2 * QUIET;
	if (fprintf(f,
	            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
	            "class=\"qr\" role=\"img\" shape-rendering=\"crispEdges\">"
	            "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path d=\"",
	            n, n, n, n) < 0)
		goto werr;
	/* One horizontal run of dark modules per path segment keeps it small. */
	for (int y = 0; y < q->width; y++) {
		for (int x = 0; x < q->width;) {
			int len = 0;
			while (x + len < q->width && (q->data[y * q->width + x + len] & 1))
				len++;
			if (len &&
			    fprintf(f, "M%d %dh%dv1h-%dz", x + QUIET, y + QUIET, len, len) < 0)
				goto werr;
			x += len ? len : 1;
		}
	}
	if (fputs("\"/></svg>", f) == EOF)
		goto werr;
	r = 0;
	goto out;
werr:
	err_set(e, "write error: %s", strerror(errno));
out:
	QRcode_free(q);
	return r;
}
