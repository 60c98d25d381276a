/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "piecework-engine.h"

/* What one JSON answer just under PW_JSON_MAX_BYTES (and a smaller one
 * that both parsers read) costs to parse, in memory and processor time:
 * with json-glib's parser, which the engine used before, and with
 * pw_json_parse(), which counts what the tree will cost and refuses a
 * document past PW_JSON_MAX_COST. Four answers may be in flight
 * for each account, so what one may cost bounds what an account holds.
 *
 * Each answer is written to a file, then each parse runs in a process of
 * its own, which reads the file and reports the growth of its peak
 * resident size (getrusage) from before the parse to after it, with the
 * tree still held. The figures are printed, never checked.
 *
 * Usage: bench-json (run by tests/harness)
 *        bench-json --measure glib|piecework FILE */

#define MIB (1024.0 * 1024.0)

typedef struct
{
  const char *name;
  void      (*write) (GString *out, gsize size);
  gsize       size;
} Answer;

/* A claim with prefilled polygons: what a marketplace sends most. */
static void
write_claim (GString *out,
             gsize    size)
{
  g_string_append (out, "{\"claim_id\": \"c-1\", \"tasks\": [");
  for (guint i = 0; out->len < size - 4096; i++)
    {
      g_string_append_printf (out,
                              "%s{\"id\": \"t-%u\", \"project_id\": \"p-cars\", \"kind\": \"image\","
                              " \"pay\": {\"amount\": \"0.04\", \"currency\": \"USD\", \"per\": \"task\"},"
                              " \"media\": {\"url\": \"media/%u.jpg\", \"bytes\": 812345,"
                              " \"sha256\": \"%064x\"},"
                              " \"prefill\": {\"image\": {\"width\": 1920, \"height\": 1280},"
                              " \"shapes\": [{\"id\": \"a1\", \"type\": \"polygon\", \"label\": \"car\","
                              " \"points\": [",
                              i > 0 ? ", " : "", i, i, i);
      for (guint j = 0; j < 24; j++)
        g_string_append_printf (out, "%s[%u.5, %u.25]", j > 0 ? ", " : "",
                                (i * 7 + j * 13) % 1920, (i * 11 + j * 17) % 1280);
      g_string_append (out, "]}]}}");
    }
  g_string_append (out, "]}");
}

/* A statement page of small entries. */
static void
write_statement (GString *out,
                 gsize    size)
{
  g_string_append (out, "{\"entries\": [");
  for (guint i = 0; out->len < size - 1024; i++)
    g_string_append_printf (out,
                            "%s{\"id\": \"e-%u\", \"type\": \"task\", \"task_id\": \"t-%u\","
                            " \"project_id\": \"p-cars\", \"status\": \"approved\", \"amount\": \"0.04\","
                            " \"currency\": \"USD\", \"at\": \"2026-11-29T09:00:00Z\"}",
                            i > 0 ? ", " : "", i, i);
  g_string_append (out, "], \"next\": null}");
}

/* The smallest values: the most nodes a text of this size can hold. */
static void
write_numbers (GString *out,
               gsize    size)
{
  g_string_append_c (out, '[');
  while (out->len < size - 2)
    g_string_append (out, "1,");
  g_string_append (out, "1]");
}

static void
write_objects (GString *out,
               gsize    size)
{
  g_string_append_c (out, '[');
  while (out->len < size - 3)
    g_string_append (out, "{},");
  g_string_append (out, "{}]");
}

/* A labelme file with its image inside: one long string. */
static void
write_labelme (GString *out,
               gsize    size)
{
  static const char base64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  g_string_append (out, "{\"version\": \"5.3.1\", \"flags\": {}, \"shapes\": [],"
                        " \"imagePath\": \"a.jpg\", \"imageData\": \"");
  while (out->len < size - 64)
    g_string_append_c (out, base64[out->len % (sizeof base64 - 1)]);
  g_string_append (out, "\", \"imageHeight\": 100, \"imageWidth\": 200}");
}

static const Answer answers[] = {
  { "claim with polygons", write_claim, PW_JSON_MAX_BYTES - 16 },
  { "claim with polygons", write_claim, 2 * 1024 * 1024 },
  { "statement page", write_statement, PW_JSON_MAX_BYTES - 16 },
  { "[1,1,1,...]", write_numbers, PW_JSON_MAX_BYTES - 16 },
  { "[{},{},...]", write_objects, PW_JSON_MAX_BYTES - 16 },
  { "labelme with image", write_labelme, PW_JSON_MAX_BYTES - 16 },
};

/* The peak resident size in KiB, and the processor time so far in
 * seconds: wall time means little on a shared machine. */
static long
usage_now (double *cpu)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  *cpu = (double) usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6
         + (double) usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
  return usage.ru_maxrss;
}

/* In a process of its own: prints the peak's growth in KiB, the
 * processor time in seconds and what became of the document. */
static int
measure (const char *parser,
         const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonParser) glib_parser = NULL;
  g_autoptr (JsonNode) root = NULL;
  const char *verdict = "parsed";
  gsize length;
  double cpu_before, cpu_after;
  long before, after;

  if (!g_file_get_contents (path, &contents, &length, &error))
    g_error ("%s", error->message);

  before = usage_now (&cpu_before);
  if (g_str_equal (parser, "glib"))
    {
      glib_parser = json_parser_new_immutable ();
      if (!json_parser_load_from_data (glib_parser, contents, (gssize) length, &error))
        verdict = "refused";
    }
  else
    {
      root = pw_json_parse (contents, length, "answer", &error);
      if (root == NULL)
        verdict = g_error_matches (error, PW_ERROR, PW_ERROR_TOO_LARGE) ? "refused as too large"
                                                                         : "refused";
    }
  after = usage_now (&cpu_after);

  printf ("%ld %.3f %s\n", after - before, cpu_after - cpu_before, verdict);
  return 0;
}

static void
run (const char *self,
     const char *parser,
     const char *path,
     gsize       size,
     double     *ratio)
{
  const char *argv[] = { self, "--measure", parser, path, NULL };
  g_autofree char *output = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) fields = NULL;
  char *verdict;
  long kib;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &output, NULL,
                     &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    g_error ("%s", error->message);

  g_strchomp (output);
  fields = g_strsplit (output, " ", 3);
  kib = atol (fields[0]);
  verdict = fields[2];
  *ratio = kib * 1024.0 / (double) size;
  printf ("  %-10s %8.1f MiB  %6.1f× the text  %6.2f s of CPU  %s\n",
          parser, kib / 1024.0, *ratio, g_ascii_strtod (fields[1], NULL), verdict);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autoptr (GError) error = NULL;

  if (argc == 4 && g_str_equal (argv[1], "--measure"))
    return measure (argv[2], argv[3]);

  dir = g_dir_make_tmp ("bench-json-XXXXXX", &error);
  g_assert_no_error (error);

  printf ("Parsing one answer (peak growth of the resident size);\n"
          "pw_json_parse() refuses a tree estimated over %d MiB.\n",
          PW_JSON_MAX_COST / 1024 / 1024);

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_autoptr (GString) text = g_string_sized_new (answers[i].size);
      g_autofree char *path = g_build_filename (dir, "answer.json", NULL);
      double before, after;

      answers[i].write (text, answers[i].size);
      g_assert_cmpuint (text->len, <=, PW_JSON_MAX_BYTES);
      if (!g_file_set_contents (path, text->str, (gssize) text->len, &error))
        g_error ("%s", error->message);

      printf ("%s, %.1f MiB:\n", answers[i].name, text->len / MIB);
      run (argv[0], "glib", path, text->len, &before);
      run (argv[0], "piecework", path, text->len, &after);
      printf ("  piecework takes %.2f of what json-glib took\n", after / before);
      g_unlink (path);
    }

  g_rmdir (dir);
  return 0;
}
