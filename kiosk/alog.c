#include "alog.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int
alog_open(const char *path)
{
	if (strcmp(path, "-") == 0)
		return STDERR_FILENO;
	return open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
}

static int
b64url(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_';
}

void
alog_clean(const char *s, char *buf, size_t size)
{
	size_t w = 0, run;

	if (size == 0)
		return;
	while (*s && w + 1 < size) {
		for (run = 0; b64url(s[run]); run++)
			;
		if (run >= 16) {
			w += (size_t)snprintf(buf + w, size - w, "<redacted>");
			if (w >= size)
				w = size - 1;
			s += run;
			continue;
		}
		if (run == 0) {
			if (*s >= 0x20 && *s < 0x7F && *s != '"' && *s != '\\')
				buf[w++] = *s;
			s++;
			continue;
		}
		for (size_t i = 0; i < run && w + 1 < size; i++)
			buf[w++] = s[i];
		s += run;
	}
	buf[w] = '\0';
}

static void
client_text(const struct sockaddr *sa, char *buf, size_t size)
{
	snprintf(buf, size, "-");
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, buf,
		          (socklen_t)size);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
		          buf, (socklen_t)size);
}

void
alog_write(int fd, const struct sockaddr *client, enum req_method method, const char *route,
           unsigned status, size_t bytes, int64_t us, const char *error)
{
	static const char *const methods[] = {"GET", "HEAD", "POST", "OTHER"};
	char line[512], when[32], addr[INET6_ADDRSTRLEN], err[200];
	struct tm tm;
	time_t now = time(NULL);
	int n;

	localtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S%z", &tm);
	client_text(client, addr, sizeof addr);
	n = snprintf(line, sizeof line, "%s %s %s %s %u %zu %lld", when, addr, methods[method],
	             route, status, bytes, (long long)us);
	if (error && *error && n > 0 && (size_t)n < sizeof line) {
		alog_clean(error, err, sizeof err);
		n += snprintf(line + n, sizeof line - (size_t)n, " error=\"%s\"", err);
	}
	if (n < 0)
		return;
	if ((size_t)n >= sizeof line - 1)
		n = (int)sizeof line - 2;
	line[n++] = '\n';
	/* A lost log line must not fail the request. */
	if (write(fd, line, (size_t)n) < 0)
		return;
}
