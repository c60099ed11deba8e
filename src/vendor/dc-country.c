/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-vendor"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dc-country.h"

/* The markets Device Care ships to and their neighbours. A full ISO 3166 list would come from
 * iso-codes, which a phone image does not always carry; a code we do not know is shown as is. */
static const struct
{
  const char *code;
  const char *name;
} countries[] = {
  { "AT", N_ ("Austria") },        { "BE", N_ ("Belgium") },     { "CH", N_ ("Switzerland") },
  { "DE", N_ ("Germany") },        { "ES", N_ ("Spain") },       { "FR", N_ ("France") },
  { "GB", N_ ("United Kingdom") }, { "IE", N_ ("Ireland") },     { "IT", N_ ("Italy") },
  { "LU", N_ ("Luxembourg") },     { "NL", N_ ("Netherlands") }, { "PT", N_ ("Portugal") },
};

/**
 * dc_country_get_name:
 * @code: an ISO 3166-1 alpha-2 code, such as "DE"
 *
 * Returns: the country's name in the customer's language, or @code itself
 */
const char *
dc_country_get_name (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (countries); i++)
    {
      if (g_strcmp0 (code, countries[i].code) == 0)
        return _ (countries[i].name);
    }
  return code;
}
