/* SPDX-License-Identifier: GPL-3.0-or-later */
/* catalogue-strings.c: the translatable text of the built-in catalogue
 *
 * Written by build-aux/catalogue-strings.py from data/catalogue/igel-ums.json:
 * do not edit. It is not compiled; it is here for xgettext, which cannot
 * read JSON. After changing the catalogue, run
 *
 *   build-aux/catalogue-strings.py data/catalogue/igel-ums.json > po/catalogue-strings.c
 */

static const char *catalogue_strings[] = {
  /* Translators: the name of the zone “cloud”, an area of the topology graph */
  N_("IGEL Cloud"),
  /* Translators: the name of the zone “directory”, an area of the topology graph */
  N_("Directory"),
  /* Translators: the name of the zone “databases”, an area of the topology graph */
  N_("Databases"),
  /* Translators: the name of the zone “admin”, an area of the topology graph */
  N_("Administration"),
  /* Translators: the name of the zone “ums”, an area of the topology graph */
  N_("UMS"),
  /* Translators: the name of the zone “gateway”, an area of the topology graph */
  N_("Gateway"),
  /* Translators: the name of the zone “devices”, an area of the topology graph */
  N_("Devices"),
  /* Translators: the name of the feature group “server”, a heading over switches */
  N_("UMS Server"),
  /* Translators: the name of the feature group “devices”, a heading over switches */
  N_("Devices"),
  /* Translators: the name of the feature group “database”, a heading over switches */
  N_("Database"),
  /* Translators: the name of the feature group “directory”, a heading over switches */
  N_("Directory"),
  /* Translators: the name of the feature group “cloud”, a heading over switches */
  N_("IGEL Cloud Services"),
  /* Translators: the name of the UMS feature “core”, a switch under “UMS Server” */
  N_("Core"),
  /* Translators: the description of the UMS feature “core” */
  N_("The basic operation of the UMS Server, its consoles and devices."),
  /* Translators: the name of the UMS feature “high-availability”, a switch under “UMS Server” */
  N_("High Availability (HA)"),
  /* Translators: the description of the UMS feature “high-availability” */
  N_("Several UMS Servers behind HA load balancers."),
  /* Translators: the name of the UMS feature “distributed-ums”, a switch under “UMS Server” */
  N_("Distributed UMS"),
  /* Translators: the description of the UMS feature “distributed-ums” */
  N_("Several UMS Servers sharing one database."),
  /* Translators: the name of the UMS feature “icg”, a switch under “UMS Server” */
  N_("IGEL Cloud Gateway (ICG)"),
  /* Translators: the description of the UMS feature “icg” */
  N_("Devices and the UMS Server reach each other through an ICG."),
  /* Translators: the name of the UMS feature “imi”, a switch under “UMS Server” */
  N_("IGEL Management Interface (IMI)"),
  /* Translators: the description of the UMS feature “imi” */
  N_("Third-party components manage the UMS through IMI."),
  /* Translators: the name of the UMS feature “unencrypted-connections”, a switch under “UMS Server” */
  N_("Unencrypted connections (SSL-only off)"),
  /* Translators: the description of the UMS feature “unencrypted-connections” */
  N_("\"Allow SSL connections only\" is off in the UMS Administrator, so port 9080 and the Java Web Start port are used."),
  /* Translators: the name of the UMS feature “os12-devices”, a switch under “Devices” */
  N_("IGEL OS 12 devices"),
  /* Translators: the description of the UMS feature “os12-devices” */
  N_("The UMS manages devices running IGEL OS 12."),
  /* Translators: the name of the UMS feature “os11-devices”, a switch under “Devices” */
  N_("IGEL OS 11 devices"),
  /* Translators: the description of the UMS feature “os11-devices” */
  N_("The UMS manages devices running IGEL OS 11."),
  /* Translators: the name of the UMS feature “unified-protocol”, a switch under “Devices” */
  N_("Unified Protocol"),
  /* Translators: the description of the UMS feature “unified-protocol” */
  N_("IGEL OS 12 devices talk to the UMS over the Unified Protocol."),
  /* Translators: the name of the UMS feature “update-proxy”, a switch under “Devices” */
  N_("UMS as update proxy"),
  /* Translators: the description of the UMS feature “update-proxy” */
  N_("IGEL OS 12 devices download app updates through the UMS Server."),
  /* Translators: the name of the UMS feature “universal-firmware-update”, a switch under “Devices” */
  N_("Universal Firmware Update"),
  /* Translators: the description of the UMS feature “universal-firmware-update” */
  N_("The UMS fetches firmware updates from IGEL and hands them to IGEL OS 11 devices."),
  /* Translators: the name of the UMS feature “derby”, a switch under “Database” */
  N_("Apache Derby"),
  /* Translators: the description of the UMS feature “derby” */
  N_("The UMS database is Apache Derby."),
  /* Translators: the name of the UMS feature “mssql”, a switch under “Database” */
  N_("Microsoft SQL Server"),
  /* Translators: the description of the UMS feature “mssql” */
  N_("The UMS database is Microsoft SQL Server."),
  /* Translators: the name of the UMS feature “oracle”, a switch under “Database” */
  N_("Oracle"),
  /* Translators: the description of the UMS feature “oracle” */
  N_("The UMS database is Oracle."),
  /* Translators: the name of the UMS feature “postgresql”, a switch under “Database” */
  N_("PostgreSQL"),
  /* Translators: the description of the UMS feature “postgresql” */
  N_("The UMS database is PostgreSQL."),
  /* Translators: the name of the UMS feature “active-directory”, a switch under “Directory” */
  N_("Active Directory"),
  /* Translators: the description of the UMS feature “active-directory” */
  N_("The UMS uses Microsoft Active Directory."),
  /* Translators: the name of the UMS feature “ldaps”, a switch under “Directory” */
  N_("LDAPS server"),
  /* Translators: the description of the UMS feature “ldaps” */
  N_("The UMS uses an LDAP directory over SSL other than Active Directory."),
  /* Translators: the name of the UMS feature “shared-workplace”, a switch under “Directory” */
  N_("Shared Workplace"),
  /* Translators: the description of the UMS feature “shared-workplace” */
  N_("Users sign in to shared devices with their Active Directory accounts."),
  /* Translators: the name of the UMS feature “app-portal”, a switch under “IGEL Cloud Services” */
  N_("IGEL App Portal"),
  /* Translators: the description of the UMS feature “app-portal” */
  N_("The UMS imports apps from the IGEL App Portal."),
  /* Translators: the name of the UMS feature “onboarding”, a switch under “IGEL Cloud Services” */
  N_("IGEL Onboarding Service"),
  /* Translators: the description of the UMS feature “onboarding” */
  N_("Devices are onboarded through the IGEL Onboarding Service (OBS)."),
  /* Translators: the name of the UMS feature “insight”, a switch under “IGEL Cloud Services” */
  N_("IGEL Insight Service"),
  /* Translators: the description of the UMS feature “insight” */
  N_("The UMS sends analytics and usage data to IGEL."),
  /* Translators: the name of the UMS feature “license-deployment”, a switch under “IGEL Cloud Services” */
  N_("Automatic License Deployment (ALD)"),
  /* Translators: the description of the UMS feature “license-deployment” */
  N_("The UMS requests licenses from IGEL's licensing server."),
  /* Translators: the name of the role “igel-app-portal”, a component of a UMS installation (cloud) */
  N_("IGEL App Portal"),
  /* Translators: the description of the role “igel-app-portal” */
  N_("IGEL's cloud service from which the UMS imports apps."),
  /* Translators: the name of the role “igel-onboarding-service”, a component of a UMS installation (cloud) */
  N_("IGEL Onboarding Service"),
  /* Translators: the description of the role “igel-onboarding-service” */
  N_("IGEL's cloud service (OBS) that validates onboarding tokens."),
  /* Translators: the name of the role “igel-insight”, a component of a UMS installation (cloud) */
  N_("IGEL Insight Service"),
  /* Translators: the description of the role “igel-insight” */
  N_("IGEL's cloud service that receives analytics and usage data."),
  /* Translators: the name of the role “igel-license-server”, a component of a UMS installation (cloud) */
  N_("IGEL Licensing Server"),
  /* Translators: the description of the role “igel-license-server” */
  N_("IGEL's licensing server, from which the UMS requests licenses."),
  /* Translators: the name of the role “igel-download-server”, a component of a UMS installation (cloud) */
  N_("IGEL Download Server"),
  /* Translators: the description of the role “igel-download-server” */
  N_("IGEL's HTTP download server for firmware updates and licensing connection data."),
  /* Translators: the name of the role “active-directory”, a component of a UMS installation (directory) */
  N_("Microsoft Active Directory"),
  /* Translators: the description of the role “active-directory” */
  N_("The Active Directory service the UMS uses for users and Shared Workplace."),
  /* Translators: the name of the role “ldaps-server”, a component of a UMS installation (directory) */
  N_("LDAPS Server"),
  /* Translators: the description of the role “ldaps-server” */
  N_("An LDAP directory reached over SSL, other than Microsoft Active Directory."),
  /* Translators: the name of the role “derby”, a component of a UMS installation (database) */
  N_("Apache Derby"),
  /* Translators: the description of the role “derby” */
  N_("The Apache Derby database, served by the Derby Network Server."),
  /* Translators: the name of the role “mssql”, a component of a UMS installation (database) */
  N_("Microsoft SQL Server"),
  /* Translators: the description of the role “mssql” */
  N_("An external Microsoft SQL Server database."),
  /* Translators: the name of the role “oracle”, a component of a UMS installation (database) */
  N_("Oracle Database"),
  /* Translators: the description of the role “oracle” */
  N_("An external Oracle database."),
  /* Translators: the name of the role “postgresql”, a component of a UMS installation (database) */
  N_("PostgreSQL"),
  /* Translators: the description of the role “postgresql” */
  N_("An external PostgreSQL database."),
  /* Translators: the name of the role “ums-console”, a component of a UMS installation (client) */
  N_("UMS Console"),
  /* Translators: the description of the role “ums-console” */
  N_("The UMS Console, the administrator's desktop application."),
  /* Translators: the name of the role “ums-web-app”, a component of a UMS installation (client) */
  N_("UMS Web App"),
  /* Translators: the description of the role “ums-web-app” */
  N_("The UMS Web App in the administrator's browser."),
  /* Translators: the name of the role “imi-client”, a component of a UMS installation (client) */
  N_("IMI Client"),
  /* Translators: the description of the role “imi-client” */
  N_("A third-party component that uses the IGEL Management Interface (IMI)."),
  /* Translators: the name of the role “ums-server”, a component of a UMS installation (server) */
  N_("UMS Server"),
  /* Translators: the description of the role “ums-server” */
  N_("The IGEL UMS Server (Windows service IGELRMGUIServer, Linux daemon igelRMServer)."),
  /* Translators: the name of the role “ha-load-balancer”, a component of a UMS installation (server) */
  N_("HA Load Balancer"),
  /* Translators: the description of the role “ha-load-balancer” */
  N_("The load balancer of a high-availability UMS installation."),
  /* Translators: the name of the role “icg”, a component of a UMS installation (gateway) */
  N_("IGEL Cloud Gateway"),
  /* Translators: the description of the role “icg” */
  N_("The IGEL Cloud Gateway (ICG), through which the UMS Server and devices outside the company network reach each other."),
  /* Translators: the name of the role “os12-device”, a component of a UMS installation (device) */
  N_("IGEL OS 12 Device"),
  /* Translators: the description of the role “os12-device” */
  N_("An endpoint device running IGEL OS 12."),
  /* Translators: the name of the role “os11-device”, a component of a UMS installation (device) */
  N_("IGEL OS 11 Device"),
  /* Translators: the description of the role “os11-device” */
  N_("An endpoint device running IGEL OS 11, reached through its UMS agent."),
  /* Translators: the description of the link “app-portal”: port 443/tcp, UMS Server → IGEL App Portal, row 1 of IGEL's port table */
  N_("The UMS Server imports apps from the IGEL App Portal (https://app.igel.com)."),
  /* Translators: the description of the link “onboarding-token”: port 443/tcp, UMS Server → IGEL Onboarding Service, row 2 of IGEL's port table */
  N_("During the initial configuration through the IGEL Onboarding Service, the UMS Server validates the onboarding token (https://obs.services.igel.com)."),
  /* Translators: the description of the link “insight”: port 443/tcp, UMS Server → IGEL Insight Service, row 3 of IGEL's port table */
  N_("The UMS Server transfers analytics and usage data to IGEL."),
  /* Translators: the description of the link “license-request”: port 443/tcp, UMS Server → IGEL Licensing Server, row 4 of IGEL's port table */
  N_("The UMS Server requests licenses from the IGEL licensing server at susi.igel.com."),
  /* Translators: the description of the link “license-connection-data”: port 443/tcp, UMS Server → IGEL Download Server, row 5 of IGEL's port table */
  N_("The UMS Server asks the IGEL download server (the HTTP server at fwus.igel.com) for the connection data it needs to reach the licensing server at susi.igel.com."),
  /* Translators: the description of the link “console-server”: port 8443/tcp, UMS Console, UMS Web App → UMS Server, row 6 of IGEL's port table */
  N_("The UMS Console and the UMS Web App connect to the UMS Server's web server port (Windows service IGELRMGUIServer, Linux daemon igelRMServer), with an internal or an external database."),
  /* Translators: the description of the link “os12-unified-protocol”: port 8443/tcp, IGEL OS 12 Device → UMS Server, row 7 of IGEL's port table */
  N_("The IGEL OS 12 device opens a WebSocket for all its data exchange with the UMS Server: registration through the IGEL Onboarding Service or a one-time password, file transfer, firmware customization, license transfer, secure shadowing and secure terminal."),
  /* Translators: the description of the link “os12-update-proxy”: port 8443/tcp, IGEL OS 12 Device → UMS Server, row 8 of IGEL's port table */
  N_("The IGEL OS 12 device contacts the UMS Server to download app updates, with the UMS acting as update proxy."),
  /* Translators: the description of the link “ha-device-port”: port 30002/tcp, HA Load Balancer → UMS Server, row 9 of IGEL's port table */
  N_("Direct device communication, without ICG. When the UMS Server and the HA load balancer run on the same host, the UMS Server uses port 30002 instead of 30001 and the load balancer uses port 30001. Relevant for IGEL OS 11 devices only."),
  /* Translators: the description of the link “os12-registration”: port 30001/tcp, IGEL OS 12 Device → UMS Server, row 10 of IGEL's port table */
  N_("Automatic registration, or registration after a scan: the IGEL OS 12 device requests a registration token when it has detected the UMS Server in the company network, or when it received a registration request after the UMS scanned it."),
  /* Translators: the description of the link “os11-device-communication”: port 30001/tcp, IGEL OS 11 Device → UMS Server, row 11 of IGEL's port table */
  N_("Direct communication of the IGEL OS 11 device with the UMS Server; not used when devices communicate through ICG. The device communication port is set in the UMS Administrator."),
  /* Translators: the description of the link “os11-file-transfer”: port 8443/tcp, IGEL OS 11 Device → UMS Server, row 12 of IGEL's port table */
  N_("File transfer: the IGEL OS 11 device requests a file from the UMS."),
  /* Translators: the description of the link “os11-firmware-customization”: port 8443/tcp, IGEL OS 11 Device → UMS Server, row 13 of IGEL's port table */
  N_("Firmware customization: the UMS provides the files that customize the look and feel of the IGEL OS 11 device's user interface."),
  /* Translators: the description of the link “ad-kerberos”: port 88/tcp+udp, UMS Server → Microsoft Active Directory, row 14 of IGEL's port table */
  N_("The UMS Server sends Kerberos requests to Microsoft Active Directory, when Active Directory is used and for Shared Workplace."),
  /* Translators: the description of the link “ad-ldap”: port 389/tcp, UMS Server → Microsoft Active Directory, row 15 of IGEL's port table */
  N_("The UMS Server sends LDAP requests to Microsoft Active Directory, when Active Directory is used and for Shared Workplace."),
  /* Translators: the description of the link “derby-database”: port 1527/tcp, UMS Server → Apache Derby, row 16 of IGEL's port table */
  N_("The UMS Server connects to its database on the Apache Derby Network Server; only when Apache Derby is used."),
  /* Translators: the description of the link “ldaps”: port 636/tcp, UMS Server → LDAPS Server, row 17 of IGEL's port table */
  N_("The UMS Server sends LDAP requests over SSL to an LDAPS server other than Microsoft Active Directory; only when such a server is used."),
  /* Translators: the description of the link “mssql-database”: port 1433/tcp, UMS Server → Microsoft SQL Server, row 18 of IGEL's port table */
  N_("The UMS Server connects to its external Microsoft SQL Server database; only when MS SQL Server is used."),
  /* Translators: the description of the link “oracle-database”: port 1521/tcp, UMS Server → Oracle Database, row 19 of IGEL's port table */
  N_("The UMS Server connects to its external Oracle database; only when Oracle is used."),
  /* Translators: the description of the link “postgresql-database”: port 5432/tcp, UMS Server → PostgreSQL, row 20 of IGEL's port table */
  N_("The UMS Server connects to its external PostgreSQL database; only when PostgreSQL is used."),
  /* Translators: the description of the link “os11-license-files”: port 8443/tcp, IGEL OS 11 Device → UMS Server, row 21 of IGEL's port table */
  N_("Licenses: the UMS provides license files for the IGEL OS 11 device through file transfer."),
  /* Translators: the description of the link “os11-online-check”: a dynamic port/udp, IGEL OS 11 Device → UMS Server, row 22 of IGEL's port table */
  N_("Online check: the IGEL OS 11 device answers a message the UMS sent to find out whether the device is online. The answer goes to a high port chosen by the UMS and named in its UDP packet, so the port is not known in advance."),
  /* Translators: the description of the link “device-scan”: port 30005/tcp+udp, UMS Server → IGEL OS 12 Device, IGEL OS 11 Device, row 23 of IGEL's port table */
  N_("Scanning for devices: the UMS sends a UDP broadcast to this port. When TCP is selected and an IP range is given, the UMS opens a TCP connection to the device on this port instead."),
  /* Translators: the description of the link “device-scan-answer”: a dynamic port/udp, IGEL OS 12 Device, IGEL OS 11 Device → UMS Server, row 24 of IGEL's port table */
  N_("Scanning for devices: the device answers the broadcast the UMS sent during a scan. The answer goes to a high port chosen by the UMS and named in its UDP packet, so the port is not known in advance."),
  /* Translators: the description of the link “os11-secure-terminal”: port 30022/tcp, UMS Server → IGEL OS 11 Device, row 25 of IGEL's port table */
  N_("Secure terminal: the UMS Server connects to the UMS agent on the IGEL OS 11 device."),
  /* Translators: the description of the link “os11-shadowing-console”: port 5900/tcp, UMS Console → IGEL OS 11 Device, row 26 of IGEL's port table */
  N_("Shadowing: the UMS Console starts a VNC session with the UMS agent on the IGEL OS 11 device."),
  /* Translators: the description of the link “os11-shadowing-web-app”: port 5900/tcp, UMS Server → IGEL OS 11 Device, row 27 of IGEL's port table */
  N_("Shadowing from the UMS Web App: the Web App has the UMS Server start the VNC session with the IGEL OS 11 device, and the session is routed through the UMS Server."),
  /* Translators: the description of the link “os11-file-transfer-unencrypted”: port 9080/tcp, IGEL OS 11 Device → UMS Server, row 28 of IGEL's port table */
  N_("Unencrypted file transfer: the IGEL OS 11 device requests a file from the UMS (regular file transfer or Universal Firmware Update). Only used when \"Allow SSL connections only\" is off in the UMS Administrator; when it is on, port 8443 is used for file transfer and firmware updates."),
  /* Translators: the description of the link “console-web-start”: a dynamic port/tcp, UMS Console → UMS Server, row 29 of IGEL's port table */
  N_("The UMS Console is started through Java Web Start on an automatically chosen high port. Only used when \"Allow SSL connections only\" is off in the UMS Administrator. The port table names no protocol; Web Start is fetched over HTTP, that is TCP."),
  /* Translators: the description of the link “firmware-update-check”: port 443/tcp, UMS Server → IGEL Download Server, row 30 of IGEL's port table */
  N_("Universal Firmware Update: the UMS Server asks the IGEL download server (fwus.igel.com) for new updates."),
  /* Translators: the description of the link “os11-firmware-update”: port 8443/tcp, IGEL OS 11 Device → UMS Server, row 31 of IGEL's port table */
  N_("Universal Firmware Update: the IGEL OS 11 device requests the update file from the UMS."),
  /* Translators: the description of the link “wake-on-lan”: port 9/udp, UMS Server → IGEL OS 12 Device, IGEL OS 11 Device, row 32 of IGEL's port table */
  N_("Wake on LAN: the UMS Server sends magic packets to the devices."),
  /* Translators: the description of the link “icg-server”: port 8443/tcp, UMS Server → IGEL Cloud Gateway, row 33 of IGEL's port table */
  N_("The UMS Server connects to the IGEL Cloud Gateway, through which it and the devices reach each other."),
  /* Translators: the description of the link “icg-device”: port 8443/tcp, IGEL OS 12 Device, IGEL OS 11 Device → IGEL Cloud Gateway, row 34 of IGEL's port table */
  N_("The device connects to the IGEL Cloud Gateway, through which it and the UMS Server reach each other."),
  /* Translators: the description of the link “ha-6155-balancer-to-server”: port 6155/udp, HA Load Balancer → UMS Server, row 35 of IGEL's port table */
  N_("High availability: the HA load balancer and the UMS Server both listen on port 6155 and use it to talk to each other; this is the load balancer's side."),
  /* Translators: the description of the link “ha-6155-server-to-balancer”: port 6155/udp, UMS Server → HA Load Balancer, row 35 of IGEL's port table */
  N_("High availability: the HA load balancer and the UMS Server both listen on port 6155 and use it to talk to each other; this is the UMS Server's side."),
  /* Translators: the description of the link “server-file-sync”: port 8443/tcp, UMS Server → UMS Server, row 36 of IGEL's port table */
  N_("File synchronization between the UMS Servers of a high-availability or distributed UMS installation."),
  /* Translators: the description of the link “ha-61616-balancer-to-server”: port 61616/tcp+udp, HA Load Balancer → UMS Server, row 37 of IGEL's port table */
  N_("High availability: the HA load balancer and the UMS Server both listen on port 61616 and use it to talk to each other; this is the load balancer's side."),
  /* Translators: the description of the link “ha-61616-server-to-balancer”: port 61616/tcp+udp, UMS Server → HA Load Balancer, row 37 of IGEL's port table */
  N_("High availability: the HA load balancer and the UMS Server both listen on port 61616 and use it to talk to each other; this is the UMS Server's side."),
  /* Translators: the description of the link “imi”: port 8443/tcp, IMI Client → UMS Server, row 38 of IGEL's port table */
  N_("A third-party component manages the UMS through the IGEL Management Interface (IMI) on the UMS Server."),
};
