/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-kerberos.c: the AS-REQ without a client, and the KRB-ERROR that answers it */
#include "config.h"

#define _GNU_SOURCE  /* memmem () */
#include <string.h>

#include "portolan-protocols-private.h"
#include "portolan-test-daemons.h"
#include "portolan-test-time.h"

#define ANSWER_TIMEOUT_MS 5000

/* 2026-12-04T10:00:00Z */
#define REQUEST_TIME_US (G_GINT64_CONSTANT (1796378400) * G_USEC_PER_SEC)
/* The stime and susec of the captured answers: 2026-12-04T13:08:36.547295Z */
#define CAPTURED_KDC_TIME_US (G_GINT64_CONSTANT (1796389716) * G_USEC_PER_SEC + 547295)

/* The AS-REQ for PORTOLAN.TEST, nonce 0x12345678, at REQUEST_TIME_US, by hand */
static const guint8 as_req[] = {
  0x6a, 0x76,                                     /* [APPLICATION 10] AS-REQ, 118 bytes */
  0x30, 0x74,                                     /* KDC-REQ SEQUENCE */
  0xa1, 0x03, 0x02, 0x01, 0x05,                   /* pvno [1] 5 */
  0xa2, 0x03, 0x02, 0x01, 0x0a,                   /* msg-type [2] 10, no padata [3] */
  0xa4, 0x68, 0x30, 0x66,                         /* req-body [4] KDC-REQ-BODY */
  0xa0, 0x07, 0x03, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00,  /* kdc-options [0]: 32 zero bits; no cname [1] */
  0xa2, 0x0f, 0x1b, 0x0d, 'P', 'O', 'R', 'T', 'O', 'L', 'A', 'N', '.', 'T', 'E', 'S', 'T',  /* realm [2] */
  0xa3, 0x22, 0x30, 0x20,                         /* sname [3] PrincipalName */
  0xa0, 0x03, 0x02, 0x01, 0x02,                   /* name-type [0] NT-SRV-INST */
  0xa1, 0x19, 0x30, 0x17,                         /* name-string [1] */
  0x1b, 0x06, 'k', 'r', 'b', 't', 'g', 't',
  0x1b, 0x0d, 'P', 'O', 'R', 'T', 'O', 'L', 'A', 'N', '.', 'T', 'E', 'S', 'T',
  0xa5, 0x11, 0x18, 0x0f, '2', '0', '2', '6', '1', '2', '0', '5', '1', '0', '0', '0', '0', '0', 'Z',  /* till [5]: +1 day */
  0xa7, 0x06, 0x02, 0x04, 0x12, 0x34, 0x56, 0x78, /* nonce [7] */
  0xa8, 0x0b, 0x30, 0x09,                         /* etype [8] */
  0x02, 0x01, 0x12, 0x02, 0x01, 0x11, 0x02, 0x01, 0x17,  /* 18, 17, 23 */
};

/* MIT krb5kdc 1.20.1 (Debian 12), realm PORTOLAN.TEST, over TCP, to that
 * AS-REQ: KRB-ERROR 6 with e-text "NULL_CLIENT" */
static const guint8 mit_tcp[] = {
  0x00, 0x00, 0x00, 0x71,
  0x7e, 0x6f, 0x30, 0x6d,
  0xa0, 0x03, 0x02, 0x01, 0x05,
  0xa1, 0x03, 0x02, 0x01, 0x1e,
  0xa4, 0x11, 0x18, 0x0f, '2', '0', '2', '6', '1', '2', '0', '4', '1', '3', '0', '8', '3', '6', 'Z',
  0xa5, 0x05, 0x02, 0x03, 0x08, 0x59, 0xdf,
  0xa6, 0x03, 0x02, 0x01, 0x06,
  0xa9, 0x0f, 0x1b, 0x0d, 'P', 'O', 'R', 'T', 'O', 'L', 'A', 'N', '.', 'T', 'E', 'S', 'T',
  0xaa, 0x22, 0x30, 0x20, 0xa0, 0x03, 0x02, 0x01, 0x02, 0xa1, 0x19, 0x30, 0x17,
  0x1b, 0x06, 'k', 'r', 'b', 't', 'g', 't',
  0x1b, 0x0d, 'P', 'O', 'R', 'T', 'O', 'L', 'A', 'N', '.', 'T', 'E', 'S', 'T',
  0xab, 0x0d, 0x1b, 0x0b, 'N', 'U', 'L', 'L', '_', 'C', 'L', 'I', 'E', 'N', 'T',
};

/* The same KDC over UDP, to the AS-REQ for EXAMPLE.INVALID: it serves one
 * realm and answers for whichever the request names */
static const guint8 mit_udp_wrong_realm[] = {
  0x7e, 0x73, 0x30, 0x71,
  0xa0, 0x03, 0x02, 0x01, 0x05,
  0xa1, 0x03, 0x02, 0x01, 0x1e,
  0xa4, 0x11, 0x18, 0x0f, '2', '0', '2', '6', '1', '2', '0', '4', '1', '3', '0', '8', '3', '6', 'Z',
  0xa5, 0x05, 0x02, 0x03, 0x08, 0x59, 0xe0,
  0xa6, 0x03, 0x02, 0x01, 0x06,
  0xa9, 0x11, 0x1b, 0x0f, 'E', 'X', 'A', 'M', 'P', 'L', 'E', '.', 'I', 'N', 'V', 'A', 'L', 'I', 'D',
  0xaa, 0x24, 0x30, 0x22, 0xa0, 0x03, 0x02, 0x01, 0x02, 0xa1, 0x1b, 0x30, 0x19,
  0x1b, 0x06, 'k', 'r', 'b', 't', 'g', 't',
  0x1b, 0x0f, 'E', 'X', 'A', 'M', 'P', 'L', 'E', '.', 'I', 'N', 'V', 'A', 'L', 'I', 'D',
  0xab, 0x0d, 0x1b, 0x0b, 'N', 'U', 'L', 'L', '_', 'C', 'L', 'I', 'E', 'N', 'T',
};

/* An AS-REP, by hand, as no KDC gives one to this request: crealm
 * PORTOLAN.TEST, cname "user", an empty ticket and enc-part */
static const guint8 as_rep[] = {
  0x6b, 0x3a, 0x30, 0x38,
  0xa0, 0x03, 0x02, 0x01, 0x05,
  0xa1, 0x03, 0x02, 0x01, 0x0b,
  0xa3, 0x0f, 0x1b, 0x0d, 'P', 'O', 'R', 'T', 'O', 'L', 'A', 'N', '.', 'T', 'E', 'S', 'T',
  0xa4, 0x11, 0x30, 0x0f, 0xa0, 0x03, 0x02, 0x01, 0x01, 0xa1, 0x08, 0x30, 0x06, 0x1b, 0x04, 'u', 's', 'e', 'r',
  0xa5, 0x04, 0x61, 0x02, 0x30, 0x00,
  0xa6, 0x02, 0x30, 0x00,
};

static GError *private_network_error;

/* --- Helpers --- */

static void
assert_untouched (const PortolanServiceInfo *info)
{
  g_assert_null (info->answered);
  g_assert_null (info->version);
  g_assert_null (info->warning);
  g_assert_cmpuint (info->facts->len, ==, 0);
}

/* Parses into a new info, which stays empty unless the answer matched */
static PortolanAnswer
parse (const guint8         *data,
       gsize                 length,
       gboolean              complete,
       gboolean              over_tcp,
       gint64                now_us,
       PortolanServiceInfo **info_out)
{
  g_autoptr(PortolanServiceInfo) info = portolan_service_info_new ("kerberos");
  PortolanAnswer answer = _portolan_kerberos_parse (data, length, complete, over_tcp, now_us, info);

  if (answer != PORTOLAN_ANSWER_MATCHED)
    assert_untouched (info);
  if (complete)
    g_assert_cmpint (answer, !=, PORTOLAN_ANSWER_NEED_MORE);
  if (info_out != NULL)
    *info_out = g_steal_pointer (&info);

  return answer;
}

static PortolanAnswer
parse_udp (const guint8 *data,
           gsize         length)
{
  return parse (data, length, TRUE, FALSE, CAPTURED_KDC_TIME_US, NULL);
}

static void
assert_fact (const PortolanServiceInfo *info,
             const char                *key,
             const char                *expected)
{
  g_assert_cmpstr (portolan_service_info_lookup (info, key), ==, expected);
}

/* The clock facts of the captured answer read at @now_us */
static PortolanServiceInfo *
parse_at (gint64 now_us)
{
  PortolanServiceInfo *info = NULL;

  g_assert_cmpint (parse (mit_tcp, sizeof mit_tcp, FALSE, TRUE, now_us, &info), ==, PORTOLAN_ANSWER_MATCHED);
  return info;
}

/* --- The request --- */

static void
test_request_udp (void)
{
  g_autoptr(GBytes) request = _portolan_kerberos_build_request ("PORTOLAN.TEST", FALSE, 0x12345678, REQUEST_TIME_US);
  gsize length;
  const guint8 *data = g_bytes_get_data (request, &length);

  g_assert_cmpmem (data, length, as_req, sizeof as_req);
}

static void
test_request_tcp (void)
{
  g_autoptr(GBytes) request = _portolan_kerberos_build_request ("PORTOLAN.TEST", TRUE, 0x12345678, REQUEST_TIME_US);
  gsize length;
  const guint8 *data = g_bytes_get_data (request, &length);

  /* RFC 4120 7.2.2: the length, 4 bytes big-endian, then the same message */
  g_assert_cmpuint (length, ==, 4 + sizeof as_req);
  g_assert_cmpmem (data, 4, ((const guint8[]) { 0x00, 0x00, 0x00, sizeof as_req }), 4);
  g_assert_cmpmem (data + 4, length - 4, as_req, sizeof as_req);
}

static void
test_request_nonce (void)
{
  g_autoptr(GBytes) high = _portolan_kerberos_build_request ("PORTOLAN.TEST", FALSE, 0xdeadbeef, REQUEST_TIME_US);
  g_autoptr(GBytes) small = _portolan_kerberos_build_request ("PORTOLAN.TEST", FALSE, 7, REQUEST_TIME_US);
  gsize length;
  const guint8 *data = g_bytes_get_data (high, &length);
  static const guint8 masked[] = { 0xa7, 0x06, 0x02, 0x04, 0x5e, 0xad, 0xbe, 0xef };
  static const guint8 one_byte[] = { 0xa7, 0x03, 0x02, 0x01, 0x07, 0xa8 };

  /* The top bit goes, as MIT's clients do, for KDCs that read it signed */
  g_assert_cmpuint (length, ==, sizeof as_req);
  g_assert_nonnull (memmem (data, length, masked, sizeof masked));

  /* The shortest INTEGER, and every length above it shorter by 3 */
  data = g_bytes_get_data (small, &length);
  g_assert_cmpuint (length, ==, sizeof as_req - 3);
  g_assert_cmpint (data[1], ==, as_req[1] - 3);
  g_assert_cmpint (data[3], ==, as_req[3] - 3);
  g_assert_cmpint (data[15], ==, as_req[15] - 3);
  g_assert_cmpint (data[17], ==, as_req[17] - 3);
  g_assert_nonnull (memmem (data, length, one_byte, sizeof one_byte));
}

static void
test_request_realm (void)
{
  g_autoptr(GBytes) request = _portolan_kerberos_build_request ("EXAMPLE.INVALID", FALSE, 0x12345678, REQUEST_TIME_US);
  gsize length;
  const guint8 *data = g_bytes_get_data (request, &length);
  static const guint8 sname[] = {
    0xa1, 0x1b, 0x30, 0x19, 0x1b, 0x06, 'k', 'r', 'b', 't', 'g', 't',
    0x1b, 0x0f, 'E', 'X', 'A', 'M', 'P', 'L', 'E', '.', 'I', 'N', 'V', 'A', 'L', 'I', 'D',
  };

  /* The realm twice: as realm [2] and in krbtgt/EXAMPLE.INVALID */
  g_assert_cmpuint (length, ==, sizeof as_req + 4);
  g_assert_cmpint (data[1], ==, length - 2);
  g_assert_nonnull (memmem (data, length, "\xa2\x11\x1b\x0f" "EXAMPLE.INVALID", 19));
  g_assert_nonnull (memmem (data, length, sname, sizeof sname));
  g_assert_null (memmem (data, length, "PORTOLAN", 8));
}

static void
test_request_long_realm (void)
{
  g_autofree char *realm = g_strnfill (300, 'R');
  g_autoptr(GBytes) request = _portolan_kerberos_build_request (realm, FALSE, 1, REQUEST_TIME_US);
  gsize length;
  const guint8 *data = g_bytes_get_data (request, &length);

  /* Lengths past 255 take two bytes, as DER wants them */
  g_assert_cmpint (data[0], ==, 0x6a);
  g_assert_cmpint (data[1], ==, 0x82);
  g_assert_cmpuint ((gsize) data[2] << 8 | data[3], ==, length - 4);
  g_assert_nonnull (memmem (data, length, "\xa2\x82\x01\x30\x1b\x82\x01\x2c" "RRRR", 12));
}

static void
test_request_till (void)
{
  g_autoptr(GBytes) request = _portolan_kerberos_build_request ("PORTOLAN.TEST", FALSE, 1,
                                                                G_GINT64_CONSTANT (1798761599) * G_USEC_PER_SEC);
  gsize length;
  const guint8 *data = g_bytes_get_data (request, &length);

  /* 2026-12-31T23:59:59Z, a day later: into the next year */
  g_assert_nonnull (memmem (data, length, "\x18\x0f" "20270101235959Z", 17));
}

/* --- The answer --- */

static void
test_parse_mit_tcp (void)
{
  g_autoptr(PortolanServiceInfo) info = NULL;

  g_assert_cmpint (parse (mit_tcp, sizeof mit_tcp, FALSE, TRUE, CAPTURED_KDC_TIME_US - 3 * G_USEC_PER_SEC, &info),
                   ==, PORTOLAN_ANSWER_MATCHED);
  g_assert_cmpstr (info->answered, ==, "kerberos");
  g_assert_null (info->version);
  g_assert_null (info->warning);
  assert_fact (info, "realm", "PORTOLAN.TEST");
  assert_fact (info, "error", "6 KDC_ERR_C_PRINCIPAL_UNKNOWN");
  assert_fact (info, "kdc_time", "2026-12-04T13:08:36Z");
  assert_fact (info, "clock_offset", "+3 s");
  g_assert_cmpuint (info->facts->len, ==, 4);

  /* Not framed over UDP: the length in front is no message */
  g_assert_cmpint (parse (mit_tcp, sizeof mit_tcp, TRUE, FALSE, 0, NULL), ==, PORTOLAN_ANSWER_MISMATCH);
  g_assert_cmpint (parse (mit_tcp + 4, sizeof mit_tcp - 4, TRUE, FALSE, 0, NULL), ==, PORTOLAN_ANSWER_MATCHED);
}

static void
test_parse_mit_udp (void)
{
  g_autoptr(PortolanServiceInfo) info = NULL;

  g_assert_cmpint (parse (mit_udp_wrong_realm, sizeof mit_udp_wrong_realm, TRUE, FALSE, CAPTURED_KDC_TIME_US, &info),
                   ==, PORTOLAN_ANSWER_MATCHED);
  g_assert_cmpstr (info->answered, ==, "kerberos");
  assert_fact (info, "realm", "EXAMPLE.INVALID");
  assert_fact (info, "error", "6 KDC_ERR_C_PRINCIPAL_UNKNOWN");
  assert_fact (info, "clock_offset", "+0 s");

  /* Over TCP it needs its length first */
  g_assert_cmpint (parse (mit_udp_wrong_realm, sizeof mit_udp_wrong_realm, TRUE, TRUE, 0, NULL),
                   ==, PORTOLAN_ANSWER_MISMATCH);
}

static void
test_parse_as_rep (void)
{
  g_autoptr(PortolanServiceInfo) info = NULL;

  g_assert_cmpint (parse (as_rep, sizeof as_rep, TRUE, FALSE, 0, &info), ==, PORTOLAN_ANSWER_MATCHED);
  g_assert_cmpstr (info->answered, ==, "kerberos");
  assert_fact (info, "realm", "PORTOLAN.TEST");
  g_assert_cmpuint (info->facts->len, ==, 1);
}

/* Every prefix asks for more and is no answer once nothing more comes;
 * the whole is the same answer whatever follows it */
static void
check_truncations (const guint8 *data,
                   gsize         length,
                   gboolean      over_tcp)
{
  g_autofree guint8 *longer = g_malloc (length + 16);

  for (gsize i = 0; i < length; i++)
    {
      g_assert_cmpint (parse (data, i, FALSE, over_tcp, 0, NULL), ==, PORTOLAN_ANSWER_NEED_MORE);
      g_assert_cmpint (parse (data, i, TRUE, over_tcp, 0, NULL), ==, PORTOLAN_ANSWER_MISMATCH);
    }

  memcpy (longer, data, length);
  memset (longer + length, 0xff, 16);
  for (gsize i = length; i <= length + 16; i++)
    {
      g_autoptr(PortolanServiceInfo) info = NULL;

      g_assert_cmpint (parse (longer, i, FALSE, over_tcp, 0, &info), ==, PORTOLAN_ANSWER_MATCHED);
      g_assert_cmpint (parse (longer, i, TRUE, over_tcp, 0, NULL), ==, PORTOLAN_ANSWER_MATCHED);
      g_assert_nonnull (portolan_service_info_lookup (info, "realm"));
    }
}

static void
test_parse_truncations (void)
{
  check_truncations (mit_tcp, sizeof mit_tcp, TRUE);
  check_truncations (mit_tcp + 4, sizeof mit_tcp - 4, FALSE);
  check_truncations (mit_udp_wrong_realm, sizeof mit_udp_wrong_realm, FALSE);
  check_truncations (as_rep, sizeof as_rep, FALSE);
}

#define BYTES(s) (const guint8 *) s, sizeof s - 1

static void
test_parse_other_protocols (void)
{
  static const struct
  {
    const guint8 *data;
    gsize         length;
  } others[] = {
    { BYTES ("HTTP/1.1 400 Bad Request\r\nServer: nginx/1.22.1\r\n\r\n") },
    { BYTES ("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n") },
    { BYTES ("\x15\x03\x03\x00\x02\x02\x28") },                                /* TLS alert */
    { BYTES ("\x16\x03\x03\x00\x5a\x02\x00\x00\x56\x03\x03") },                /* TLS ServerHello */
    { BYTES ("\x30\x0c\x02\x01\x01\x65\x07\x0a\x01\x00\x04\x00\x04\x00") },    /* LDAP */
    { BYTES ("E\x00\x00\x00\x6dSFATAL\0") },                                    /* PostgreSQL */
    { BYTES ("RFB 003.008\n") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    for (gsize length = 1; length <= others[i].length; length++)
      {
        /* None starts with a Kerberos tag, nor with a length under 64 KiB */
        g_assert_cmpint (parse (others[i].data, length, FALSE, FALSE, 0, NULL), ==, PORTOLAN_ANSWER_MISMATCH);
        g_assert_cmpint (parse (others[i].data, length, FALSE, TRUE, 0, NULL), ==, PORTOLAN_ANSWER_MISMATCH);
      }

  /* Framed, but no Kerberos message: what the KDC test of test-daemons sends */
  g_assert_cmpint (parse (BYTES ("\x00\x00\x00\x05\x30\x03\x02\x01\x05"), FALSE, TRUE, 0, NULL),
                   ==, PORTOLAN_ANSWER_MISMATCH);
  g_assert_cmpint (parse (BYTES (""), TRUE, TRUE, 0, NULL), ==, PORTOLAN_ANSWER_MISMATCH);
  g_assert_cmpint (parse (BYTES (""), TRUE, FALSE, 0, NULL), ==, PORTOLAN_ANSWER_MISMATCH);
}

static void
test_parse_hostile_lengths (void)
{
  static const struct
  {
    const guint8   *data;
    gsize           length;
    gboolean        over_tcp;
    PortolanAnswer  answer;   /* with more to come */
  } cases[] = {
    /* The record's length: over 64 KiB, the top bit RFC 4120 reserves, none */
    { BYTES ("\x00\x01"), TRUE, PORTOLAN_ANSWER_MISMATCH },
    { BYTES ("\x00\x00\xff\xfd"), TRUE, PORTOLAN_ANSWER_MISMATCH },
    { BYTES ("\x80\x00\x00\x00"), TRUE, PORTOLAN_ANSWER_MISMATCH },
    { BYTES ("\x00\x00\x00\x00"), TRUE, PORTOLAN_ANSWER_MISMATCH },
    { BYTES ("\x00\x00\x00\x01\x7e"), TRUE, PORTOLAN_ANSWER_MISMATCH },
    /* The most a record may be, and its message as long */
    { BYTES ("\x00\x00\xff\xfc\x7e\x82\xff\xf8\x30"), TRUE, PORTOLAN_ANSWER_NEED_MORE },
    /* The message longer or shorter than its record */
    { BYTES ("\x00\x00\x00\x71\x7e\x70"), TRUE, PORTOLAN_ANSWER_MISMATCH },
    { BYTES ("\x00\x00\x00\x71\x7e\x6e"), TRUE, PORTOLAN_ANSWER_MISMATCH },
    { BYTES ("\x00\x00\x00\x06\x7e\x02\x30\x00\xff\xff"), TRUE, PORTOLAN_ANSWER_MISMATCH },
    /* DER: indefinite, 4 length bytes, longer than 64 KiB */
    { BYTES ("\x7e\x80\x30\x00\x00\x00"), FALSE, PORTOLAN_ANSWER_MISMATCH },
    { BYTES ("\x7e\x84\x00\x00\x00\x10"), FALSE, PORTOLAN_ANSWER_MISMATCH },
    { BYTES ("\x7e\x83\x01\x00\x00"), FALSE, PORTOLAN_ANSWER_MISMATCH },
    { BYTES ("\x7e\x82\xff\xfb"), FALSE, PORTOLAN_ANSWER_NEED_MORE },
    /* Inside: a SEQUENCE longer than its message, a field's length past all */
    { BYTES ("\x7e\x04\x30\x05\x02\x01"), FALSE, PORTOLAN_ANSWER_MISMATCH },
    { BYTES ("\x7e\x08\x30\x06\xa0\x83\xff\xff\xff\x02"), FALSE, PORTOLAN_ANSWER_MISMATCH },
    { BYTES ("\x7e\x02\x30\x00"), FALSE, PORTOLAN_ANSWER_MISMATCH },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %u", i);
      g_assert_cmpint (parse (cases[i].data, cases[i].length, FALSE, cases[i].over_tcp, 0, NULL), ==, cases[i].answer);
      g_assert_cmpint (parse (cases[i].data, cases[i].length, TRUE, cases[i].over_tcp, 0, NULL),
                       ==, PORTOLAN_ANSWER_MISMATCH);
    }
}

/* One byte of the UDP capture changed, so that it is no KRB-ERROR */
static void
test_parse_malformed (void)
{
  static const struct
  {
    guint  offset;
    guint8 value;
  } changes[] = {
    { 0, 0x7d },             /* [APPLICATION 29] */
    { 2, 0x31 },             /* a SET */
    { 4, 0xa1 },             /* pvno [1] */
    { 8, 0x04 },             /* pvno 4 */
    { 9, 0xa0 },             /* [0] twice */
    { 13, 0x0b },            /* msg-type 11, AS-REP's */
    { 16, 0x17 },            /* stime a UTCTime */
    { 18, 'x' },             /* the year "x026" */
    { 23, '3' },             /* month 13 */
    { 32, '+' },             /* no Z */
    { 35, 0x04 },            /* susec an OCTET STRING */
    { 37, 0x10 },            /* susec 1071584 */
    { 40, 0xa7 },            /* error-code [7], an INTEGER as crealm */
    { 45, 0xab },            /* realm [11], before sname [10] */
    { 47, 0x0c },            /* realm a UTF8String */
    { 68, 0xa2 },            /* sname's name-type [2] */
    { 77, 0x0c },            /* "krbtgt" a UTF8String */
    { 104, 0x16 },           /* e-text an IA5String */
  };
  g_autofree guint8 *copy = g_memdup2 (mit_udp_wrong_realm, sizeof mit_udp_wrong_realm);

  g_assert_cmpint (parse_udp (copy, sizeof mit_udp_wrong_realm), ==, PORTOLAN_ANSWER_MATCHED);
  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      g_assert_cmpuint (changes[i].offset, <, sizeof mit_udp_wrong_realm);
      g_assert_cmpint (copy[changes[i].offset], !=, changes[i].value);
      copy[changes[i].offset] = changes[i].value;
      g_test_message ("byte %u", changes[i].offset);
      g_assert_cmpint (parse_udp (copy, sizeof mit_udp_wrong_realm), ==, PORTOLAN_ANSWER_MISMATCH);
      memcpy (copy, mit_udp_wrong_realm, sizeof mit_udp_wrong_realm);
    }
}

/* Network text in the realm comes out as one clean line of UTF-8 */
static void
test_parse_dirty_realm (void)
{
  g_autofree guint8 *copy = g_memdup2 (mit_udp_wrong_realm, sizeof mit_udp_wrong_realm);
  g_autoptr(PortolanServiceInfo) info = NULL;
  const char *realm;

  memcpy (copy + 49, "EX\xff\nMPLE", 8);
  g_assert_cmpint (parse (copy, sizeof mit_udp_wrong_realm, TRUE, FALSE, 0, &info), ==, PORTOLAN_ANSWER_MATCHED);
  realm = portolan_service_info_lookup (info, "realm");
  g_assert_nonnull (realm);
  g_assert_true (g_utf8_validate (realm, -1, NULL));
  g_assert_null (strchr (realm, '\n'));
  g_assert_true (g_str_has_prefix (realm, "EX"));
}

static void
test_parse_error_names (void)
{
  g_autofree guint8 *copy = g_memdup2 (mit_udp_wrong_realm, sizeof mit_udp_wrong_realm);
  static const struct
  {
    guint8      code;
    const char *error;
  } codes[] = {
    { 25, "25 KDC_ERR_PREAUTH_REQUIRED" },
    { 60, "60 KRB_ERR_GENERIC" },
    { 68, "68 KDC_ERR_WRONG_REALM" },
    { 99, "99" },
    { 0xff, "-1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autoptr(PortolanServiceInfo) info = NULL;

      copy[44] = codes[i].code;
      g_assert_cmpint (parse (copy, sizeof mit_udp_wrong_realm, TRUE, FALSE, 0, &info), ==, PORTOLAN_ANSWER_MATCHED);
      assert_fact (info, "error", codes[i].error);
    }
}

static void
test_parse_clock (void)
{
  static const struct
  {
    gint64      kdc_minus_ours_us;
    const char *offset;
    const char *warning;   /* NULL: none */
  } clocks[] = {
    { 0, "+0 s", NULL },
    { 400000, "+0 s", NULL },
    { 500000, "+1 s", NULL },
    { -500000, "-1 s", NULL },
    { -1400000, "-1 s", NULL },
    { 300 * G_USEC_PER_SEC, "+300 s", NULL },
    { -300 * G_USEC_PER_SEC, "-300 s", NULL },
    { 301 * G_USEC_PER_SEC,
      "+301 s", "the KDC's clock is 6 minutes ahead of this computer's; Kerberos refuses logins beyond 5 minutes" },
    { 420 * G_USEC_PER_SEC,
      "+420 s", "the KDC's clock is 7 minutes ahead of this computer's; Kerberos refuses logins beyond 5 minutes" },
    { -420 * G_USEC_PER_SEC,
      "-420 s", "the KDC's clock is 7 minutes behind this computer's; Kerberos refuses logins beyond 5 minutes" },
    { G_GINT64_CONSTANT (-7200) * G_USEC_PER_SEC,
      "-7200 s", "the KDC's clock is 2 hours behind this computer's; Kerberos refuses logins beyond 5 minutes" },
    { G_GINT64_CONSTANT (3) * 86400 * G_USEC_PER_SEC,
      "+259200 s", "the KDC's clock is 3 days ahead of this computer's; Kerberos refuses logins beyond 5 minutes" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (clocks); i++)
    {
      g_autoptr(PortolanServiceInfo) info = parse_at (CAPTURED_KDC_TIME_US - clocks[i].kdc_minus_ours_us);

      assert_fact (info, "kdc_time", "2026-12-04T13:08:36Z");
      assert_fact (info, "clock_offset", clocks[i].offset);
      g_assert_cmpstr (info->warning, ==, clocks[i].warning);
    }
}

/* --- Against MIT krb5kdc --- */

static PortolanTestDaemon *
start_kdc (void)
{
  g_autoptr(GError) error = NULL;
  PortolanTestDaemon *daemon;

  if (private_network_error != NULL)
    {
      portolan_test_daemon_skip_if_missing (private_network_error);
      return NULL;
    }

  daemon = portolan_test_daemon_start (PORTOLAN_TEST_KDC, NULL, 0, &error);
  if (portolan_test_daemon_skip_if_missing (error))
    return NULL;
  g_assert_no_error (error);

  return daemon;
}

static void
log_answer (const char   *transport,
            const guint8 *data,
            gsize         length)
{
  g_autoptr(GString) hex = g_string_new (NULL);

  for (gsize i = 0; i < length; i++)
    g_string_append_printf (hex, "%02x", data[i]);
  g_test_message ("the KDC answered over %s: %s", transport, hex->str);
}

/* Sends the request over TCP and reads until the parser has made up its
 * mind or the KDC closed */
static PortolanAnswer
ask_tcp (PortolanTestDaemon   *daemon,
         const char           *realm,
         guint32               nonce,
         PortolanServiceInfo **info)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GByteArray) answer = g_byte_array_new ();
  g_autoptr(GBytes) request = NULL;
  g_autoptr(GError) error = NULL;
  PortolanAnswer verdict = PORTOLAN_ANSWER_NEED_MORE;
  gint64 now_us = g_get_real_time ();
  guint8 buffer[4096];

  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_set_timeout (client, portolan_test_scale_ms (ANSWER_TIMEOUT_MS) / 1000);
  connection = g_socket_client_connect_to_host (client, portolan_test_daemon_get_address (daemon),
                                                portolan_test_daemon_get_port (daemon), NULL, &error);
  g_assert_no_error (error);

  request = _portolan_kerberos_build_request (realm, TRUE, nonce, now_us);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             g_bytes_get_data (request, NULL), g_bytes_get_size (request), NULL, NULL, &error);
  g_assert_no_error (error);

  while (verdict == PORTOLAN_ANSWER_NEED_MORE)
    {
      gssize got = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)), buffer,
                                        MIN (sizeof buffer, PORTOLAN_ANSWER_MAX_BYTES - answer->len), NULL, &error);

      g_assert_no_error (error);
      if (got > 0)
        g_byte_array_append (answer, buffer, got);
      g_clear_pointer (info, portolan_service_info_free);
      *info = portolan_service_info_new ("kerberos");
      verdict = _portolan_kerberos_parse (answer->data, answer->len,
                                          got == 0 || answer->len == PORTOLAN_ANSWER_MAX_BYTES, TRUE,
                                          g_get_real_time (), *info);
    }

  log_answer ("TCP", answer->data, answer->len);
  return verdict;
}

/* One datagram to 127.0.0.1:88, one back */
static PortolanAnswer
ask_udp (PortolanTestDaemon   *daemon,
         const char           *realm,
         guint32               nonce,
         PortolanServiceInfo **info)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (portolan_test_daemon_get_address (daemon));
  g_autoptr(GSocketAddress) kdc = g_inet_socket_address_new (address, portolan_test_daemon_get_port (daemon));
  g_autoptr(GSocket) udp = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, NULL);
  g_autoptr(GBytes) request = _portolan_kerberos_build_request (realm, FALSE, nonce, g_get_real_time ());
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *buffer = g_malloc (PORTOLAN_ANSWER_MAX_BYTES);
  gssize got;

  g_assert_nonnull (udp);
  g_socket_set_timeout (udp, portolan_test_scale_ms (ANSWER_TIMEOUT_MS) / 1000);
  g_assert_cmpint (g_socket_send_to (udp, kdc, g_bytes_get_data (request, NULL), g_bytes_get_size (request),
                                     NULL, &error), ==, g_bytes_get_size (request));
  g_assert_no_error (error);

  got = g_socket_receive (udp, (char *) buffer, PORTOLAN_ANSWER_MAX_BYTES, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (got, >, 0);

  log_answer ("UDP", buffer, got);
  *info = portolan_service_info_new ("kerberos");
  return _portolan_kerberos_parse (buffer, got, TRUE, FALSE, g_get_real_time (), *info);
}

/* What the KDC said: the realm asked for, error 6 for the missing
 * client, and our own clock, as it runs on this computer */
static void
assert_kdc_answer (PortolanAnswer             verdict,
                   const PortolanServiceInfo *info,
                   const char                *realm)
{
  const char *offset;
  gint64 seconds;

  g_assert_cmpint (verdict, ==, PORTOLAN_ANSWER_MATCHED);
  g_assert_cmpstr (info->answered, ==, "kerberos");
  g_assert_null (info->version);
  g_assert_null (info->warning);
  assert_fact (info, "realm", realm);
  assert_fact (info, "error", "6 KDC_ERR_C_PRINCIPAL_UNKNOWN");
  g_assert_nonnull (portolan_service_info_lookup (info, "kdc_time"));
  g_assert_true (g_str_has_suffix (portolan_service_info_lookup (info, "kdc_time"), "Z"));

  offset = portolan_service_info_lookup (info, "clock_offset");
  g_assert_nonnull (offset);
  g_assert_true (g_str_has_suffix (offset, " s"));
  seconds = g_ascii_strtoll (offset, NULL, 10);
  g_assert_cmpint (ABS (seconds), <=, 2);
  g_test_message ("realm %s, error %s, KDC clock %s, offset %s", portolan_service_info_lookup (info, "realm"),
                  portolan_service_info_lookup (info, "error"), portolan_service_info_lookup (info, "kdc_time"),
                  offset);
}

/* The KDC logs the request as routine: a request without a client */
static void
assert_logged_null_client (PortolanTestDaemon *daemon)
{
  gint64 end = g_get_monotonic_time () + portolan_test_scale_us (ANSWER_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND);
  g_autofree char *logs = NULL;

  do
    {
      g_free (logs);
      logs = portolan_test_daemon_dup_logs (daemon);
      if (strstr (logs, "NULL_CLIENT: <unknown client> for <unknown server>") != NULL)
        return;
      g_usleep (20 * 1000);
    }
  while (g_get_monotonic_time () < end);

  g_error ("the KDC never logged NULL_CLIENT:\n%s", logs);
}

static void
test_kdc (gconstpointer data)
{
  const char *realm = data;
  g_autoptr(PortolanTestDaemon) daemon = start_kdc ();
  g_autoptr(PortolanServiceInfo) tcp_info = NULL;
  g_autoptr(PortolanServiceInfo) udp_info = NULL;
  PortolanAnswer verdict;

  if (daemon == NULL)
    return;

  /* Two nonces: the KDC would replay its answer to the same bytes */
  verdict = ask_tcp (daemon, realm, g_random_int (), &tcp_info);
  assert_kdc_answer (verdict, tcp_info, realm);
  verdict = ask_udp (daemon, realm, g_random_int (), &udp_info);
  assert_kdc_answer (verdict, udp_info, realm);
  assert_logged_null_client (daemon);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  /* Before anything starts a thread: unshare () moves only this one */
  portolan_test_private_network (&private_network_error);

  g_test_add_func ("/kerberos/request/udp", test_request_udp);
  g_test_add_func ("/kerberos/request/tcp", test_request_tcp);
  g_test_add_func ("/kerberos/request/nonce", test_request_nonce);
  g_test_add_func ("/kerberos/request/realm", test_request_realm);
  g_test_add_func ("/kerberos/request/long-realm", test_request_long_realm);
  g_test_add_func ("/kerberos/request/till", test_request_till);
  g_test_add_func ("/kerberos/parse/mit-tcp", test_parse_mit_tcp);
  g_test_add_func ("/kerberos/parse/mit-udp", test_parse_mit_udp);
  g_test_add_func ("/kerberos/parse/as-rep", test_parse_as_rep);
  g_test_add_func ("/kerberos/parse/truncations", test_parse_truncations);
  g_test_add_func ("/kerberos/parse/other-protocols", test_parse_other_protocols);
  g_test_add_func ("/kerberos/parse/hostile-lengths", test_parse_hostile_lengths);
  g_test_add_func ("/kerberos/parse/malformed", test_parse_malformed);
  g_test_add_func ("/kerberos/parse/dirty-realm", test_parse_dirty_realm);
  g_test_add_func ("/kerberos/parse/error-names", test_parse_error_names);
  g_test_add_func ("/kerberos/parse/clock", test_parse_clock);
  g_test_add_data_func ("/kerberos/kdc/realm", PORTOLAN_TEST_KERBEROS_REALM, test_kdc);
  /* A check that does not know the realm learns nothing from MIT's answer:
   * a KDC of one realm answers for whichever the request names */
  g_test_add_data_func ("/kerberos/kdc/wrong-realm", "EXAMPLE.INVALID", test_kdc);

  status = g_test_run ();
  g_clear_error (&private_network_error);

  return status;
}
