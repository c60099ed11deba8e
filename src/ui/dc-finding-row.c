/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "device-care"

#include "config.h"

#include <glib/gi18n.h>

#include "dc-finding-row.h"

/**
 * DcFindingRow:
 *
 * One finding of a diagnosis: its verdict as an icon a glance can read
 * (and a screen reader can say), the area, the one-sentence summary, and,
 * once opened, what to do about it and the values it is based on.
 */
struct _DcFindingRow
{
  AdwExpanderRow parent_instance;

  DcFinding *finding;
  GtkImage *status_icon;
};

G_DEFINE_FINAL_TYPE (DcFindingRow, dc_finding_row, ADW_TYPE_EXPANDER_ROW)

enum
{
  PROP_0,
  PROP_FINDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct
{
  const char *icon;
  const char *style;
  const char *label; /* translated when used */
} statuses[] = {
  [DC_FINDING_STATUS_OK] = { "emblem-ok-symbolic", "success", N_ ("OK") },
  [DC_FINDING_STATUS_UNKNOWN] = { "dialog-question-symbolic", "dim-label", N_ ("Unknown") },
  [DC_FINDING_STATUS_WARNING] = { "dialog-warning-symbolic", "warning", N_ ("Warning") },
  [DC_FINDING_STATUS_CRITICAL] = { "dialog-error-symbolic", "error", N_ ("Critical") },
};

/**
 * dc_finding_row_status_icon:
 * @status: a #DcFindingStatus
 *
 * Returns: the icon that shows @status
 */
const char *
dc_finding_row_status_icon (DcFindingStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (statuses), NULL);
  return statuses[status].icon;
}

static GtkWidget *
new_detail_row (const char *title, const char *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
  gtk_widget_add_css_class (row, "dc-value-row");
  return row;
}

static void
show_finding (DcFindingRow *self)
{
  DcFinding *finding = self->finding;
  DcFindingStatus status = dc_finding_get_status (finding);
  const char *label = _ (statuses[status].label);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), dc_finding_get_title (finding));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), dc_finding_get_summary (finding));
  gtk_image_set_from_icon_name (self->status_icon, statuses[status].icon);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), statuses[status].style);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_icon), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);

  if (dc_finding_get_advice (finding) != NULL)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (self),
                              new_detail_row (_ ("What to Do"), dc_finding_get_advice (finding)));
  for (guint i = 0; i < dc_finding_get_n_values (finding); i++)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (self),
                              new_detail_row (dc_finding_get_value_label (finding, i),
                                              dc_finding_get_value_text (finding, i)));
}

static void
dc_finding_row_constructed (GObject *object)
{
  DcFindingRow *self = DC_FINDING_ROW (object);

  G_OBJECT_CLASS (dc_finding_row_parent_class)->constructed (object);
  show_finding (self);
}

static void
dc_finding_row_dispose (GObject *object)
{
  DcFindingRow *self = DC_FINDING_ROW (object);

  g_clear_object (&self->finding);

  G_OBJECT_CLASS (dc_finding_row_parent_class)->dispose (object);
}

static void
dc_finding_row_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DcFindingRow *self = DC_FINDING_ROW (object);

  switch (prop_id)
    {
      case PROP_FINDING:
        g_value_set_object (value, self->finding);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dc_finding_row_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  DcFindingRow *self = DC_FINDING_ROW (object);

  switch (prop_id)
    {
      case PROP_FINDING:
        self->finding = g_value_dup_object (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dc_finding_row_class_init (DcFindingRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dc_finding_row_constructed;
  object_class->dispose = dc_finding_row_dispose;
  object_class->get_property = dc_finding_row_get_property;
  object_class->set_property = dc_finding_row_set_property;

  /* A finding does not change once made: the row shows it as it is. */
  properties[PROP_FINDING]
    = g_param_spec_object ("finding", NULL, NULL, DC_TYPE_FINDING,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/dc-finding-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DcFindingRow, status_icon);
}

static void
dc_finding_row_init (DcFindingRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * dc_finding_row_new:
 * @finding: the finding to show
 *
 * Returns: (transfer floating): a new row
 */
GtkWidget *
dc_finding_row_new (DcFinding *finding)
{
  g_return_val_if_fail (DC_IS_FINDING (finding), NULL);
  return g_object_new (DC_TYPE_FINDING_ROW, "finding", finding, NULL);
}

/**
 * dc_finding_row_get_finding:
 * @self: a #DcFindingRow
 *
 * Returns: (transfer none): the finding shown
 */
DcFinding *
dc_finding_row_get_finding (DcFindingRow *self)
{
  g_return_val_if_fail (DC_IS_FINDING_ROW (self), NULL);
  return self->finding;
}
