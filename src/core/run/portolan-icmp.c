/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-icmp.c: which ICMP error ended a connect
 *
 * The kernel reports "host unreachable" and "administratively
 * prohibited" alike as EHOSTUNREACH, but they mean different things to
 * an admin: a host that is down, or a firewall that rejects. With
 * IP_RECVERR the ICMP message itself waits on the socket's error queue.
 */
#include "config.h"

#include <errno.h>
#include <time.h>
#include <linux/errqueue.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "portolan-probe-private.h"

#define ICMP_DEST_UNREACH       3
#define ICMP_NET_ANO            9
#define ICMP_HOST_ANO          10
#define ICMP_PKT_FILTERED      13
#define ICMP6_DST_UNREACH       1
#define ICMP6_DST_UNREACH_ADMIN 1

/* Asks the kernel to keep ICMP errors for _portolan_icmp_prohibited() */
void
_portolan_icmp_watch (GSocket *socket)
{
  if (g_socket_get_family (socket) == G_SOCKET_FAMILY_IPV6)
    g_socket_set_option (socket, IPPROTO_IPV6, IPV6_RECVERR, 1, NULL);
  else
    g_socket_set_option (socket, IPPROTO_IP, IP_RECVERR, 1, NULL);
}

static gboolean
is_prohibition (const struct sock_extended_err *error)
{
  if (error->ee_origin == SO_EE_ORIGIN_ICMP)
    return error->ee_type == ICMP_DEST_UNREACH &&
           (error->ee_code == ICMP_NET_ANO || error->ee_code == ICMP_HOST_ANO ||
            error->ee_code == ICMP_PKT_FILTERED);

  if (error->ee_origin == SO_EE_ORIGIN_ICMP6)
    return error->ee_type == ICMP6_DST_UNREACH && error->ee_code == ICMP6_DST_UNREACH_ADMIN;

  return FALSE;
}

/**
 * _portolan_icmp_prohibited:
 *
 * Returns: whether the error waiting on @socket is an ICMP
 *   "administratively prohibited": a firewall that rejects
 */
gboolean
_portolan_icmp_prohibited (GSocket *socket)
{
  char control[512];
  char data[64];
  struct iovec vector = { data, sizeof data };
  struct msghdr message = {
    .msg_iov = &vector,
    .msg_iovlen = 1,
    .msg_control = control,
    .msg_controllen = sizeof control,
  };

  /* Bounded: a few messages at most wait on a socket that never connected */
  for (guint i = 0; i < 8; i++)
    {
      message.msg_controllen = sizeof control;
      if (recvmsg (g_socket_get_fd (socket), &message, MSG_ERRQUEUE | MSG_DONTWAIT) < 0)
        return FALSE;

      for (struct cmsghdr *c = CMSG_FIRSTHDR (&message); c != NULL; c = CMSG_NXTHDR (&message, c))
        if ((c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_RECVERR) ||
            (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_RECVERR))
          if (is_prohibition ((const struct sock_extended_err *) CMSG_DATA (c)))
            return TRUE;
    }

  return FALSE;
}
