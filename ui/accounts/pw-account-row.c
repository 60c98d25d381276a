/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <glib/gi18n.h>

#include "pw-account-row.h"

/* One marketplace account in Preferences: its name, its address, and what
 * keeps it from working, kept current as the account changes. */

struct _PwAccountRow
{
  AdwActionRow  parent_instance;

  PwAccount    *account;

  /* Template children */
  GtkWidget    *warning_icon;
  GtkWidget    *edit_button;
};

G_DEFINE_FINAL_TYPE (PwAccountRow, pw_account_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_ACCOUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * pw_account_row_new:
 * @account: the account to show
 *
 * Returns: (transfer floating): a row for @account
 */
GtkWidget *
pw_account_row_new (PwAccount *account)
{
  g_return_val_if_fail (PW_IS_ACCOUNT (account), NULL);

  return g_object_new (PW_TYPE_ACCOUNT_ROW, "account", account, NULL);
}

/**
 * pw_account_row_get_account:
 *
 * Returns: (transfer none): the account the row shows
 */
PwAccount *
pw_account_row_get_account (PwAccountRow *self)
{
  g_return_val_if_fail (PW_IS_ACCOUNT_ROW (self), NULL);

  return self->account;
}

static void
update_row (PwAccountRow *self)
{
  PwAccount *account = self->account;
  gboolean is_demo = pw_account_get_is_demo (account);
  g_autofree char *place = NULL;
  const char *warning = pw_account_get_problem (account);
  g_autofree char *subtitle = NULL;

  if (warning == NULL && !pw_account_get_has_token (account))
    warning = _("No token: edit the account and enter it again");

  /* The demo's address changes with every start and means nothing to
   * the worker. */
  if (is_demo)
    place = g_strdup (_("Runs inside Piecework for practice"));
  else
    /* Translators: the kind of account (“CVAT”), then its address */
    place = g_strdup_printf (_("%s · %s"), pw_account_kind_get_title (pw_account_get_kind (account)),
                             pw_account_get_base_url (account));
  subtitle = warning != NULL ? g_strdup_printf ("%s\n%s", place, warning) : g_strdup (place);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), pw_account_get_name (account));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  gtk_widget_set_visible (self->warning_icon, warning != NULL);
  gtk_widget_set_tooltip_text (self->warning_icon, warning);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->edit_button), "s",
                                    pw_account_get_id (account));
  gtk_widget_set_visible (self->edit_button, !is_demo);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self),
                                         is_demo ? NULL : self->edit_button);
}

static void
pw_account_row_constructed (GObject *object)
{
  PwAccountRow *self = PW_ACCOUNT_ROW (object);

  G_OBJECT_CLASS (pw_account_row_parent_class)->constructed (object);

  g_assert (self->account != NULL);
  g_signal_connect_object (self->account, "notify", G_CALLBACK (update_row), self,
                           G_CONNECT_SWAPPED);
  update_row (self);
}

static void
pw_account_row_dispose (GObject *object)
{
  PwAccountRow *self = PW_ACCOUNT_ROW (object);

  if (self->account != NULL)
    g_signal_handlers_disconnect_by_data (self->account, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), PW_TYPE_ACCOUNT_ROW);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (pw_account_row_parent_class)->dispose (object);
}

static void
pw_account_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PwAccountRow *self = PW_ACCOUNT_ROW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_account_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PwAccountRow *self = PW_ACCOUNT_ROW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      self->account = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_account_row_class_init (PwAccountRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pw_account_row_constructed;
  object_class->dispose = pw_account_row_dispose;
  object_class->get_property = pw_account_row_get_property;
  object_class->set_property = pw_account_row_set_property;

  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, PW_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               PW_RESOURCE_BASE "/pw-account-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PwAccountRow, warning_icon);
  gtk_widget_class_bind_template_child (widget_class, PwAccountRow, edit_button);
}

static void
pw_account_row_init (PwAccountRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
