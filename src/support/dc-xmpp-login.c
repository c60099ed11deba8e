/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-support"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dc-support-error.h"
#include "dc-xmpp-connection-private.h"

/* The login of a DcXmppConnection, one step a frame: open, features, in-band registration
 * (XEP-0077) when asked, SASL, the restarted stream, then resumption of the earlier stream
 * (XEP-0198) or resource binding and enabling stream management. */

#define NS_REGISTER_FEATURE "http://jabber.org/features/iq-register"
#define REGISTER_ID "dc-register"
#define BIND_ID "dc-bind"

static void
send_open (DcXmppConnection *self)
{
  g_autoptr (DcXmlNode) open = dc_xml_node_new ("open", NS_FRAMING);

  dc_xml_node_set_attr (open, "to", self->domain);
  dc_xml_node_set_attr (open, "version", "1.0");
  dc_xml_node_set_attr (open, "xml:lang", "en");
  dc_xmpp_connection_write (self, open);
  self->step = LOGIN_WAIT_OPEN;
}

void
dc_xmpp_connection_login_start (DcXmppConnection *self)
{
  send_open (self);
}

static void
fail (DcXmppConnection *self, DcSupportError code, const char *message)
{
  dc_xmpp_connection_login_failed (self, g_error_new_literal (DC_SUPPORT_ERROR, code, message));
}

static void
protocol_error (DcXmppConnection *self, DcXmlNode *node)
{
  g_debug ("Unexpected <%s/> while logging in (step %d)", dc_xml_node_get_name (node), self->step);
  fail (self, DC_SUPPORT_ERROR_PROTOCOL,
        _ ("The support server answered the sign-in in a way Device Care does not understand."));
}

static void
send_sasl (DcXmppConnection *self, const char *name, GBytes *data)
{
  g_autoptr (DcXmlNode) node = dc_xml_node_new (name, NS_SASL);
  g_autofree char *text = NULL;
  gsize length = 0;
  const guchar *bytes = data != NULL ? g_bytes_get_data (data, &length) : NULL;

  /* An empty response is "=" (RFC 6120 §6.4.2), not nothing. */
  text = length > 0 ? g_base64_encode (bytes, length) : g_strdup ("=");
  dc_xml_node_set_text (node, text);
  if (self->sasl != NULL && g_strcmp0 (name, "auth") == 0)
    dc_xml_node_set_attr (node, "mechanism", dc_sasl_get_mechanism (self->sasl));
  dc_xmpp_connection_write (self, node);
}

static GBytes *
decode_sasl (DcXmlNode *node)
{
  const char *text = dc_xml_node_get_text (node);
  gsize length = 0;
  guchar *data;

  if (text == NULL || *text == '\0' || g_strcmp0 (text, "=") == 0)
    return g_bytes_new (NULL, 0);
  data = g_base64_decode (text, &length);
  return g_bytes_new_take (data, length);
}

static void
start_sasl (DcXmppConnection *self)
{
  DcXmlNode *mechanisms = dc_xml_node_get_child (self->features, "mechanisms", NS_SASL);
  g_autoptr (GPtrArray) offered = g_ptr_array_new ();
  g_autoptr (GBytes) initial = NULL;
  g_autoptr (GError) error = NULL;

  for (DcXmlNode *m = mechanisms ? dc_xml_node_get_first_child (mechanisms) : NULL; m != NULL;
       m = dc_xml_node_get_next_sibling (m))
    if (g_strcmp0 (dc_xml_node_get_name (m), "mechanism") == 0 && dc_xml_node_get_text (m))
      g_ptr_array_add (offered, (gpointer)dc_xml_node_get_text (m));
  g_ptr_array_add (offered, NULL);

  self->sasl = dc_sasl_new ((const char *const *)offered->pdata, self->username, self->password,
                            self->secure, &error);
  if (self->sasl == NULL)
    {
      fail (self, DC_SUPPORT_ERROR_AUTH, error->message);
      return;
    }
  dc_sasl_set_cache (self->sasl, self->sasl_cache);
  initial = dc_sasl_start (self->sasl);
  send_sasl (self, "auth", initial);
  self->step = LOGIN_AUTHENTICATING;
}

static void
start_registration (DcXmppConnection *self)
{
  g_autoptr (DcXmlNode) iq = dc_xml_node_new ("iq", NS_CLIENT);
  DcXmlNode *query;

  if (dc_xml_node_get_child (self->features, "register", NS_REGISTER_FEATURE) == NULL)
    {
      fail (self, DC_SUPPORT_ERROR_REGISTER,
            _ ("The support server does not let Device Care create an account."));
      return;
    }
  dc_xml_node_set_attr (iq, "type", "set");
  dc_xml_node_set_attr (iq, "id", REGISTER_ID);
  query = dc_xml_node_add_child (iq, "query", NS_REGISTER);
  dc_xml_node_set_text (dc_xml_node_add_child (query, "username", NULL), self->username);
  dc_xml_node_set_text (dc_xml_node_add_child (query, "password", NULL), self->password);
  dc_xmpp_connection_write (self, iq);
  self->step = LOGIN_REGISTERING;
}

static void
start_bind (DcXmppConnection *self)
{
  g_autoptr (DcXmlNode) iq = dc_xml_node_new ("iq", NS_CLIENT);
  g_autofree char *resource = g_strdup_printf ("device-care-%08x", g_random_int ());
  DcXmlNode *bind;

  dc_xml_node_set_attr (iq, "type", "set");
  dc_xml_node_set_attr (iq, "id", BIND_ID);
  bind = dc_xml_node_add_child (iq, "bind", NS_BIND);
  dc_xml_node_set_text (dc_xml_node_add_child (bind, "resource", NULL), resource);
  dc_xmpp_connection_write (self, iq);
  self->step = LOGIN_BINDING;
}

static void
start_resume (DcXmppConnection *self)
{
  g_autoptr (DcXmlNode) resume = dc_xml_node_new ("resume", NS_SM);
  char h[16];

  g_snprintf (h, sizeof h, "%u", self->h_in);
  dc_xml_node_set_attr (resume, "previd", self->sm_id);
  dc_xml_node_set_attr (resume, "h", h);
  dc_xmpp_connection_write (self, resume);
  self->step = LOGIN_RESUMING;
}

static void
features_received (DcXmppConnection *self, DcXmlNode *features)
{
  g_clear_pointer (&self->features, dc_xml_node_unref);
  self->features = dc_xml_node_ref (features);
  self->csi_offered = dc_xml_node_get_child (features, "csi", NS_CSI) != NULL;

  if (!self->authenticated)
    {
      if (self->create_account && self->username != NULL)
        start_registration (self);
      else
        start_sasl (self);
      return;
    }
  if (self->sm_id != NULL && dc_xml_node_get_child (features, "sm", NS_SM) != NULL)
    start_resume (self);
  else
    {
      dc_xmpp_connection_forget_stream (self);
      start_bind (self);
    }
}

static void
registered (DcXmppConnection *self, DcXmlNode *iq)
{
  if (g_strcmp0 (dc_xml_node_get_attr (iq, "type"), "result") != 0)
    {
      g_autofree char *text = dc_xmpp_stanza_error_text (iq);
      g_autofree char *message = NULL;

      /* Taken: most likely by ourselves, when the app stopped between the server creating the
       * account and the app noting it. Signing in tells. */
      if (g_str_has_prefix (text, "conflict"))
        {
          self->create_account = FALSE;
          start_sasl (self);
          return;
        }
      message = g_strdup_printf (
        _ ("The support server did not create an account for Device Care: %s"), text);
      fail (self, DC_SUPPORT_ERROR_REGISTER, message);
      return;
    }
  self->create_account = FALSE;
  start_sasl (self);
}

static void
sasl_frame (DcXmppConnection *self, DcXmlNode *node)
{
  const char *name = dc_xml_node_get_name (node);
  g_autoptr (GBytes) data = decode_sasl (node);
  g_autoptr (GError) error = NULL;

  if (g_strcmp0 (name, "challenge") == 0)
    {
      g_autoptr (GBytes) response = dc_sasl_step (self->sasl, data, &error);
      if (response == NULL)
        fail (self, DC_SUPPORT_ERROR_AUTH, error->message);
      else
        send_sasl (self, "response", response);
    }
  else if (g_strcmp0 (name, "success") == 0)
    {
      if (!dc_sasl_finish (self->sasl, data, &error))
        {
          fail (self, DC_SUPPORT_ERROR_AUTH, error->message);
          return;
        }
      self->authenticated = TRUE;
      g_clear_pointer (&self->sasl, dc_sasl_free);
      send_open (self);
    }
  else if (g_strcmp0 (name, "failure") == 0)
    {
      const char *text = dc_xml_node_get_child_text (node, "text", NULL);
      DcXmlNode *condition = dc_xml_node_get_first_child (node);
      g_debug ("SASL failure: %s %s", condition ? dc_xml_node_get_name (condition) : "",
               text ? text : "");
      fail (self, DC_SUPPORT_ERROR_AUTH,
            _ ("The support server did not accept Device Care's sign-in."));
    }
  else
    protocol_error (self, node);
}

static void
bound (DcXmppConnection *self, DcXmlNode *iq)
{
  DcXmlNode *bind = dc_xml_node_get_child (iq, "bind", NS_BIND);
  const char *jid = bind ? dc_xml_node_get_child_text (bind, "jid", NULL) : NULL;

  if (g_strcmp0 (dc_xml_node_get_attr (iq, "type"), "result") != 0 || jid == NULL)
    {
      protocol_error (self, iq);
      return;
    }
  g_free (self->jid);
  self->jid = g_strdup (jid);
  if (dc_xml_node_get_child (self->features, "sm", NS_SM) != NULL)
    {
      g_autoptr (DcXmlNode) enable = dc_xml_node_new ("enable", NS_SM);
      dc_xml_node_set_attr (enable, "resume", "true");
      dc_xmpp_connection_write (self, enable);
      self->step = LOGIN_ENABLING;
      return;
    }
  dc_xmpp_connection_went_online (self);
}

static void
sm_frame (DcXmppConnection *self, DcXmlNode *node)
{
  const char *name = dc_xml_node_get_name (node);
  const char *resume = dc_xml_node_get_attr (node, "resume");

  if (self->step == LOGIN_ENABLING && g_strcmp0 (name, "enabled") == 0)
    {
      self->sm_enabled = TRUE;
      self->h_in = self->h_out = self->acked = 0;
      g_free (self->sm_id);
      self->sm_id = (g_strcmp0 (resume, "true") == 0 || g_strcmp0 (resume, "1") == 0)
                      ? g_strdup (dc_xml_node_get_attr (node, "id"))
                      : NULL;
      dc_xmpp_connection_went_online (self);
    }
  else if (self->step == LOGIN_ENABLING && g_strcmp0 (name, "failed") == 0)
    dc_xmpp_connection_went_online (self); /* without acknowledgements: all counts as sent */
  else if (self->step == LOGIN_RESUMING && g_strcmp0 (name, "resumed") == 0)
    {
      guint32 h = (guint32)g_ascii_strtoull (dc_xml_node_get_attr (node, "h") ?: "0", NULL, 10);
      self->resumed = TRUE;
      dc_xmpp_connection_handle_ack (self, h);
      /* Before anyone hears we are online, or what they send then would go twice. */
      dc_xmpp_connection_resend_unacked (self);
      dc_xmpp_connection_went_online (self);
    }
  else if (self->step == LOGIN_RESUMING && g_strcmp0 (name, "failed") == 0)
    {
      /* The server forgot us (restarted, or we were away too long): a new stream, and the
       * session fetches what it missed from the room's archive. */
      dc_xmpp_connection_forget_stream (self);
      start_bind (self);
    }
  else
    protocol_error (self, node);
}

void
dc_xmpp_connection_login_frame (DcXmppConnection *self, DcXmlNode *node)
{
  const char *name = dc_xml_node_get_name (node);
  const char *xmlns = dc_xml_node_get_xmlns (node);

  if (self->step == LOGIN_WAIT_OPEN && g_strcmp0 (xmlns, NS_FRAMING) == 0
      && g_strcmp0 (name, "open") == 0)
    self->step = LOGIN_WAIT_FEATURES;
  else if (self->step == LOGIN_WAIT_FEATURES && g_strcmp0 (xmlns, NS_STREAMS) == 0
           && g_strcmp0 (name, "features") == 0)
    features_received (self, node);
  else if (self->step == LOGIN_REGISTERING && g_strcmp0 (name, "iq") == 0
           && g_strcmp0 (dc_xml_node_get_attr (node, "id"), REGISTER_ID) == 0)
    registered (self, node);
  else if (self->step == LOGIN_AUTHENTICATING && g_strcmp0 (xmlns, NS_SASL) == 0)
    sasl_frame (self, node);
  else if (self->step == LOGIN_BINDING && g_strcmp0 (name, "iq") == 0
           && g_strcmp0 (dc_xml_node_get_attr (node, "id"), BIND_ID) == 0)
    bound (self, node);
  else if ((self->step == LOGIN_ENABLING || self->step == LOGIN_RESUMING)
           && g_strcmp0 (xmlns, NS_SM) == 0)
    sm_frame (self, node);
  else if (g_strcmp0 (xmlns, NS_CLIENT) == 0 && self->step == LOGIN_ENABLING)
    g_debug ("A <%s/> before stream management was enabled", name);
  else
    protocol_error (self, node);
}
