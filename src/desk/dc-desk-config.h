/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dc-opening-hours.h"

G_BEGIN_DECLS

#define DC_DESK_ERROR (dc_desk_error_quark ())
GQuark dc_desk_error_quark (void);

/* What went wrong in the desk, each with a message an administrator can act on. */
typedef enum
{
  DC_DESK_ERROR_CONFIG,    /* the configuration file: the message names the group and key */
  DC_DESK_ERROR_KNOWLEDGE, /* the knowledge base file */
  DC_DESK_ERROR_DATABASE,  /* the SQLite database */
} DcDeskError;

/* The desk's configuration (a GKeyFile; see dc-desk-config.c for the keys). Paths are absolute:
 * relative ones are taken from the configuration file's folder. */
typedef struct
{
  /* [Server] */
  char *service;      /* wss:// (ws:// only to this machine) */
  char *domain;       /* the desk account's XMPP domain */
  char *room_service; /* the only room service whose invitations the desk accepts */
  /* [Account] */
  char *username;
  char *password;
  char *nick; /* the desk's name in the rooms */
  /* [Agents] */
  char **agents; /* bare JIDs, lower case */
  guint sessions_per_agent;
  /* [Hours] */
  DcOpeningHours *hours; /* NULL: always open */
  GTimeZone *timezone;
  /* [Knowledge] */
  char *knowledge_path; /* NULL: no knowledge base */
  /* [Database] */
  char *database_path;
  /* [Channels] */
  char *vendor_config_path; /* NULL: the vendor configuration the app would read */
  char *country;            /* when the customer's language names none */
  /* [Limits] */
  guint messages_per_minute;
  guint answer_length;
  guint sessions_per_account;
  /* [Queue] */
  guint average_of;   /* how many recent waits the estimate averages */
  guint default_wait; /* seconds per place in the queue before any wait was seen */
  /* [Timeouts] */
  guint idle_timeout;   /* seconds a session waits for the customer (the form; after an answer
                         * from the knowledge base) before it is closed */
  guint rating_timeout; /* seconds the rating form waits for an answer */
} DcDeskConfig;

DcDeskConfig *dc_desk_config_new_from_data (const char *data, gsize length, const char *origin,
                                            const char *base_dir, GError **error);
DcDeskConfig *dc_desk_config_load (const char *path, GError **error);
void dc_desk_config_free (DcDeskConfig *config);
gboolean dc_desk_config_is_agent (const DcDeskConfig *config, const char *bare_jid);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcDeskConfig, dc_desk_config_free)

G_END_DECLS
