/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n-lib.h>

#include "pw-account-manager-private.h"
#include "market/pw-market-client-private.h"

/* One marketplace account as the app shows it: what the store keeps, plus
 * whether a token is at hand and what went wrong with it last. */

struct _PwAccount
{
  GObject   parent_instance;

  char     *id;
  char     *name;
  char     *base_url;
  char     *problem;
  PwAccountKind kind;
  char     *unknown_kind;  /* a kind a newer Piecework stored, or NULL */
  gboolean  has_token;
  gboolean  is_demo;
};

G_DEFINE_FINAL_TYPE (PwAccount, pw_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_BASE_URL,
  PROP_KIND,
  PROP_HAS_TOKEN,
  PROP_IS_DEMO,
  PROP_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pw_account_finalize (GObject *object)
{
  PwAccount *self = PW_ACCOUNT (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->base_url);
  g_free (self->problem);
  g_free (self->unknown_kind);

  G_OBJECT_CLASS (pw_account_parent_class)->finalize (object);
}

static void
pw_account_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PwAccount *self = PW_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;
    case PROP_HAS_TOKEN:
      g_value_set_boolean (value, self->has_token);
      break;
    case PROP_IS_DEMO:
      g_value_set_boolean (value, self->is_demo);
      break;
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_account_class_init (PwAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pw_account_finalize;
  object_class->get_property = pw_account_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_BASE_URL] = g_param_spec_string ("base-url", NULL, NULL, NULL, flags);
  /* A #PwAccountKind */
  properties[PROP_KIND] = g_param_spec_int ("kind", NULL, NULL, PW_ACCOUNT_KIND_PIECEWORK,
                                            PW_ACCOUNT_KIND_LABEL_STUDIO,
                                            PW_ACCOUNT_KIND_PIECEWORK, flags);
  properties[PROP_HAS_TOKEN] = g_param_spec_boolean ("has-token", NULL, NULL, FALSE, flags);
  properties[PROP_IS_DEMO] = g_param_spec_boolean ("is-demo", NULL, NULL, FALSE, flags);
  properties[PROP_PROBLEM] = g_param_spec_string ("problem", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pw_account_init (PwAccount *self)
{
}

PwAccount *
_pw_account_new (const char    *id,
                 const char    *name,
                 const char    *base_url,
                 PwAccountKind  kind)
{
  PwAccount *self = g_object_new (PW_TYPE_ACCOUNT, NULL);

  self->id = g_strdup (id);
  self->name = g_strdup (name);
  self->base_url = g_strdup (base_url);
  self->kind = kind;
  self->is_demo = g_strcmp0 (id, PW_DEMO_ACCOUNT_ID) == 0;
  return self;
}

static void
set_string (PwAccount   *self,
            char       **field,
            const char  *value,
            guint        prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
_pw_account_set_details (PwAccount     *self,
                         const char    *name,
                         const char    *base_url,
                         PwAccountKind  kind)
{
  set_string (self, &self->name, name, PROP_NAME);
  set_string (self, &self->base_url, base_url, PROP_BASE_URL);
  if (self->kind != kind)
    {
      self->kind = kind;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
    }
}

/* A kind this version does not know keeps the account unused, with a
 * problem that says why, rather than speaking the wrong language to it. */
void
_pw_account_set_unknown_kind (PwAccount  *self,
                              const char *kind)
{
  g_free (self->unknown_kind);
  self->unknown_kind = g_strdup (kind);
  if (kind != NULL)
    {
      g_autofree char *problem =
        g_strdup_printf (_("This account is of a kind this version of Piecework does not know "
                           "(“%s”); update Piecework to work on it"), kind);

      _pw_account_set_problem (self, problem);
    }
}

const char *
_pw_account_get_unknown_kind (PwAccount *self)
{
  return self->unknown_kind;
}

void
_pw_account_set_has_token (PwAccount *self,
                           gboolean   has_token)
{
  if (self->has_token == !!has_token)
    return;
  self->has_token = !!has_token;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_TOKEN]);
}

void
_pw_account_set_problem (PwAccount  *self,
                         const char *problem)
{
  set_string (self, &self->problem, problem, PROP_PROBLEM);
}

const char *
pw_account_get_id (PwAccount *self)
{
  g_return_val_if_fail (PW_IS_ACCOUNT (self), NULL);
  return self->id;
}

const char *
pw_account_get_name (PwAccount *self)
{
  g_return_val_if_fail (PW_IS_ACCOUNT (self), NULL);
  return self->name;
}

const char *
pw_account_get_base_url (PwAccount *self)
{
  g_return_val_if_fail (PW_IS_ACCOUNT (self), NULL);
  return self->base_url;
}

/**
 * pw_account_get_kind:
 *
 * Returns: what the account's server speaks
 */
PwAccountKind
pw_account_get_kind (PwAccount *self)
{
  g_return_val_if_fail (PW_IS_ACCOUNT (self), PW_ACCOUNT_KIND_PIECEWORK);
  return self->kind;
}

/**
 * pw_account_get_has_token:
 *
 * Returns: %FALSE when no token is at hand and the worker must enter it
 */
gboolean
pw_account_get_has_token (PwAccount *self)
{
  g_return_val_if_fail (PW_IS_ACCOUNT (self), FALSE);
  return self->has_token;
}

/**
 * pw_account_get_is_demo:
 *
 * Returns: %TRUE for the demo marketplace that runs inside the app; it is
 *   neither edited nor removed
 */
gboolean
pw_account_get_is_demo (PwAccount *self)
{
  g_return_val_if_fail (PW_IS_ACCOUNT (self), FALSE);
  return self->is_demo;
}

/**
 * pw_account_get_problem:
 *
 * Returns: (nullable): what the worker must fix, such as a refused token
 */
const char *
pw_account_get_problem (PwAccount *self)
{
  g_return_val_if_fail (PW_IS_ACCOUNT (self), NULL);
  return self->problem;
}

/**
 * pw_account_can_keep_token:
 * @base_url: the address the account is to have
 *
 * A token is given by one marketplace and goes to it alone: the token the
 * account holds may stay only while @base_url keeps the scheme, host and
 * port of the account's address. Its path may change.
 *
 * Returns: %TRUE when the account holds a token that may go to @base_url;
 *   %FALSE when the worker must enter one
 */
gboolean
pw_account_can_keep_token (PwAccount  *self,
                           const char *base_url)
{
  g_autoptr (GUri) current = NULL;
  g_autoptr (GUri) next = NULL;
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (PW_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (base_url != NULL, FALSE);

  if (!self->has_token || self->base_url == NULL)
    return FALSE;

  trimmed = g_strstrip (g_strdup (base_url));
  current = g_uri_parse (self->base_url, SOUP_HTTP_URI_FLAGS, NULL);
  next = g_uri_parse (trimmed, SOUP_HTTP_URI_FLAGS, NULL);
  return current != NULL && next != NULL && _pw_market_same_origin (current, next);
}
