/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-fd-limit.c: as many checks in flight as file descriptors allow */
#include "config.h"

#include <sys/resource.h>

#include "portolan-runner.h"

/* Descriptors kept free for the rest of the program (GTK, D-Bus, logs) */
#define RESERVED_FDS 64

/* A cloud check's GSocketClient may try two addresses at once */
#define FDS_PER_CHECK 2

static guint
count_open_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint count = 0;

  if (dir == NULL)
    return 0;

  while (g_dir_read_name (dir) != NULL)
    count++;

  return count;
}

/**
 * portolan_raise_fd_limit:
 * @wanted: the concurrency the profile asks for
 *
 * Raises the soft limit on open files to the hard limit, then returns
 * the concurrency that limit allows: @wanted, or fewer.
 */
guint
portolan_raise_fd_limit (guint wanted)
{
  struct rlimit limit;
  rlim_t available;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0)
    return MIN (wanted, 256);

  if (limit.rlim_cur < limit.rlim_max)
    {
      struct rlimit raised = { limit.rlim_max, limit.rlim_max };

      if (setrlimit (RLIMIT_NOFILE, &raised) == 0)
        limit = raised;
    }

  if (limit.rlim_cur == RLIM_INFINITY)
    return wanted;

  available = limit.rlim_cur > count_open_fds () + RESERVED_FDS
    ? limit.rlim_cur - count_open_fds () - RESERVED_FDS
    : FDS_PER_CHECK;

  return MAX (1, MIN (wanted, available / FDS_PER_CHECK));
}
