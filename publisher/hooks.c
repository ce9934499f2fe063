/* Default hooks: weak, so that a module linking a real definition replaces
 * them without editing this file. */
#include "hooks.h"

__attribute__((weak)) int
stats_site_write(sqlite3 *snap, const struct clock_cal *cal, const char *site_dir, tmin_t now,
                 struct err *e)
{
	(void)snap;
	(void)cal;
	(void)site_dir;
	(void)now;
	(void)e;
	return 0;
}

__attribute__((weak)) int
stats_site_update(sqlite3 *snap, const struct clock_cal *cal, const char *site_dir,
                  const struct hook_run *run, int *skipped, struct err *e)
{
	*skipped = 0;
	return stats_site_write(snap, cal, site_dir, run->now, e);
}
