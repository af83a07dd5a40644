/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-test-time.c */
#include "config.h"

#include "portolan-test-time.h"

#define MAX_SCALE 100

/**
 * portolan_test_time_scale:
 *
 * How many times slower than a normal build this one runs, from
 * `PORTOLAN_TEST_TIME_SCALE` (`build-aux/dev test --sanitize` sets it):
 * 1 when unset. A value that is not a whole number from 1 to 100 stops
 * the test, so a typo cannot quietly turn the waits off.
 */
guint
portolan_test_time_scale (void)
{
  static gsize scale;

  if (g_once_init_enter (&scale))
    {
      const char *value = g_getenv ("PORTOLAN_TEST_TIME_SCALE");
      guint64 parsed = 1;

      if (value != NULL && value[0] != '\0' &&
          !g_ascii_string_to_unsigned (value, 10, 1, MAX_SCALE, &parsed, NULL))
        g_error ("PORTOLAN_TEST_TIME_SCALE=%s is not a whole number from 1 to %d", value, MAX_SCALE);

      g_once_init_leave (&scale, parsed);
    }

  return scale;
}

/**
 * portolan_test_scale_ms:
 *
 * @ms of wall time as this build spends it: the time a test waits for
 * something, or the bound it asserts on how long something took. The
 * timeouts under test, and assertions that something took at least so
 * long, keep their real values.
 */
guint
portolan_test_scale_ms (guint ms)
{
  guint scale = portolan_test_time_scale ();

  return ms > G_MAXUINT / scale ? G_MAXUINT : ms * scale;
}

/**
 * portolan_test_scale_us:
 *
 * The same, in microseconds, as g_get_monotonic_time() counts.
 */
gint64
portolan_test_scale_us (gint64 us)
{
  guint scale = portolan_test_time_scale ();

  g_return_val_if_fail (us >= 0, us);

  return us > G_MAXINT64 / scale ? G_MAXINT64 : us * scale;
}
