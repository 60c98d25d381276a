/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <math.h>

#include "pw-error.h"
#include "pw-json.h"

/* JSON reaches the engine from marketplaces, from files other tools wrote
 * and from our own store. It is read here, by a parser that keeps every
 * limit while it reads, and not by json-glib's:
 *
 * - json-glib 1.6 descends recursively with no limit, so a deep document
 *   overflows the stack. A depth check on the raw bytes beforehand cannot
 *   protect it, because its scanner also reads comments, single-quoted
 *   strings, hexadecimal numbers and more: a check that misses one of them
 *   lets a document through that then crashes the parser.
 * - It decodes some escapes into bytes that are not UTF-8.
 * - A parsed tree costs many times its text, so what a document may cost
 *   is counted while its tree is built, and a document over the budget is
 *   refused before it costs more.
 *
 * The grammar is RFC 8259's, strictly, with these choices:
 * - A UTF-8 byte order mark at the very start is skipped (RFC 8259, 8.1).
 * - Refused: comments, single-quoted strings, names without quotes,
 *   trailing commas, NaN and Infinity, hexadecimal and octal numbers,
 *   leading zeros, "+1", ".5" and "5.", control characters in strings,
 *   bytes that are not UTF-8 and \u escapes of half a surrogate pair.
 * - Refused: \u0000, since a JsonNode string ends at the first NUL and
 *   would silently lose the rest of the text.
 * - Refused: a member name that appears twice in one object. RFC 8259
 *   leaves its meaning open; a marketplace and Piecework must never read
 *   two different values from one answer.
 * - A number with no fraction and no exponent that fits 64 bits is an
 *   integer (G_TYPE_INT64), any other a double (G_TYPE_DOUBLE); one too
 *   large for a double, or longer than MAX_NUMBER_LENGTH, is refused.
 * - The nodes are immutable, as json_parser_new_immutable() makes them.
 *
 * The nesting lives on an explicit stack of at most %PW_JSON_MAX_DEPTH
 * frames, so no input reaches deeper into the C stack than any other. */

/* What json-glib 1.6 allocates for each part of a tree on x86-64 with
 * glibc's malloc, measured over a million nodes of each kind and rounded
 * up. tests/bench/bench-json.c prints what parses really take. */
#define COST_SCALAR  80   /* a JsonNode and its JsonValue */
#define COST_NULL    48
#define COST_STRING  96   /* plus the text */
#define COST_ARRAY   128
#define COST_OBJECT  304  /* the hash table is most of it */
#define COST_ELEMENT 16   /* a slot in an array, with room to grow */
#define COST_MEMBER  112  /* a hash entry, a link in the order, plus the name */

/* Long enough for any double written out in full; strtod on megabytes of
 * digits would be slow for nothing. */
#define MAX_NUMBER_LENGTH 1024

typedef struct
{
  JsonNode *node; /* owned by its parent, or the root */
  gboolean  is_object;
} Frame;

typedef struct
{
  const guchar *data;
  gsize         length;
  gsize         begin; /* after a byte order mark */
  gsize         pos;
  const char   *what;
  gsize         cost;
  GString      *name; /* the member name waiting for its value */
  GString      *text; /* a string or number as it is decoded */
  guint         depth;
  Frame         stack[PW_JSON_MAX_DEPTH];
} Parser;

static gboolean fail (Parser     *p,
                      gsize       at,
                      GError    **error,
                      const char *format,
                      ...) G_GNUC_PRINTF (4, 5);

/* Refuses the document with where it went wrong. Columns count
 * characters, as an editor shows them. */
static gboolean
fail (Parser     *p,
      gsize       at,
      GError    **error,
      const char *format,
      ...)
{
  g_autofree char *reason = NULL;
  guint line = 1;
  guint column = 1;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  for (gsize i = p->begin; i < at && i < p->length; i++)
    {
      if (p->data[i] == '\n')
        {
          line++;
          column = 1;
        }
      else if ((p->data[i] & 0xc0) != 0x80)
        column++;
    }

  g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA,
               _("“%s” is not valid JSON at line %u, column %u: %s"),
               p->what, line, column, reason);
  return FALSE;
}

static gboolean
charge (Parser  *p,
        gsize    cost,
        GError **error)
{
  p->cost += cost;
  if (p->cost <= PW_JSON_MAX_COST)
    return TRUE;

  g_set_error (error, PW_ERROR, PW_ERROR_TOO_LARGE,
               _("“%s” holds more values than Piecework opens at once and was not opened"),
               p->what);
  return FALSE;
}

static inline gboolean
at_end (Parser *p)
{
  return p->pos >= p->length;
}

static inline guchar
peek (Parser *p)
{
  return at_end (p) ? '\0' : p->data[p->pos];
}

static void
skip_space (Parser *p)
{
  while (!at_end (p))
    {
      guchar c = p->data[p->pos];

      if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
        return;
      p->pos++;
    }
}

static gboolean
is_word_char (guchar c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '$';
}

static gsize
word_length (Parser *p,
             gsize   at)
{
  gsize end = at;

  while (end < p->length && is_word_char (p->data[end]))
    end++;
  return end - at;
}

static gboolean
word_is (Parser     *p,
         gsize       at,
         gsize       length,
         const char *word)
{
  return length == strlen (word) && memcmp (p->data + at, word, length) == 0;
}

static gboolean
read_hex4 (Parser   *p,
           gsize     at,
           gunichar *value)
{
  *value = 0;
  if (at + 4 > p->length)
    return FALSE;
  for (gsize i = at; i < at + 4; i++)
    {
      int digit = g_ascii_xdigit_value (p->data[i]);

      if (digit < 0)
        return FALSE;
      *value = *value * 16 + (gunichar) digit;
    }
  return TRUE;
}

/* Reads the string that starts at the current quote into @out. */
static gboolean
read_string (Parser   *p,
             GString  *out,
             GError  **error)
{
  gsize start = p->pos++;

  g_string_truncate (out, 0);
  for (;;)
    {
      gsize run = p->pos;
      gsize escape;
      gunichar c;
      guchar e;

      /* A run of plain text. Inside valid UTF-8 no byte is below 0x80, so
       * the quote, the backslash and the controls end runs at character
       * boundaries. */
      while (!at_end (p) && p->data[p->pos] != '"' && p->data[p->pos] != '\\'
             && p->data[p->pos] >= 0x20)
        p->pos++;
      if (p->pos > run)
        {
          const char *bad;

          if (!g_utf8_validate_len ((const char *) p->data + run, p->pos - run, &bad))
            return fail (p, (gsize) ((const guchar *) bad - p->data), error,
                         _("the text is not valid UTF-8"));
          g_string_append_len (out, (const char *) p->data + run, (gssize) (p->pos - run));
        }

      if (at_end (p))
        return fail (p, start, error, _("a string is not closed"));
      if (p->data[p->pos] == '"')
        {
          p->pos++;
          return TRUE;
        }
      if (p->data[p->pos] < 0x20)
        return fail (p, p->pos, error, _("a control character in a string must be escaped"));

      escape = p->pos;
      if (escape + 1 >= p->length)
        return fail (p, start, error, _("a string is not closed"));
      e = p->data[escape + 1];
      p->pos += 2;
      switch (e)
        {
        case '"':
        case '\\':
        case '/':
          g_string_append_c (out, (char) e);
          continue;
        case 'b':
          g_string_append_c (out, '\b');
          continue;
        case 'f':
          g_string_append_c (out, '\f');
          continue;
        case 'n':
          g_string_append_c (out, '\n');
          continue;
        case 'r':
          g_string_append_c (out, '\r');
          continue;
        case 't':
          g_string_append_c (out, '\t');
          continue;
        case 'u':
          break;
        default:
          return fail (p, escape, error, _("an escape in a string is not valid"));
        }

      if (!read_hex4 (p, p->pos, &c))
        return fail (p, escape, error, _("an escape in a string is not valid"));
      p->pos += 4;

      if (c >= 0xd800 && c <= 0xdbff)
        {
          gunichar low;

          if (p->pos + 2 > p->length || p->data[p->pos] != '\\' || p->data[p->pos + 1] != 'u'
              || !read_hex4 (p, p->pos + 2, &low) || low < 0xdc00 || low > 0xdfff)
            return fail (p, escape, error, _("a \\u escape names half of a character"));
          p->pos += 6;
          c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        }
      else if (c >= 0xdc00 && c <= 0xdfff)
        return fail (p, escape, error, _("a \\u escape names half of a character"));
      else if (c == 0)
        return fail (p, escape, error,
                     _("a string holds the character U+0000, which Piecework cannot keep"));

      g_string_append_unichar (out, c);
    }
}

static gboolean
is_digit (Parser *p)
{
  return !at_end (p) && g_ascii_isdigit (p->data[p->pos]);
}

static JsonNode *
read_number (Parser  *p,
             GError **error)
{
  gsize start = p->pos;
  gboolean integral = TRUE;
  gint64 whole;
  double value;
  char *end;

  if (peek (p) == '-')
    p->pos++;
  if (peek (p) == 'I')
    {
      fail (p, start, error, _("NaN and Infinity are not JSON numbers"));
      return NULL;
    }
  if (!is_digit (p))
    goto malformed;
  if (peek (p) == '0')
    p->pos++;
  else
    while (is_digit (p))
      p->pos++;
  if (peek (p) == '.')
    {
      integral = FALSE;
      p->pos++;
      if (!is_digit (p))
        goto malformed;
      while (is_digit (p))
        p->pos++;
    }
  if (peek (p) == 'e' || peek (p) == 'E')
    {
      integral = FALSE;
      p->pos++;
      if (peek (p) == '+' || peek (p) == '-')
        p->pos++;
      if (!is_digit (p))
        goto malformed;
      while (is_digit (p))
        p->pos++;
    }
  /* "01", "0x1f", "1.2.3": what a number runs into must end it. */
  if (!at_end (p) && (is_word_char (p->data[p->pos]) || p->data[p->pos] == '.'))
    goto malformed;

  if (p->pos - start > MAX_NUMBER_LENGTH)
    {
      fail (p, start, error, _("a number is longer than %d characters"), MAX_NUMBER_LENGTH);
      return NULL;
    }
  if (!charge (p, COST_SCALAR, error))
    return NULL;

  g_string_truncate (p->text, 0);
  g_string_append_len (p->text, (const char *) p->data + start, (gssize) (p->pos - start));

  if (integral)
    {
      errno = 0;
      whole = g_ascii_strtoll (p->text->str, &end, 10);
      if (errno == 0 && *end == '\0')
        return json_node_init_int (json_node_alloc (), whole);
    }

  value = g_ascii_strtod (p->text->str, &end);
  g_assert (*end == '\0');
  if (!isfinite (value))
    {
      fail (p, start, error, _("a number is too large"));
      return NULL;
    }
  return json_node_init_double (json_node_alloc (), value);

malformed:
  fail (p, start, error, _("a number is malformed"));
  return NULL;
}

/* Why the text at @at cannot start what was expected, when it is one of
 * the things other parsers accept. */
static const char *
explain_extension (Parser *p,
                   gsize   at)
{
  guchar c = at < p->length ? p->data[at] : '\0';
  gsize length = word_length (p, at);

  if (c == '/' && at + 1 < p->length && (p->data[at + 1] == '*' || p->data[at + 1] == '/'))
    return _("JSON has no comments");
  if (c == '\'')
    return _("a string must be in double quotes");
  if (word_is (p, at, length, "NaN") || word_is (p, at, length, "Infinity"))
    return _("NaN and Infinity are not JSON numbers");
  if (c == '+' || c == '.')
    return _("a number is malformed");
  return NULL;
}

/* Reads one value. An array or object comes back empty, for the caller to
 * fill. */
static JsonNode *
read_value (Parser   *p,
            gboolean  after_comma,
            GError  **error)
{
  guchar c = peek (p);
  gsize length;
  const char *why;
  JsonNode *node;

  if (at_end (p))
    {
      fail (p, p->pos, error, _("the document ends too early"));
      return NULL;
    }

  switch (c)
    {
    case '[':
    case '{':
      if (p->depth == PW_JSON_MAX_DEPTH)
        {
          g_set_error (error, PW_ERROR, PW_ERROR_TOO_LARGE,
                       _("“%s” is nested deeper than %d levels and was not opened"),
                       p->what, PW_JSON_MAX_DEPTH);
          return NULL;
        }
      if (!charge (p, c == '[' ? COST_ARRAY : COST_OBJECT, error))
        return NULL;
      p->pos++;
      node = json_node_alloc ();
      if (c == '[')
        json_node_take_array (json_node_init (node, JSON_NODE_ARRAY), json_array_new ());
      else
        json_node_take_object (json_node_init (node, JSON_NODE_OBJECT), json_object_new ());
      return node;

    case '"':
      if (!read_string (p, p->text, error) || !charge (p, COST_STRING + p->text->len, error))
        return NULL;
      return json_node_init_string (json_node_alloc (), p->text->str);

    case '-':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      return read_number (p, error);

    case ']':
    case '}':
      if (after_comma)
        {
          fail (p, p->pos, error, _("a comma must be followed by another value"));
          return NULL;
        }
      break;

    default:
      break;
    }

  length = word_length (p, p->pos);
  if (word_is (p, p->pos, length, "true") || word_is (p, p->pos, length, "false"))
    {
      if (!charge (p, COST_SCALAR, error))
        return NULL;
      node = json_node_init_boolean (json_node_alloc (), c == 't');
      p->pos += length;
      return node;
    }
  if (word_is (p, p->pos, length, "null"))
    {
      if (!charge (p, COST_NULL, error))
        return NULL;
      p->pos += length;
      return json_node_init_null (json_node_alloc ());
    }

  why = explain_extension (p, p->pos);
  if (why == NULL && length > 0)
    why = _("a string must be in double quotes");
  fail (p, p->pos, error, "%s", why != NULL ? why : _("expected a value"));
  return NULL;
}

/* Reads a member name and its colon into p->name. */
static gboolean
read_member_name (Parser   *p,
                  gboolean  after_comma,
                  GError  **error)
{
  JsonObject *object = json_node_get_object (p->stack[p->depth - 1].node);
  const char *why;
  gsize at;

  skip_space (p);
  at = p->pos;
  if (peek (p) != '"')
    {
      if (at_end (p))
        return fail (p, at, error, _("the document ends too early"));
      if (after_comma && peek (p) == '}')
        return fail (p, at, error, _("a comma must be followed by another value"));
      why = explain_extension (p, at);
      if (why == NULL || peek (p) == '\'')
        why = _("expected a member name in double quotes");
      return fail (p, at, error, "%s", why);
    }

  if (!read_string (p, p->name, error))
    return FALSE;
  if (json_object_has_member (object, p->name->str))
    {
      g_autofree char *shown = g_utf8_substring (p->name->str, 0, 40);

      return fail (p, at, error, _("the member “%s” appears twice"), shown);
    }

  skip_space (p);
  if (peek (p) != ':')
    return fail (p, p->pos, error, _("expected “:” after a member name"));
  p->pos++;
  return TRUE;
}

/* Hands @node to the open array or object, or makes it the root. */
static void
attach (Parser    *p,
        JsonNode **root,
        JsonNode  *node)
{
  Frame *top;

  if (p->depth == 0)
    {
      *root = node;
      return;
    }

  top = &p->stack[p->depth - 1];
  if (top->is_object)
    json_object_set_member (json_node_get_object (top->node), p->name->str, node);
  else
    json_array_add_element (json_node_get_array (top->node), node);
}

static void
close_container (Parser *p)
{
  /* Members were sealed as they closed, so sealing is not recursive. */
  json_node_seal (p->stack[--p->depth].node);
}

static gboolean
read_document (Parser    *p,
               JsonNode **root,
               GError   **error)
{
  enum { VALUE, MEMBER, NEXT } state = VALUE;
  gboolean after_comma = FALSE;

  for (;;)
    {
      Frame *top = p->depth > 0 ? &p->stack[p->depth - 1] : NULL;
      const char *why;
      JsonNode *node;
      guchar closing;

      switch (state)
        {
        case VALUE:
          if (top != NULL
              && !charge (p, top->is_object ? COST_MEMBER + p->name->len : COST_ELEMENT, error))
            return FALSE;
          skip_space (p);
          node = read_value (p, after_comma, error);
          if (node == NULL)
            return FALSE;
          attach (p, root, node);
          after_comma = FALSE;
          state = NEXT;
          if (JSON_NODE_HOLDS_ARRAY (node) || JSON_NODE_HOLDS_OBJECT (node))
            {
              gboolean is_object = JSON_NODE_HOLDS_OBJECT (node);

              p->stack[p->depth].node = node;
              p->stack[p->depth].is_object = is_object;
              p->depth++;
              skip_space (p);
              if (peek (p) == (is_object ? '}' : ']'))
                {
                  p->pos++;
                  close_container (p);
                }
              else
                state = is_object ? MEMBER : VALUE;
            }
          else
            json_node_seal (node);
          break;

        case MEMBER:
          if (!read_member_name (p, after_comma, error))
            return FALSE;
          after_comma = FALSE;
          state = VALUE;
          break;

        case NEXT:
          skip_space (p);
          if (top == NULL && at_end (p))
            return TRUE;
          if (peek (p) == '/' && (why = explain_extension (p, p->pos)) != NULL)
            return fail (p, p->pos, error, "%s", why);
          if (top == NULL)
            return fail (p, p->pos, error, _("more text follows the end of the document"));
          closing = top->is_object ? '}' : ']';
          if (peek (p) == ',')
            {
              p->pos++;
              after_comma = TRUE;
              state = top->is_object ? MEMBER : VALUE;
            }
          else if (peek (p) == closing)
            {
              p->pos++;
              close_container (p);
            }
          else if (at_end (p))
            return fail (p, p->pos, error, _("the document ends too early"));
          else if (top->is_object)
            return fail (p, p->pos, error, _("expected “,” or “}”"));
          else
            return fail (p, p->pos, error, _("expected “,” or “]”"));
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

/**
 * pw_json_parse:
 * @data: the bytes of a JSON document, not necessarily nul-terminated
 * @length: the length of @data
 * @what: a name for the document in messages, such as its file name
 * @error: return location for a #GError
 *
 * Parses a JSON document strictly by RFC 8259, within the engine's limits:
 * %PW_JSON_MAX_BYTES of text, %PW_JSON_MAX_DEPTH levels of nesting and
 * %PW_JSON_MAX_COST of memory for the tree. Every string in the result is
 * valid UTF-8, every number finite, and every node immutable.
 *
 * Returns: (transfer full): the root node, or %NULL with
 *   %PW_ERROR_TOO_LARGE or %PW_ERROR_INVALID_DATA (which says the line and
 *   column)
 */
JsonNode *
pw_json_parse (const char  *data,
               gsize        length,
               const char  *what,
               GError     **error)
{
  g_autoptr (GString) name = NULL;
  g_autoptr (GString) text = NULL;
  g_autoptr (JsonNode) root = NULL;
  Parser p = { 0 };

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (what != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length > PW_JSON_MAX_BYTES)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_TOO_LARGE,
                   _("“%s” is larger than 32 MiB and was not opened"), what);
      return NULL;
    }

  name = g_string_new (NULL);
  text = g_string_new (NULL);
  p.data = (const guchar *) data;
  p.length = length;
  p.what = what;
  p.name = name;
  p.text = text;
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    p.begin = p.pos = 3;

  skip_space (&p);
  if (at_end (&p))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_INVALID_DATA, _("“%s” is empty"), what);
      return NULL;
    }

  if (!read_document (&p, &root, error))
    return NULL;
  return g_steal_pointer (&root);
}

/**
 * pw_json_load_file:
 * @file: a JSON file
 * @error: return location for a #GError
 *
 * Reads and parses @file with pw_json_parse(), refusing one over
 * %PW_JSON_MAX_BYTES before reading it.
 *
 * Returns: (transfer full): the root node, or %NULL
 */
JsonNode *
pw_json_load_file (GFile   *file,
                   GError **error)
{
  g_autofree char *name = NULL;
  g_autofree char *contents = NULL;
  g_autoptr (GFileInfo) info = NULL;
  g_autoptr (GError) local_error = NULL;
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  name = g_file_get_parse_name (file);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info == NULL)
    {
      g_set_error (error, PW_ERROR,
                   g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
                     ? PW_ERROR_NOT_FOUND : PW_ERROR_IO,
                   _("Could not read “%s”: %s"), name, local_error->message);
      return NULL;
    }

  if (g_file_info_get_size (info) > PW_JSON_MAX_BYTES)
    {
      g_set_error (error, PW_ERROR, PW_ERROR_TOO_LARGE,
                   _("“%s” is larger than 32 MiB and was not opened"), name);
      return NULL;
    }

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &local_error))
    {
      g_set_error (error, PW_ERROR, PW_ERROR_IO,
                   _("Could not read “%s”: %s"), name, local_error->message);
      return NULL;
    }

  return pw_json_parse (contents, length, name, error);
}
