/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-drda.c: DRDA's EXCSAT, and the EXCSATRD that tells the server's class and release
 *
 * Every DRDA client, Derby's own among them, opens with an EXCSAT (Exchange
 * Server Attributes) alone, before it asks for any security mechanism or
 * database, so a Derby Network Server answers it and, when the connection
 * then closes, logs nothing out of the ordinary. Until ACCSEC both sides
 * speak EBCDIC, so the names go out and come back in CCSID 500.
 *
 * On the wire a DSS (Data Stream Structure) is a 6-byte header: its
 * length, the magic 0xD0, a format byte whose low nibble is the DSS type,
 * and a correlation id. Inside it a DDM object and its parameters each
 * start with a 2-byte length and a 2-byte code point.
 */
#include "config.h"

#include <string.h>

#include "portolan-protocols-private.h"

#define DSS_HEADER 6
#define DDM_HEADER 4

#define DSS_MAGIC        0xd0
#define DSS_TYPE_REQUEST 0x01
#define DSS_TYPE_REPLY   0x02
#define DSS_TYPE_OBJECT  0x03

/* Code points of the DDM architecture */
#define CP_EXCSAT   0x1041
#define CP_EXCSATRD 0x1443
#define CP_EXTNAM   0x115e
#define CP_SRVNAM   0x116d
#define CP_SRVRLSLV 0x115a
#define CP_SRVCLSNM 0x1147
#define CP_MGRLVLLS 0x1404
#define CP_AGENT    0x1403
#define CP_SQLAM    0x2407
#define CP_RDB      0x240f
#define CP_SECMGR   0x1440
#define CP_CMNTCPIP 0x1474

/* The reply messages (SYNTAXRM, PRCCNVRM, MGRLVLRM, …) a server sends
 * instead of EXCSATRD when it rejects the command all live here */
#define CP_REPLY_MESSAGE_FIRST 0x1200
#define CP_REPLY_MESSAGE_LAST  0x12ff

/* CCSID 500, the EBCDIC Derby speaks, for the characters ASCII has; 0xB0
 * and 0xBA are '^' and '[' in CCSID 37 and nothing ASCII in 500, so both
 * read either. Everything else shows as '?'. */
static const char ebcdic[256] = {
  [0x40] = ' ', [0x4a] = '[', [0x4b] = '.', [0x4c] = '<', [0x4d] = '(', [0x4e] = '+', [0x4f] = '!',
  [0x50] = '&', [0x5a] = ']', [0x5b] = '$', [0x5c] = '*', [0x5d] = ')', [0x5e] = ';', [0x5f] = '^',
  [0x60] = '-', [0x61] = '/', [0x6b] = ',', [0x6c] = '%', [0x6d] = '_', [0x6e] = '>', [0x6f] = '?',
  [0x79] = '`', [0x7a] = ':', [0x7b] = '#', [0x7c] = '@', [0x7d] = '\'', [0x7e] = '=', [0x7f] = '"',
  [0x81] = 'a', [0x82] = 'b', [0x83] = 'c', [0x84] = 'd', [0x85] = 'e', [0x86] = 'f', [0x87] = 'g',
  [0x88] = 'h', [0x89] = 'i',
  [0x91] = 'j', [0x92] = 'k', [0x93] = 'l', [0x94] = 'm', [0x95] = 'n', [0x96] = 'o', [0x97] = 'p',
  [0x98] = 'q', [0x99] = 'r',
  [0xa1] = '~', [0xa2] = 's', [0xa3] = 't', [0xa4] = 'u', [0xa5] = 'v', [0xa6] = 'w', [0xa7] = 'x',
  [0xa8] = 'y', [0xa9] = 'z',
  [0xb0] = '^', [0xba] = '[', [0xbb] = '|',
  [0xc0] = '{', [0xc1] = 'A', [0xc2] = 'B', [0xc3] = 'C', [0xc4] = 'D', [0xc5] = 'E', [0xc6] = 'F',
  [0xc7] = 'G', [0xc8] = 'H', [0xc9] = 'I',
  [0xd0] = '}', [0xd1] = 'J', [0xd2] = 'K', [0xd3] = 'L', [0xd4] = 'M', [0xd5] = 'N', [0xd6] = 'O',
  [0xd7] = 'P', [0xd8] = 'Q', [0xd9] = 'R',
  [0xe0] = '\\', [0xe2] = 'S', [0xe3] = 'T', [0xe4] = 'U', [0xe5] = 'V', [0xe6] = 'W', [0xe7] = 'X',
  [0xe8] = 'Y', [0xe9] = 'Z',
  [0xf0] = '0', [0xf1] = '1', [0xf2] = '2', [0xf3] = '3', [0xf4] = '4', [0xf5] = '5', [0xf6] = '6',
  [0xf7] = '7', [0xf8] = '8', [0xf9] = '9',
};

static guint16
read_be16 (const guint8 *data)
{
  return (guint16) (data[0] << 8 | data[1]);
}

static void
append_be16 (GByteArray *bytes,
             guint16     value)
{
  guint8 be[2] = { value >> 8, value & 0xff };

  g_byte_array_append (bytes, be, sizeof be);
}

/* A parameter whose value is @text in EBCDIC; @text is ASCII the table has */
static void
append_ebcdic (GByteArray *bytes,
               guint16     code_point,
               const char *text)
{
  append_be16 (bytes, DDM_HEADER + strlen (text));
  append_be16 (bytes, code_point);
  for (const char *c = text; *c != '\0'; c++)
    {
      const char *at = memchr (ebcdic + 0x40, *c, sizeof ebcdic - 0x40);
      guint8 code;

      g_assert (at != NULL);
      code = at - ebcdic;
      g_byte_array_append (bytes, &code, 1);
    }
}

/* Fills in the 2-byte length of what starts at @start */
static void
close_length (GByteArray *bytes,
              gsize       start)
{
  gsize size = bytes->len - start;

  bytes->data[start] = size >> 8;
  bytes->data[start + 1] = size & 0xff;
}

/**
 * _portolan_drda_build_request:
 *
 * One request DSS, correlation id 1, holding an EXCSAT with the
 * parameters Derby's network client sends, in its order: EXTNAM and
 * SRVNAM (who asks), SRVRLSLV (a product id "PTL" and MMmmx as Derby's
 * PRDIDs have it: 0.1.0), MGRLVLLS (AGENT, SQLAM, RDB and SECMGR at
 * level 7, CMNTCPIP at 5) and SRVCLSNM.
 */
GBytes *
_portolan_drda_build_request (void)
{
  static const guint16 managers[][2] = {
    { CP_AGENT, 7 }, { CP_SQLAM, 7 }, { CP_RDB, 7 }, { CP_SECMGR, 7 }, { CP_CMNTCPIP, 5 },
  };
  GByteArray *bytes = g_byte_array_new ();
  gsize excsat, mgrlvlls;

  append_be16 (bytes, 0);
  g_byte_array_append (bytes, (const guint8[]) { DSS_MAGIC, DSS_TYPE_REQUEST, 0x00, 0x01 }, 4);

  excsat = bytes->len;
  append_be16 (bytes, 0);
  append_be16 (bytes, CP_EXCSAT);
  append_ebcdic (bytes, CP_EXTNAM, "portolan");
  append_ebcdic (bytes, CP_SRVNAM, "portolan");
  append_ebcdic (bytes, CP_SRVRLSLV, "PTL00010");

  mgrlvlls = bytes->len;
  append_be16 (bytes, 0);
  append_be16 (bytes, CP_MGRLVLLS);
  for (guint i = 0; i < G_N_ELEMENTS (managers); i++)
    {
      append_be16 (bytes, managers[i][0]);
      append_be16 (bytes, managers[i][1]);
    }
  close_length (bytes, mgrlvlls);

  append_ebcdic (bytes, CP_SRVCLSNM, "PORTOLAN");
  close_length (bytes, excsat);
  close_length (bytes, 0);

  return g_byte_array_free_to_bytes (bytes);
}

/* The DSS header, as far as it came: a reply (or object) DSS of at
 * least a DDM header, not continued (no EXCSATRD needs 32 KiB) */
static gboolean
dss_header_fits (const guint8 *data,
                 gsize         length)
{
  if (length >= 1 && (data[0] & 0x80) != 0)
    return FALSE;
  if (length >= 2 && read_be16 (data) < DSS_HEADER + DDM_HEADER)
    return FALSE;
  if (length >= 3 && data[2] != DSS_MAGIC)
    return FALSE;
  if (length >= 4 && (data[3] & 0x0f) != DSS_TYPE_REPLY && (data[3] & 0x0f) != DSS_TYPE_OBJECT)
    return FALSE;

  return TRUE;
}

/* The DDM header after it: a length that fits the DSS, and no extended
 * length (the high bit) */
static gboolean
ddm_header_fits (const guint8 *data,
                 gsize         length)
{
  guint16 dss = read_be16 (data);

  if (length >= DSS_HEADER + 2)
    {
      guint16 ddm = read_be16 (data + DSS_HEADER);

      if (ddm < DDM_HEADER || ddm > dss - DSS_HEADER)
        return FALSE;
    }
  if (length >= DSS_HEADER + DDM_HEADER)
    {
      guint16 code_point = read_be16 (data + DSS_HEADER + 2);

      if (code_point != CP_EXCSATRD &&
          (code_point < CP_REPLY_MESSAGE_FIRST || code_point > CP_REPLY_MESSAGE_LAST))
        return FALSE;
    }

  return TRUE;
}

static char *
from_ebcdic (const guint8 *data,
             gsize         length)
{
  char *text = g_malloc (length + 1);

  for (gsize i = 0; i < length; i++)
    text[i] = ebcdic[data[i]] != '\0' ? ebcdic[data[i]] : '?';
  text[length] = '\0';

  return text;
}

/* "10.14.2.0" from "CSS10142/10.14.2.0 - (1828579)", Derby's PRDID and
 * build; "10.14" from a bare PRDID "CSS10142" (MMmmx); else the release */
static char *
version_from_release (const char *release)
{
  const char *slash = strchr (release, '/');

  if (slash != NULL && g_ascii_isdigit (slash[1]))
    return g_strndup (slash + 1, strspn (slash + 1, "0123456789."));
  if (strlen (release) == 8 && strspn (release + 3, "0123456789") == 5 &&
      g_ascii_isalpha (release[0]) && g_ascii_isalpha (release[1]) && g_ascii_isalpha (release[2]))
    return g_strdup_printf ("%d.%d", (release[3] - '0') * 10 + (release[4] - '0'),
                            (release[5] - '0') * 10 + (release[6] - '0'));

  return g_strdup (release);
}

/* The parameters of EXCSATRD, each inside the DDM object; FALSE when one
 * does not fit, and then nothing is kept */
static gboolean
read_excsatrd (const guint8  *data,
               gsize          length,
               char         **server_class,
               char         **release,
               char         **server_name)
{
  g_autofree char *class_text = NULL, *release_text = NULL, *name_text = NULL;

  for (gsize at = 0; at < length;)
    {
      guint16 size, code_point;

      if (length - at < DDM_HEADER)
        return FALSE;
      size = read_be16 (data + at);
      code_point = read_be16 (data + at + 2);
      if (size < DDM_HEADER || size > length - at)
        return FALSE;

      /* The first of each counts; EXTNAM and MGRLVLLS say nothing worth showing */
      if (code_point == CP_SRVCLSNM && class_text == NULL)
        class_text = from_ebcdic (data + at + DDM_HEADER, size - DDM_HEADER);
      else if (code_point == CP_SRVRLSLV && release_text == NULL)
        release_text = from_ebcdic (data + at + DDM_HEADER, size - DDM_HEADER);
      else if (code_point == CP_SRVNAM && name_text == NULL)
        name_text = from_ebcdic (data + at + DDM_HEADER, size - DDM_HEADER);
      at += size;
    }

  *server_class = g_steal_pointer (&class_text);
  *release = g_steal_pointer (&release_text);
  *server_name = g_steal_pointer (&name_text);
  return TRUE;
}

/**
 * _portolan_drda_parse:
 *
 * The first DSS of the answer must be a reply whose object is EXCSATRD,
 * or a reply message (a DRDA server refusing the command is still DRDA:
 * it matches with nothing learnt). What follows that DSS is not read.
 */
PortolanAnswer
_portolan_drda_parse (const guint8        *data,
                      gsize                length,
                      gboolean             complete,
                      PortolanServiceInfo *info)
{
  g_autofree char *server_class = NULL, *release = NULL, *server_name = NULL;
  guint16 ddm;

  if (!dss_header_fits (data, length) || (length >= 2 && !ddm_header_fits (data, length)))
    return PORTOLAN_ANSWER_MISMATCH;
  if (length < 2 || length < read_be16 (data))
    return complete ? PORTOLAN_ANSWER_MISMATCH : PORTOLAN_ANSWER_NEED_MORE;

  ddm = read_be16 (data + DSS_HEADER);
  if (read_be16 (data + DSS_HEADER + 2) == CP_EXCSATRD &&
      !read_excsatrd (data + DSS_HEADER + DDM_HEADER, ddm - DDM_HEADER,
                      &server_class, &release, &server_name))
    return PORTOLAN_ANSWER_MISMATCH;

  portolan_service_info_set_answered (info, "drda");
  if (release != NULL)
    {
      g_autofree char *version = version_from_release (release);

      portolan_service_info_set_version (info, version);
    }
  portolan_service_info_add_fact (info, "server_class", server_class);
  portolan_service_info_add_fact (info, "release", release);
  portolan_service_info_add_fact (info, "server_name", server_name);
  return PORTOLAN_ANSWER_MATCHED;
}
