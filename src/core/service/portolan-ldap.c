/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-ldap.c: the LDAP check, an anonymous search of the rootDSE
 *
 * Every LDAP server, Active Directory too, answers a base search of the
 * empty DN without a bind: the rootDSE says which LDAP versions it
 * speaks, its naming contexts and, for AD, the domain and the host name.
 * The answer is BER (RFC 4511, section 5.1): definite lengths only, in at
 * most four bytes. The parser walks a fixed shape, message, entry,
 * attribute list, attribute, values, and never recurses; every length is
 * checked against the element that holds it before anything is read.
 */
#include "config.h"

#include <string.h>

#include "portolan-protocols-private.h"

/* The BER tags of an answer */
#define TAG_INTEGER      0x02
#define TAG_OCTET_STRING 0x04
#define TAG_ENUMERATED   0x0a
#define TAG_SEQUENCE     0x30
#define TAG_SET          0x31
#define OP_SEARCH_ENTRY  0x64 /* [APPLICATION 4] */
#define OP_SEARCH_DONE   0x65 /* [APPLICATION 5] */
#define OP_SEARCH_REF    0x73 /* [APPLICATION 19] */
#define OP_EXTENDED      0x78 /* [APPLICATION 24] */
#define OP_INTERMEDIATE  0x79 /* [APPLICATION 25] */

#define SEARCH_ID 1

/* Message 1: SearchRequest for the rootDSE, nothing asked but to read */
static const guint8 root_dse_search[] = {
  0x30, 0x7a,                         /* LDAPMessage */
  0x02, 0x01, SEARCH_ID,              /*   messageID */
  0x63, 0x75,                         /*   [APPLICATION 3] SearchRequest */
  0x04, 0x00,                         /*     baseObject "" */
  0x0a, 0x01, 0x00,                   /*     scope baseObject */
  0x0a, 0x01, 0x00,                   /*     derefAliases neverDerefAliases */
  0x02, 0x01, 0x00,                   /*     sizeLimit none */
  0x02, 0x01, 0x00,                   /*     timeLimit none */
  0x01, 0x01, 0x00,                   /*     typesOnly FALSE */
  0x87, 0x0b,                         /*     filter: [7] present */
  'o', 'b', 'j', 'e', 'c', 't', 'C', 'l', 'a', 's', 's',
  0x30, 0x55,                         /*     attributes */
  0x04, 0x14,
  's', 'u', 'p', 'p', 'o', 'r', 't', 'e', 'd', 'L', 'D', 'A', 'P', 'V', 'e', 'r', 's', 'i', 'o', 'n',
  0x04, 0x0a,
  'v', 'e', 'n', 'd', 'o', 'r', 'N', 'a', 'm', 'e',
  0x04, 0x0e,
  'n', 'a', 'm', 'i', 'n', 'g', 'C', 'o', 'n', 't', 'e', 'x', 't', 's',
  0x04, 0x14,
  'd', 'e', 'f', 'a', 'u', 'l', 't', 'N', 'a', 'm', 'i', 'n', 'g', 'C', 'o', 'n', 't', 'e', 'x', 't',
  0x04, 0x0b,
  'd', 'n', 's', 'H', 'o', 's', 't', 'N', 'a', 'm', 'e',
};

/* The attributes asked for, in the order of the request, and their facts */
static const struct
{
  const char *attribute;
  const char *fact;
} attributes[] = {
  { "supportedLDAPVersion", "ldap_versions" },
  { "vendorName", "vendor" },
  { "namingContexts", "naming_contexts" },
  { "defaultNamingContext", "default_naming_context" },
  { "dnsHostName", "dns_host_name" },
};

#define N_ATTRIBUTES G_N_ELEMENTS (attributes)
#define VERSIONS     0 /* attributes[VERSIONS] is supportedLDAPVersion */

/* RFC 4511, section 4.1.9, and the codes of RFC 4511's companions */
static const struct
{
  guint       code;
  const char *name;
} result_codes[] = {
  { 1, "operationsError" }, { 2, "protocolError" }, { 3, "timeLimitExceeded" },
  { 4, "sizeLimitExceeded" }, { 7, "authMethodNotSupported" }, { 8, "strongerAuthRequired" },
  { 10, "referral" }, { 11, "adminLimitExceeded" }, { 12, "unavailableCriticalExtension" },
  { 13, "confidentialityRequired" }, { 14, "saslBindInProgress" }, { 16, "noSuchAttribute" },
  { 17, "undefinedAttributeType" }, { 18, "inappropriateMatching" }, { 19, "constraintViolation" },
  { 20, "attributeOrValueExists" }, { 21, "invalidAttributeSyntax" }, { 32, "noSuchObject" },
  { 33, "aliasProblem" }, { 34, "invalidDNSyntax" }, { 36, "aliasDereferencingProblem" },
  { 48, "inappropriateAuthentication" }, { 49, "invalidCredentials" },
  { 50, "insufficientAccessRights" }, { 51, "busy" }, { 52, "unavailable" },
  { 53, "unwillingToPerform" }, { 54, "loopDetect" }, { 64, "namingViolation" },
  { 65, "objectClassViolation" }, { 66, "notAllowedOnNonLeaf" }, { 67, "notAllowedOnRDN" },
  { 68, "entryAlreadyExists" }, { 69, "objectClassModsProhibited" }, { 71, "affectsMultipleDSAs" },
  { 80, "other" },
};

typedef enum
{
  BER_OK,
  BER_SHORT, /* the element goes on past what arrived */
  BER_BAD,   /* no BER, or longer than what holds it */
} BerRead;

/* The head of one LDAPMessage */
typedef struct
{
  gsize   end;       /* where it ends, which may be past what arrived */
  guint32 id;
  guint8  op;
  gsize   op_start;  /* the protocolOp's content */
  gsize   op_end;
} Message;

/* What the answer said, kept until the verdict is MATCHED */
typedef struct
{
  GString      *values[N_ATTRIBUTES];
  guint         highest_version;
  gboolean      has_result;
  guint32       result_code;
  const guint8 *diagnostic;
  gsize         diagnostic_length;
} Reply;

GBytes *
_portolan_ldap_build_request (void)
{
  return g_bytes_new_static (root_dse_search, sizeof root_dse_search);
}

/* Reads the tag and length of the element at *@at, which must be
 * @expected (0: any) and end by @end; @length bytes arrived. On BER_OK
 * *@at is where its content starts. */
static BerRead
read_element (const guint8 *data,
              gsize         length,
              gsize         end,
              gsize        *at,
              guint8        expected,
              guint8       *tag,
              gsize        *size)
{
  gsize p = *at;
  guint64 value = 0;

  if (p >= end)
    return BER_BAD;
  if (p >= length)
    return BER_SHORT;
  /* Tags above 30 take more bytes; no LDAP message has one */
  if ((data[p] & 0x1f) == 0x1f || (expected != 0 && data[p] != expected))
    return BER_BAD;
  *tag = data[p++];

  if (p >= end)
    return BER_BAD;
  if (p >= length)
    return BER_SHORT;
  if (data[p] < 0x80)
    value = data[p++];
  else
    {
      guint n = data[p++] & 0x7f;

      /* 0x80 is the indefinite form, which LDAP forbids; more than four
       * bytes would be gigabytes */
      if (n == 0 || n > 4 || n > end - p)
        return BER_BAD;
      for (; n > 0; n--)
        {
          if (p >= length)
            return BER_SHORT;
          value = value << 8 | data[p++];
        }
    }

  if (value > end - p)
    return BER_BAD;

  *at = p;
  *size = value;
  return BER_OK;
}

/* A non-negative INTEGER or ENUMERATED of at most four bytes */
static BerRead
read_number (const guint8 *data,
             gsize         length,
             gsize         end,
             gsize        *at,
             guint8        expected,
             guint32      *number)
{
  guint8 tag;
  gsize size;
  BerRead read = read_element (data, length, end, at, expected, &tag, &size);

  if (read != BER_OK)
    return read;
  if (size == 0 || size > 4)
    return BER_BAD;
  if (*at >= length)
    return BER_SHORT;
  if (data[*at] & 0x80)
    return BER_BAD;

  *number = 0;
  for (gsize i = 0; i < size; i++)
    {
      if (*at >= length)
        return BER_SHORT;
      *number = *number << 8 | data[(*at)++];
    }

  return BER_OK;
}

/* What a server may send in answer to message 1 */
static gboolean
is_answer (guint32 id,
           guint8  op)
{
  /* Message 0 is unsolicited: the server hangs up, and says why */
  if (id == 0)
    return op == OP_EXTENDED;

  return id == SEARCH_ID &&
         (op == OP_SEARCH_ENTRY || op == OP_SEARCH_DONE || op == OP_SEARCH_REF || op == OP_INTERMEDIATE);
}

/* LDAPMessage ::= SEQUENCE { messageID, protocolOp, controls OPTIONAL },
 * read as far as the bytes that arrived allow */
static BerRead
read_message (const guint8 *data,
              gsize         length,
              gsize         at,
              Message      *message)
{
  guint8 tag;
  gsize size;
  BerRead read = read_element (data, length, G_MAXSIZE, &at, TAG_SEQUENCE, &tag, &size);

  if (read != BER_OK)
    return read;
  message->end = at + size;

  read = read_number (data, length, message->end, &at, TAG_INTEGER, &message->id);
  if (read != BER_OK)
    return read;

  /* The operation's tag says it before its length has come */
  if (at < length && !is_answer (message->id, data[at]))
    return BER_BAD;
  read = read_element (data, length, message->end, &at, 0, &message->op, &size);
  if (read != BER_OK)
    return read;

  message->op_start = at;
  message->op_end = at + size;
  return BER_OK;
}

/* Adds one value of an attribute to @joined, ", " between values */
static void
append_value (GString      *joined,
              const guint8 *value,
              gsize         length)
{
  if (joined->len > 0)
    g_string_append (joined, ", ");
  g_string_append_len (joined, (const char *) value, length);
}

/* "3": a version number as it is written, and no more than that */
static guint
parse_version (const guint8 *value,
               gsize         length)
{
  guint version = 0;

  if (length == 0 || length > 3)
    return 0;
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (value[i]))
        return 0;
      version = version * 10 + (value[i] - '0');
    }

  return version;
}

static int
find_attribute (const guint8 *type,
                gsize         length)
{
  for (guint i = 0; i < N_ATTRIBUTES; i++)
    if (strlen (attributes[i].attribute) == length &&
        g_ascii_strncasecmp (attributes[i].attribute, (const char *) type, length) == 0)
      return i;

  return -1;
}

/* vals SET OF AttributeValue */
static gboolean
read_values (const guint8 *data,
             gsize         at,
             gsize         end,
             int           attribute,
             Reply        *reply)
{
  while (at < end)
    {
      guint8 tag;
      gsize size;

      if (read_element (data, end, end, &at, TAG_OCTET_STRING, &tag, &size) != BER_OK)
        return FALSE;

      if (attribute >= 0)
        {
          if (reply->values[attribute] == NULL)
            reply->values[attribute] = g_string_new (NULL);
          append_value (reply->values[attribute], data + at, size);
          if (attribute == VERSIONS)
            reply->highest_version = MAX (reply->highest_version, parse_version (data + at, size));
        }
      at += size;
    }

  return TRUE;
}

/* SearchResultEntry ::= [APPLICATION 4] SEQUENCE { objectName,
 * attributes SEQUENCE OF SEQUENCE { type, vals SET OF value } }. What is
 * read before a fault is kept: the server is LDAP, however sloppy. */
static void
read_entry (const guint8 *data,
            gsize         at,
            gsize         end,
            Reply        *reply)
{
  guint8 tag;
  gsize size, list_end;

  if (read_element (data, end, end, &at, TAG_OCTET_STRING, &tag, &size) != BER_OK)
    return;
  at += size;
  if (read_element (data, end, end, &at, TAG_SEQUENCE, &tag, &size) != BER_OK)
    return;
  list_end = at + size;

  while (at < list_end)
    {
      gsize attribute_end;
      int attribute;

      if (read_element (data, list_end, list_end, &at, TAG_SEQUENCE, &tag, &size) != BER_OK)
        return;
      attribute_end = at + size;

      if (read_element (data, attribute_end, attribute_end, &at, TAG_OCTET_STRING, &tag, &size) != BER_OK)
        return;
      attribute = find_attribute (data + at, size);
      at += size;

      if (read_element (data, attribute_end, attribute_end, &at, TAG_SET, &tag, &size) != BER_OK ||
          !read_values (data, at, at + size, attribute, reply))
        return;
      at = attribute_end;
    }
}

/* LDAPResult ::= SEQUENCE { resultCode, matchedDN, diagnosticMessage, … },
 * the content of SearchResultDone and of an ExtendedResponse */
static void
read_result (const guint8 *data,
             gsize         at,
             gsize         end,
             Reply        *reply)
{
  guint8 tag;
  gsize size;
  guint32 code;

  if (read_number (data, end, end, &at, TAG_ENUMERATED, &code) != BER_OK)
    return;
  reply->has_result = TRUE;
  reply->result_code = code;

  if (read_element (data, end, end, &at, TAG_OCTET_STRING, &tag, &size) != BER_OK)
    return;
  at += size;
  if (read_element (data, end, end, &at, TAG_OCTET_STRING, &tag, &size) != BER_OK)
    return;
  reply->diagnostic = data + at;
  reply->diagnostic_length = size;
}

/* "32 (noSuchObject): 0000208D: NameErr: …" */
static char *
describe_result (const Reply *reply)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "%u", reply->result_code);
  for (guint i = 0; i < G_N_ELEMENTS (result_codes); i++)
    if (result_codes[i].code == reply->result_code)
      g_string_append_printf (text, " (%s)", result_codes[i].name);

  if (reply->diagnostic_length > 0)
    {
      g_string_append (text, ": ");
      g_string_append_len (text, (const char *) reply->diagnostic, reply->diagnostic_length);
    }

  return g_string_free (text, FALSE);
}

static void
fill_info (const Reply         *reply,
           PortolanServiceInfo *info)
{
  portolan_service_info_set_answered (info, "ldap");

  if (reply->highest_version > 0)
    {
      g_autofree char *version = g_strdup_printf ("%u", reply->highest_version);

      portolan_service_info_set_version (info, version);
    }

  for (guint i = 0; i < N_ATTRIBUTES; i++)
    if (reply->values[i] != NULL)
      portolan_service_info_add_fact_bytes (info, attributes[i].fact, (const guint8 *) reply->values[i]->str,
                                            reply->values[i]->len);

  /* Success needs no word; anything else is why the server said no */
  if (reply->has_result && reply->result_code != 0)
    {
      g_autofree char *error = describe_result (reply);

      portolan_service_info_add_fact (info, "error", error);
    }
}

/* Walks the messages that came, in order: entries are kept until the
 * search is done, which matches, as does a server that hangs up with a
 * notice. Once one whole message has been an answer, what follows cannot
 * make the server anything but LDAP. */
static PortolanAnswer
read_answer (const guint8 *data,
             gsize         length,
             gboolean      complete,
             Reply        *reply)
{
  gboolean answered = FALSE;
  gboolean has_entry = FALSE;
  gsize at = 0;

  while (at < length)
    {
      Message message;
      BerRead read = read_message (data, length, at, &message);

      if (read == BER_BAD)
        return answered ? PORTOLAN_ANSWER_MATCHED : PORTOLAN_ANSWER_MISMATCH;
      if (read == BER_SHORT)
        break;
      /* Its head is an answer's: enough to name the server, should no
       * more come */
      if (message.end > length)
        return complete ? PORTOLAN_ANSWER_MATCHED : PORTOLAN_ANSWER_NEED_MORE;

      switch (message.op)
        {
        case OP_SEARCH_ENTRY:
          /* The rootDSE is one entry; any other is not asked for */
          if (!has_entry)
            read_entry (data, message.op_start, message.op_end, reply);
          has_entry = TRUE;
          break;

        case OP_SEARCH_DONE:
        case OP_EXTENDED:
          read_result (data, message.op_start, message.op_end, reply);
          return PORTOLAN_ANSWER_MATCHED;

        default:
          break;
        }

      answered = TRUE;
      at = message.end;
    }

  if (!complete)
    return PORTOLAN_ANSWER_NEED_MORE;

  return answered ? PORTOLAN_ANSWER_MATCHED : PORTOLAN_ANSWER_MISMATCH;
}

PortolanAnswer
_portolan_ldap_parse (const guint8        *data,
                      gsize                length,
                      gboolean             complete,
                      PortolanServiceInfo *info)
{
  Reply reply = { 0 };
  PortolanAnswer answer = read_answer (data, length, complete, &reply);

  if (answer == PORTOLAN_ANSWER_MATCHED)
    fill_info (&reply, info);

  for (guint i = 0; i < N_ATTRIBUTES; i++)
    if (reply.values[i] != NULL)
      g_string_free (reply.values[i], TRUE);

  return answer;
}
