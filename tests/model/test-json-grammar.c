/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "piecework-engine.h"
#include "pw-json-test.h"

/* Random documents from a grammar that holds RFC 8259 and what json-glib
 * 1.6 reads beyond it: comments, single-quoted strings, names without
 * quotes, trailing commas, NaN and Infinity, hexadecimal and octal numbers,
 * raw controls in strings, bytes that are not UTF-8, duplicate names and
 * deep nesting. The generator knows whether it left the strict grammar, so
 * each document has an expected verdict:
 *
 * - strict and at most PW_JSON_MAX_DEPTH deep: accepted;
 * - strict and deeper: refused as too large;
 * - not strict: refused as invalid (or too large, if deep).
 *
 * What is accepted must survive being written and read again, and a shallow
 * one must read the same as json-glib reads it. Mutated documents check
 * only that nothing crashes and that what is accepted round-trips. The seed
 * is GLib's test seed: run with --seed to repeat a failure. */

#define N_DOCUMENTS 4000
#define N_MUTANTS   4000
#define SHALLOW     16

typedef struct
{
  GString *out;
  gboolean strict;        /* only RFC 8259 was written */
  gboolean extensions;    /* json-glib's extensions may be written */
  gboolean like_glib;     /* json-glib reads the same values */
  guint    depth;
  guint    deepest;
} Writer;

static gboolean
chance (int percent)
{
  return g_test_rand_int_range (0, 100) < percent;
}

static void
leave_strict (Writer *w)
{
  w->strict = FALSE;
}

static void
write_space (Writer *w)
{
  static const char *const spaces[] = { "", "", "", " ", "\n", "\t", "\r\n", "  " };

  g_string_append (w->out, spaces[g_test_rand_int_range (0, G_N_ELEMENTS (spaces))]);
  if (w->extensions && chance (3))
    {
      /* Brackets and quotes in a comment hide nothing from a parser that
       * refuses comments. */
      if (chance (50))
        g_string_append (w->out, "/* ]]}}\"' */");
      else
        g_string_append (w->out, "// [[{\"\n");
      leave_strict (w);
    }
}

/* The body of a string; quote is the one that ends it. */
static void
write_string_body (Writer *w,
                   char    quote,
                   gboolean as_name)
{
  static const char *const pieces[] = {
    "a", "Z", " ", "0", "[", "]", "{", "}", ",", ":", "'", "/*", "#x",
    "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t",
    "\\u00e9", "\\u20AC", "\\uffff", "\\u0001", "\\u001f", "\\ud834\\udd1e", "\\uDBFF\\uDFFF",
    "é", "€", "\xf0\x9d\x84\x9e", "\xef\xbf\xbf", "\xf4\x8f\xbf\xbf", "\x7f",
  };
  guint n = (guint) g_test_rand_int_range (0, 6);

  for (guint i = 0; i < n; i++)
    {
      const char *piece = pieces[g_test_rand_int_range (0, G_N_ELEMENTS (pieces))];

      /* A name's "#" would break the uniqueness suffix. */
      if (as_name && piece[0] == '#')
        piece = "x";
      if (quote == '\'' && piece[0] == '\'')
        piece = "\\\"";
      g_string_append (w->out, piece);
    }

  if (w->extensions && chance (2))
    {
      static const char *const bad[] = {
        "\t", "\x01", "\xc0\xaf", "\xed\xa0\x80", "\xff", "\xe2\x82", "\\ud800", "\\udc00x",
        "\\x41", "\\'", "\\u12G4", "\\u0000", "\\a",
      };

      g_string_append (w->out, bad[g_test_rand_int_range (0, G_N_ELEMENTS (bad))]);
      leave_strict (w);
    }
}

static void
write_string (Writer   *w,
              gboolean  as_name,
              guint     index)
{
  char quote = '"';

  if (w->extensions && chance (3))
    {
      quote = '\'';
      leave_strict (w);
    }
  g_string_append_c (w->out, quote);
  write_string_body (w, quote, as_name);
  if (as_name)
    g_string_append_printf (w->out, "#%u", index);
  g_string_append_c (w->out, quote);
}

static void
write_number (Writer *w)
{
  static const char *const strict[] = {
    "0", "-0", "1", "-1", "42", "9223372036854775807", "-9223372036854775808",
    "0.5", "-0.0", "1e5", "1E+2", "2.5e-3", "-7.25E10", "1e308", "5e-324", "123456.789",
    "0.1", "100000.0", "1.7976931348623157e308",
  };
  static const char *const wider[] = {
    "9223372036854775808", "-9223372036854775809", "99999999999999999999",
  };
  static const char *const loose[] = {
    "0x1F", "017", ".5", "5.", "+1", "NaN", "Infinity", "-Infinity", "1e", "--1", "1.5e400",
    "0.", "1e+", "00",
  };

  if (w->extensions && chance (4))
    {
      g_string_append (w->out, loose[g_test_rand_int_range (0, G_N_ELEMENTS (loose))]);
      leave_strict (w);
    }
  else if (chance (3))
    {
      /* Strict JSON that json-glib reads as a wrapped integer. */
      g_string_append (w->out, wider[g_test_rand_int_range (0, G_N_ELEMENTS (wider))]);
      w->like_glib = FALSE;
    }
  else if (chance (40))
    g_string_append (w->out, strict[g_test_rand_int_range (0, G_N_ELEMENTS (strict))]);
  else if (chance (50))
    g_string_append_printf (w->out, "%" G_GINT64_FORMAT,
                            (gint64) g_test_rand_int () * g_test_rand_int_range (-100000, 100000));
  else
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (buffer, sizeof buffer, chance (50) ? "%.17g" : "%.3e",
                       g_test_rand_double_range (-1e6, 1e6));
      /* "%g" writes integral doubles without a point: still valid. */
      g_string_append (w->out, buffer);
    }
}

static void write_value (Writer *w);

static void
write_container (Writer   *w,
                 gboolean  object)
{
  guint n = (guint) g_test_rand_int_range (0, 6);
  gsize name_start = 0;
  gsize name_end = 0;

  w->depth++;
  w->deepest = MAX (w->deepest, w->depth);
  g_string_append_c (w->out, object ? '{' : '[');
  for (guint i = 0; i < n; i++)
    {
      write_space (w);
      if (object)
        {
          if (w->extensions && chance (3))
            {
              g_string_append_printf (w->out, "name%u", i);
              leave_strict (w);
            }
          else if (w->extensions && i > 0 && chance (2))
            {
              g_autofree char *before = g_strndup (w->out->str + name_start,
                                                   name_end - name_start);

              /* The name before this one, again. */
              g_string_append (w->out, before);
              leave_strict (w);
            }
          else
            {
              name_start = w->out->len;
              if (chance (20))
                g_string_append_printf (w->out, "\"x#%u\"", i);
              else
                write_string (w, TRUE, i);
              name_end = w->out->len;
            }
          write_space (w);
          g_string_append_c (w->out, ':');
          write_space (w);
        }
      write_value (w);
      write_space (w);
      if (i + 1 < n)
        g_string_append_c (w->out, ',');
    }
  if (w->extensions && chance (4))
    {
      g_string_append_c (w->out, ',');
      leave_strict (w);
    }
  g_string_append_c (w->out, object ? '}' : ']');
  w->depth--;
}

static void
write_value (Writer *w)
{
  int kind = g_test_rand_int_range (0, 100);

  if (w->depth < 6 && kind < 35)
    write_container (w, kind < 15);
  else if (kind < 55)
    write_string (w, FALSE, 0);
  else if (kind < 80)
    write_number (w);
  else if (kind < 87)
    g_string_append (w->out, "true");
  else if (kind < 94)
    g_string_append (w->out, "false");
  else
    g_string_append (w->out, "null");
}

/* A small value under a long chain of arrays and objects, with the tricks
 * that once hid the depth from a bracket count. */
static void
write_deep (Writer *w)
{
  guint levels = (guint) g_test_rand_int_range (PW_JSON_MAX_DEPTH - 4, 3 * PW_JSON_MAX_DEPTH);
  g_autoptr (GArray) objects = g_array_new (FALSE, FALSE, sizeof (gboolean));

  for (guint i = 0; i < levels; i++)
    {
      gboolean object = chance (30);

      g_array_append_val (objects, object);
      g_string_append (w->out, object ? "{\"k\":" : "[");
      if (w->extensions && chance (2))
        {
          g_string_append (w->out, chance (50) ? "/*]]]]}}*/" : "'\"',");
          leave_strict (w);
        }
    }
  w->deepest = MAX (w->deepest, levels);
  w->depth = levels;
  write_value (w);
  w->depth = 0;
  for (guint i = levels; i > 0; i--)
    g_string_append_c (w->out, g_array_index (objects, gboolean, i - 1) ? '}' : ']');
}

static void
write_document (Writer   *w,
                gboolean  extensions)
{
  w->out = g_string_new (NULL);
  w->strict = TRUE;
  w->like_glib = TRUE;
  w->extensions = extensions;
  w->depth = 0;
  w->deepest = 0;

  if (chance (3))
    g_string_append (w->out, "\xef\xbb\xbf");
  write_space (w);
  if (chance (5))
    write_deep (w);
  else
    write_value (w);
  write_space (w);
  if (extensions && chance (2))
    {
      g_string_append (w->out, chance (50) ? "," : " 1");
      leave_strict (w);
    }
}

static void
fail_on (const GString *text,
         const char    *why)
{
  g_autofree char *shown = g_strescape (text->str, NULL);

  g_error ("%s: %.2000s", why, shown);
}

static void
check_round_trip (JsonNode      *node,
                  const GString *text)
{
  g_autofree char *why = NULL;

  if (!pw_json_test_round_trip (node, chance (50), &why))
    {
      g_test_message ("%s", why);
      fail_on (text, "what was accepted does not round-trip");
    }
}

static void
test_grammar_documents (void)
{
  guint counts[3] = { 0, };

  for (guint n = 0; n < N_DOCUMENTS; n++)
    {
      Writer w = { 0 };
      g_autoptr (GString) text = NULL;
      g_autoptr (JsonNode) node = NULL;
      g_autoptr (GError) error = NULL;

      write_document (&w, n % 2 == 1);
      text = w.out;
      node = pw_json_parse (text->str, text->len, "generated.json", &error);

      if (w.strict && w.deepest <= PW_JSON_MAX_DEPTH)
        {
          if (node == NULL)
            {
              g_test_message ("%s", error->message);
              fail_on (text, "strict JSON was refused");
            }
          g_assert_cmpuint (pw_json_test_depth (node), ==, w.deepest);
          check_round_trip (node, text);
          counts[0]++;

          if (w.deepest <= SHALLOW)
            {
              g_autoptr (JsonNode) theirs = pw_json_test_glib_parse (text->str, text->len);

              if (theirs == NULL)
                fail_on (text, "json-glib refused strict JSON");
              if (!pw_json_test_same_tree (node, theirs, !w.like_glib))
                fail_on (text, "json-glib reads strict JSON differently");
            }
        }
      else
        {
          if (node != NULL)
            fail_on (text, "JSON outside RFC 8259 or too deep was accepted");
          g_assert_nonnull (error);
          g_assert_true (error->domain == PW_ERROR);
          if (w.strict)
            g_assert_error (error, PW_ERROR, PW_ERROR_TOO_LARGE);
          else
            g_assert_true (error->code == PW_ERROR_INVALID_DATA
                           || error->code == PW_ERROR_TOO_LARGE);
          g_assert_nonnull (strstr (error->message, "generated.json"));
          counts[w.strict ? 1 : 2]++;
        }
    }

  g_test_message ("%u accepted, %u refused as too deep, %u refused as not strict",
                  counts[0], counts[1], counts[2]);
  /* The generator must reach every verdict, or it tests less than it says. */
  g_assert_cmpuint (counts[0], >, N_DOCUMENTS / 4);
  g_assert_cmpuint (counts[1], >, 0);
  g_assert_cmpuint (counts[2], >, N_DOCUMENTS / 8);
}

static void
mutate (GString *text)
{
  static const char interesting[] = "[]{}\",:\\/'*0123456789eE.+-ntfu \n\x00\x80\xc3\xff";
  guint n = (guint) g_test_rand_int_range (1, 5);

  for (guint i = 0; i < n && text->len > 0; i++)
    {
      gsize at = (gsize) g_test_rand_int_range (0, (gint32) text->len);
      char c = interesting[g_test_rand_int_range (0, sizeof interesting - 1)];

      switch (g_test_rand_int_range (0, 4))
        {
        case 0:
          text->str[at] = c;
          break;
        case 1:
          g_string_insert_c (text, (gssize) at, c);
          break;
        case 2:
          g_string_erase (text, (gssize) at, 1);
          break;
        default:
          {
            gsize length = MIN (text->len - at, (gsize) g_test_rand_int_range (1, 16));
            g_autofree char *chunk = g_strndup (text->str + at, length);

            g_string_insert_len (text, (gssize) at, chunk, (gssize) length);
          }
          break;
        }
    }
}

static void
test_grammar_mutants (void)
{
  guint accepted = 0;

  for (guint n = 0; n < N_MUTANTS; n++)
    {
      Writer w = { 0 };
      g_autoptr (GString) text = NULL;
      g_autoptr (JsonNode) node = NULL;
      g_autoptr (GError) error = NULL;

      write_document (&w, n % 4 == 3);
      text = w.out;
      mutate (text);
      node = pw_json_parse (text->str, text->len, "mutant.json", &error);
      if (node == NULL)
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == PW_ERROR);
          g_assert_true (error->code == PW_ERROR_INVALID_DATA || error->code == PW_ERROR_TOO_LARGE);
          continue;
        }

      accepted++;
      g_assert_cmpuint (pw_json_test_depth (node), <=, PW_JSON_MAX_DEPTH);
      check_round_trip (node, text);

      /* Strict JSON is a subset of what json-glib reads. */
      if (pw_json_test_depth (node) <= SHALLOW)
        {
          g_autoptr (JsonNode) theirs = pw_json_test_glib_parse (text->str, text->len);

          if (theirs == NULL)
            fail_on (text, "json-glib refused what was accepted");
          if (!pw_json_test_same_tree (node, theirs, TRUE))
            fail_on (text, "json-glib reads what was accepted differently");
        }
    }

  g_test_message ("%u of %u mutants accepted", accepted, N_MUTANTS);
  g_assert_cmpuint (accepted, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-grammar/documents", test_grammar_documents);
  g_test_add_func ("/json-grammar/mutants", test_grammar_mutants);

  return g_test_run ();
}
