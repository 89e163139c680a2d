/* formfuzz-dns's management API listener: the §2.3 routes (dns_mgmt.h) over
 * HTTP on 127.0.0.1 with libmicrohttpd (one internal thread); every request
 * is handled under the lock the DNS side takes too, so both see one store. */
#ifndef DNS_SERVER_HTTP_H
#define DNS_SERVER_HTTP_H

#include <pthread.h>

#include "dns_mgmt.h"

struct MHD_Daemon;
/* NULL (with errno) when 127.0.0.1:port cannot be bound. */
struct MHD_Daemon *dns_http_start(int port, dns_mgmt *m, pthread_mutex_t *lock);
void dns_http_stop(struct MHD_Daemon *d);

#endif
