/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ldap.c: the LDAP check's rootDSE search, and what it makes of the answers */
#include "config.h"

#include <string.h>

#include "portolan-protocols-private.h"
#include "portolan-test-daemons.h"
#include "portolan-test-time.h"

#define ANSWER_TIMEOUT_MS 5000
#define LOG_TIMEOUT_MS    5000

/* slapd 2.5.13 (Debian 12, PORTOLAN_TEST_SLAPD) to the check's request:
 * the rootDSE entry, namingContexts and supportedLDAPVersion (it has no
 * vendorName), then SearchResultDone, success */
static const guint8 slapd_root_dse[] = {
  0x30, 0x4e, 0x02, 0x01, 0x01, 0x64, 0x49, 0x04, 0x00, 0x30, 0x45, 0x30,
  0x26, 0x04, 0x0e, 0x6e, 0x61, 0x6d, 0x69, 0x6e, 0x67, 0x43, 0x6f, 0x6e,
  0x74, 0x65, 0x78, 0x74, 0x73, 0x31, 0x14, 0x04, 0x12, 0x64, 0x63, 0x3d,
  0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2c, 0x64, 0x63, 0x3d, 0x74,
  0x65, 0x73, 0x74, 0x30, 0x1b, 0x04, 0x14, 0x73, 0x75, 0x70, 0x70, 0x6f,
  0x72, 0x74, 0x65, 0x64, 0x4c, 0x44, 0x41, 0x50, 0x56, 0x65, 0x72, 0x73,
  0x69, 0x6f, 0x6e, 0x31, 0x03, 0x04, 0x01, 0x33, 0x30, 0x0c, 0x02, 0x01,
  0x01, 0x65, 0x07, 0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00,
};
/* The same slapd to 30 05 02 01 01 63 00, a SearchRequest with nothing
 * in it: a Notice of Disconnection, message 0, protocolError, "decoding
 * error", responseName 1.3.6.1.4.1.1466.20036 */
static const guint8 slapd_notice[] = {
  0x30, 0x32, 0x02, 0x01, 0x00, 0x78, 0x2d, 0x0a, 0x01, 0x02, 0x04, 0x00,
  0x04, 0x0e, 0x64, 0x65, 0x63, 0x6f, 0x64, 0x69, 0x6e, 0x67, 0x20, 0x65,
  0x72, 0x72, 0x6f, 0x72, 0x8a, 0x16, 0x31, 0x2e, 0x33, 0x2e, 0x36, 0x2e,
  0x31, 0x2e, 0x34, 0x2e, 0x31, 0x2e, 0x31, 0x34, 0x36, 0x36, 0x2e, 0x32,
  0x30, 0x30, 0x33, 0x36,
};
/* A SearchResultDone alone, insufficientAccessRights, as a server that
 * hides its rootDSE from strangers answers */
static const guint8 done_denied[] = {
  0x30, 0x33, 0x02, 0x01, 0x01, 0x65, 0x2e, 0x0a, 0x01, 0x32, 0x04, 0x00,
  0x04, 0x27, 'a', 'n', 'o', 'n', 'y', 'm', 'o', 'u', 's', ' ', 's', 'e', 'a', 'r', 'c', 'h', ' ', 'o', 'f', ' ',
  't', 'h', 'e', ' ', 'r', 'o', 'o', 't', ' ', 'D', 'S', 'E', ' ', 'd', 'e', 'n', 'i', 'e', 'd',
};
/* The malformed search that makes slapd send slapd_notice */
static const guint8 empty_search[] = { 0x30, 0x05, 0x02, 0x01, 0x01, 0x63, 0x00 };

static GError *private_network_error;

/* --- Helpers --- */

static PortolanAnswer
parse (const guint8         *data,
       gsize                 length,
       gboolean              complete,
       PortolanServiceInfo **info)
{
  PortolanAnswer answer;

  *info = portolan_service_info_new ("ldap");
  answer = _portolan_ldap_parse (data, length, complete, *info);
  if (answer != PORTOLAN_ANSWER_MATCHED)
    {
      /* Nothing is written but for a match */
      g_assert_null ((*info)->answered);
      g_assert_null ((*info)->version);
      g_assert_cmpuint ((*info)->facts->len, ==, 0);
    }
  else
    g_assert_cmpstr ((*info)->answered, ==, "ldap");

  return answer;
}

static void
assert_verdict (const guint8   *data,
                gsize           length,
                gboolean        complete,
                PortolanAnswer  expected)
{
  g_autoptr(PortolanServiceInfo) info = NULL;

  g_assert_cmpint (parse (data, length, complete, &info), ==, expected);
}

/* Active Directory writes every SEQUENCE and SET length in four bytes */
static void
append_element (GByteArray   *out,
                guint8        tag,
                gboolean      long_form,
                const guint8 *content,
                gsize         length)
{
  guint8 head[6] = { tag, 0x84, length >> 24, length >> 16, length >> 8, length };

  if (long_form)
    g_byte_array_append (out, head, 6);
  else
    {
      g_assert_cmpuint (length, <, 0x80);
      head[1] = length;
      g_byte_array_append (out, head, 2);
    }
  g_byte_array_append (out, content, length);
}

static void
append_attribute (GByteArray         *out,
                  const char         *type,
                  const char * const *values)
{
  g_autoptr(GByteArray) attribute = g_byte_array_new ();
  g_autoptr(GByteArray) set = g_byte_array_new ();

  for (guint i = 0; values[i] != NULL; i++)
    append_element (set, 0x04, FALSE, (const guint8 *) values[i], strlen (values[i]));
  append_element (attribute, 0x04, FALSE, (const guint8 *) type, strlen (type));
  append_element (attribute, 0x31, TRUE, set->data, set->len);
  append_element (out, 0x30, TRUE, attribute->data, attribute->len);
}

/* A domain controller's rootDSE entry and SearchResultDone, in AD's
 * encoding, as Windows Server answers the check's request */
static GByteArray *
build_ad_root_dse (void)
{
  static const char * const default_context[] = { "DC=corp,DC=example", NULL };
  static const char * const contexts[] = {
    "DC=corp,DC=example", "CN=Configuration,DC=corp,DC=example",
    "CN=Schema,CN=Configuration,DC=corp,DC=example", NULL
  };
  static const char * const host[] = { "dc01.corp.example", NULL };
  static const char * const versions[] = { "3", "2", NULL };
  static const guint8 id[] = { 0x02, 0x01, 0x01 };
  static const guint8 done[] = { 0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00 };
  g_autoptr(GByteArray) list = g_byte_array_new ();
  g_autoptr(GByteArray) entry = g_byte_array_new ();
  g_autoptr(GByteArray) message = g_byte_array_new ();
  GByteArray *answer = g_byte_array_new ();

  append_attribute (list, "defaultNamingContext", default_context);
  append_attribute (list, "namingContexts", contexts);
  append_attribute (list, "dnsHostName", host);
  append_attribute (list, "supportedLDAPVersion", versions);
  append_element (entry, 0x04, FALSE, NULL, 0);
  append_element (entry, 0x30, TRUE, list->data, list->len);
  g_byte_array_append (message, id, sizeof id);
  append_element (message, 0x64, TRUE, entry->data, entry->len);
  append_element (answer, 0x30, TRUE, message->data, message->len);

  g_byte_array_set_size (message, 0);
  g_byte_array_append (message, id, sizeof id);
  append_element (message, 0x65, TRUE, done, sizeof done);
  append_element (answer, 0x30, TRUE, message->data, message->len);

  return answer;
}

/* Read by read, the answer waits for more until it has come whole, and
 * once matched stays matched; cut short, it is never waited for */
static void
assert_prefixes (const guint8 *data,
                 gsize         length)
{
  gboolean matched = FALSE;

  for (gsize cut = 0; cut <= length; cut++)
    {
      g_autoptr(PortolanServiceInfo) info = NULL;
      g_autoptr(PortolanServiceInfo) final = NULL;
      PortolanAnswer answer = parse (data, cut, FALSE, &info);

      g_test_message ("%" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes", cut, length);
      g_assert_cmpint (answer, !=, PORTOLAN_ANSWER_MISMATCH);
      if (matched)
        g_assert_cmpint (answer, ==, PORTOLAN_ANSWER_MATCHED);
      matched = answer == PORTOLAN_ANSWER_MATCHED;
      /* Only the last message, once whole, ends the answer */
      g_assert_cmpint (matched, ==, cut == length);

      g_assert_cmpint (parse (data, cut, TRUE, &final), !=, PORTOLAN_ANSWER_NEED_MORE);
    }
  g_assert_true (matched);
}

/* --- The request --- */

/* Reads a short-form element of @tag at *@at and returns its length */
static gsize
expect_element (const guint8 *data,
                gsize         length,
                gsize        *at,
                guint8        tag)
{
  gsize size;

  g_assert_cmpuint (*at + 2, <=, length);
  g_assert_cmpint (data[*at], ==, tag);
  size = data[*at + 1];
  g_assert_cmpuint (size, <, 0x80);
  *at += 2;
  g_assert_cmpuint (*at + size, <=, length);

  return size;
}

static void
expect_bytes (const guint8 *data,
              gsize         length,
              gsize        *at,
              guint8        tag,
              const char   *content,
              gsize         content_length)
{
  gsize size = expect_element (data, length, at, tag);

  g_assert_cmpmem (data + *at, size, content, content_length);
  *at += size;
}

static void
test_request (void)
{
  g_autoptr(GBytes) request = _portolan_ldap_build_request ();
  gsize length;
  const guint8 *data = g_bytes_get_data (request, &length);
  static const char * const wanted[] = {
    "supportedLDAPVersion", "vendorName", "namingContexts", "defaultNamingContext", "dnsHostName",
  };
  gsize at = 0, end;

  /* LDAPMessage ::= SEQUENCE { messageID 1, SearchRequest }, nothing after */
  g_assert_cmpuint (expect_element (data, length, &at, 0x30), ==, length - 2);
  expect_bytes (data, length, &at, 0x02, "\x01", 1);
  g_assert_cmpuint (expect_element (data, length, &at, 0x63), ==, length - at);

  expect_bytes (data, length, &at, 0x04, "", 0);            /* baseObject: the rootDSE */
  expect_bytes (data, length, &at, 0x0a, "\x00", 1);        /* scope baseObject */
  expect_bytes (data, length, &at, 0x0a, "\x00", 1);        /* derefAliases never */
  expect_bytes (data, length, &at, 0x02, "\x00", 1);        /* sizeLimit */
  expect_bytes (data, length, &at, 0x02, "\x00", 1);        /* timeLimit */
  expect_bytes (data, length, &at, 0x01, "\x00", 1);        /* typesOnly FALSE */
  expect_bytes (data, length, &at, 0x87, "objectClass", 11); /* (objectClass=*) */

  end = expect_element (data, length, &at, 0x30);
  end += at;
  g_assert_cmpuint (end, ==, length);
  for (guint i = 0; i < G_N_ELEMENTS (wanted); i++)
    expect_bytes (data, length, &at, 0x04, wanted[i], strlen (wanted[i]));
  g_assert_cmpuint (at, ==, length);

  /* No bind, no credentials: the request is that one search */
  g_assert_cmpuint (length, ==, 124);
}

/* --- Answers --- */

static void
test_slapd (void)
{
  g_autoptr(PortolanServiceInfo) info = NULL;

  g_assert_cmpint (parse (slapd_root_dse, sizeof slapd_root_dse, FALSE, &info), ==, PORTOLAN_ANSWER_MATCHED);
  g_assert_cmpstr (info->version, ==, "3");
  g_assert_cmpstr (portolan_service_info_lookup (info, "ldap_versions"), ==, "3");
  g_assert_cmpstr (portolan_service_info_lookup (info, "naming_contexts"), ==, PORTOLAN_TEST_LDAP_SUFFIX);
  g_assert_null (portolan_service_info_lookup (info, "vendor"));
  g_assert_null (portolan_service_info_lookup (info, "error"));
  g_assert_cmpuint (info->facts->len, ==, 2);
  assert_prefixes (slapd_root_dse, sizeof slapd_root_dse);
}

static void
test_active_directory (void)
{
  g_autoptr(GByteArray) answer = build_ad_root_dse ();
  g_autoptr(PortolanServiceInfo) info = NULL;

  g_assert_cmpint (answer->data[1], ==, 0x84);
  g_assert_cmpint (parse (answer->data, answer->len, FALSE, &info), ==, PORTOLAN_ANSWER_MATCHED);
  g_assert_cmpstr (info->version, ==, "3");
  g_assert_cmpstr (portolan_service_info_lookup (info, "ldap_versions"), ==, "3, 2");
  g_assert_cmpstr (portolan_service_info_lookup (info, "naming_contexts"), ==,
                   "DC=corp,DC=example, CN=Configuration,DC=corp,DC=example, "
                   "CN=Schema,CN=Configuration,DC=corp,DC=example");
  g_assert_cmpstr (portolan_service_info_lookup (info, "default_naming_context"), ==, "DC=corp,DC=example");
  g_assert_cmpstr (portolan_service_info_lookup (info, "dns_host_name"), ==, "dc01.corp.example");
  /* In the order of the request, whatever the order of the entry */
  g_assert_cmpstr (((PortolanServiceFact *) g_ptr_array_index (info->facts, 0))->key, ==, "ldap_versions");
  assert_prefixes (answer->data, answer->len);
}

static void
test_notice_of_disconnection (void)
{
  g_autoptr(PortolanServiceInfo) info = NULL;

  g_assert_cmpint (parse (slapd_notice, sizeof slapd_notice, FALSE, &info), ==, PORTOLAN_ANSWER_MATCHED);
  g_assert_null (info->version);
  g_assert_cmpstr (portolan_service_info_lookup (info, "error"), ==, "2 (protocolError): decoding error");
  assert_prefixes (slapd_notice, sizeof slapd_notice);
}

static void
test_done_alone (void)
{
  g_autoptr(PortolanServiceInfo) info = NULL;
  g_autoptr(PortolanServiceInfo) bare = NULL;
  static const guint8 no_such_object[] = {
    0x30, 0x0c, 0x02, 0x01, 0x01, 0x65, 0x07, 0x0a, 0x01, 0x20, 0x04, 0x00, 0x04, 0x00,
  };

  g_assert_cmpint (parse (done_denied, sizeof done_denied, FALSE, &info), ==, PORTOLAN_ANSWER_MATCHED);
  g_assert_cmpstr (portolan_service_info_lookup (info, "error"), ==,
                   "50 (insufficientAccessRights): anonymous search of the root DSE denied");
  g_assert_cmpuint (info->facts->len, ==, 1);
  assert_prefixes (done_denied, sizeof done_denied);

  g_assert_cmpint (parse (no_such_object, sizeof no_such_object, FALSE, &bare), ==, PORTOLAN_ANSWER_MATCHED);
  g_assert_cmpstr (portolan_service_info_lookup (bare, "error"), ==, "32 (noSuchObject)");
}

/* The entry alone is waited on for its Done, and is enough once no more comes */
static void
test_entry_without_done (void)
{
  gsize entry_length = 2 + slapd_root_dse[1];
  g_autoptr(PortolanServiceInfo) info = NULL;

  assert_verdict (slapd_root_dse, entry_length, FALSE, PORTOLAN_ANSWER_NEED_MORE);
  g_assert_cmpint (parse (slapd_root_dse, entry_length, TRUE, &info), ==, PORTOLAN_ANSWER_MATCHED);
  g_assert_cmpstr (info->version, ==, "3");
  g_assert_cmpstr (portolan_service_info_lookup (info, "naming_contexts"), ==, PORTOLAN_TEST_LDAP_SUFFIX);
}

/* Attribute names are case-insensitive; what is not asked for is passed over */
static void
test_attribute_names (void)
{
  g_autoptr(PortolanServiceInfo) info = NULL;
  static const guint8 entry[] = {
    0x30, 0x30, 0x02, 0x01, 0x01, 0x64, 0x2b, 0x04, 0x00, 0x30, 0x27,
    0x30, 0x0c, 0x04, 0x03, 'f', 'o', 'o', 0x31, 0x05, 0x04, 0x03, 'b', 'a', 'r',
    0x30, 0x17, 0x04, 0x0a, 'V', 'E', 'N', 'D', 'O', 'R', 'n', 'a', 'm', 'e',
    0x31, 0x09, 0x04, 0x07, 'O', 'p', 'e', 'n', 'D', 'J', '\n',
    0x30, 0x0c, 0x02, 0x01, 0x01, 0x65, 0x07, 0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00,
  };

  g_assert_cmpint (parse (entry, sizeof entry, FALSE, &info), ==, PORTOLAN_ANSWER_MATCHED);
  g_assert_cmpstr (portolan_service_info_lookup (info, "vendor"), ==, "OpenDJ");
  g_assert_cmpuint (info->facts->len, ==, 1);
}

/* --- Not LDAP --- */

static void
test_wrong_protocol (void)
{
  static const struct { const char *bytes; gsize length; } others[] = {
    { "HTTP/1.1 400 Bad Request\r\n", 26 },
    { "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n", 40 },
    { "\x16\x03\x03\x00\x5a\x02\x00\x00\x56\x03\x03", 11 },
    { "\x15\x03\x03\x00\x02\x02\x28", 7 },
    { "E\x00\x00\x00\x6dSFATAL\0", 12 },
    { "RFB 003.008\n", 12 },
    /* A client's SearchRequest, not a server's answer */
    { "\x30\x05\x02\x01\x01\x63\x00", 7 },
    /* An answer to another message, and an entry as message 0 */
    { "\x30\x0c\x02\x01\x02\x65\x07\x0a\x01\x00\x04\x00\x04\x00", 14 },
    { "\x30\x0c\x02\x01\x00\x64\x07\x04\x00\x30\x00", 11 },
    /* A BindResponse to message 1: nothing the search would get */
    { "\x30\x0c\x02\x01\x01\x61\x07\x0a\x01\x00\x04\x00\x04\x00", 14 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_test_message ("other %u", i);
      assert_verdict ((const guint8 *) others[i].bytes, others[i].length, FALSE, PORTOLAN_ANSWER_MISMATCH);
      assert_verdict ((const guint8 *) others[i].bytes, others[i].length, TRUE, PORTOLAN_ANSWER_MISMATCH);
    }

  /* Silence, or a start that never went on, is no answer */
  assert_verdict (NULL, 0, FALSE, PORTOLAN_ANSWER_NEED_MORE);
  assert_verdict (NULL, 0, TRUE, PORTOLAN_ANSWER_MISMATCH);
  assert_verdict ((const guint8 *) "\x30\x0c\x02\x01", 4, TRUE, PORTOLAN_ANSWER_MISMATCH);
  /* The first byte is enough to rule out */
  assert_verdict ((const guint8 *) "H", 1, FALSE, PORTOLAN_ANSWER_MISMATCH);
}

/* --- Hostile lengths --- */

static void
test_hostile (void)
{
  g_autoptr(GByteArray) deep = g_byte_array_new ();
  g_autoptr(PortolanServiceInfo) info = NULL;
  static const guint8 head[] = {
    0x30, 0x84, 0x00, 0x00, 0x00, 0x00, 0x02, 0x01, 0x01, 0x64, 0x84, 0x00, 0x00, 0x00, 0x00,
  };

  /* The indefinite form, five length bytes, a length past its message */
  assert_verdict ((const guint8 *) "\x30\x80\x02\x01\x01\x65\x80", 7, FALSE, PORTOLAN_ANSWER_MISMATCH);
  assert_verdict ((const guint8 *) "\x30\x85\x00\x00\x00\x00\x0c", 7, FALSE, PORTOLAN_ANSWER_MISMATCH);
  assert_verdict ((const guint8 *) "\x30\x0c\x02\x01\x01\x65\x0b\x0a\x01\x00", 10, FALSE, PORTOLAN_ANSWER_MISMATCH);
  assert_verdict ((const guint8 *) "\x30\x03\x02\x05\x01", 5, FALSE, PORTOLAN_ANSWER_MISMATCH);
  /* A message id of five bytes, a negative one, a tag of many bytes */
  assert_verdict ((const guint8 *) "\x30\x0c\x02\x05\x00\x00\x00\x00\x01\x65", 10, FALSE, PORTOLAN_ANSWER_MISMATCH);
  assert_verdict ((const guint8 *) "\x30\x0c\x02\x01\xff\x65", 6, FALSE, PORTOLAN_ANSWER_MISMATCH);
  assert_verdict ((const guint8 *) "\x30\x0c\x02\x01\x01\x7f\x65", 7, FALSE, PORTOLAN_ANSWER_MISMATCH);

  /* 4 GiB announced: waited for, nothing allocated, named once no more comes */
  assert_verdict ((const guint8 *) "\x30\x84\xff\xff\xff\xff\x02\x01\x01\x64\x84\xff\xff\xff\xf0", 15, FALSE,
                  PORTOLAN_ANSWER_NEED_MORE);
  assert_verdict ((const guint8 *) "\x30\x84\xff\xff\xff\xff\x02\x01\x01\x64\x84\xff\xff\xff\xf0", 15, TRUE,
                  PORTOLAN_ANSWER_MATCHED);

  /* An entry whose attribute list says it is longer than the entry: no
   * facts from it, but the server is LDAP */
  {
    static const guint8 overlong[] = {
      0x30, 0x0b, 0x02, 0x01, 0x01, 0x64, 0x06, 0x04, 0x00, 0x30, 0x7f, 0x30, 0x00,
      0x30, 0x0c, 0x02, 0x01, 0x01, 0x65, 0x07, 0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00,
    };

    g_assert_cmpint (parse (overlong, sizeof overlong, FALSE, &info), ==, PORTOLAN_ANSWER_MATCHED);
    g_assert_cmpuint (info->facts->len, ==, 0);
    g_clear_pointer (&info, portolan_service_info_free);
  }

  /* 10,000 SEQUENCEs one in another where a value should be: read as
   * bytes of an unknown shape, with no recursion */
  g_byte_array_append (deep, head, sizeof head);
  g_byte_array_append (deep, (const guint8 *) "\x04\x00\x30\x84\x00\x00\x00\x00", 8);
  for (guint i = 0; i < 10000; i++)
    g_byte_array_append (deep, (const guint8 *) "\x30\x84\x00\x00\x00\x00", 6);
  for (guint i = 0; i < 10000; i++)
    {
      gsize at = sizeof head + 8 + i * 6;
      gsize size = deep->len - at - 6;

      deep->data[at + 2] = size >> 24, deep->data[at + 3] = size >> 16;
      deep->data[at + 4] = size >> 8, deep->data[at + 5] = size;
    }
  {
    gsize sizes[] = { deep->len - 6, deep->len - 15, deep->len - 23 };
    gsize offsets[] = { 2, 11, 19 };

    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
      {
        deep->data[offsets[i]] = sizes[i] >> 24, deep->data[offsets[i] + 1] = sizes[i] >> 16;
        deep->data[offsets[i] + 2] = sizes[i] >> 8, deep->data[offsets[i] + 3] = sizes[i];
      }
  }
  g_assert_cmpint (parse (deep->data, deep->len, TRUE, &info), ==, PORTOLAN_ANSWER_MATCHED);
  g_assert_cmpuint (info->facts->len, ==, 0);
  g_clear_pointer (&info, portolan_service_info_free);

  /* A negative result code is no code */
  g_assert_cmpint (parse ((const guint8 *) "\x30\x0c\x02\x01\x01\x65\x07\x0a\x01\xff\x04\x00\x04\x00", 14,
                          FALSE, &info), ==, PORTOLAN_ANSWER_MATCHED);
  g_assert_null (portolan_service_info_lookup (info, "error"));
  g_clear_pointer (&info, portolan_service_info_free);

  /* After a whole entry, junk does not unmake the server; the facts stay */
  {
    g_autoptr(GByteArray) junk = g_byte_array_new ();

    g_byte_array_append (junk, slapd_root_dse, 2 + slapd_root_dse[1]);
    g_byte_array_append (junk, (const guint8 *) "HTTP/1.1", 8);
    g_assert_cmpint (parse (junk->data, junk->len, FALSE, &info), ==, PORTOLAN_ANSWER_MATCHED);
    g_assert_cmpstr (portolan_service_info_lookup (info, "naming_contexts"), ==, PORTOLAN_TEST_LDAP_SUFFIX);
  }
}

/* A value with a NUL, controls and bad UTF-8 makes a fact that is safe to show */
static void
test_values_are_tamed (void)
{
  g_autoptr(PortolanServiceInfo) info = NULL;
  static const guint8 entry[] = {
    0x30, 0x24, 0x02, 0x01, 0x01, 0x64, 0x1f, 0x04, 0x00, 0x30, 0x1b,
    0x30, 0x19, 0x04, 0x0b, 'd', 'n', 's', 'H', 'o', 's', 't', 'N', 'a', 'm', 'e',
    0x31, 0x0a, 0x04, 0x08, 'd', 'c', '\x1b', '[', '2', 'J', '\xff', '1',
    0x30, 0x0c, 0x02, 0x01, 0x01, 0x65, 0x07, 0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00,
  };
  const char *host;

  g_assert_cmpint (parse (entry, sizeof entry, FALSE, &info), ==, PORTOLAN_ANSWER_MATCHED);
  host = portolan_service_info_lookup (info, "dns_host_name");
  g_assert_nonnull (host);
  g_assert_true (g_utf8_validate (host, -1, NULL));
  g_assert_null (strchr (host, '\x1b'));
}

/* --- The real server --- */

static PortolanTestDaemon *
start_slapd (void)
{
  g_autoptr(GError) error = NULL;
  PortolanTestDaemon *daemon;

  if (portolan_test_daemon_skip_if_missing (private_network_error))
    return NULL;
  daemon = portolan_test_daemon_start (PORTOLAN_TEST_SLAPD, NULL, 0, &error);
  if (portolan_test_daemon_skip_if_missing (error))
    return NULL;
  g_assert_no_error (error);

  return daemon;
}

/* Sends @request as the check would, and reads until the parser has made
 * up its mind, the server closed, or it was silent for ANSWER_TIMEOUT_MS */
static PortolanAnswer
ask (PortolanTestDaemon   *daemon,
     const guint8         *request,
     gsize                 length,
     PortolanServiceInfo **info)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GByteArray) answer = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  PortolanAnswer verdict = PORTOLAN_ANSWER_NEED_MORE;
  guint8 buffer[4096];

  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_set_timeout (client, portolan_test_scale_ms (ANSWER_TIMEOUT_MS) / 1000);
  connection = g_socket_client_connect_to_host (client, portolan_test_daemon_get_address (daemon),
                                                portolan_test_daemon_get_port (daemon), NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), request, length,
                             NULL, NULL, &error);
  g_assert_no_error (error);

  *info = NULL;
  while (verdict == PORTOLAN_ANSWER_NEED_MORE)
    {
      gsize room = PORTOLAN_ANSWER_MAX_BYTES - answer->len;
      gssize got = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)), buffer,
                                        MIN (sizeof buffer, room), NULL, &error);

      if (got < 0 && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        g_assert_no_error (error);
      if (got > 0)
        g_byte_array_append (answer, buffer, got);

      g_clear_pointer (info, portolan_service_info_free);
      verdict = parse (answer->data, answer->len, got <= 0 || answer->len == PORTOLAN_ANSWER_MAX_BYTES, info);
    }
  g_test_message ("%u bytes of answer", answer->len);

  return verdict;
}

/* The daemon's log comes to say @text, within LOG_TIMEOUT_MS: slapd
 * writes it as it answers, not before */
static void
assert_logs (PortolanTestDaemon *daemon,
             const char         *text)
{
  gint64 end = g_get_monotonic_time () + portolan_test_scale_us (LOG_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND);
  g_autofree char *logs = NULL;

  do
    {
      g_free (logs);
      logs = portolan_test_daemon_dup_logs (daemon);
      if (strstr (logs, text) != NULL)
        return;
      g_usleep (20 * 1000);
    }
  while (g_get_monotonic_time () < end);

  g_error ("the logs never said \"%s\":\n%s", text, logs);
}

static void
test_real_slapd (void)
{
  g_autoptr(PortolanTestDaemon) daemon = start_slapd ();
  g_autoptr(PortolanServiceInfo) info = NULL;
  g_autoptr(GBytes) request = _portolan_ldap_build_request ();
  g_autofree char *logs = NULL;

  if (daemon == NULL)
    return;

  g_assert_cmpint (ask (daemon, g_bytes_get_data (request, NULL), g_bytes_get_size (request), &info), ==,
                   PORTOLAN_ANSWER_MATCHED);
  g_assert_cmpstr (info->answered, ==, "ldap");
  g_assert_cmpstr (info->version, ==, "3");
  g_assert_cmpstr (portolan_service_info_lookup (info, "ldap_versions"), ==, "3");
  g_assert_cmpstr (portolan_service_info_lookup (info, "naming_contexts"), ==, PORTOLAN_TEST_LDAP_SUFFIX);
  g_assert_null (portolan_service_info_lookup (info, "error"));

  /* What slapd logs of it: one routine search of the rootDSE, a success */
  assert_logs (daemon, "SRCH base=\"\" scope=0 deref=0 filter=\"(objectClass=*)\"");
  assert_logs (daemon, "SRCH attr=supportedLDAPVersion vendorName namingContexts defaultNamingContext dnsHostName");
  assert_logs (daemon, "SEARCH RESULT tag=101 err=0");
  logs = portolan_test_daemon_dup_logs (daemon);
  g_assert_null (strstr (logs, "BIND"));
}

static void
test_real_slapd_notice (void)
{
  g_autoptr(PortolanTestDaemon) daemon = start_slapd ();
  g_autoptr(PortolanServiceInfo) info = NULL;

  if (daemon == NULL)
    return;

  g_assert_cmpint (ask (daemon, empty_search, sizeof empty_search, &info), ==, PORTOLAN_ANSWER_MATCHED);
  g_assert_cmpstr (portolan_service_info_lookup (info, "error"), ==, "2 (protocolError): decoding error");
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  /* Before anything starts a thread: unshare () moves only this one */
  portolan_test_private_network (&private_network_error);

  g_test_add_func ("/ldap/request", test_request);
  g_test_add_func ("/ldap/answer/slapd", test_slapd);
  g_test_add_func ("/ldap/answer/active-directory", test_active_directory);
  g_test_add_func ("/ldap/answer/notice-of-disconnection", test_notice_of_disconnection);
  g_test_add_func ("/ldap/answer/done-alone", test_done_alone);
  g_test_add_func ("/ldap/answer/entry-without-done", test_entry_without_done);
  g_test_add_func ("/ldap/answer/attribute-names", test_attribute_names);
  g_test_add_func ("/ldap/answer/values-are-tamed", test_values_are_tamed);
  g_test_add_func ("/ldap/wrong-protocol", test_wrong_protocol);
  g_test_add_func ("/ldap/hostile", test_hostile);
  g_test_add_func ("/ldap/slapd", test_real_slapd);
  g_test_add_func ("/ldap/slapd/notice", test_real_slapd_notice);

  status = g_test_run ();
  g_clear_error (&private_network_error);

  return status;
}
