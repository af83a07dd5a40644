/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-tds.c: an MS-TDS PRELOGIN, and the PRELOGIN response that answers it
 *
 * Every SQL Server client opens with a PRELOGIN (MS-TDS 2.2.6.5) before
 * it logs in, so a server takes one that is followed by nothing as a
 * client that gave up. The answer is a TABULAR RESULT packet (0x04)
 * whose payload is the same option table: the server's VERSION and what
 * it says to ENCRYPTION. A TDS 8 "strict" server wants TLS before any
 * of this and closes on a plain PRELOGIN; the probe handles that.
 */
#include "config.h"

#include "portolan-protocols-private.h"

/* MS-TDS 2.2.3.1: type, status, length, SPID, packet id, window */
#define HEADER_LENGTH      8
#define TYPE_PRELOGIN      0x12
#define TYPE_TABULAR       0x04
#define STATUS_EOM         0x01
/* The status bits MS-TDS 2.2.3.1.2 defines */
#define STATUS_KNOWN       0x1f

/* PRELOGIN option tokens */
#define OPTION_VERSION     0x00
#define OPTION_ENCRYPTION  0x01
#define OPTION_TERMINATOR  0xff
/* Token, offset and length, both big-endian */
#define OPTION_ENTRY       5
/* UL_VERSION, then US_SUBBUILD */
#define VERSION_LENGTH     6

/* ENCRYPT_CLIENT_CERT rides on the other values as a flag */
#define ENCRYPT_CLIENT_CERT 0x80

/* VERSION 9.0.0.0 (as FreeTDS says it), ENCRYPT_OFF, the default
 * instance, thread id 0, then the terminator */
static const guint8 prelogin[] = {
  TYPE_PRELOGIN, STATUS_EOM, 0x00, 0x29, 0x00, 0x00, 0x01, 0x00,
  /* VERSION at 21, 6 bytes */
  0x00, 0x00, 0x15, 0x00, 0x06,
  /* ENCRYPTION at 27, 1 byte */
  0x01, 0x00, 0x1b, 0x00, 0x01,
  /* INSTOPT at 28, 1 byte */
  0x02, 0x00, 0x1c, 0x00, 0x01,
  /* THREADID at 29, 4 bytes */
  0x03, 0x00, 0x1d, 0x00, 0x04,
  OPTION_TERMINATOR,
  0x09, 0x00, 0x00, 0x00, 0x00, 0x00,
  /* ENCRYPT_OFF: TLS is possible, so the answer says whether it is on */
  0x00,
  0x00,
  0x00, 0x00, 0x00, 0x00,
};

static const char * const encryptions[] = {
  "off",
  "on",
  "not supported",
  "required",
};

GBytes *
_portolan_tds_build_request (void)
{
  return g_bytes_new_static (prelogin, sizeof prelogin);
}

static guint16
read_u16 (const guint8 *data)
{
  return (guint16) (data[0] << 8 | data[1]);
}

/* Where the options of @payload point, checked against its length:
 * the table must end, each option must lie after it and inside the
 * payload, and VERSION must be there, 6 bytes long */
static gboolean
parse_options (const guint8 *payload,
               gsize         length,
               gsize        *version_offset,
               gssize       *encryption_offset)
{
  gsize table_end = 0;
  gboolean have_version = FALSE;

  *encryption_offset = -1;

  /* First the end of the table, since the options must not overlap it */
  while (table_end < length && payload[table_end] != OPTION_TERMINATOR)
    table_end += OPTION_ENTRY;
  if (table_end >= length)
    return FALSE;

  for (gsize entry = 0; entry < table_end; entry += OPTION_ENTRY)
    {
      guint8 token = payload[entry];
      gsize offset = read_u16 (payload + entry + 1);
      gsize size = read_u16 (payload + entry + 3);

      if (offset < table_end + 1 || offset > length || size > length - offset)
        return FALSE;

      if (token == OPTION_VERSION && !have_version)
        {
          if (size != VERSION_LENGTH)
            return FALSE;
          *version_offset = offset;
          have_version = TRUE;
        }
      else if (token == OPTION_ENCRYPTION && *encryption_offset < 0)
        {
          if (size != 1)
            return FALSE;
          *encryption_offset = offset;
        }
    }

  return have_version;
}

static void
describe (const guint8        *payload,
          gsize                version_offset,
          gssize               encryption_offset,
          PortolanServiceInfo *info)
{
  const guint8 *version = payload + version_offset;
  g_autofree char *text = NULL;

  /* UL_VERSION is major, minor, then the build as a big-endian ushort */
  text = g_strdup_printf ("%u.%u.%u", version[0], version[1], read_u16 (version + 2));
  portolan_service_info_set_answered (info, "tds");
  portolan_service_info_set_version (info, text);

  if (encryption_offset >= 0)
    {
      guint8 value = payload[encryption_offset] & ~ENCRYPT_CLIENT_CERT;
      g_autofree char *unknown = g_strdup_printf ("0x%02x", value);

      portolan_service_info_add_fact (info, "encryption",
                                      value < G_N_ELEMENTS (encryptions) ? encryptions[value] : unknown);
    }
}

/* The first packet is the whole PRELOGIN response: servers send it in
 * one, and anything after it is not read */
PortolanAnswer
_portolan_tds_parse (const guint8        *data,
                     gsize                length,
                     gboolean             complete,
                     PortolanServiceInfo *info)
{
  gsize packet_length;
  gsize version_offset = 0;
  gssize encryption_offset = -1;

  if (length >= 1 && data[0] != TYPE_TABULAR)
    return PORTOLAN_ANSWER_MISMATCH;
  if (length >= 2 && (data[1] & ~STATUS_KNOWN) != 0)
    return PORTOLAN_ANSWER_MISMATCH;
  /* The smallest option table with VERSION: one entry, the terminator, 6 bytes */
  if (length >= 4 && read_u16 (data + 2) < HEADER_LENGTH + OPTION_ENTRY + 1 + VERSION_LENGTH)
    return PORTOLAN_ANSWER_MISMATCH;
  if (length < HEADER_LENGTH)
    return complete ? PORTOLAN_ANSWER_MISMATCH : PORTOLAN_ANSWER_NEED_MORE;

  packet_length = read_u16 (data + 2);
  if (length < packet_length)
    return complete ? PORTOLAN_ANSWER_MISMATCH : PORTOLAN_ANSWER_NEED_MORE;

  if (!parse_options (data + HEADER_LENGTH, packet_length - HEADER_LENGTH,
                      &version_offset, &encryption_offset))
    return PORTOLAN_ANSWER_MISMATCH;

  describe (data + HEADER_LENGTH, version_offset, encryption_offset, info);
  return PORTOLAN_ANSWER_MATCHED;
}
