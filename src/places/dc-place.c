/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-places"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dc-place.h"

/**
 * DcPlace:
 *
 * One service center or experience store (DESIGN §4): where it is, how to
 * reach it, when it is open and what it does. Immutable: every property is
 * set once, at construction, by whoever read the places file.
 */
struct _DcPlace
{
  GObject parent_instance;

  char *id;
  DcPlaceKind kind;
  char *name;
  char *street;
  char *postcode;
  char *city;
  char *country;
  char *phone;
  char *email;
  char *website;
  char *opening_hours;
  char **services;
  char *wheelchair;
  char *timezone;
  double latitude;
  double longitude;
};

G_DEFINE_FINAL_TYPE (DcPlace, dc_place, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (DcPlaceKind, dc_place_kind,
                    G_DEFINE_ENUM_VALUE (DC_PLACE_KIND_SERVICE_CENTER, "service-center"),
                    G_DEFINE_ENUM_VALUE (DC_PLACE_KIND_EXPERIENCE_STORE, "experience-store"))

enum
{
  PROP_0,
  PROP_ID,
  PROP_KIND,
  PROP_NAME,
  PROP_STREET,
  PROP_POSTCODE,
  PROP_CITY,
  PROP_COUNTRY,
  PROP_PHONE,
  PROP_EMAIL,
  PROP_WEBSITE,
  PROP_OPENING_HOURS,
  PROP_SERVICES,
  PROP_WHEELCHAIR,
  PROP_TIMEZONE,
  PROP_LATITUDE,
  PROP_LONGITUDE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Countries that keep one time zone on their mainland. Spain (Canary
 * Islands) and Portugal (Azores, Madeira) have islands on another clock:
 * a place there must say its "timezone", the default is the mainland's. */
static const struct
{
  const char *country;
  const char *timezone;
} default_timezones[] = {
  { "AD", "Europe/Andorra" },     { "AT", "Europe/Vienna" },     { "BE", "Europe/Brussels" },
  { "BG", "Europe/Sofia" },       { "CH", "Europe/Zurich" },     { "CY", "Asia/Nicosia" },
  { "CZ", "Europe/Prague" },      { "DE", "Europe/Berlin" },     { "DK", "Europe/Copenhagen" },
  { "EE", "Europe/Tallinn" },     { "ES", "Europe/Madrid" },     { "FI", "Europe/Helsinki" },
  { "FR", "Europe/Paris" },       { "GB", "Europe/London" },     { "GR", "Europe/Athens" },
  { "HR", "Europe/Zagreb" },      { "HU", "Europe/Budapest" },   { "IE", "Europe/Dublin" },
  { "IS", "Atlantic/Reykjavik" }, { "IT", "Europe/Rome" },       { "LI", "Europe/Vaduz" },
  { "LT", "Europe/Vilnius" },     { "LU", "Europe/Luxembourg" }, { "LV", "Europe/Riga" },
  { "MC", "Europe/Monaco" },      { "MT", "Europe/Malta" },      { "NL", "Europe/Amsterdam" },
  { "NO", "Europe/Oslo" },        { "PL", "Europe/Warsaw" },     { "PT", "Europe/Lisbon" },
  { "RO", "Europe/Bucharest" },   { "SE", "Europe/Stockholm" },  { "SI", "Europe/Ljubljana" },
  { "SK", "Europe/Bratislava" },  { "SM", "Europe/San_Marino" }, { "VA", "Europe/Vatican" },
};

/**
 * dc_place_default_timezone_for_country:
 * @country: an ISO 3166-1 alpha-2 code, such as "DE"
 *
 * The time zone a place in @country keeps when its data does not name one.
 *
 * Returns: (nullable): an IANA time zone identifier, or %NULL when the
 *   country is not known here or spans several zones (then the place must
 *   name its own)
 */
const char *
dc_place_default_timezone_for_country (const char *country)
{
  if (country == NULL)
    return NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (default_timezones); i++)
    {
      if (g_str_equal (default_timezones[i].country, country))
        return default_timezones[i].timezone;
    }

  return NULL;
}

/**
 * dc_place_kind_to_string:
 * @kind: a #DcPlaceKind
 *
 * Returns: the kind as the places file spells it ("service-center",
 *   "experience-store")
 */
const char *
dc_place_kind_to_string (DcPlaceKind kind)
{
  switch (kind)
    {
      case DC_PLACE_KIND_SERVICE_CENTER:
        return "service-center";
      case DC_PLACE_KIND_EXPERIENCE_STORE:
        return "experience-store";
      default:
        g_return_val_if_reached (NULL);
    }
}

/**
 * dc_place_kind_from_string:
 * @str: (nullable): a kind as the places file spells it
 * @kind: (out): where to store the kind
 *
 * Returns: %TRUE if @str names a kind, %FALSE (and @kind untouched) if not
 */
gboolean
dc_place_kind_from_string (const char *str, DcPlaceKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  if (g_strcmp0 (str, "service-center") == 0)
    *kind = DC_PLACE_KIND_SERVICE_CENTER;
  else if (g_strcmp0 (str, "experience-store") == 0)
    *kind = DC_PLACE_KIND_EXPERIENCE_STORE;
  else
    return FALSE;

  return TRUE;
}

/**
 * dc_place_kind_to_label:
 * @kind: a #DcPlaceKind
 *
 * Returns: the kind in words for the customer, translated
 */
const char *
dc_place_kind_to_label (DcPlaceKind kind)
{
  switch (kind)
    {
      case DC_PLACE_KIND_SERVICE_CENTER:
        /* Translators: a place that repairs phones */
        return _ ("Service center");
      case DC_PLACE_KIND_EXPERIENCE_STORE:
        /* Translators: a shop where customers try and buy phones */
        return _ ("Experience store");
      default:
        g_return_val_if_reached (NULL);
    }
}

static void
dc_place_constructed (GObject *object)
{
  DcPlace *self = DC_PLACE (object);

  G_OBJECT_CLASS (dc_place_parent_class)->constructed (object);

  if (self->timezone == NULL)
    self->timezone = g_strdup (dc_place_default_timezone_for_country (self->country));

  /* Callers loop over the services; an empty list saves each a NULL check. */
  if (self->services == NULL)
    self->services = g_new0 (char *, 1);
}

static void
dc_place_finalize (GObject *object)
{
  DcPlace *self = DC_PLACE (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->street);
  g_free (self->postcode);
  g_free (self->city);
  g_free (self->country);
  g_free (self->phone);
  g_free (self->email);
  g_free (self->website);
  g_free (self->opening_hours);
  g_strfreev (self->services);
  g_free (self->wheelchair);
  g_free (self->timezone);

  G_OBJECT_CLASS (dc_place_parent_class)->finalize (object);
}

/* The string property @prop_id is stored in, so get and set share one table. */
static char **
string_field (DcPlace *self, guint prop_id)
{
  switch (prop_id)
    {
      case PROP_ID:
        return &self->id;
      case PROP_NAME:
        return &self->name;
      case PROP_STREET:
        return &self->street;
      case PROP_POSTCODE:
        return &self->postcode;
      case PROP_CITY:
        return &self->city;
      case PROP_COUNTRY:
        return &self->country;
      case PROP_PHONE:
        return &self->phone;
      case PROP_EMAIL:
        return &self->email;
      case PROP_WEBSITE:
        return &self->website;
      case PROP_OPENING_HOURS:
        return &self->opening_hours;
      case PROP_WHEELCHAIR:
        return &self->wheelchair;
      case PROP_TIMEZONE:
        return &self->timezone;
      default:
        return NULL;
    }
}

static void
dc_place_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DcPlace *self = DC_PLACE (object);
  char **field = string_field (self, prop_id);

  if (field != NULL)
    {
      g_value_set_string (value, *field);
      return;
    }

  switch (prop_id)
    {
      case PROP_KIND:
        g_value_set_enum (value, self->kind);
        break;
      case PROP_SERVICES:
        g_value_set_boxed (value, self->services);
        break;
      case PROP_LATITUDE:
        g_value_set_double (value, self->latitude);
        break;
      case PROP_LONGITUDE:
        g_value_set_double (value, self->longitude);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dc_place_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  DcPlace *self = DC_PLACE (object);
  char **field = string_field (self, prop_id);

  if (field != NULL)
    {
      g_free (*field);
      *field = g_value_dup_string (value);
      return;
    }

  switch (prop_id)
    {
      case PROP_KIND:
        self->kind = g_value_get_enum (value);
        break;
      case PROP_SERVICES:
        g_strfreev (self->services);
        self->services = g_value_dup_boxed (value);
        break;
      case PROP_LATITUDE:
        self->latitude = g_value_get_double (value);
        break;
      case PROP_LONGITUDE:
        self->longitude = g_value_get_double (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define PROPERTY_FLAGS (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS)

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL, PROPERTY_FLAGS);
}

static void
dc_place_class_init (DcPlaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = dc_place_constructed;
  object_class->finalize = dc_place_finalize;
  object_class->get_property = dc_place_get_property;
  object_class->set_property = dc_place_set_property;

  properties[PROP_ID] = string_property ("id");
  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, DC_TYPE_PLACE_KIND,
                                             DC_PLACE_KIND_SERVICE_CENTER, PROPERTY_FLAGS);
  properties[PROP_NAME] = string_property ("name");
  properties[PROP_STREET] = string_property ("street");
  properties[PROP_POSTCODE] = string_property ("postcode");
  properties[PROP_CITY] = string_property ("city");
  properties[PROP_COUNTRY] = string_property ("country");
  properties[PROP_PHONE] = string_property ("phone");
  properties[PROP_EMAIL] = string_property ("email");
  properties[PROP_WEBSITE] = string_property ("website");
  properties[PROP_OPENING_HOURS] = string_property ("opening-hours");
  properties[PROP_SERVICES]
    = g_param_spec_boxed ("services", NULL, NULL, G_TYPE_STRV, PROPERTY_FLAGS);
  properties[PROP_WHEELCHAIR] = string_property ("wheelchair");
  properties[PROP_TIMEZONE] = string_property ("timezone");
  properties[PROP_LATITUDE]
    = g_param_spec_double ("latitude", NULL, NULL, -90.0, 90.0, 0.0, PROPERTY_FLAGS);
  properties[PROP_LONGITUDE]
    = g_param_spec_double ("longitude", NULL, NULL, -180.0, 180.0, 0.0, PROPERTY_FLAGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dc_place_init (DcPlace *self)
{
}

/**
 * dc_place_get_id:
 * @self: a #DcPlace
 *
 * Returns: the identifier, unique within its collection
 */
const char *
dc_place_get_id (DcPlace *self)
{
  g_return_val_if_fail (DC_IS_PLACE (self), NULL);
  return self->id;
}

/**
 * dc_place_get_kind:
 * @self: a #DcPlace
 *
 * Returns: whether it is a service center or an experience store
 */
DcPlaceKind
dc_place_get_kind (DcPlace *self)
{
  g_return_val_if_fail (DC_IS_PLACE (self), DC_PLACE_KIND_SERVICE_CENTER);
  return self->kind;
}

/**
 * dc_place_get_name:
 * @self: a #DcPlace
 *
 * Returns: the name to show
 */
const char *
dc_place_get_name (DcPlace *self)
{
  g_return_val_if_fail (DC_IS_PLACE (self), NULL);
  return self->name;
}

/**
 * dc_place_get_street:
 * @self: a #DcPlace
 *
 * Returns: (nullable): street and number, as written locally
 */
const char *
dc_place_get_street (DcPlace *self)
{
  g_return_val_if_fail (DC_IS_PLACE (self), NULL);
  return self->street;
}

/**
 * dc_place_get_postcode:
 * @self: a #DcPlace
 *
 * Returns: (nullable): the postcode
 */
const char *
dc_place_get_postcode (DcPlace *self)
{
  g_return_val_if_fail (DC_IS_PLACE (self), NULL);
  return self->postcode;
}

/**
 * dc_place_get_city:
 * @self: a #DcPlace
 *
 * Returns: the city, as written in the postal address
 */
const char *
dc_place_get_city (DcPlace *self)
{
  g_return_val_if_fail (DC_IS_PLACE (self), NULL);
  return self->city;
}

/**
 * dc_place_get_country:
 * @self: a #DcPlace
 *
 * Returns: the ISO 3166-1 alpha-2 country code, such as "DE"
 */
const char *
dc_place_get_country (DcPlace *self)
{
  g_return_val_if_fail (DC_IS_PLACE (self), NULL);
  return self->country;
}

/**
 * dc_place_get_phone:
 * @self: a #DcPlace
 *
 * Returns: (nullable): the phone number, in international form
 */
const char *
dc_place_get_phone (DcPlace *self)
{
  g_return_val_if_fail (DC_IS_PLACE (self), NULL);
  return self->phone;
}

/**
 * dc_place_get_email:
 * @self: a #DcPlace
 *
 * Returns: (nullable): the e-mail address
 */
const char *
dc_place_get_email (DcPlace *self)
{
  g_return_val_if_fail (DC_IS_PLACE (self), NULL);
  return self->email;
}

/**
 * dc_place_get_website:
 * @self: a #DcPlace
 *
 * Returns: (nullable): an http or https address
 */
const char *
dc_place_get_website (DcPlace *self)
{
  g_return_val_if_fail (DC_IS_PLACE (self), NULL);
  return self->website;
}

/**
 * dc_place_get_opening_hours:
 * @self: a #DcPlace
 *
 * Returns: (nullable): the opening hours in OpenStreetMap syntax, unparsed
 */
const char *
dc_place_get_opening_hours (DcPlace *self)
{
  g_return_val_if_fail (DC_IS_PLACE (self), NULL);
  return self->opening_hours;
}

/**
 * dc_place_get_services:
 * @self: a #DcPlace
 *
 * Returns: (array zero-terminated=1): what the place offers ("repair",
 *   "battery", …); empty, never %NULL, when the data names none
 */
const char *const *
dc_place_get_services (DcPlace *self)
{
  g_return_val_if_fail (DC_IS_PLACE (self), NULL);
  return (const char *const *)self->services;
}

/**
 * dc_place_get_wheelchair:
 * @self: a #DcPlace
 *
 * Returns: (nullable): "yes", "no" or "limited", or %NULL when unknown
 */
const char *
dc_place_get_wheelchair (DcPlace *self)
{
  g_return_val_if_fail (DC_IS_PLACE (self), NULL);
  return self->wheelchair;
}

/**
 * dc_place_get_timezone:
 * @self: a #DcPlace
 *
 * The zone the opening hours are read in: the place's own, else its
 * country's (see dc_place_default_timezone_for_country()).
 *
 * Returns: (nullable): an IANA time zone identifier, or %NULL when neither
 *   the place nor its country tells; then whether it is open is unknown
 */
const char *
dc_place_get_timezone (DcPlace *self)
{
  g_return_val_if_fail (DC_IS_PLACE (self), NULL);
  return self->timezone;
}

/**
 * dc_place_get_latitude:
 * @self: a #DcPlace
 *
 * Returns: the latitude in degrees (WGS 84), north positive
 */
double
dc_place_get_latitude (DcPlace *self)
{
  g_return_val_if_fail (DC_IS_PLACE (self), 0.0);
  return self->latitude;
}

/**
 * dc_place_get_longitude:
 * @self: a #DcPlace
 *
 * Returns: the longitude in degrees (WGS 84), east positive
 */
double
dc_place_get_longitude (DcPlace *self)
{
  g_return_val_if_fail (DC_IS_PLACE (self), 0.0);
  return self->longitude;
}
