/* SPDX-License-Identifier: GPL-3.0-or-later */
/* seed-rows.h: the IGEL UMS port table, written by hand from IGEL's list
 * of UMS communication ports (the catalogue's "source"), independently of
 * the catalogue JSON, so that a unit test can check the catalogue against
 * it. */
#pragma once

typedef struct
{
  unsigned    row;         /* 1-based position of the row in the seed table */
  int         port;        /* 0 for the "Auto (high port)" rows: no fixed port */
  const char *protocols;   /* "tcp", "udp" or "tcp,udp" */
  const char *initiators;  /* comma-separated role ids, no spaces */
  const char *listeners;   /* comma-separated role ids, no spaces */
} SeedRow;

static const SeedRow seed_rows[] = {
  {  1,   443, "tcp",     "ums-server",              "igel-app-portal" },          /* App Portal */
  {  2,   443, "tcp",     "ums-server",              "igel-onboarding-service" },  /* Onboarding Service (OBS) initial configuration */
  {  3,   443, "tcp",     "ums-server",              "igel-insight" },             /* Insight service */
  {  4,   443, "tcp",     "ums-server",              "igel-license-server" },      /* Automatic licence deployment (ALD) */
  {  5,   443, "tcp",     "ums-server",              "igel-download-server" },     /* Automatic licence deployment (ALD) */
  {  6,  8443, "tcp",     "ums-console,ums-web-app", "ums-server" },               /* Core */
  {  7,  8443, "tcp",     "os12-device",             "ums-server" },               /* Unified Protocol */
  {  8,  8443, "tcp",     "os12-device",             "ums-server" },               /* UMS as update proxy */
  {  9, 30002, "tcp",     "ha-load-balancer",        "ums-server" },               /* Core (directly, without ICG) */
  { 10, 30001, "tcp",     "os12-device",             "ums-server" },               /* Unified Protocol (automatic registration or registration after scanning) */
  { 11, 30001, "tcp",     "os11-device",             "ums-server" },               /* Core (direct device communication, not via ICG) */
  { 12,  8443, "tcp",     "os11-device",             "ums-server" },               /* Core: file transfer */
  { 13,  8443, "tcp",     "os11-device",             "ums-server" },               /* Core: firmware customization */
  { 14,    88, "tcp,udp", "ums-server",              "active-directory" },         /* Core (if Active Directory is used), Shared Workplace */
  { 15,   389, "tcp",     "ums-server",              "active-directory" },         /* Core (if Active Directory is used), Shared Workplace */
  { 16,  1527, "tcp",     "ums-server",              "derby" },                    /* Core (if Apache Derby is used) */
  { 17,   636, "tcp",     "ums-server",              "ldaps-server" },             /* Core (if an LDAPS server is used) */
  { 18,  1433, "tcp",     "ums-server",              "mssql" },                    /* Core (if MS SQL Server is used) */
  { 19,  1521, "tcp",     "ums-server",              "oracle" },                   /* Core (if Oracle is used) */
  { 20,  5432, "tcp",     "ums-server",              "postgresql" },               /* Core (if PostgreSQL is used) */
  { 21,  8443, "tcp",     "os11-device",             "ums-server" },               /* Core: licences */
  { 22,     0, "udp",     "os11-device",             "ums-server" },               /* Core: online check */
  { 23, 30005, "tcp,udp", "ums-server",              "os12-device,os11-device" },  /* Core: scanning for devices */
  { 24,     0, "udp",     "os12-device,os11-device", "ums-server" },               /* Core: scanning for devices (device reply) */
  { 25, 30022, "tcp",     "ums-server",              "os11-device" },              /* Core: secure terminal */
  { 26,  5900, "tcp",     "ums-console",             "os11-device" },              /* Core: shadowing */
  { 27,  5900, "tcp",     "ums-server",              "os11-device" },              /* Core: shadowing via UMS Web App */
  { 28,  9080, "tcp",     "os11-device",             "ums-server" },               /* Core (unencrypted, no SSL) */
  { 29,     0, "tcp",     "ums-console",             "ums-server" },               /* Core (unencrypted, no SSL): Java Web Start console */
  { 30,   443, "tcp",     "ums-server",              "igel-download-server" },     /* Core: Universal Firmware Update */
  { 31,  8443, "tcp",     "os11-device",             "ums-server" },               /* Core: Universal Firmware Update */
  { 32,     9, "udp",     "ums-server",              "os12-device,os11-device" },  /* Core: Wake on LAN */
  { 33,  8443, "tcp",     "ums-server",              "icg" },                      /* Core (with ICG) */
  { 34,  8443, "tcp",     "os12-device,os11-device", "icg" },                      /* Core (with ICG) */
  { 35,  6155, "udp",     "ha-load-balancer",        "ums-server" },               /* High availability (HA) */
  { 35,  6155, "udp",     "ums-server",              "ha-load-balancer" },         /* High availability (HA) */
  { 36,  8443, "tcp",     "ums-server",              "ums-server" },               /* High availability (HA) and Distributed UMS */
  { 37, 61616, "tcp,udp", "ha-load-balancer",        "ums-server" },               /* High availability (HA) */
  { 37, 61616, "tcp,udp", "ums-server",              "ha-load-balancer" },         /* High availability (HA) */
  { 38,  8443, "tcp",     "imi-client",              "ums-server" },               /* IMI */
};
