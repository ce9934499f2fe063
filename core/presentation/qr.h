/*
 * qr: QR codes for receipts (libqrencode) written as PNG images (libpng).
 *
 * The code is symbol level M (15% recovery: a receipt may be creased),
 * 8-bit mode so that any URL encodes exactly, with the 4-module quiet zone
 * the standard asks for.  Images are 1-bit greyscale: small files and
 * sharp printing.
 */
#ifndef QR_H
#define QR_H

#include <stdio.h>

#include "err.h"

#define QR_SCALE_DEFAULT 6 /* pixels per module: about 2.5 cm at 300 dpi for a URL */

/* Encode TEXT and write the PNG image to F (pixels per module SCALE,
 * 1..64).  Does not close F.  Returns 0, or -1 with E set (encoding failed,
 * libpng error, write error). */
int qr_png_write(FILE *f, const char *text, int scale, struct err *e);

/* The same into PATH, atomically (core/afile.h) with permissions MODE.
 * Returns 0, or -1 with E set and PATH untouched. */
int qr_png_file(const char *path, const char *text, int scale, int mode, struct err *e);

/* Encode TEXT and write it as inline SVG (one <path>, scalable, for HTML
 * pages).  Returns 0, or -1 with E set. */
int qr_svg_write(FILE *f, const char *text, struct err *e);

#endif
