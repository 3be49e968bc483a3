// SPDX-License-Identifier: GPL-2.0
/* The named swap configurations; see swapconf.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "swapconf.h"
#include "sysfs.h"

#define ZSWAP_ENABLED	"/sys/module/zswap/parameters/enabled"

int swap_config_parse(const char *name, struct swap_config *cfg)
{
	const char *backends = strchr(name, '-');

	if (!backends || strlen(name) >= sizeof(cfg->name))
		return -EINVAL;
	memset(cfg, 0, sizeof(*cfg));
	snprintf(cfg->name, sizeof(cfg->name), "%s", name);
	if (!strncmp(name, "vswap-", 6))
		cfg->vswap = true;
	else if (strncmp(name, "legacy-", 7))
		return -EINVAL;
	backends++;
	if (!strcmp(backends, "zswap+disk"))
		cfg->zswap = cfg->disk = true;
	else if (!strcmp(backends, "zswap"))
		cfg->zswap = true;
	else if (!strcmp(backends, "disk"))
		cfg->disk = true;
	else if (!strcmp(backends, "zram"))
		cfg->disk = cfg->zram = true;
	else
		return -EINVAL;
	return 0;
}

static bool zswap_on(void)
{
	char c = 'N';
	FILE *f = fopen(ZSWAP_ENABLED, "r");

	if (f) {
		if (fscanf(f, " %c", &c) != 1)
			c = 'N';
		fclose(f);
	}
	return c == 'Y' || c == '1';
}

int swap_config_check(const struct swap_config *cfg, char *why, size_t len)
{
	int vswap = vswap_enabled();

	if (cfg->vswap && vswap != 1)
		snprintf(why, len, "%s: vswap is %s", cfg->name, vswap < 0 ? "not in this kernel" : "off");
	else if (!cfg->vswap && vswap == 1)
		snprintf(why, len, "%s: vswap is on", cfg->name);
	else if (cfg->zswap != zswap_on())
		snprintf(why, len, "%s: zswap is %s", cfg->name, cfg->zswap ? "off" : "on");
	else if (cfg->disk != (swap_devices() > 0))
		snprintf(why, len, "%s: %s swap device", cfg->name, cfg->disk ? "no" : "a");
	else
		return 0;
	return -1;
}
