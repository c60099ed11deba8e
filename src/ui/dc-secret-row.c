/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "device-care"

#include "config.h"

#include <glib/gi18n.h>

#include "dc-secret-row.h"

/**
 * DcSecretRow:
 *
 * A row for a value that identifies the phone, a serial number or IMEIs:
 * hidden until the customer taps to reveal it (as KDE's Info Center does),
 * selectable once shown, and copied with one tap. While the value is being
 * read the buttons wait, greyed; when there is none, the row says why and
 * offers nothing to reveal or copy.
 */
struct _DcSecretRow
{
  AdwActionRow parent_instance;

  char *secret;
  char *problem;
  char *show_label;
  char *hide_label;

  GtkToggleButton *reveal_button;
  GtkButton *copy_button;
};

G_DEFINE_FINAL_TYPE (DcSecretRow, dc_secret_row, ADW_TYPE_ACTION_ROW)

enum
{
  PROP_0,
  PROP_SECRET,
  PROP_SHOW_LABEL,
  PROP_HIDE_LABEL,
  PROP_COPY_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define HIDDEN "••••••••••"

static void
update (DcSecretRow *self)
{
  gboolean revealed = gtk_toggle_button_get_active (self->reveal_button);
  gboolean known = self->secret != NULL;
  const char *label;

  gtk_widget_set_sensitive (GTK_WIDGET (self->reveal_button), known);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "secret.copy", known);
  /* Nothing to reveal or copy when there is no value: the reason is all there is. */
  gtk_widget_set_visible (GTK_WIDGET (self->reveal_button), known || self->problem == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->copy_button), known || self->problem == NULL);

  if (!known && self->problem != NULL)
    {
      /* Translators: a value could not be read; %s says why. */
      g_autofree char *text = g_strdup_printf (_ ("Not available: %s"), self->problem);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self), text);
      return;
    }
  if (!known)
    return;

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), revealed ? self->secret : HIDDEN);
  label = revealed ? self->hide_label : self->show_label;
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->reveal_button), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reveal_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
reveal_toggled (DcSecretRow *self)
{
  update (self);
}

static void
copy_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  DcSecretRow *self = DC_SECRET_ROW (widget);

  if (self->secret != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->secret);
}

/* libadwaita 1.2 has no selectable subtitle: the label it draws is made selectable, so the
 * customer can pick a value out and paste it anywhere. */
static void
make_subtitle_selectable (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_has_css_class (child, "subtitle"))
        {
          gtk_label_set_selectable (GTK_LABEL (child), TRUE);
          return;
        }
      make_subtitle_selectable (child);
    }
}

static void
dc_secret_row_finalize (GObject *object)
{
  DcSecretRow *self = DC_SECRET_ROW (object);

  g_free (self->secret);
  g_free (self->problem);
  g_free (self->show_label);
  g_free (self->hide_label);

  G_OBJECT_CLASS (dc_secret_row_parent_class)->finalize (object);
}

static void
dc_secret_row_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DcSecretRow *self = DC_SECRET_ROW (object);

  switch (prop_id)
    {
      case PROP_SECRET:
        g_value_set_string (value, self->secret);
        break;
      case PROP_SHOW_LABEL:
        g_value_set_string (value, self->show_label);
        break;
      case PROP_HIDE_LABEL:
        g_value_set_string (value, self->hide_label);
        break;
      case PROP_COPY_LABEL:
        g_value_set_string (value, gtk_widget_get_tooltip_text (GTK_WIDGET (self->copy_button)));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dc_secret_row_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  DcSecretRow *self = DC_SECRET_ROW (object);

  switch (prop_id)
    {
      case PROP_SECRET:
        dc_secret_row_set_secret (self, g_value_get_string (value));
        break;
      case PROP_SHOW_LABEL:
        g_free (self->show_label);
        self->show_label = g_value_dup_string (value);
        gtk_widget_set_tooltip_text (GTK_WIDGET (self->reveal_button), self->show_label);
        gtk_accessible_update_property (GTK_ACCESSIBLE (self->reveal_button),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, self->show_label, -1);
        break;
      case PROP_HIDE_LABEL:
        g_free (self->hide_label);
        self->hide_label = g_value_dup_string (value);
        break;
      case PROP_COPY_LABEL:
        gtk_widget_set_tooltip_text (GTK_WIDGET (self->copy_button), g_value_get_string (value));
        gtk_accessible_update_property (GTK_ACCESSIBLE (self->copy_button),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, g_value_get_string (value),
                                        -1);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dc_secret_row_class_init (DcSecretRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = dc_secret_row_finalize;
  object_class->get_property = dc_secret_row_get_property;
  object_class->set_property = dc_secret_row_set_property;

  properties[PROP_SECRET]
    = g_param_spec_string ("secret", NULL, NULL, NULL, flags | G_PARAM_EXPLICIT_NOTIFY);
  /* What the reveal and copy buttons say to a screen reader, such as "Show Serial Number". */
  properties[PROP_SHOW_LABEL] = g_param_spec_string ("show-label", NULL, NULL, NULL, flags);
  properties[PROP_HIDE_LABEL] = g_param_spec_string ("hide-label", NULL, NULL, NULL, flags);
  properties[PROP_COPY_LABEL] = g_param_spec_string ("copy-label", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/dc-secret-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DcSecretRow, reveal_button);
  gtk_widget_class_bind_template_child (widget_class, DcSecretRow, copy_button);
  gtk_widget_class_bind_template_callback (widget_class, reveal_toggled);
  gtk_widget_class_install_action (widget_class, "secret.copy", NULL, copy_activated);
}

static void
dc_secret_row_init (DcSecretRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "secret.copy", FALSE);
  make_subtitle_selectable (GTK_WIDGET (self));
}

/**
 * dc_secret_row_set_secret:
 * @self: a #DcSecretRow
 * @secret: (nullable): the value, or %NULL while it is read or when there
 *   is none
 *
 * Shows @secret hidden, until the customer reveals it.
 */
void
dc_secret_row_set_secret (DcSecretRow *self, const char *secret)
{
  g_return_if_fail (DC_IS_SECRET_ROW (self));

  if (g_strcmp0 (self->secret, secret) == 0)
    return;
  g_free (self->secret);
  self->secret = g_strdup (secret);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECRET]);
}

/**
 * dc_secret_row_get_secret:
 * @self: a #DcSecretRow
 *
 * Returns: (nullable): the value
 */
const char *
dc_secret_row_get_secret (DcSecretRow *self)
{
  g_return_val_if_fail (DC_IS_SECRET_ROW (self), NULL);
  return self->secret;
}

/**
 * dc_secret_row_set_problem:
 * @self: a #DcSecretRow
 * @problem: (nullable): why there is no value, a translated sentence
 *
 * Says "Not available: @problem" when there is no value.
 */
void
dc_secret_row_set_problem (DcSecretRow *self, const char *problem)
{
  g_return_if_fail (DC_IS_SECRET_ROW (self));

  g_free (self->problem);
  self->problem = g_strdup (problem);
  update (self);
}

/**
 * dc_secret_row_get_revealed:
 * @self: a #DcSecretRow
 *
 * Returns: whether the value is shown
 */
gboolean
dc_secret_row_get_revealed (DcSecretRow *self)
{
  g_return_val_if_fail (DC_IS_SECRET_ROW (self), FALSE);
  return gtk_toggle_button_get_active (self->reveal_button);
}

/**
 * dc_secret_row_set_revealed:
 * @self: a #DcSecretRow
 * @revealed: whether to show the value
 */
void
dc_secret_row_set_revealed (DcSecretRow *self, gboolean revealed)
{
  g_return_if_fail (DC_IS_SECRET_ROW (self));
  gtk_toggle_button_set_active (self->reveal_button, revealed);
}
