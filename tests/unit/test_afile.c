/*
 * Unit tests for core/storage/afile.c: atomic file output.
 *
 * Each test works in its own temporary directory.  The properties: commit
 * puts exactly the written bytes at the path with exactly the given mode;
 * until commit the old file (or no file) is what readers see; abort leaves
 * nothing; no temporary is ever left behind; failures say why.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afile.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

struct fixture {
	char dir[64];
};

/* rm -r PATH (the tests' own small trees only). */
static void
rm_tree(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	char p[1024];

	if (lstat(path, &st) < 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	chmod(path, 0700);
	if ((d = opendir(path))) {
		while ((de = readdir(d))) {
			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			snprintf(p, sizeof p, "%s/%s", path, de->d_name);
			rm_tree(p);
		}
		closedir(d);
	}
	rmdir(path);
}

static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);

	if (!fx)
		return -1;
	strcpy(fx->dir, "/tmp/test_afile.XXXXXX");
	if (!mkdtemp(fx->dir)) {
		free(fx);
		return -1;
	}
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	rm_tree(fx->dir);
	free(fx);
	return 0;
}

/* The names in DIR other than . and .., sorted, joined by spaces. */
static void
list_dir(const char *dir, char *out, size_t size)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);
	size_t len = 0;

	out[0] = '\0';
	assert_true(n >= 0);
	for (int i = 0; i < n; i++) {
		const char *s = names[i]->d_name;
		if (strcmp(s, ".") != 0 && strcmp(s, "..") != 0)
			len += (size_t)snprintf(out + len, size - len, "%s%s", len ? " " : "", s);
		assert_true(len < size);
		free(names[i]);
	}
	free(names);
}

/* The whole content of PATH into a malloc'd NUL-terminated buffer. */
static char *
slurp(const char *path, size_t *lenp)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	if (lenp)
		*lenp = (size_t)n;
	return buf;
}

static void
put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

/* ---- commit ------------------------------------------------------------- */

static void
test_commit_content_and_mode(void **state)
{
	struct fixture *fx = *state;
	static const int modes[] = {0644, 0600, 0640, 0444};
	mode_t old = umask(077); /* the mode given wins over the umask */

	for (size_t i = 0; i < ARRAY_LEN(modes); i++) {
		struct afile a;
		struct err e = {{0}};
		char path[128], names[256];
		struct stat st;
		char *got;

		snprintf(path, sizeof path, "%s/page%zu.html", fx->dir, i);
		assert_int_equal(afile_open(&a, path, modes[i], 0, &e), 0);
		assert_non_null(a.f);
		fputs("<!doctype html>\n<p>Sở Tư pháp</p>\n", a.f);
		fprintf(a.f, "%d\n", modes[i]);
		assert_int_equal(afile_commit(&a, (int)(i % 2), &e), 0);
		/* *A is released either way. */
		assert_null(a.f);
		assert_null(a.path);
		assert_null(a.tmp);
		assert_int_equal(stat(path, &st), 0);
		assert_true(S_ISREG(st.st_mode));
		assert_int_equal(st.st_mode & 07777, modes[i]);
		got = slurp(path, NULL);
		{
			char want[128];
			snprintf(want, sizeof want, "<!doctype html>\n<p>Sở Tư pháp</p>\n%d\n",
			         modes[i]);
			assert_string_equal(got, want);
		}
		free(got);
		/* Only the committed pages are in the directory: no temporary. */
		list_dir(fx->dir, names, sizeof names);
		{
			char want[256] = "";
			size_t len = 0;
			for (size_t j = 0; j <= i; j++)
				len += (size_t)snprintf(want + len, sizeof want - len,
				                        "%spage%zu.html", j ? " " : "", j);
			assert_string_equal(names, want);
		}
	}
	umask(old);
}

/* Binary content with NULs and a large size goes through unchanged. */
static void
test_commit_binary_large(void **state)
{
	struct fixture *fx = *state;
	enum { N = 1 << 20 };
	unsigned char *data = malloc(N);
	struct afile a;
	struct err e = {{0}};
	char path[128];
	char *got;
	size_t len;

	assert_non_null(data);
	for (size_t i = 0; i < N; i++)
		data[i] = (unsigned char)(i * 131 + (i >> 8));
	snprintf(path, sizeof path, "%s/data.bin", fx->dir);
	assert_int_equal(afile_open(&a, path, 0644, 0, &e), 0);
	assert_int_equal(fwrite(data, 1, N, a.f), N);
	assert_int_equal(afile_commit(&a, 1, &e), 0);
	got = slurp(path, &len);
	assert_int_equal(len, N);
	assert_memory_equal(got, data, N);
	free(got);
	free(data);
}

/* An empty file is a valid output. */
static void
test_commit_empty(void **state)
{
	struct fixture *fx = *state;
	struct afile a;
	char path[128];
	struct stat st;

	snprintf(path, sizeof path, "%s/empty", fx->dir);
	assert_int_equal(afile_open(&a, path, 0644, 0, NULL), 0);
	assert_int_equal(afile_commit(&a, 0, NULL), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 0);
}

/* A target that exists is replaced whole, and until commit readers see
 * the old content: the temporary is a different file. */
static void
test_replace_existing(void **state)
{
	struct fixture *fx = *state;
	struct afile a;
	struct err e = {{0}};
	char path[128], names[256];
	struct stat before, after;
	char *got;
	int oldfd;

	snprintf(path, sizeof path, "%s/index.html", fx->dir);
	put(path, "old content, much longer than the new one\n");
	assert_int_equal(stat(path, &before), 0);
	oldfd = open(path, O_RDONLY);
	assert_true(oldfd >= 0);

	assert_int_equal(afile_open(&a, path, 0644, 0, &e), 0);
	fputs("new\n", a.f);
	assert_int_equal(fflush(a.f), 0);
	/* Mid-write: the target still holds the old bytes. */
	got = slurp(path, NULL);
	assert_string_equal(got, "old content, much longer than the new one\n");
	free(got);
	/* The temporary sits beside the target (same directory, so rename
	 * is atomic) under a hidden name. */
	assert_non_null(a.tmp);
	assert_true(strncmp(a.tmp, fx->dir, strlen(fx->dir)) == 0);
	assert_null(strchr(a.tmp + strlen(fx->dir) + 1, '/'));
	assert_int_equal(a.tmp[strlen(fx->dir) + 1], '.');

	assert_int_equal(afile_commit(&a, 0, &e), 0);
	got = slurp(path, NULL);
	assert_string_equal(got, "new\n"); /* no tail of the old content */
	free(got);
	assert_int_equal(stat(path, &after), 0);
	assert_int_not_equal(before.st_ino, after.st_ino); /* replaced, not rewritten */
	/* A reader that had the old file open still reads the old bytes. */
	{
		char buf[64] = {0};
		assert_true(read(oldfd, buf, sizeof buf - 1) > 0);
		assert_string_equal(buf, "old content, much longer than the new one\n");
	}
	close(oldfd);
	list_dir(fx->dir, names, sizeof names);
	assert_string_equal(names, "index.html");
}

/* ---- abort -------------------------------------------------------------- */

static void
test_abort_leaves_nothing(void **state)
{
	struct fixture *fx = *state;
	struct afile a;
	struct err e = {{0}};
	char path[128], names[256];

	snprintf(path, sizeof path, "%s/never.html", fx->dir);
	assert_int_equal(afile_open(&a, path, 0644, 0, &e), 0);
	fputs("half a page", a.f);
	/* While open, the temporary exists (and only it). */
	list_dir(fx->dir, names, sizeof names);
	assert_true(names[0] == '.');
	assert_null(strchr(names, ' '));
	afile_abort(&a);
	assert_null(a.f);
	assert_null(a.tmp);
	assert_null(a.path);
	assert_int_equal(access(path, F_OK), -1);
	list_dir(fx->dir, names, sizeof names);
	assert_string_equal(names, "");
}

/* Abort over an existing target keeps the old content. */
static void
test_abort_keeps_existing(void **state)
{
	struct fixture *fx = *state;
	struct afile a;
	char path[128], names[256];
	char *got;

	snprintf(path, sizeof path, "%s/keep.csv", fx->dir);
	put(path, "a,b\n");
	assert_int_equal(afile_open(&a, path, 0600, 0, NULL), 0);
	fputs("x,y,z\n", a.f);
	afile_abort(&a);
	got = slurp(path, NULL);
	assert_string_equal(got, "a,b\n");
	free(got);
	list_dir(fx->dir, names, sizeof names);
	assert_string_equal(names, "keep.csv");
}

/* NULL-safe on a zeroed struct, and twice in a row. */
static void
test_abort_zeroed(void **state)
{
	struct afile a;

	(void)state;
	memset(&a, 0, sizeof a);
	afile_abort(&a);
	afile_abort(&a);
	assert_null(a.f);
}

/* ---- directories -------------------------------------------------------- */

static void
test_mkdirs_creates_parents(void **state)
{
	struct fixture *fx = *state;
	struct afile a;
	struct err e = {{0}};
	char path[192], sub[192], names[256];
	struct stat st;
	char *got;

	snprintf(path, sizeof path, "%s/d/nT/x/nTCX0lgIRSrbu2S7go5BcQ.html", fx->dir);
	/* Without MKDIRS a missing parent is an error that names the path. */
	assert_int_equal(afile_open(&a, path, 0644, 0, &e), -1);
	assert_non_null(strstr(e.msg, "nTCX0lgIRSrbu2S7go5BcQ.html"));
	assert_null(a.f);
	assert_null(a.tmp);
	assert_null(a.path);

	assert_int_equal(afile_open(&a, path, 0644, 1, &e), 0);
	fputs("page", a.f);
	assert_int_equal(afile_commit(&a, 0, &e), 0);
	got = slurp(path, NULL);
	assert_string_equal(got, "page");
	free(got);
	snprintf(sub, sizeof sub, "%s/d/nT/x", fx->dir);
	assert_int_equal(stat(sub, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	list_dir(sub, names, sizeof names);
	assert_string_equal(names, "nTCX0lgIRSrbu2S7go5BcQ.html");

	/* Parents that exist already are fine. */
	snprintf(path, sizeof path, "%s/d/nT/y.html", fx->dir);
	assert_int_equal(afile_open(&a, path, 0644, 1, &e), 0);
	assert_int_equal(afile_commit(&a, 0, &e), 0);
	snprintf(sub, sizeof sub, "%s/d/nT", fx->dir);
	list_dir(sub, names, sizeof names);
	assert_string_equal(names, "x y.html");
}

/* afile_mkdirs_for makes the parents, not the path itself; a parent that is
 * a regular file is an error. */
static void
test_mkdirs_for(void **state)
{
	struct fixture *fx = *state;
	struct err e = {{0}};
	char path[192], p[192];
	struct stat st;

	snprintf(path, sizeof path, "%s/a/b/c", fx->dir);
	assert_int_equal(afile_mkdirs_for(path, &e), 0);
	snprintf(p, sizeof p, "%s/a/b", fx->dir);
	assert_int_equal(stat(p, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(afile_mkdirs_for(path, &e), 0); /* again: no-op */

	snprintf(p, sizeof p, "%s/file", fx->dir);
	put(p, "x");
	snprintf(path, sizeof path, "%s/file/sub/z.html", fx->dir);
	assert_int_equal(afile_mkdirs_for(path, &e), -1);
	assert_true(e.msg[0] != '\0');
}

/* Commit into a directory that was removed after open: -1, a message, and
 * nothing appears. */
static void
test_commit_dir_removed(void **state)
{
	struct fixture *fx = *state;
	struct afile a;
	struct err e = {{0}};
	char sub[128], path[160];

	snprintf(sub, sizeof sub, "%s/gone", fx->dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	snprintf(path, sizeof path, "%s/page.html", sub);
	assert_int_equal(afile_open(&a, path, 0644, 0, &e), 0);
	fputs("content", a.f);
	/* Someone removes the directory (its temporary first, so rmdir works). */
	assert_int_equal(unlink(a.tmp), 0);
	assert_int_equal(rmdir(sub), 0);
	assert_int_equal(afile_commit(&a, 1, &e), -1);
	assert_non_null(strstr(e.msg, "page.html"));
	assert_null(a.f);
	assert_null(a.tmp);
	assert_null(a.path);
	assert_int_equal(access(sub, F_OK), -1);
}

/* A write error (full device) is caught at commit, the target untouched. */
static void
test_commit_write_error(void **state)
{
	struct fixture *fx = *state;
	struct afile a;
	struct err e = {{0}};
	char path[128], names[256];
	char *got;
	char *chunk = malloc(1 << 16);

	assert_non_null(chunk);
	memset(chunk, 'w', 1 << 16);
	snprintf(path, sizeof path, "%s/full.html", fx->dir);
	put(path, "old\n");
	assert_int_equal(afile_open(&a, path, 0644, 0, &e), 0);
	/* Swap the stream for one on /dev/full, where every write fails. */
	{
		int fd = open("/dev/full", O_WRONLY);
		if (fd < 0) {
			afile_abort(&a);
			free(chunk);
			skip();
		}
		assert_true(dup2(fd, fileno(a.f)) >= 0);
		close(fd);
	}
	fwrite(chunk, 1, 1 << 16, a.f);
	assert_int_equal(afile_commit(&a, 0, &e), -1);
	assert_non_null(strstr(e.msg, "full.html"));
	got = slurp(path, NULL);
	assert_string_equal(got, "old\n");
	free(got);
	list_dir(fx->dir, names, sizeof names);
	assert_string_equal(names, "full.html");
	free(chunk);
}

/* A path with no directory part is written in the current directory. */
static void
test_relative_path(void **state)
{
	struct fixture *fx = *state;
	struct afile a;
	char cwd[1024], names[256];
	char *got;

	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(chdir(fx->dir), 0);
	assert_int_equal(afile_open(&a, "rel.txt", 0644, 1, NULL), 0);
	fputs("r", a.f);
	assert_int_equal(afile_commit(&a, 0, NULL), 0);
	got = slurp("rel.txt", NULL);
	assert_int_equal(chdir(cwd), 0);
	assert_string_equal(got, "r");
	free(got);
	list_dir(fx->dir, names, sizeof names);
	assert_string_equal(names, "rel.txt");
}

/* ---- put and same ------------------------------------------------------- */

/* put: exactly the bytes, exactly the mode even under a umask that would
 * take bits away, missing folders made, an old file replaced, no
 * temporary left. */
static void
test_put_content_mode_dirs(void **state)
{
	struct fixture *fx = *state;
	char path[128], names[256];
	struct err e = {""};
	struct stat st;
	mode_t old = umask(077);
	size_t len;
	char *got;

	snprintf(path, sizeof path, "%s/a/b/page.html", fx->dir);
	assert_int_equal(afile_put(path, "<p>one</p>", 10, 0644, &e), 0);
	assert_int_equal(afile_put(path, "two\0bytes", 9, 0644, &e), 0);
	umask(old);
	got = slurp(path, &len);
	assert_int_equal(len, 9);
	assert_memory_equal(got, "two\0bytes", 9);
	free(got);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	snprintf(path, sizeof path, "%s/a/b", fx->dir);
	list_dir(path, names, sizeof names);
	assert_string_equal(names, "page.html");
}

/* put into a folder that cannot be made: -1, a reason, nothing written. */
static void
test_put_error(void **state)
{
	struct fixture *fx = *state;
	char path[128];
	struct err e = {""};

	snprintf(path, sizeof path, "%s/file", fx->dir);
	put(path, "x");
	snprintf(path, sizeof path, "%s/file/under", fx->dir);
	assert_int_equal(afile_put(path, "y", 1, 0644, &e), -1);
	assert_non_null(strstr(e.msg, "file/under"));
}

/* Many threads' worth of names: every put in one folder gets its own
 * temporary, and the last bytes win. */
static void
test_put_many(void **state)
{
	struct fixture *fx = *state;
	char path[128], text[32], names[64];
	struct err e = {""};
	char *got;

	snprintf(path, sizeof path, "%s/same.txt", fx->dir);
	for (int i = 0; i < 500; i++) {
		int n = snprintf(text, sizeof text, "version %d", i);
		assert_int_equal(afile_put(path, text, (size_t)n, 0600, &e), 0);
	}
	got = slurp(path, NULL);
	assert_string_equal(got, "version 499");
	free(got);
	list_dir(fx->dir, names, sizeof names);
	assert_string_equal(names, "same.txt");
}

/* create: the bytes and the mode (whatever the umask), no temporary beside
 * it; an existing file is an error and stays as it was. */
static void
test_create(void **state)
{
	struct fixture *fx = *state;
	char path[128], names[64];
	struct err e = {""};
	struct stat st;
	mode_t old = umask(077);
	size_t len;
	char *got;

	snprintf(path, sizeof path, "%s/new.html", fx->dir);
	assert_int_equal(afile_create(path, "<p>new</p>", 10, 0644, &e), 0);
	umask(old);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	assert_int_equal(afile_create(path, "again", 5, 0644, &e), -1);
	assert_non_null(strstr(e.msg, "new.html"));
	got = slurp(path, &len);
	assert_int_equal(len, 10);
	assert_memory_equal(got, "<p>new</p>", 10);
	free(got);
	list_dir(fx->dir, names, sizeof names);
	assert_string_equal(names, "new.html");
	snprintf(path, sizeof path, "%s/missing/x.html", fx->dir);
	assert_int_equal(afile_create(path, "x", 1, 0644, &e), -1);
	assert_non_null(strstr(e.msg, "missing/x.html"));
}

/* same: equal bytes only; a longer or shorter file, or none, differs. */
static void
test_same(void **state)
{
	struct fixture *fx = *state;
	char path[128], big[40000];

	snprintf(path, sizeof path, "%s/f", fx->dir);
	assert_false(afile_same(path, "", 0));
	put(path, "");
	assert_true(afile_same(path, "", 0));
	put(path, "abc");
	assert_true(afile_same(path, "abc", 3));
	assert_false(afile_same(path, "ab", 2));
	assert_false(afile_same(path, "abcd", 4));
	assert_false(afile_same(path, "abd", 3));
	memset(big, 'q', sizeof big);
	assert_int_equal(afile_put(path, big, sizeof big, 0644, NULL), 0);
	assert_true(afile_same(path, big, sizeof big));
	big[sizeof big - 1] = 'r';
	assert_false(afile_same(path, big, sizeof big));
	assert_false(afile_same(path, big, sizeof big - 1));
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		T(test_commit_content_and_mode),
		T(test_commit_binary_large),
		T(test_commit_empty),
		T(test_replace_existing),
		T(test_abort_leaves_nothing),
		T(test_abort_keeps_existing),
		cmocka_unit_test(test_abort_zeroed),
		T(test_mkdirs_creates_parents),
		T(test_mkdirs_for),
		T(test_commit_dir_removed),
		T(test_commit_write_error),
		T(test_relative_path),
		T(test_put_content_mode_dirs),
		T(test_put_error),
		T(test_put_many),
		T(test_create),
		T(test_same),
	};
	/* clang-format on */
#undef T
	return cmocka_run_group_tests_name("afile", tests, NULL, NULL);
}
