/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-vendor"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dc-contact-channel.h"
#include "dc-place.h"

/**
 * DcContactChannel:
 *
 * One way to reach the vendor's support besides the chat: a hotline, an
 * e-mail address, a web page or a messenger. What the vendor configuration
 * says, plus the URI that opens it on the phone.
 */
struct _DcContactChannel
{
  GObject parent_instance;

  DcChannelType type;
  char *label;
  char *address;
  char *country;
  char *hours;
  gboolean free_call;
};

G_DEFINE_FINAL_TYPE (DcContactChannel, dc_contact_channel, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_LABEL,
  PROP_ADDRESS,
  PROP_HOURS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct
{
  DcChannelType type;
  const char *name;
  const char *icon;
} channel_types[] = {
  { DC_CHANNEL_HOTLINE, "hotline", "call-start-symbolic" },
  { DC_CHANNEL_EMAIL, "email", "mail-unread-symbolic" },
  { DC_CHANNEL_WEBSITE, "website", "web-browser-symbolic" },
  { DC_CHANNEL_WHATSAPP, "whatsapp", "chat-message-new-symbolic" },
  { DC_CHANNEL_TELEGRAM, "telegram", "chat-message-new-symbolic" },
  { DC_CHANNEL_SIGNAL, "signal", "chat-message-new-symbolic" },
};

/**
 * dc_channel_type_from_string:
 * @str: a type as written in vendor.conf, such as "hotline"
 * @type: (out): the type
 *
 * Returns: %TRUE when @str names a known channel type
 */
gboolean
dc_channel_type_from_string (const char *str, DcChannelType *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (channel_types); i++)
    {
      if (g_strcmp0 (str, channel_types[i].name) == 0)
        {
          *type = channel_types[i].type;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
dc_channel_type_to_string (DcChannelType type)
{
  g_return_val_if_fail (type < G_N_ELEMENTS (channel_types), NULL);
  return channel_types[type].name;
}

static const char *
default_label (DcChannelType type)
{
  switch (type)
    {
      case DC_CHANNEL_HOTLINE:
        return _ ("Hotline");
      case DC_CHANNEL_EMAIL:
        return _ ("E-mail");
      case DC_CHANNEL_WEBSITE:
        return _ ("Website");
      case DC_CHANNEL_WHATSAPP:
        return "WhatsApp";
      case DC_CHANNEL_TELEGRAM:
        return "Telegram";
      case DC_CHANNEL_SIGNAL:
        return "Signal";
      default:
        g_assert_not_reached ();
    }
}

static void
dc_contact_channel_finalize (GObject *object)
{
  DcContactChannel *self = DC_CONTACT_CHANNEL (object);

  g_free (self->label);
  g_free (self->address);
  g_free (self->country);
  g_free (self->hours);

  G_OBJECT_CLASS (dc_contact_channel_parent_class)->finalize (object);
}

static void
dc_contact_channel_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DcContactChannel *self = DC_CONTACT_CHANNEL (object);

  switch (prop_id)
    {
      case PROP_LABEL:
        g_value_set_string (value, dc_contact_channel_get_label (self));
        break;
      case PROP_ADDRESS:
        g_value_set_string (value, self->address);
        break;
      case PROP_HOURS:
        g_value_set_string (value, self->hours);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dc_contact_channel_class_init (DcContactChannelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dc_contact_channel_finalize;
  object_class->get_property = dc_contact_channel_get_property;

  properties[PROP_LABEL]
    = g_param_spec_string ("label", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ADDRESS]
    = g_param_spec_string ("address", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HOURS]
    = g_param_spec_string ("hours", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dc_contact_channel_init (DcContactChannel *self)
{
}

/**
 * dc_contact_channel_new:
 * @type: what kind of channel
 * @label: (nullable): the vendor's label, or %NULL for the translated default
 * @address: the phone number, e-mail address or URL
 * @country: (nullable): ISO 3166-1 alpha-2 code it serves, %NULL for all
 * @hours: (nullable): opening hours in OpenStreetMap syntax
 * @free_call: whether calling is free of charge
 *
 * Returns: (transfer full): a new channel
 */
DcContactChannel *
dc_contact_channel_new (DcChannelType type, const char *label, const char *address,
                        const char *country, const char *hours, gboolean free_call)
{
  DcContactChannel *self = g_object_new (DC_TYPE_CONTACT_CHANNEL, NULL);

  self->type = type;
  self->label = g_strdup (label);
  self->address = g_strdup (address);
  self->country = g_strdup (country);
  self->hours = g_strdup (hours);
  self->free_call = free_call;
  return self;
}

DcChannelType
dc_contact_channel_get_channel_type (DcContactChannel *self)
{
  g_return_val_if_fail (DC_IS_CONTACT_CHANNEL (self), DC_CHANNEL_HOTLINE);
  return self->type;
}

const char *
dc_contact_channel_get_label (DcContactChannel *self)
{
  g_return_val_if_fail (DC_IS_CONTACT_CHANNEL (self), NULL);
  return self->label ? self->label : default_label (self->type);
}

const char *
dc_contact_channel_get_address (DcContactChannel *self)
{
  g_return_val_if_fail (DC_IS_CONTACT_CHANNEL (self), NULL);
  return self->address;
}

const char *
dc_contact_channel_get_country (DcContactChannel *self)
{
  g_return_val_if_fail (DC_IS_CONTACT_CHANNEL (self), NULL);
  return self->country;
}

const char *
dc_contact_channel_get_hours (DcContactChannel *self)
{
  g_return_val_if_fail (DC_IS_CONTACT_CHANNEL (self), NULL);
  return self->hours;
}

gboolean
dc_contact_channel_get_free_call (DcContactChannel *self)
{
  g_return_val_if_fail (DC_IS_CONTACT_CHANNEL (self), FALSE);
  return self->free_call;
}

const char *
dc_contact_channel_get_icon_name (DcContactChannel *self)
{
  g_return_val_if_fail (DC_IS_CONTACT_CHANNEL (self), NULL);
  return channel_types[self->type].icon;
}

/* tel: URIs take no spaces or punctuation other than a leading "+" (RFC 3966 global numbers).
 * European numbers are often written "+49 (0)89 …": the "(0)" is the trunk prefix dialled only
 * from inside the country, and keeping it would make the call fail. */
static char *
tel_uri (const char *number)
{
  GString *uri = g_string_new ("tel:");
  gboolean international = FALSE;

  for (const char *p = number; *p; p++)
    {
      if (*p == '+' && uri->len == 4)
        {
          international = TRUE;
          g_string_append_c (uri, '+');
        }
      else if (international && g_str_has_prefix (p, "(0)"))
        p += 2;
      else if (g_ascii_isdigit (*p))
        g_string_append_c (uri, *p);
    }
  return g_string_free (uri, FALSE);
}

/**
 * dc_contact_channel_dup_uri:
 * @self: a channel
 *
 * The URI that opens the channel: `tel:` for a hotline, `mailto:` for
 * e-mail, the configured `https:` link otherwise.
 *
 * Returns: (transfer full): the URI
 */
char *
dc_contact_channel_dup_uri (DcContactChannel *self)
{
  g_return_val_if_fail (DC_IS_CONTACT_CHANNEL (self), NULL);

  switch (self->type)
    {
      case DC_CHANNEL_HOTLINE:
        return tel_uri (self->address);
      case DC_CHANNEL_EMAIL:
        return g_strconcat ("mailto:", self->address, NULL);
      case DC_CHANNEL_WEBSITE:
      case DC_CHANNEL_WHATSAPP:
      case DC_CHANNEL_TELEGRAM:
      case DC_CHANNEL_SIGNAL:
      default:
        return g_strdup (self->address);
    }
}

/**
 * dc_contact_channel_dup_timezone:
 * @self: a channel
 *
 * The zone its hours are kept in: that of the country it serves, else this
 * device's.
 *
 * Returns: (transfer full): a time zone
 */
GTimeZone *
dc_contact_channel_dup_timezone (DcContactChannel *self)
{
  const char *zone;

  g_return_val_if_fail (DC_IS_CONTACT_CHANNEL (self), NULL);

  zone = self->country ? dc_place_default_timezone_for_country (self->country) : NULL;
  return zone ? g_time_zone_new_identifier (zone) : g_time_zone_new_local ();
}

/**
 * dc_contact_channel_get_state:
 * @self: a channel
 * @now: the moment to ask about
 * @next_change: (out) (optional) (nullable): when that changes next
 *
 * Whether someone answers at @now. A channel without hours is always
 * reachable (e-mail, a web page); hours that cannot be understood are
 * %DC_OPEN_STATE_UNKNOWN, never a wrong "open".
 *
 * Returns: the state
 */
DcOpenState
dc_contact_channel_get_state (DcContactChannel *self, GDateTime *now, GDateTime **next_change)
{
  g_autoptr (GTimeZone) tz = NULL;

  g_return_val_if_fail (DC_IS_CONTACT_CHANNEL (self), DC_OPEN_STATE_UNKNOWN);

  if (next_change != NULL)
    *next_change = NULL;
  if (self->hours == NULL)
    return DC_OPEN_STATE_OPEN;
  tz = dc_contact_channel_dup_timezone (self);
  return dc_opening_hours_evaluate (self->hours, now, tz, next_change);
}
