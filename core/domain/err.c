#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int
err_set(struct err *e, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return -1;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return -1;
}

int
err_prefix(struct err *e, const char *fmt, ...)
{
	char head[ERR_MSG_MAX];
	size_t hl, ol;
	va_list ap;

	if (!e)
		return -1;
	va_start(ap, fmt);
	vsnprintf(head, sizeof head, fmt, ap);
	va_end(ap);
	/* Keep as much of both as fits; an error message may be cut short. */
	hl = strlen(head);
	if (hl > sizeof e->msg - 3)
		hl = sizeof e->msg - 3;
	ol = strnlen(e->msg, sizeof e->msg - 1);
	if (hl + 2 + ol > sizeof e->msg - 1)
		ol = sizeof e->msg - 1 - hl - 2;
	memmove(e->msg + hl + 2, e->msg, ol);
	memcpy(e->msg, head, hl);
	e->msg[hl] = ':';
	e->msg[hl + 1] = ' ';
	e->msg[hl + 2 + ol] = '\0';
	return -1;
}
