/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <string.h>

#include "pw-name-order.h"

/**
 * PwNameOrder:
 *
 * Compares names of files as g_utf8_collate_key_for_filename() orders
 * their display names, the order file managers show. Making that key
 * for each of a hundred thousand names costs more than listing the
 * folder, so most pairs are compared without it.
 *
 * The key is a concatenation of pieces: each run of text between dots
 * and digits collated for the locale, each dot a fixed sentinel, each
 * run of digits a sentinel, a colon for every significant digit past
 * the first and the significant digits, then the counts of leading
 * zeros at the end. Two names that agree up to a run of digits have
 * keys that agree up to it, and the digits' pieces decide, with no
 * locale involved; that is the usual case, `img2.jpg` and `img10.jpg`.
 * Every other case, where text differs or the pieces alone do not
 * decide, compares the keys themselves, made once per name and kept
 * for the life of the order (so the names must outlive it).
 */

struct _PwNameOrder
{
  /* Names by address: their keys, made when first needed */
  GHashTable *keys;
  /* Whether the file system's names are UTF-8 as they are shown */
  gboolean    utf8_names;
};

typedef enum
{
  TOKEN_END,
  TOKEN_DOT,
  TOKEN_DIGITS,
  TOKEN_TEXT,
} Token;

/* A run of digits longer than this is compared by its key. */
#define MAX_PIECE 64

/* The replacement character GIO shows for bytes that are not UTF-8. */
#define REPLACEMENT_CHARACTER "\357\277\275"

PwNameOrder *
pw_name_order_new (void)
{
  PwNameOrder *order = g_new0 (PwNameOrder, 1);

  order->keys = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  order->utf8_names = g_get_filename_charsets (NULL);
  return order;
}

void
pw_name_order_free (PwNameOrder *order)
{
  if (order == NULL)
    return;
  g_hash_table_unref (order->keys);
  g_free (order);
}

/* The display name GIO gives a local file of this name. */
static char *
display_name (const char *name)
{
  char *display = g_filename_display_name (name);

  if (strstr (display, REPLACEMENT_CHARACTER) != NULL)
    {
      char *marked = g_strconcat (display, g_dgettext ("glib20", " (invalid encoding)"), NULL);

      g_free (display);
      return marked;
    }
  return display;
}

static const char *
key_of (PwNameOrder *order,
        const char  *name)
{
  char *key = g_hash_table_lookup (order->keys, name);

  if (key == NULL)
    {
      g_autofree char *display = display_name (name);

      key = g_utf8_collate_key_for_filename (display, -1);
      g_hash_table_insert (order->keys, (gpointer) name, key);
    }
  return key;
}

static int
compare_keys (PwNameOrder *order,
              const char  *a,
              const char  *b)
{
  return strcmp (key_of (order, a), key_of (order, b));
}

/* Whether the name is its own display name. */
static gboolean
shown_as_is (PwNameOrder *order,
             const char  *name)
{
  return order->utf8_names && g_utf8_validate (name, -1, NULL)
         && strstr (name, REPLACEMENT_CHARACTER) == NULL;
}

static Token
next_token (const char  *p,
            const char **end)
{
  const char *q = p;

  if (*p == '\0')
    {
      *end = p;
      return TOKEN_END;
    }
  if (*p == '.')
    {
      *end = p + 1;
      return TOKEN_DOT;
    }
  if (g_ascii_isdigit (*p))
    {
      while (g_ascii_isdigit (*q))
        q++;
      *end = q;
      return TOKEN_DIGITS;
    }
  while (*q != '\0' && *q != '.' && !g_ascii_isdigit (*q))
    q++;
  *end = q;
  return TOKEN_TEXT;
}

/* What the key holds for the run of digits from @start to @end after its
 * sentinel: a colon for each significant digit past the first, then the
 * significant digits. A run of zeros counts as one digit, unless it ends
 * the name. Returns the length, or -1 when the run is too long. */
static int
digits_piece (const char *start,
              const char *end,
              char        piece[MAX_PIECE])
{
  int leading_zeros = 0, digits = 0, length = 0;

  if (end - start >= MAX_PIECE / 2)
    return -1;
  for (const char *p = start; p < end; p++)
    {
      if (*p == '0' && digits == 0)
        leading_zeros++;
      else
        digits++;
    }
  if (digits == 0 && *end != '\0')
    {
      digits = 1;
      leading_zeros--;
    }
  for (int i = 1; i < digits; i++)
    piece[length++] = ':';
  for (const char *p = start + leading_zeros; p < end; p++)
    piece[length++] = *p;
  return length;
}

/**
 * pw_name_order_compare:
 * @order: a #PwNameOrder
 * @a: a file's name, as the file system gives it
 * @b: another
 *
 * Returns: < 0 when @a comes before @b, > 0 after, 0 when their keys are
 *   the same
 */
int
pw_name_order_compare (PwNameOrder *order,
                       const char  *a,
                       const char  *b)
{
  const char *pa = a, *pb = b;

  if (!shown_as_is (order, a) || !shown_as_is (order, b))
    return compare_keys (order, a, b);

  for (;;)
    {
      const char *end_a, *end_b;
      Token token_a = next_token (pa, &end_a);
      Token token_b = next_token (pb, &end_b);

      if (token_a == TOKEN_DIGITS && token_b == TOKEN_DIGITS)
        {
          char piece_a[MAX_PIECE], piece_b[MAX_PIECE];
          int length_a = digits_piece (pa, end_a, piece_a);
          int length_b = digits_piece (pb, end_b, piece_b);
          int cmp;

          if (length_a < 0 || length_b < 0)
            return compare_keys (order, a, b);
          cmp = memcmp (piece_a, piece_b, MIN (length_a, length_b));
          if (cmp != 0)
            return cmp;
          /* One piece ends where the other goes on: what follows decides. */
          if (length_a != length_b)
            return compare_keys (order, a, b);
        }
      else if (token_a == token_b && end_a - pa == end_b - pb
               && memcmp (pa, pb, end_a - pa) == 0)
        {
          /* The same up to the end: the leading zeros decide. */
          if (token_a == TOKEN_END)
            return compare_keys (order, a, b);
        }
      else if (token_a == TOKEN_DOT && token_b == TOKEN_DIGITS)
        return -1;
      else if (token_a == TOKEN_DIGITS && token_b == TOKEN_DOT)
        return 1;
      else
        return compare_keys (order, a, b);

      pa = end_a;
      pb = end_b;
    }
}
