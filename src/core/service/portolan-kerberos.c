/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-kerberos.c: an AS-REQ with no client name, and the KRB-ERROR that answers it
 *
 * RFC 4120. The request names no client and carries no pre-authentication,
 * so no account is looked up, let alone locked: every KDC has to refuse
 * it, and its KRB-ERROR proves a KDC answered, names a realm and, in its
 * stime, gives the KDC's clock, which Kerberos needs within 5 minutes of
 * ours. MIT krb5kdc 1.20 logs it as "NULL_CLIENT: <unknown client> for
 * <unknown server>" and answers error 6 with e-text "NULL_CLIENT", over
 * TCP and UDP alike; its realm is the request's, even one the KDC does
 * not serve, so the realm proves nothing the check did not already say.
 * Heimdal (and Samba) answer KRB_ERR_GENERIC "No client in request".
 *
 * Everything read comes from the network: every DER length is checked
 * against what arrived, tags are one byte (every Kerberos message's are),
 * and nothing nests deeper than a PrincipalName, so nothing recurses.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "portolan-protocols-private.h"

/* DER tags: universal, and constructed [APPLICATION n] and [n] */
#define TAG_INTEGER           0x02
#define TAG_BIT_STRING        0x03
#define TAG_OCTET_STRING      0x04
#define TAG_SEQUENCE          0x30
#define TAG_GENERALIZED_TIME  0x18
#define TAG_GENERAL_STRING    0x1b
#define TAG_APPLICATION(n)    (0x60 | (n))
#define TAG_CONTEXT(n)        (0xa0 | (n))

#define TAG_AS_REQ            TAG_APPLICATION (10)
#define TAG_AS_REP            TAG_APPLICATION (11)
#define TAG_KRB_ERROR         TAG_APPLICATION (30)
#define TAG_TICKET            TAG_APPLICATION (1)

#define KERBEROS_PVNO         5
#define MSG_TYPE_AS_REQ       10
#define MSG_TYPE_AS_REP       11
#define MSG_TYPE_KRB_ERROR    30
#define NT_SRV_INST           2

/* Over TCP the record must fit, with its 4-byte length, in what is read */
#define MAX_RECORD            (PORTOLAN_ANSWER_MAX_BYTES - 4)
/* The default clock skew of MIT, Heimdal and Active Directory */
#define MAX_SKEW_S            300
/* KerberosTime: YYYYMMDDHHMMSSZ, never fractions (RFC 4120 5.2.3) */
#define KERBEROS_TIME_LENGTH  15

/* --- The request --- */

/* Appends a DER length in its shortest form */
static void
append_length (GByteArray *out,
               gsize       length)
{
  guint8 bytes[1 + sizeof (guint32)];
  guint n = 0;

  g_assert (length <= G_MAXUINT32);
  if (length < 0x80)
    {
      bytes[0] = length;
      g_byte_array_append (out, bytes, 1);
      return;
    }

  for (gsize rest = length; rest > 0; rest >>= 8)
    n++;
  bytes[0] = 0x80 | n;
  for (guint i = 0; i < n; i++)
    bytes[1 + i] = length >> (8 * (n - 1 - i));
  g_byte_array_append (out, bytes, 1 + n);
}

static void
append_tlv (GByteArray   *out,
            guint8        tag,
            const guint8 *content,
            gsize         length)
{
  g_byte_array_append (out, &tag, 1);
  append_length (out, length);
  g_byte_array_append (out, content, length);
}

/* [n] EXPLICIT around a TLV of @tag */
static void
append_explicit (GByteArray   *out,
                 guint         n,
                 guint8        tag,
                 const guint8 *content,
                 gsize         length)
{
  g_autoptr(GByteArray) inner = g_byte_array_sized_new (length + 6);

  append_tlv (inner, tag, content, length);
  append_tlv (out, TAG_CONTEXT (n), inner->data, inner->len);
}

/* The shortest two's complement of @value, as DER wants an INTEGER */
static void
append_explicit_integer (GByteArray *out,
                         guint       n,
                         gint64      value)
{
  guint8 bytes[sizeof (gint64)];
  guint start = 0;

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint64) value >> (8 * (sizeof bytes - 1 - i));
  /* A leading byte may go while the next one's top bit keeps the sign */
  while (start < sizeof bytes - 1 &&
         ((bytes[start] == 0x00 && (bytes[start + 1] & 0x80) == 0) ||
          (bytes[start] == 0xff && (bytes[start + 1] & 0x80) != 0)))
    start++;

  append_explicit (out, n, TAG_INTEGER, bytes + start, sizeof bytes - start);
}

static void
append_explicit_string (GByteArray *out,
                        guint       n,
                        guint8      tag,
                        const char *text)
{
  append_explicit (out, n, tag, (const guint8 *) text, strlen (text));
}

/* PrincipalName: name-type [0], name-string [1] SEQUENCE OF KerberosString */
static void
append_explicit_principal (GByteArray        *out,
                           guint              n,
                           gint32             type,
                           const char * const *components)
{
  g_autoptr(GByteArray) strings = g_byte_array_new ();
  g_autoptr(GByteArray) fields = g_byte_array_new ();

  for (guint i = 0; components[i] != NULL; i++)
    append_tlv (strings, TAG_GENERAL_STRING, (const guint8 *) components[i], strlen (components[i]));

  append_explicit_integer (fields, 0, type);
  append_explicit (fields, 1, TAG_SEQUENCE, strings->data, strings->len);
  append_explicit (out, n, TAG_SEQUENCE, fields->data, fields->len);
}

/* A day after @now_us, as KerberosTime; the epoch when the clock is out
 * of GDateTime's range, which every KDC reads as "no end" */
static char *
format_till (gint64 now_us)
{
  g_autoptr(GDateTime) till = g_date_time_new_from_unix_utc (now_us / G_USEC_PER_SEC + 24 * 60 * 60);

  if (till == NULL || g_date_time_get_year (till) > 9999)
    return g_strdup ("19700101000000Z");

  return g_strdup_printf ("%04d%02d%02d%02d%02d%02dZ",
                          g_date_time_get_year (till), g_date_time_get_month (till),
                          g_date_time_get_day_of_month (till), g_date_time_get_hour (till),
                          g_date_time_get_minute (till), g_date_time_get_second (till));
}

/* KDC-REQ-BODY with no cname. The server is krbtgt/@realm, the one
 * principal every realm has, MIT's, Heimdal's and Active Directory's
 * alike, so that the only thing a KDC can object to is the missing
 * client, and no KDC can give a ticket to nobody: it answers with a
 * KRB-ERROR (MIT error 6, Heimdal and so Samba's AD error 60; Windows'
 * own code is not known here, any KRB-ERROR will do). A server name it
 * needs all the same: Heimdal refuses a request without one before it
 * looks at the client. The rest is what kinit sends, so the log line
 * stays routine. */
static GByteArray *
build_body (const char *realm,
            guint32     nonce,
            gint64      now_us)
{
  static const guint8 no_options[] = { 0x00, 0x00, 0x00, 0x00, 0x00 };  /* no unused bits, 32 zeros */
  static const gint32 etypes[] = { 18, 17, 23 };  /* aes256-cts, aes128-cts, rc4-hmac */
  const char * const sname[] = { "krbtgt", realm, NULL };
  g_autofree char *till = format_till (now_us);
  g_autoptr(GByteArray) etype_list = g_byte_array_new ();
  GByteArray *fields = g_byte_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (etypes); i++)
    {
      guint8 etype = etypes[i];

      append_tlv (etype_list, TAG_INTEGER, &etype, 1);
    }

  append_explicit (fields, 0, TAG_BIT_STRING, no_options, sizeof no_options);
  append_explicit_string (fields, 2, TAG_GENERAL_STRING, realm);
  append_explicit_principal (fields, 3, NT_SRV_INST, sname);
  append_explicit_string (fields, 5, TAG_GENERALIZED_TIME, till);
  /* MIT's clients keep the nonce below 2^31 too: some KDCs read it as
   * signed, and a KRB-ERROR does not repeat it anyway */
  append_explicit_integer (fields, 7, nonce & 0x7fffffff);
  append_explicit (fields, 8, TAG_SEQUENCE, etype_list->data, etype_list->len);

  return fields;
}

GBytes *
_portolan_kerberos_build_request (const char *realm,
                                  gboolean    over_tcp,
                                  guint32     nonce,
                                  gint64      now_us)
{
  g_autoptr(GByteArray) body = NULL;
  g_autoptr(GByteArray) fields = g_byte_array_new ();
  g_autoptr(GByteArray) request = g_byte_array_new ();
  g_autoptr(GByteArray) message = g_byte_array_new ();
  GByteArray *framed;

  g_return_val_if_fail (realm != NULL && *realm != '\0', NULL);

  body = build_body (realm, nonce, now_us);
  append_explicit_integer (fields, 1, KERBEROS_PVNO);
  append_explicit_integer (fields, 2, MSG_TYPE_AS_REQ);
  append_explicit (fields, 4, TAG_SEQUENCE, body->data, body->len);
  append_tlv (request, TAG_SEQUENCE, fields->data, fields->len);
  append_tlv (message, TAG_AS_REQ, request->data, request->len);

  /* RFC 4120 7.2.2: over TCP, the length as 4 bytes in network order */
  framed = g_byte_array_sized_new (4 + message->len);
  if (over_tcp)
    {
      guint8 prefix[4] = { message->len >> 24, message->len >> 16, message->len >> 8, message->len };

      g_byte_array_append (framed, prefix, sizeof prefix);
    }
  g_byte_array_append (framed, message->data, message->len);

  return g_byte_array_free_to_bytes (framed);
}

/* --- Reading DER --- */

typedef struct
{
  const guint8 *data;
  gsize         length;
} Der;

/* One element of a SEQUENCE: [n] EXPLICIT around one TLV */
typedef struct
{
  gboolean present;
  guint8   tag;     /* of the TLV inside */
  Der      value;   /* its content */
} Field;

/* Takes the next TLV off @der. FALSE when it is malformed or runs past
 * the end: a definite length of at most 3 bytes, as nothing here is
 * longer than 64 KiB. */
static gboolean
der_next (Der    *der,
          guint8 *tag,
          Der    *content)
{
  gsize header = 2, length;

  if (der->length < 2)
    return FALSE;

  length = der->data[1];
  if (length >= 0x80)
    {
      guint n = length & 0x7f;

      if (n == 0 || n > 3 || der->length < 2 + n)
        return FALSE;
      length = 0;
      for (guint i = 0; i < n; i++)
        length = length << 8 | der->data[2 + i];
      header += n;
    }
  if (length > der->length - header)
    return FALSE;

  *tag = der->data[0];
  content->data = der->data + header;
  content->length = length;
  der->data += header + length;
  der->length -= header + length;
  return TRUE;
}

/* @der is exactly one TLV of @tag; its content in @content */
static gboolean
der_single (Der     der,
            guint8  tag,
            Der    *content)
{
  guint8 found;

  return der_next (&der, &found, content) && found == tag && der.length == 0;
}

/* The elements of a SEQUENCE, [0] to [n_fields - 1], in that order and
 * each once; later ones, which no message here has, are skipped */
static gboolean
split_fields (Der    sequence,
              Field *fields,
              guint  n_fields)
{
  guint next = 0;

  memset (fields, 0, n_fields * sizeof *fields);
  while (sequence.length > 0)
    {
      guint8 tag;
      Der wrapper, inner;
      guint number;

      if (!der_next (&sequence, &tag, &wrapper) || (tag & 0xe0) != TAG_CONTEXT (0))
        return FALSE;

      number = tag & 0x1f;
      if (number == 0x1f || number < next)
        return FALSE;
      next = number + 1;

      if (!der_next (&wrapper, &tag, &inner) || wrapper.length > 0)
        return FALSE;
      if (number < n_fields)
        fields[number] = (Field) { TRUE, tag, inner };
    }

  return TRUE;
}

/* An INTEGER of at most 5 bytes: an Int32, or a UInt32 with its 0x00 */
static gboolean
field_integer (const Field *field,
               gint64      *value)
{
  if (!field->present || field->tag != TAG_INTEGER || field->value.length == 0 || field->value.length > 5)
    return FALSE;

  *value = (gint8) field->value.data[0];
  for (gsize i = 1; i < field->value.length; i++)
    *value = *value * 256 + field->value.data[i];
  return TRUE;
}

static gboolean
field_is_integer (const Field *field,
                  gint64       expected)
{
  gint64 value;

  return field_integer (field, &value) && value == expected;
}

/* Whether an OPTIONAL field is absent or of @tag */
static gboolean
field_optional (const Field *field,
                guint8       tag)
{
  return !field->present || field->tag == tag;
}

/* A KerberosString as text; the service info caps and cleans it */
static char *
field_string (const Field *field)
{
  if (!field->present || field->tag != TAG_GENERAL_STRING)
    return NULL;

  return g_strndup ((const char *) field->value.data, field->value.length);
}

/* PrincipalName: name-type [0] Int32, name-string [1] SEQUENCE OF KerberosString */
static gboolean
field_is_principal (const Field *field)
{
  Field parts[2];
  Der strings;
  gint64 type;

  if (!field->present || field->tag != TAG_SEQUENCE ||
      !split_fields (field->value, parts, G_N_ELEMENTS (parts)) ||
      !field_integer (&parts[0], &type) || !parts[1].present || parts[1].tag != TAG_SEQUENCE)
    return FALSE;

  strings = parts[1].value;
  while (strings.length > 0)
    {
      guint8 tag;
      Der component;

      if (!der_next (&strings, &tag, &component) || tag != TAG_GENERAL_STRING)
        return FALSE;
    }

  return TRUE;
}

/* KerberosTime as seconds since the epoch */
static gboolean
field_time (const Field *field,
            gint64      *seconds)
{
  const guint8 *text = field->value.data;
  g_autoptr(GDateTime) date = NULL;
  int parts[6];
  static const guint8 widths[6] = { 4, 2, 2, 2, 2, 2 };
  guint at = 0;

  if (!field->present || field->tag != TAG_GENERALIZED_TIME ||
      field->value.length != KERBEROS_TIME_LENGTH || text[KERBEROS_TIME_LENGTH - 1] != 'Z')
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      parts[i] = 0;
      for (guint j = 0; j < widths[i]; j++, at++)
        {
          if (!g_ascii_isdigit (text[at]))
            return FALSE;
          parts[i] = parts[i] * 10 + (text[at] - '0');
        }
    }

  /* NULL for a month 13 or a 31 November: no clock says that */
  date = g_date_time_new_utc (parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
  if (date == NULL)
    return FALSE;

  *seconds = g_date_time_to_unix (date);
  return TRUE;
}

/* --- Framing --- */

/* Where the message that starts @data ends: NEED_MORE until its DER
 * header is in, MATCHED once all of it is, with its size in @size as
 * soon as the header says it. MISMATCH when it is no message that
 * answers an AS-REQ, or is longer than @limit. */
static PortolanAnswer
frame_message (const guint8 *data,
               gsize         length,
               gsize         limit,
               gsize        *size)
{
  gsize header, content = 0;

  *size = 0;
  if (length == 0)
    return PORTOLAN_ANSWER_NEED_MORE;
  if (data[0] != TAG_KRB_ERROR && data[0] != TAG_AS_REP)
    return PORTOLAN_ANSWER_MISMATCH;
  if (length < 2)
    return PORTOLAN_ANSWER_NEED_MORE;

  /* Indefinite lengths are not DER; over 3 bytes is over 64 KiB */
  header = data[1] < 0x80 ? 2 : 2 + (data[1] & 0x7f);
  if (data[1] == 0x80 || header > 5)
    return PORTOLAN_ANSWER_MISMATCH;
  if (length < header)
    return PORTOLAN_ANSWER_NEED_MORE;

  if (data[1] < 0x80)
    content = data[1];
  for (gsize i = 2; i < header; i++)
    content = content << 8 | data[i];

  *size = header + content;
  if (*size > limit)
    return PORTOLAN_ANSWER_MISMATCH;

  return length >= *size ? PORTOLAN_ANSWER_MATCHED : PORTOLAN_ANSWER_NEED_MORE;
}

/* RFC 4120 7.2.2: a 4-byte length, its top bit reserved, then exactly
 * one message of that length. Even the first bytes rule out most other
 * protocols: "HTTP", "SSH-" or a TLS record would claim a gigabyte. */
static PortolanAnswer
frame_tcp (const guint8 *data,
           gsize         length,
           gsize        *size)
{
  guint32 record = 0;
  gsize message;
  PortolanAnswer framed;

  for (guint i = 0; i < 4; i++)
    record = record << 8 | (i < length ? data[i] : 0);
  /* The smallest the length can yet turn out to be is already too big */
  if (record > MAX_RECORD)
    return PORTOLAN_ANSWER_MISMATCH;
  if (length < 4)
    return PORTOLAN_ANSWER_NEED_MORE;

  *size = record;
  framed = frame_message (data + 4, MIN (length - 4, record), record, &message);
  if (framed == PORTOLAN_ANSWER_MISMATCH || (message > 0 && message != record))
    return PORTOLAN_ANSWER_MISMATCH;
  if (length - 4 >= record && framed != PORTOLAN_ANSWER_MATCHED)
    return PORTOLAN_ANSWER_MISMATCH;

  return framed;
}

/* --- The answer --- */

/* The usual error codes of RFC 4120 7.5.9 and RFC 6806 */
static const struct
{
  gint32      code;
  const char *name;
} error_names[] = {
  { 3, "KDC_ERR_BAD_PVNO" },
  { 6, "KDC_ERR_C_PRINCIPAL_UNKNOWN" },
  { 7, "KDC_ERR_S_PRINCIPAL_UNKNOWN" },
  { 8, "KDC_ERR_PRINCIPAL_NOT_UNIQUE" },
  { 12, "KDC_ERR_POLICY" },
  { 13, "KDC_ERR_BADOPTION" },
  { 14, "KDC_ERR_ETYPE_NOSUPP" },
  { 16, "KDC_ERR_PADATA_TYPE_NOSUPP" },
  { 18, "KDC_ERR_CLIENT_REVOKED" },
  { 23, "KDC_ERR_KEY_EXPIRED" },
  { 24, "KDC_ERR_PREAUTH_FAILED" },
  { 25, "KDC_ERR_PREAUTH_REQUIRED" },
  { 29, "KDC_ERR_SVC_UNAVAILABLE" },
  { 37, "KRB_AP_ERR_SKEW" },
  { 52, "KRB_ERR_RESPONSE_TOO_BIG" },
  { 60, "KRB_ERR_GENERIC" },
  { 61, "KRB_ERR_FIELD_TOOLONG" },
  { 68, "KDC_ERR_WRONG_REALM" },
};

static char *
describe_error (gint64 code)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_names); i++)
    if (error_names[i].code == code)
      return g_strdup_printf ("%" G_GINT64_FORMAT " %s", code, error_names[i].name);

  return g_strdup_printf ("%" G_GINT64_FORMAT, code);
}

/* A rough span for a person: minutes, hours or days */
static char *
describe_span (gint64 seconds)
{
  guint64 minutes = (seconds + 30) / 60;
  guint64 hours = (seconds + 30 * 60) / (60 * 60);
  guint64 days = (seconds + 12 * 60 * 60) / (24 * 60 * 60);

  if (hours < 2)
    {
      /* Never "5 minutes" for what is beyond 5 minutes */
      minutes = MAX (minutes, MAX_SKEW_S / 60 + 1);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", minutes), (guint) minutes);
    }
  if (days < 2)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hour", "%u hours", hours), (guint) hours);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day", "%u days", days), (guint) MIN (days, G_MAXUINT));
}

/* The KDC's clock against ours: the fact, and a warning past the skew */
static void
add_clock (PortolanServiceInfo *info,
           gint64               stime,
           gint64               susec,
           gint64               now_us)
{
  g_autoptr(GDateTime) kdc_time = g_date_time_new_from_unix_utc (stime);
  g_autofree char *iso = g_date_time_format (kdc_time, "%Y-%m-%dT%H:%M:%SZ");
  gint64 offset_us = stime * G_USEC_PER_SEC + susec - now_us;
  /* Rounded to the nearest second, halves away from zero */
  gint64 offset = (offset_us + (offset_us < 0 ? -1 : 1) * G_USEC_PER_SEC / 2) / G_USEC_PER_SEC;
  g_autofree char *text = g_strdup_printf ("%+" G_GINT64_FORMAT " s", offset);
  g_autofree char *span = NULL;
  g_autofree char *warning = NULL;

  portolan_service_info_add_fact (info, "kdc_time", iso);
  portolan_service_info_add_fact (info, "clock_offset", text);
  if (ABS (offset) <= MAX_SKEW_S)
    return;

  span = describe_span (ABS (offset));
  if (offset > 0)
    /* Translators: %s is a span, "7 minutes" */
    warning = g_strdup_printf (_("the KDC's clock is %s ahead of this computer's; "
                                 "Kerberos refuses logins beyond 5 minutes"), span);
  else
    /* Translators: %s is a span, "7 minutes" */
    warning = g_strdup_printf (_("the KDC's clock is %s behind this computer's; "
                                 "Kerberos refuses logins beyond 5 minutes"), span);
  portolan_service_info_set_warning (info, warning);
}

/* KRB-ERROR (RFC 4120 5.9.1): pvno [0], msg-type [1], ctime [2] and
 * cusec [3] optional, stime [4], susec [5], error-code [6], crealm [7]
 * and cname [8] optional, realm [9], sname [10], e-text [11] and
 * e-data [12] optional */
static gboolean
parse_error (Der                  sequence,
             gint64               now_us,
             PortolanServiceInfo *info)
{
  Field fields[13];
  gint64 stime, susec, code;
  g_autofree char *realm = NULL;
  g_autofree char *error = NULL;

  if (!split_fields (sequence, fields, G_N_ELEMENTS (fields)) ||
      !field_is_integer (&fields[0], KERBEROS_PVNO) || !field_is_integer (&fields[1], MSG_TYPE_KRB_ERROR) ||
      !field_optional (&fields[2], TAG_GENERALIZED_TIME) || !field_optional (&fields[3], TAG_INTEGER) ||
      !field_time (&fields[4], &stime) ||
      !field_integer (&fields[5], &susec) || susec < 0 || susec > 999999 ||
      !field_integer (&fields[6], &code) || code < G_MININT32 || code > G_MAXINT32 ||
      !field_optional (&fields[7], TAG_GENERAL_STRING) ||
      (fields[8].present && !field_is_principal (&fields[8])) ||
      (realm = field_string (&fields[9])) == NULL || !field_is_principal (&fields[10]) ||
      !field_optional (&fields[11], TAG_GENERAL_STRING) || !field_optional (&fields[12], TAG_OCTET_STRING))
    return FALSE;

  error = describe_error (code);
  portolan_service_info_set_answered (info, "kerberos");
  portolan_service_info_add_fact (info, "realm", realm);
  portolan_service_info_add_fact (info, "error", error);
  add_clock (info, stime, susec, now_us);
  return TRUE;
}

/* AS-REP (RFC 4120 5.4.2): pvno [0], msg-type [1], padata [2] optional,
 * crealm [3], cname [4], ticket [5], enc-part [6]. No KDC gives one for
 * no client; should one, it is still the KDC, and crealm its realm. */
static gboolean
parse_reply (Der                  sequence,
             PortolanServiceInfo *info)
{
  Field fields[7];
  g_autofree char *realm = NULL;

  if (!split_fields (sequence, fields, G_N_ELEMENTS (fields)) ||
      !field_is_integer (&fields[0], KERBEROS_PVNO) || !field_is_integer (&fields[1], MSG_TYPE_AS_REP) ||
      !field_optional (&fields[2], TAG_SEQUENCE) || (realm = field_string (&fields[3])) == NULL ||
      !field_is_principal (&fields[4]) || !fields[5].present || fields[5].tag != TAG_TICKET ||
      !fields[6].present || fields[6].tag != TAG_SEQUENCE)
    return FALSE;

  portolan_service_info_set_answered (info, "kerberos");
  portolan_service_info_add_fact (info, "realm", realm);
  return TRUE;
}

/* @data is exactly one message, as framed */
static gboolean
parse_message (const guint8        *data,
               gsize                length,
               gint64               now_us,
               PortolanServiceInfo *info)
{
  Der message = { data, length }, sequence;
  guint8 tag = data[0];

  if (!der_single (message, tag, &message) || !der_single (message, TAG_SEQUENCE, &sequence))
    return FALSE;

  return tag == TAG_KRB_ERROR ? parse_error (sequence, now_us, info) : parse_reply (sequence, info);
}

/* Over UDP the datagram is the message; over TCP the record is. Bytes
 * after it are never read, so they cannot change what it said. */
PortolanAnswer
_portolan_kerberos_parse (const guint8        *data,
                          gsize                length,
                          gboolean             complete,
                          gboolean             over_tcp,
                          gint64               now_us,
                          PortolanServiceInfo *info)
{
  gsize size = 0, header = over_tcp ? 4 : 0;
  PortolanAnswer framed = over_tcp ? frame_tcp (data, length, &size)
                                   : frame_message (data, length, PORTOLAN_ANSWER_MAX_BYTES, &size);

  if (framed == PORTOLAN_ANSWER_NEED_MORE)
    return complete ? PORTOLAN_ANSWER_MISMATCH : PORTOLAN_ANSWER_NEED_MORE;
  if (framed == PORTOLAN_ANSWER_MISMATCH)
    return PORTOLAN_ANSWER_MISMATCH;

  return parse_message (data + header, size, now_us, info) ? PORTOLAN_ANSWER_MATCHED : PORTOLAN_ANSWER_MISMATCH;
}
